// SPDX-License-Identifier: GPL-2.0-only
/*
 * xzfmt.c - checks of an xz stream before it is decompressed, so that a
 * hostile stream is refused by its shape in constant time, and the one
 * call into the decoder behind fmt.h (mtk_fmt_xz_decode()).
 *
 * Stream layout (the .xz file format, version 1.0.4): a 12-byte header
 * (magic FD 37 7A 58 5A 00, two flag bytes, CRC32 of the flags), blocks,
 * an index (0x00, record count, per record unpadded and uncompressed
 * size as multibyte integers, padding, CRC32), and a 12-byte footer
 * (CRC32, backward size, the flags again, "YZ"). Streams may be followed
 * by zero padding in multiples of four bytes.
 */
#include "xzfmt.h"

#define XZ_CHECK_NONE	0x00
#define XZ_CHECK_CRC32	0x01
#define XZ_CHECK_CRC64	0x04
#define XZ_CHECK_SHA256	0x0a

static const u8 xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0 };

bool mtk_xz_is(const u8 *p, size_t len)
{
	return len >= sizeof(xz_magic) && !memcmp(p, xz_magic, sizeof(xz_magic));
}

/* a multibyte integer of the index; false when malformed or past @end */
static bool xz_vli(const u8 *p, size_t end, size_t *pos, u64 *v)
{
	unsigned int i;

	*v = 0;
	for (i = 0; i < 9; i++) {
		u8 b;

		if (*pos >= end)
			return false;
		b = p[(*pos)++];
		*v |= (u64)(b & 0x7f) << (7 * i);
		if (!(b & 0x80))
			return !(i && !b);	/* no redundant zero byte */
	}
	return false;
}

static const char *xz_check_name(u8 c)
{
	switch (c) {
	case XZ_CHECK_NONE:
		return "none";
	case XZ_CHECK_CRC64:
		return "CRC64";
	case XZ_CHECK_SHA256:
		return "SHA-256";
	default:
		return "unknown";
	}
}

int mtk_xz_unpack(const u8 *in, size_t len, u8 *out, size_t cap,
		  size_t *out_len, char *err, size_t errlen)
{
	u64 back, records, unpadded, usize, total = 0, i;
	size_t end = len, idx, pos, got = 0;
	int r;

	*out_len = 0;
	if (cap > MTK_XZ_MAX_OUT)
		cap = MTK_XZ_MAX_OUT;
	if (!mtk_xz_is(in, len))
		return mtk_fmt_fail(err, errlen, EINVAL, "not an xz stream");
	if (len < 2 * MTK_XZ_HDR_SIZE)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "xz stream truncated: %zu bytes", len);
	if (mtk_fmt_crc32(0, in + 6, 2) != mtk_get_le32(in + 8))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz stream header CRC32 does not match");
	if (in[6] || in[7] > 0x0f)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz stream header has reserved flags 0x%02x%02x",
				    in[6], in[7]);
	if (in[7] != XZ_CHECK_CRC32)
		return mtk_fmt_fail(err, errlen, EOPNOTSUPP,
				    "xz stream with check %s (0x%02x): MediaTek BL2 verifies CRC32 streams (xz -C crc32)",
				    xz_check_name(in[7]), in[7]);

	/* the footer ends the stream, before any zero padding */
	while (end >= 2 * MTK_XZ_HDR_SIZE + 4 && !in[end - 1] && !in[end - 2] &&
	       !in[end - 3] && !in[end - 4])
		end -= 4;
	if (in[end - 2] != 'Y' || in[end - 1] != 'Z')
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "xz stream truncated: no stream footer at its end");
	if (mtk_fmt_crc32(0, in + end - 8, 6) != mtk_get_le32(in + end - 12) ||
	    in[end - 4] != in[6] || in[end - 3] != in[7])
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz stream footer is damaged (CRC32 or flags)");

	/* the index: it declares the decompressed size */
	back = ((u64)mtk_get_le32(in + end - 8) + 1) * 4;
	if (back > end - 2 * MTK_XZ_HDR_SIZE)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz index of %llu bytes does not fit the stream",
				    (unsigned long long)back);
	idx = end - MTK_XZ_HDR_SIZE - (size_t)back;
	pos = idx + 1;
	if (in[idx] || !xz_vli(in, end - 16, &pos, &records) || !records ||
	    records > 64)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz index is damaged (or has no block)");
	for (i = 0; i < records; i++) {
		if (!xz_vli(in, end - 16, &pos, &unpadded) ||
		    !xz_vli(in, end - 16, &pos, &usize))
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "xz index record %llu is damaged",
					    (unsigned long long)i + 1);
		if (usize > MTK_FMT_MAX_IMAGE || total + usize > MTK_FMT_MAX_IMAGE)
			total = MTK_FMT_MAX_IMAGE;
		else
			total += usize;
	}
	if (mtk_fmt_crc32(0, in + idx, end - 16 - idx) !=
	    mtk_get_le32(in + end - 16))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "xz index CRC32 does not match");
	if (total > cap)
		return mtk_fmt_fail(err, errlen, E2BIG,
				    "xz stream decompresses to %llu bytes, more than the %zu-byte limit (%u MiB, TF-A's image limit)",
				    (unsigned long long)total, cap,
				    MTK_XZ_MAX_OUT >> 20);

	r = mtk_fmt_xz_decode(in, end, out, cap, &got);
	switch (r) {
	case MTK_FMT_XZ_OK:
		break;
	case MTK_FMT_XZ_NOMEM:
		return mtk_fmt_fail(err, errlen, ENOMEM,
				    "no memory for the xz decoder");
	case MTK_FMT_XZ_OPTIONS:
		return mtk_fmt_fail(err, errlen, EOPNOTSUPP,
				    "xz stream uses a filter or option this decoder does not support");
	case MTK_FMT_XZ_BUF:
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "xz stream is damaged: it ends early or decodes to more than its index says");
	default:
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "xz stream is damaged: its data or CRC32 check does not match (BL2 would not start it)");
	}
	if (got != total)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "xz stream decoded to %zu bytes, its index says %llu",
				    got, (unsigned long long)total);
	*out_len = got;
	return 0;
}
