// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the pure format code in driver/ (FIP, BL2, board identity,
 * GPT, bspconf) on images made by the real tools (selftests/images/mkimages
 * and mkcorpus) and on hostile variants derived from them here.
 *
 *   test_formats IMAGEDIR [WORKDIR]      prints TAP 13, exits 1 on failure
 *
 * This file: the harness (unit.h: TAP output, images) and the shared
 * primitives (CRC32, SHA-256, CRC16); the tests of each format are in
 * test_fip.c, test_board.c, test_bl2.c, test_gpt.c and test_bspconf.c,
 * run in that order.
 */
#include "unit.h"
#include "bl2.h"

const char *imgdir, *workdir;
static int ntest, nfail;
char err[512];

void __attribute__((format(printf, 2, 3))) ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	ntest++;
	if (!cond)
		nfail++;
	printf("%s %d - ", cond ? "ok" : "not ok", ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond && err[0])
		printf("  # last message: %s\n", err);
}

/*
 * A missing image is a failure, not a skip: the images come from the real
 * tools (selftests/images), and a broken generator must not turn the tests
 * that need them into passes.
 */
void skip(const char *what)
{
	ntest++;
	nfail++;
	printf("not ok %d - %s: image not available (selftests/images failed?)\n", ntest, what);
}

u8 *load(const char *name, size_t *len)
{
	char path[1024];
	FILE *f;
	u8 *buf;
	long n;

	snprintf(path, sizeof(path), "%s/%s", imgdir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

u8 *dup_buf(const u8 *b, size_t len, size_t cap)
{
	u8 *d = calloc(1, cap > len ? cap : len);

	memcpy(d, b, len);
	return d;
}

bool has(const char *s) { return strstr(err, s) != NULL; }

/* ------------------------------------------------------------------ */

static void test_primitives(void)
{
	static const char abc[] = "abc";
	static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	static const u8 want_abc[] = { 0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea };
	static const u8 want_two[] = { 0x24, 0x8d, 0x6a, 0x61, 0xd2, 0x06, 0x38, 0xb8 };
	static const u8 want_empty[] = { 0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14 };
	u8 h[32];

	err[0] = 0;
	ok(mtk_fmt_crc32(0, "123456789", 9) == 0xcbf43926, "crc32 check value");
	ok(mtk_fmt_crc32(mtk_fmt_crc32(0, "1234", 4), "56789", 5) == 0xcbf43926,
	   "crc32 chains");
	mtk_fmt_sha256(abc, 3, h);
	ok(!memcmp(h, want_abc, 8), "sha256(\"abc\")");
	mtk_fmt_sha256(two, strlen(two), h);
	ok(!memcmp(h, want_two, 8), "sha256 of the 448-bit vector");
	mtk_fmt_sha256("", 0, h);
	ok(!memcmp(h, want_empty, 8), "sha256 of nothing");
	ok(mtk_bl2_spim_crc16((const u8 *)"", 0) == 0x4f4e, "crc16 init value");
}


/* ------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: test_formats IMAGEDIR [WORKDIR]\n");
		return 2;
	}
	imgdir = argv[1];
	workdir = argc > 2 ? argv[2] : ".";
	printf("TAP version 13\n");
	test_primitives();
	test_fip_real();
	test_fip_hostile();
	test_board();
	test_board_real();
	test_xz_hostile();
	test_bl2();
	test_gpt();
	test_bspconf();
	printf("1..%d\n", ntest);
	return nfail ? 1 : 0;
}
