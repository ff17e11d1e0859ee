# selftests/bootmodel/xmodel_boot.py: part of xmodel (host, Python 3)
#
# The images the BootROM and BL2 check: BL2 (reference §6: the NAND
# boot header, GFH, the SPIM CRC16; eMMC), the FIP (§7, §4.5-4.6: ToC,
# BL31/BL33, the MediaTek checksum) and the bspconf record (§4.3-4.5).

import hashlib
import struct
import zlib

from xmodel_dump import NoBoot


def crc16_spim(b):
    crc = 0x4f4e
    for x in b:
        crc ^= x << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x8005 if crc & 0x8000 else crc << 1) & 0xffff
    return crc


# ---------------------------------------------------------------- BL2 (§6)

NAND_SOCS = {'spim': ('mt7981', 'mt7986', 'mt7987', 'mt7988'),
             'hsm': ('mt7981', 'mt7986', 'mt7987'),
             'hsm20': ('mt7988',),
             'ap': ('mt7622', 'mt7629')}


def gfh_check(img, at, flash_type):
    """GFH FILE_INFO at @at, the SHA-256 trailer; returns the image length"""
    g = img[at:at + 0x38]
    if len(g) < 0x38 or g[0:3] != b'MMM' or g[8:17] != b'FILE_INFO':
        raise NoBoot('no GFH FILE_INFO')
    if g[0x1a] != flash_type:
        raise NoBoot('GFH flash type %d, not %d' % (g[0x1a], flash_type))
    total = struct.unpack_from('<I', g, 0x20)[0]
    if total < 0x300 + 32 or at + total > len(img):
        raise NoBoot('GFH total size %d does not fit' % total)
    body = img[at:at + total - 32]
    if hashlib.sha256(body).digest() != img[at + total - 32:at + total]:
        raise NoBoot('SHA-256 trailer does not match')
    return at + total


