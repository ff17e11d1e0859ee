// SPDX-License-Identifier: GPL-2.0-only
/*
 * fmt_user.c - userspace backing for the fmt.h shim: zlib-compatible CRC32
 * and SHA-256 (FIPS 180-4), and the xz decoder (Debian's liblzma). The
 * kernel build does not compile this file; it uses crc32_le(), sha256() and
 * lib/xz from the kernel instead.
 */
#ifdef __KERNEL__
#error "fmt_user.c is for userspace builds only"
#endif

#include "fmt.h"

#ifdef MTK_FMT_NO_LZMA
/* builds without liblzma (the static guest tools): xz stays undecoded */
int mtk_fmt_xz_decode(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	(void)in;
	(void)in_len;
	(void)out;
	(void)out_cap;
	*out_len = 0;
	return MTK_FMT_XZ_OPTIONS;
}
#else
#include <lzma.h>

int mtk_fmt_xz_decode(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len)
{
	lzma_stream st = LZMA_STREAM_INIT;
	lzma_ret r;

	*out_len = 0;
	/* xz -9 streams have a 64 MiB dictionary */
	if (lzma_stream_decoder(&st, 256ULL << 20, 0) != LZMA_OK)
		return MTK_FMT_XZ_NOMEM;
	st.next_in = in;
	st.avail_in = in_len;
	st.next_out = out;
	st.avail_out = out_cap;
	r = lzma_code(&st, LZMA_FINISH);
	*out_len = r == LZMA_STREAM_END ? st.total_out : 0;
	lzma_end(&st);
	switch (r) {
	case LZMA_STREAM_END:
		return MTK_FMT_XZ_OK;
	case LZMA_OK:		/* the output is full before the end */
	case LZMA_BUF_ERROR:	/* the input ended early */
		return MTK_FMT_XZ_BUF;
	case LZMA_MEM_ERROR:
	case LZMA_MEMLIMIT_ERROR:
		return MTK_FMT_XZ_NOMEM;
	case LZMA_OPTIONS_ERROR:
	case LZMA_UNSUPPORTED_CHECK:
		return MTK_FMT_XZ_OPTIONS;
	default:
		return MTK_FMT_XZ_DATA;
	}
}
#endif

static u32 crc_table[256];
static bool crc_table_ready;

static void crc_init(void)
{
	u32 i, j, c;

	for (i = 0; i < 256; i++) {
		c = i;
		for (j = 0; j < 8; j++)
			c = (c & 1) ? 0xedb88320U ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	crc_table_ready = true;
}

u32 mtk_fmt_crc32(u32 crc, const void *p, size_t len)
{
	const u8 *b = p;

	if (!crc_table_ready)
		crc_init();
	crc = ~crc;
	while (len--)
		crc = crc_table[(crc ^ *b++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static const u32 sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static inline u32 ror32(u32 x, unsigned int n)
{
	return (x >> n) | (x << (32 - n));
}

static void sha_block(u32 h[8], const u8 *blk)
{
	u32 w[64], a, b, c, d, e, f, g, hh, t1, t2;
	unsigned int i;

	for (i = 0; i < 16; i++)
		w[i] = mtk_get_be32(blk + 4 * i);
	for (i = 16; i < 64; i++) {
		u32 s0 = ror32(w[i - 15], 7) ^ ror32(w[i - 15], 18) ^
			 (w[i - 15] >> 3);
		u32 s1 = ror32(w[i - 2], 17) ^ ror32(w[i - 2], 19) ^
			 (w[i - 2] >> 10);

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	a = h[0]; b = h[1]; c = h[2]; d = h[3];
	e = h[4]; f = h[5]; g = h[6]; hh = h[7];
	for (i = 0; i < 64; i++) {
		t1 = hh + (ror32(e, 6) ^ ror32(e, 11) ^ ror32(e, 25)) +
		     ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
		t2 = (ror32(a, 2) ^ ror32(a, 13) ^ ror32(a, 22)) +
		     ((a & b) ^ (a & c) ^ (b & c));
		hh = g; g = f; f = e; e = d + t1;
		d = c; c = b; b = a; a = t1 + t2;
	}
	h[0] += a; h[1] += b; h[2] += c; h[3] += d;
	h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

void mtk_fmt_sha256(const void *p, size_t len, u8 *out)
{
	u32 h[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	const u8 *d = p;
	u64 bits = (u64)len * 8;
	u8 tail[128];
	size_t rest, tlen, i;

	while (len >= 64) {
		sha_block(h, d);
		d += 64;
		len -= 64;
	}
	rest = len;
	memset(tail, 0, sizeof(tail));
	memcpy(tail, d, rest);
	tail[rest] = 0x80;
	tlen = rest + 1 + 8 <= 64 ? 64 : 128;
	for (i = 0; i < 8; i++)
		tail[tlen - 1 - i] = (u8)(bits >> (8 * i));
	sha_block(h, tail);
	if (tlen == 128)
		sha_block(h, tail + 64);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (u8)(h[i] >> 24);
		out[4 * i + 1] = (u8)(h[i] >> 16);
		out[4 * i + 2] = (u8)(h[i] >> 8);
		out[4 * i + 3] = (u8)h[i];
	}
}
