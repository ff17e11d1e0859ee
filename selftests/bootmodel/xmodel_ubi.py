# selftests/bootmodel/xmodel_ubi.py: part of xmodel (host, Python 3)
#
# UBI as BL2's ubispl reads it (reference §3.4): PEB = block, the VID
# header at one page, data at two.

import struct
import zlib

from xmodel_dump import NoBoot


def ubi_crc(b):
    # UBI's CRC32: seed 0xffffffff, no final inversion
    return zlib.crc32(b) ^ 0xffffffff


# ---------------------------------------------------------------- UBI (§3.4)

class Ubi:
    """BL2's ubispl: PEB = block, VID header at one page, data at two"""

    def __init__(self, dump, start, end):
        page, oob, bsz, size = dump.geo
        self.dump, self.bsz, self.page = dump, bsz, page
        self.lebs = {}      # (vol, lnum) -> [(sqnum, peb, vid)]
        self.layout = []
        self.bad = 0
        for peb in range(start // bsz, end // bsz):
            if dump.bad(peb):
                self.bad += 1
                continue
            vid = dump.nread(peb * bsz + page, 64)
            if vid[:4] != b'UBI!' or ubi_crc(vid[:60]) != struct.unpack_from('>I', vid, 60)[0]:
                continue
            vtype = vid[5]
            vol, lnum = struct.unpack_from('>II', vid, 8)
            sq = struct.unpack_from('>Q', vid, 40)[0]
            if vol == 0x7fffefff:
                self.layout.append((peb, sq))
            elif vol < 16 and vtype == 2 and lnum < 256:
                self.lebs.setdefault((vol, lnum), []).append((sq, peb, vid))
        self.vtbl = self.read_vtbl()

    def read_vtbl(self):
        for peb, _ in self.layout:
            d = self.dump.nread(peb * self.bsz + 2 * self.page, 16 * 172)
            recs, names, ok = [], set(), True
            for i in range(16):
                r = d[i * 172:(i + 1) * 172]
                if ubi_crc(r[:168]) != struct.unpack_from('>I', r, 168)[0]:
                    ok = False
                    break
                rsv, align, pad = struct.unpack_from('>III', r, 0)
                vtype, upd, nlen = r[12], r[13], struct.unpack_from('>H', r, 14)[0]
                if rsv == 0:
                    recs.append(None)
                    continue
                name = r[16:16 + nlen]
                if vtype not in (1, 2) or upd > 1 or align == 0 or pad >= align or \
                   nlen == 0 or nlen > 127 or b'\0' in name or r[16 + nlen] != 0 or name in names:
                    ok = False
                    break
                names.add(name)
                recs.append((name, vtype))
            if ok:
                return recs
        return None

    def find(self, want, rule2025_only):
        """the volume id BL2 looks up for @want (both name rules, strict)"""
        if self.vtbl is None:
            raise NoBoot('no valid UBI volume table')
        new = old = None
        for i, r in enumerate(self.vtbl):
            name = r[0] if r else b''
            if new is None and r and name == want:
                new = i
            # MTK-ATF-2023: compares over the record's name length only
            if old is None and want[:len(name)] == name:
                old = i
        if new is None:
            raise NoBoot('no volume %s among ids 0-15' % want.decode())
        if not rule2025_only and old != new:
            raise NoBoot('MTK-ATF-2023 name matching picks id %s, 2025 picks %d' % (old, new))
        if self.vtbl[new][1] != 2:
            raise NoBoot('volume %s is not static' % want.decode())
        return new

    def load(self, vol):
        lnums = [ln for (v, ln) in self.lebs if v == vol]
        if not lnums:
            raise NoBoot('volume %d has no LEB' % vol)
        count = max(lnums) + 1
        out = bytearray()
        for ln in range(count):
            cands = sorted(self.lebs.get((vol, ln), []), key=lambda c: -c[0])
            for sq, peb, vid in cands:
                dsz, used, _, dcrc = struct.unpack_from('>IIII', vid, 20)
                if used != count or dsz > self.bsz - 2 * self.page:
                    continue
                data = self.dump.nread(peb * self.bsz + 2 * self.page, dsz)
                if ubi_crc(data) == dcrc:
                    out += data
                    break
            else:
                raise NoBoot('volume %d LEB %d has no intact copy' % (vol, ln))
        return bytes(out)

    def volume(self, name, dual):
        vol = self.find(name.encode(), dual)
        if self.bad:
            raise NoBoot('%d PEB(s) of the UBI region marked bad (strict: unreadable)' % self.bad)
        return self.load(vol), 'ubi %s id %d' % (name, vol)
