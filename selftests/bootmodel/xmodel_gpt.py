# selftests/bootmodel/xmodel_gpt.py: part of xmodel (host, Python 3)
#
# The GPT as BL2 (both revisions) and Linux read it
# (Documentation/gpt-readers.md).

import struct
import zlib

from xmodel_dump import NoBoot, SEC


# ---------------------------------------------------------------- GPT (gpt-readers.md)

class Disk:
    def __init__(self, dump):
        self.f = dump.file('emmc-user.bin')
        self.lbas = dump.size('emmc-user.bin') // SEC

    def read(self, lba, n):
        self.f.seek(lba * SEC)
        return self.f.read(n)


def utf16name(raw):
    """TF-A's unicode_to_ascii(): None when a unit has a high byte"""
    s = ''
    stopped = False
    for i in range(36):
        lo, hi = raw[2 * i], raw[2 * i + 1]
        if hi:
            return None
        if lo == 0:
            stopped = True
        if not stopped:
            s += chr(lo)
    return s


def gpt_header(disk, lba, full):
    h = disk.read(lba, SEC)
    if h[:8] != b'EFI PART':
        raise NoBoot('no GPT signature at LBA %d' % lba)
    hs = struct.unpack_from('<I', h, 12)[0]
    n = 92 if not full else hs
    if n < 92 or n > SEC:
        raise NoBoot('GPT header size')
    hh = bytearray(h[:n])
    hh[16:20] = bytes(4)
    if zlib.crc32(hh) != struct.unpack_from('<I', h, 16)[0]:
        raise NoBoot('GPT header CRC at LBA %d' % lba)
    my, alt, fu, lu = struct.unpack_from('<QQQQ', h, 24)
    elba, cnt, esz, ecrc = struct.unpack_from('<QIII', h, 72)
    if elba == 0:
        raise NoBoot('PartitionEntryLBA 0')
    if full:
        if my != lba or fu > lu or lu >= disk.lbas or esz != 128 or cnt == 0 or cnt > 1024:
            raise NoBoot('GPT header fields at LBA %d' % lba)
        if zlib.crc32(disk.read(elba, cnt * esz)) != ecrc:
            raise NoBoot('GPT entry CRC at LBA %d' % lba)
    return elba, cnt


def bl2_entries(disk, elba, cnt, win_end):
    out = []
    for i in range(min(cnt, 128)):
        off = elba * SEC + i * 128
        if off + 128 > win_end * SEC:
            raise NoBoot('GPT entry beyond the blocks BL2 reads')
        disk.f.seek(off)
        e = disk.f.read(128)
        first, last = struct.unpack_from('<QQ', e, 32)
        if first == 0 and last == 0:
            break
        name = utf16name(e[56:128])
        if name is None:
            break
        out.append((name, first, last))
    if not out:
        raise NoBoot('no GPT entry BL2 accepts')
    return out


def bl2_gpt(disk, old):
    """BL2's table; @old: the revision that reads the backup only when fip is
    not in the primary (the new one: when the primary fails)"""
    mbr = disk.read(0, SEC)
    if mbr[510:512] != b'\x55\xaa':
        raise NoBoot('no MBR signature')
    typ = mbr[446 + 4]
    start, size = struct.unpack_from('<II', mbr, 446 + 8)
    if start != 1 or size in (0, 0xffffffff):
        raise NoBoot('the first MBR entry is not at LBA 1')
    if typ != 0xee:
        raise NoBoot('the first MBR entry is not 0xee')
    last = size if size == disk.lbas else disk.lbas - 1
    why = ''
    try:
        elba, cnt = gpt_header(disk, 1, False)
        t = bl2_entries(disk, elba, cnt, 34)
        if any(n == 'fip' for n, _, _ in t) or not old:
            return t, 'primary'
    except NoBoot as e:
        why = str(e) + '; '
    elba, cnt = gpt_header(disk, last, False)
    return bl2_entries(disk, last - 32, cnt, last), 'backup' if not why else 'backup (%s)' % why[:-2]


def full_gpt(disk, lba):
    elba, cnt = gpt_header(disk, lba, True)
    out = []
    for i in range(cnt):
        e = disk.read(elba, cnt * 128)[i * 128:(i + 1) * 128]
        if e[:16] == bytes(16):
            continue
        first, last = struct.unpack_from('<QQ', e, 32)
        out.append((e[56:128].decode('utf-16-le', 'replace').split('\0', 1)[0], first, last))
    return out


def gpt_part(disk, name):
    """the partition both BL2 revisions take; U-Boot and Linux must find the
    root partition (production) where BL2's table has it"""
    got = []
    for old in (False, True):
        try:
            t, which = bl2_gpt(disk, old)
        except NoBoot as e:
            raise NoBoot('BL2 (%s): %s' % ('old' if old else 'new', e))
        hit = [p for p in t if p[0] == name]
        if not hit:
            raise NoBoot('BL2 (%s): no partition %s' % ('old' if old else 'new', name))
        got.append((hit[0], t, which))
    if got[0][0][1:] != got[1][0][1:]:
        raise NoBoot('BL2 revisions disagree on %s' % name)
    (_, first, last), table, which = got[0]
    root = [p for p in table if p[0] == 'production']
    if root:
        mbr = disk.read(0, SEC)
        pm = mbr[510:512] == b'\x55\xaa' and any(
            mbr[446 + 16 * i + 4] == 0xee and struct.unpack_from('<I', mbr, 446 + 16 * i + 8)[0] == 1
            for i in range(4))
        for who, lbas in (('U-Boot', (1, disk.lbas - 1)), ('Linux', (1,))):
            t = None
            for lba in lbas:
                try:
                    t = full_gpt(disk, lba) if pm else None
                    break
                except NoBoot:
                    continue
            if t is None:
                raise NoBoot('%s finds no valid GPT' % who)
            r = [p for p in t if p[0] == 'production']
            if not r or r[0][1:] != root[0][1:]:
                raise NoBoot('%s does not find production where BL2 has it' % who)
    if last < first or last >= disk.lbas:
        raise NoBoot('partition %s outside the disk' % name)
    return first, last, which