def nand_bl2(dump, prof, off):
    page, oob, bsz, size = dump.geo
    if dump.bad(off // bsz):
        raise NoBoot('block marked bad')
    hdr = dump.nread(off, page)
    soc = prof.soc()
    nif = (prof.get('boot.nand-if') or [None])[0]
    if hdr[:8] == b'SPINAND!':
        kind, iface, gfh = 'spim', 'spim', page
        if crc16_spim(hdr[:0x4e]) != struct.unpack_from('<H', hdr, 0x4e)[0]:
            raise NoBoot('SPIM header CRC16')
        pg, sp = struct.unpack_from('<II', hdr, 0x10)
    elif hdr[:8] == b'NANDCFG!':
        cfg = struct.unpack_from('<I', hdr, 0xc)[0]
        kind = 'hsm20' if cfg == 0x00100000 else 'hsm'
        iface, gfh = 'snfi', page
        pg, sp = struct.unpack_from('<II', hdr, 0x20)
    elif hdr[:12] == b'BOOTLOADER!\0':
        kind, iface, gfh = 'ap', 'snfi', 2 * page
        pg, sp = struct.unpack_from('<H', hdr, 0x1a)[0], struct.unpack_from('<H', hdr, 0x1e)[0]
    else:
        raise NoBoot('no SPI-NAND device header')
    if (pg, sp) != (page, oob):
        raise NoBoot('header for %d+%d, the chip is %d+%d' % (pg, sp, page, oob))
    if nif and nif != iface:
        raise NoBoot('header for %s, the board reads through %s' % (iface, nif))
    if soc and soc.rstrip('abcdefgh') not in NAND_SOCS[kind]:
        raise NoBoot('%s header does not run on %s' % (kind, soc))
    # the GFH tells the length; every block of the copy must be good
    first = dump.nread(off, gfh + 0x38)
    total = struct.unpack_from('<I', first, gfh + 0x20)[0]
    length = gfh + total
    if length > 16 << 20:
        raise NoBoot('implausible length')
    if (prof.get('boot.bl2-bad-blocks') or ['strict'])[0] == 'skip':
        # the lenient reading: bad blocks inside the copy are stepped over
        img, at = b'', off
        while len(img) < length:
            if at >= size:
                raise NoBoot('the copy runs past the chip')
            if dump.bad(at // bsz):
                at = (at // bsz + 1) * bsz
                continue
            take = min(bsz - at % bsz, length - len(img))
            img += dump.nread(at, take)
            at += take
        return img[:gfh_check(img, gfh, 2)]
    for b in range(off // bsz, (off + length - 1) // bsz + 1):
        if dump.bad(b):
            raise NoBoot('block %d of the copy marked bad' % b)
    img = dump.nread(off, length)
    return img[:gfh_check(img, gfh, 2)]


def emmc_bl2(img):
    if img[:10] != b'EMMC_BOOT\0' and img[:11] != b'SDMMC_BOOT\0':
        raise NoBoot('no EMMC_BOOT header')
    if struct.unpack_from('<II', img, 0xc) != (1, 0x200) or img[0x200:0x205] != b'BRLYT':
        raise NoBoot('bad device header')
    if struct.unpack_from('<I', img, 0x214)[0] != 0x42424242:
        raise NoBoot('no BRLYT magic')
    hs = struct.unpack_from('<I', img, 0x20c)[0]
    return img[:gfh_check(img, hs, 5)]


# ---------------------------------------------------------------- FIP (§7, §4.5-4.6)

BL31 = bytes.fromhex('47d4086d4cfe98469b952950cbbd5a00')
BL33 = bytes.fromhex('d6d0eea7fcead54b97829934f234b6e4')
MTKSUM = bytes.fromhex('a2cceab7f8254b279704633a6fd69ad8')


def fip_read(buf, dual):
    """io_fip's header check, then what BL2 loads: BL31 and BL33 inside the
    bytes it has; dual FIP also the MediaTek checksum entry. Returns the
    FIP's length (end of the last payload)."""
    if len(buf) < 16:
        raise NoBoot('no FIP')
    name, serial = struct.unpack_from('<II', buf, 0)
    if name != 0xaa640001 or serial == 0:
        raise NoBoot('no FIP ToC header')
    ents, off, end = {}, 16, 16
    while True:
        if off + 40 > len(buf):
            raise NoBoot('ToC runs off the end')
        uuid = buf[off:off + 16]
        if uuid == bytes(16):
            # fiptool's terminator holds the (aligned) FIP length
            term = struct.unpack_from('<Q', buf, off + 16)[0]
            if end <= term <= len(buf):
                end = term
            break
        o, s = struct.unpack_from('<QQ', buf, off + 16)
        if o + s > len(buf) or o < off:
            raise NoBoot('ToC entry outside the image')
        ents.setdefault(uuid, (o, s, off))
        end = max(end, o + s)
        off += 40
    for u, n in ((BL31, 'BL31'), (BL33, 'BL33')):
        if u not in ents:
            raise NoBoot('no %s in the FIP' % n)
    if dual:
        if end >= 16 << 20:
            raise NoBoot('FIP over 16 MiB')
        if MTKSUM not in ents:
            raise NoBoot('no MediaTek checksum entry')
        o, s, _ = ents[MTKSUM]
        ln, crc = struct.unpack_from('<II', buf, o)
        if s < 40 or ln != o or zlib.crc32(buf[:ln]) != crc or \
           hashlib.sha256(buf[:ln]).digest() != buf[o + 8:o + 40]:
            raise NoBoot('MediaTek checksum does not verify')
    return end


# ---------------------------------------------------------------- bspconf (§4.3-4.5)

def bspconf_rec(b):
    if len(b) < 20:
        return None
    crc, ln, ver = struct.unpack_from('<III', b, 0)
    if ver != 1 or ln < 20 or ln > 88 or ln > len(b) or zlib.crc32(b[4:ln]) != crc:
        return None
    r = bytearray(b[:ln]) + bytes(88 - ln)
    cnt, slot = struct.unpack_from('<II', r, 12)
    inval = [struct.unpack_from('<I', r, 0x14 + 16 * i)[0] for i in (0, 1)]
    return cnt, slot, inval


def newer(a, b):
    """is upd_cnt @b newer than @a (wrapping)"""
    return 0 < ((b - a) & 0xffffffff) < 0x80000000


def pick_bspconf(copies):
    v = [(i, c) for i, c in enumerate(copies) if c]
    if not v:
        raise NoBoot('no valid bspconf copy')
    if len(v) == 2 and newer(v[0][1][0], v[1][1][0]):
        return v[1]
    return v[0]
