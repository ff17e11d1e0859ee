# selftests/bootmodel/xmodel_dump.py: part of xmodel (host, Python 3)
#
# The inputs of xmodel: the board profile and the dump directory
# (scripts/bootmodel/README.md, "Dump format"), and the verdict a reader
# raises (NoBoot) when the BootROM or BL2 would load no FIP.

import os
import sys


SEC = 512


class NoBoot(Exception):
    pass


def die(msg):
    sys.stderr.write('xmodel: %s\n' % msg)
    sys.exit(2)


def num(s):
    return int(s, 0)


# ---------------------------------------------------------------- profile

class Profile:
    def __init__(self, path):
        self.keys = {}
        self.lists = {}
        for line in open(path):
            w = line.split('#', 1)[0].split()
            if not w:
                continue
            self.keys[w[0]] = w[1:]     # a later line wins, as in the model
            self.lists.setdefault(w[0], []).append(w[1:])

    def get(self, k, default=None):
        return self.keys.get(k, default)

    def soc(self):
        v = self.get('boot.soc')
        if v:
            return v[0]
        for c in self.get('compatible', []):
            if c.startswith('mediatek,mt'):
                return c.split(',', 1)[1]
        return None


# ---------------------------------------------------------------- the dump

class Dump:
    def __init__(self, d):
        self.d = d
        self.geo = None
        p = os.path.join(d, 'nand.geometry')
        if os.path.exists(p):
            page, oob, block, size = (int(x) for x in open(p).read().split()[:4])
            self.geo = (page, oob, block, size)
            n = os.path.getsize(os.path.join(d, 'nand.bin'))
            if n != size // page * (page + oob):
                die('nand.bin: %d bytes, the geometry says %d' % (n, size // page * (page + oob)))
            self.nand = open(os.path.join(d, 'nand.bin'), 'rb')

    def has(self, name):
        return os.path.exists(os.path.join(self.d, name))

    def file(self, name):
        return open(os.path.join(self.d, name), 'rb')

    def size(self, name):
        return os.path.getsize(os.path.join(self.d, name))

    # NAND: page data, page after page (each page's OOB follows it in nand.bin)
    def nread(self, off, n):
        page, oob = self.geo[0], self.geo[1]
        out = bytearray()
        while n > 0:
            p, o = divmod(off, page)
            k = min(n, page - o)
            self.nand.seek(p * (page + oob) + o)
            out += self.nand.read(k)
            off += k
            n -= k
        return bytes(out)

    def bad(self, block):
        """the bad-block marker: first spare byte of the block's first page"""
        page, oob, bsz = self.geo[0], self.geo[1], self.geo[2]
        p = block * bsz // page
        self.nand.seek(p * (page + oob) + page)
        return self.nand.read(1) != b'\xff'
