// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of the pure format code in driver/ (FIP, BL2, board identity,
 * GPT, bspconf) on images made by the real tools (selftests/images/mkimages
 * and mkcorpus) and on hostile variants derived from them here.
 *
 *   test_formats IMAGEDIR [WORKDIR]      prints TAP 13, exits 1 on failure
 */
#include <stdarg.h>
#include <stdlib.h>
#include "fip.h"
#include "bl2.h"
#include "board.h"
#include "xzfmt.h"
#include <time.h>
#include "gptfmt.h"
#include "bspconf.h"

static const char *imgdir, *workdir;
static int ntest, nfail;
static char err[512];

static void __attribute__((format(printf, 2, 3))) ok(bool cond, const char *fmt, ...)
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
static void skip(const char *what)
{
	ntest++;
	nfail++;
	printf("not ok %d - %s: image not available (selftests/images failed?)\n", ntest, what);
}

static u8 *load(const char *name, size_t *len)
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

static u8 *dup_buf(const u8 *b, size_t len, size_t cap)
{
	u8 *d = calloc(1, cap > len ? cap : len);

	memcpy(d, b, len);
	return d;
}

static bool has(const char *s) { return strstr(err, s) != NULL; }

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

static const u8 uuid_bl31[16] = { 0x47, 0xd4, 0x08, 0x6d, 0x4c, 0xfe, 0x98, 0x46,
				  0x9b, 0x95, 0x29, 0x50, 0xcb, 0xbd, 0x5a, 0x00 };
static const u8 uuid_bl33[16] = { 0xd6, 0xd0, 0xee, 0xa7, 0xfc, 0xea, 0xd5, 0x4b,
				  0x97, 0x82, 0x99, 0x34, 0xf2, 0x34, 0xb6, 0xe4 };

static struct mtk_fip_info fi;

static void test_fip_real(void)
{
	static const char *const names[] = {
		"fip-bpi-r3mini-snand.fip", "fip-bpi-r3mini-emmc.fip",
		"fip-bpi-r3-snand.fip", "fip-bpi-r3-emmc.fip",
		"fip-bpi-r4-snand.fip", "fip-e8450-snand.fip",
		"fip-gl-mt6000-emmc.fip", "fip-align4k.fip", "fip-xz.fip",
	};
	char sum[2048];
	unsigned int i;
	size_t len;
	u8 *b;
	int r;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		b = load(names[i], &len);
		if (!b) {
			skip(names[i]);
			continue;
		}
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(!r && fi.nr_entries == 2 && fi.bl31 == 0 && fi.bl33 == 1 &&
		   fi.checksum < 0 && fi.end == len,
		   "fiptool FIP %s accepted (BL31, BL33, end 0x%llx)", names[i],
		   fi.end);
		{
			/* what the kernel reads of a slot: the ToC and its entries */
			u64 ext = 0, ext2 = 0;

			r = mtk_fip_extent(b, len < 4096 ? len : 4096, &ext);
			ok(!r && ext == fi.end, "%s: extent from the first 4 KiB is the FIP's end 0x%llx",
			   names[i], ext);
			ok(mtk_fip_extent(b, fi.toc_end - 1, &ext2) == -ENODATA,
			   "%s: a ToC cut before its terminator has no extent", names[i]);
			b[0] ^= 1;
			ok(mtk_fip_extent(b, len, &ext2) == -EINVAL, "%s: no ToC name, no extent",
			   names[i]);
		}
		free(b);
	}

	b = load("fip-mtk-checksum.fip", &len);
	if (!b) {
		skip("fip-mtk-checksum.fip");
		return;
	}
	r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
	ok(!r && fi.checksum == 2, "FIP with the MediaTek checksum entry: verified");
	mtk_fip_summary(&fi, sum, sizeof(sum));
	ok(strstr(sum, "entry3: MTK-CHECKSUM") && strstr(sum, "verified"),
	   "summary names the checksum entry");
	b[0x100] ^= 1;
	r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
	ok(r == -EBADMSG && has("CRC32"), "checksum: a changed byte fails the CRC32");
	{
		/* fix the CRC32, keep the SHA-256 stale */
		const struct mtk_fip_entry *e = &fi.entry[2];
		u32 crc = mtk_fmt_crc32(0, b, (size_t)e->offset);

		mtk_put_le32(b + e->offset + 4, crc);
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(r == -EBADMSG && has("SHA-256"),
		   "checksum: a matching CRC32 but stale SHA-256 is refused");
		b[0x100] ^= 1;
		mtk_put_le32(b + e->offset, 0x40);
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(r == -EINVAL && has("covers"),
		   "checksum: a length other than its own offset is refused");
		mtk_put_le32(b + e->offset, (u32)e->offset);
	}
	free(b);
}

/* header + n entries + terminator, payload area after it */
static void put_entry(u8 *b, unsigned int i, const u8 *uuid, u64 off, u64 size)
{
	u8 *e = b + 16 + 40 * i;

	memcpy(e, uuid, 16);
	mtk_put_le64(e + 16, off);
	mtk_put_le64(e + 24, size);
	mtk_put_le64(e + 32, 0);
}

static void test_fip_hostile(void)
{
	static const size_t cuts[] = { 0, 8, 15, 16, 40, 55, 56, 95, 96, 135,
				       136, 0x88 + 100, 0xf087, 0xf088, 0xf089 };
	u8 *b, *m, *big;
	unsigned int i;
	size_t len;
	int r;

	b = load("fip-bpi-r3mini-snand.fip", &len);
	if (!b) {
		skip("FIP hostile variants");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		r = mtk_fip_parse(b, cuts[i], &fi, err, sizeof(err));
		ok(r == -ENODATA, "FIP truncated to 0x%zx bytes: -ENODATA (%s)",
		   cuts[i], err);
	}
	r = mtk_fip_parse(b, len - 1, &fi, err, sizeof(err));
	ok(r == -ENODATA && has("FIP entry 2 (BL33) ends at"),
	   "FIP one byte short: BL33 past the end");

	m = dup_buf(b, len, len + (1 << 20));
	r = mtk_fip_parse(m, len + (1 << 20), &fi, err, sizeof(err));
	ok(!r && fi.end == len, "FIP padded by 1 MiB: accepted, end at 0x%llx",
	   fi.end);

#define MUTATE(desc, want, substr, stmt)					\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		r = mtk_fip_parse(m, len, &fi, err, sizeof(err));	\
		ok(r == (want) && has(substr), "FIP %s: %d (%s)", desc, r, err); \
	} while (0)

	MUTATE("bad ToC name", -EINVAL, "not a FIP", m[3] = 0xab);
	MUTATE("serial 0", -EINVAL, "serial", mtk_put_le32(m + 4, 0));
	MUTATE("BL33 offset + size overflows", -EOVERFLOW, "overflows",
	       mtk_put_le64(m + 56 + 16, 0xfffffffffffff000ULL));
	MUTATE("BL33 size huge", -ENODATA, "past the image end",
	       mtk_put_le64(m + 56 + 24, 0x7fffffffffffffffULL));
	MUTATE("BL31 offset huge, size 0", -ENODATA, "past the image end",
	       (mtk_put_le64(m + 16 + 16, 0xffffffffffffffffULL),
		mtk_put_le64(m + 16 + 24, 0)));
	MUTATE("BL33 inside the ToC", -EINVAL, "inside the ToC",
	       mtk_put_le64(m + 56 + 16, 0x40));
	MUTATE("BL33 overlapping BL31", -EINVAL, "overlaps entry 1",
	       mtk_put_le64(m + 56 + 16, 0x1000));
	MUTATE("two BL31", -EINVAL, "two BL31", memcpy(m + 56, uuid_bl31, 16));
	MUTATE("no BL33", -ENOENT, "no BL33", m[56] ^= 0x55);
	MUTATE("no BL31", -ENOENT, "no BL31", m[16] ^= 0x55);
	MUTATE("terminator beyond the end", -ENODATA, "ToC says it ends",
	       mtk_put_le64(m + 96 + 16, len + 1));
	MUTATE("no terminator", -E2BIG, "more than 32", m[96] = 1);
	free(m);

	/* the message from the issue, on a synthetic 2 MiB image */
	big = calloc(1, 0x200000);
	mtk_put_le32(big, MTK_FIP_TOC_NAME);
	mtk_put_le32(big + 4, 0x12345678);
	put_entry(big, 0, uuid_bl31, 0x1000, 0x1000);
	put_entry(big, 1, uuid_bl33, 0x100000, 0x1a0000);
	r = mtk_fip_parse(big, 0x200000, &fi, err, sizeof(err));
	ok(r == -ENODATA &&
	   !strcmp(err, "FIP entry 2 (BL33) ends at 0x2a0000, past the image end 0x200000"),
	   "message: \"%s\"", err);
	for (i = 0; i < 33; i++)
		put_entry(big, i, uuid_bl31, 0x10000 + i, 1);
	big[0] ^= 0;
	r = mtk_fip_parse(big, 0x200000, &fi, err, sizeof(err));
	ok(r == -E2BIG, "FIP with 33 entries: -E2BIG (%s)", err);
	free(big);
	free(b);
#undef MUTATE
}

/* ------------------------------------------------------------------ */

static struct mtk_board_id bid;
static u8 scratch[MTK_XZ_MAX_OUT];

/* identity of a FIP file: 0, -1 (no file), or the negative errno */
static int board_of_r(const char *name)
{
	size_t len;
	u8 *b = load(name, &len);
	int r;

	if (!b)
		return -1;
	r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
	if (!r)
		r = mtk_board_from_fip(b, len, &fi, &bid, scratch,
				       sizeof(scratch), err, sizeof(err));
	free(b);
	return r;
}

static int board_of(const char *name)
{
	int r = board_of_r(name);

	return r == -1 ? -1 : r ? -2 : 0;
}

struct board_case {
	const char *fip;
	const char *compat;
	const char *bootconf;
	enum mtk_medium medium;
	bool force;
	enum mtk_board_verdict verdict;
	int ret;
	const char *msg;	/* substring, or exact when it starts with '=' */
};

#define R3MINI "bananapi,bpi-r3mini mediatek,mt7986a"
#define R3 "bananapi,bpi-r3 mediatek,mt7986a"
#define NAND MTK_MEDIUM_SPI_NAND
#define EMMC MTK_MEDIUM_EMMC
#define ANY MTK_MEDIUM_UNKNOWN

static const struct board_case board_cases[] = {
	{ "fip-bpi-r3mini-snand.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3mini-snand.fip", R3MINI, "config-mt7986a-bananapi-bpi-r3-mini", NAND, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3mini-emmc.fip", R3MINI, NULL, EMMC, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3mini-emmc.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "on eMMC (by its bootmenu_title) cannot be written to SPI-NAND" },
	{ "fip-bpi-r3mini-snand.fip", R3MINI, NULL, EMMC, true, MTK_BOARD_MISMATCH, -EINVAL, "on SPI-NAND (by its bootmenu_title) cannot be written to eMMC" },
	{ "fip-bpi-r3-snand.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "=FIP for bananapi,bpi-r3, this board is bananapi,bpi-r3mini" },
	{ "fip-bpi-r3-snand.fip", R3MINI, NULL, NAND, true, MTK_BOARD_MISMATCH, -EINVAL, "this board is bananapi,bpi-r3mini" },
	{ "fip-bpi-r3-snand.fip", R3, NULL, NAND, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3-emmc.fip", R3, "config-mt7986a-bananapi-bpi-r3", EMMC, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3mini-snand.fip", R3, NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "=FIP for bananapi,bpi-r3-mini, this board is bananapi,bpi-r3" },
	{ "fip-bpi-r3mini-snand.fip", NULL, "config-mt7986a-bananapi-bpi-r3-mini", ANY, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-bpi-r3mini-snand.fip", NULL, "config-mt7986a-bananapi-bpi-r3", ANY, false, MTK_BOARD_MISMATCH, -EINVAL, "this board booted config-mt7986a-bananapi-bpi-r3" },
	{ "fip-e8450-snand.fip", "linksys,e8450-ubi mediatek,mt7622", NULL, NAND, false, MTK_BOARD_MATCH, 0, "linksys,e8450-ubi matches" },
	{ "fip-e8450-snand.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "(MT7622), this board is bananapi,bpi-r3mini (MT7986)" },
	{ "fip-e8450-snand.fip", "linksys,e8450 mediatek,mt7622", NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "=FIP for linksys,e8450-ubi, this board is linksys,e8450" },
	{ "fip-gl-mt6000-emmc.fip", "glinet,gl-mt6000 mediatek,mt7986a", NULL, EMMC, false, MTK_BOARD_MATCH, 0, "glinet,gl-mt6000" },
	{ "fip-gl-mt6000-emmc.fip", R3MINI, NULL, EMMC, false, MTK_BOARD_MISMATCH, -EINVAL, "=FIP for glinet,gl-mt6000, this board is bananapi,bpi-r3mini" },
	{ "fip-bpi-r4-snand.fip", "bananapi,bpi-r4 mediatek,mt7988a", NULL, NAND, false, MTK_BOARD_MATCH, 0, "bananapi,bpi-r4" },
	{ "fip-bpi-r4-snand.fip", R3, NULL, NAND, false, MTK_BOARD_MISMATCH, -EINVAL, "(MT7988)" },
	{ "fip-bpi-r3mini-snand.fip", NULL, NULL, NAND, false, MTK_BOARD_UNKNOWN, -ENODATA, "identity is not known" },
	{ "fip-bpi-r3mini-snand.fip", "", NULL, NAND, true, MTK_BOARD_UNKNOWN, 0, "forced" },
	{ "fip-xz.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MATCH, 0, "matches" },
	{ "fip-xz.fip", R3, NULL, NAND, true, MTK_BOARD_MISMATCH, -EINVAL, "this board is bananapi,bpi-r3" },
	{ "fip-align4k.fip", R3MINI, NULL, NAND, false, MTK_BOARD_MATCH, 0, "matches" },
};

static void test_board(void)
{
	struct mtk_board_running run;
	enum mtk_board_verdict v;
	unsigned int i;
	char sum[1024];
	int r;

	for (i = 0; i < ARRAY_SIZE(board_cases); i++) {
		const struct board_case *c = &board_cases[i];
		bool msg_ok;

		if (board_of(c->fip)) {
			skip(c->fip);
			continue;
		}
		run.compatible = c->compat;
		run.bootconf = c->bootconf;
		run.medium = c->medium;
		r = mtk_board_check(&bid, &run, c->force, &v, err, sizeof(err));
		msg_ok = c->msg[0] == '=' ? !strcmp(err, c->msg + 1) :
					    has(c->msg);
		ok(r == c->ret && v == c->verdict && msg_ok,
		   "board: %s on \"%s\"%s%s: %d \"%s\"", c->fip,
		   c->compat ? c->compat : "(none)", c->bootconf ? " bootconf " : "",
		   c->bootconf ? c->bootconf : "", r, err);
	}

	if (!board_of("fip-bpi-r3mini-snand.fip")) {
		mtk_board_summary(&bid, sum, sizeof(sum));
		ok(bid.has_env && bid.has_fdt && bid.medium == NAND &&
		   !strcmp(bid.compatible, "bananapi,bpi-r3mini mediatek,mt7986a") &&
		   !strcmp(bid.model, "Bananapi BPI-R3 Mini") &&
		   strstr(sum, "board: bananapi,bpi-r3-mini") &&
		   strstr(sum, "fip_medium_from: bootmenu_title"),
		   "identity read from BL33: env, FDT compatible and model");
	} else {
		skip("identity summary");
	}

	/* BL33 variants: env only, FDT only, neither, a corrupt FDT */
	{
		size_t len;
		u8 *u = load("u-boot-bpi-r3-snand.bin", &len);
		u8 *p;
		size_t off;

		if (!u) {
			skip("BL33 variants");
			return;
		}
		/*
		 * the FDT search is bounded: 16 FDT headers tried from the
		 * end, no more (decoys appended after the real one)
		 */
		for (int k = 15; k <= 16; k++) {
			u8 *d = malloc(len + 16 * 40);
			int j;

			if (!d)
				break;
			memcpy(d, u, len);
			memset(d + len, 0, 16 * 40);
			for (j = 0; j < k; j++) {
				static const u8 magic[] = { 0xd0, 0x0d, 0xfe, 0xed, 0xff, 0xff, 0xff, 0xff };

				memcpy(d + len + j * 40, magic, sizeof(magic));
			}
			mtk_board_from_uboot(d, len + k * 40, &bid, NULL, 0, err, sizeof(err));
			ok(bid.has_fdt == (k < 16),
			   "FDT behind %d broken FDT headers: %s", k, k < 16 ? "found" : "not searched");
			free(d);
		}
		/* strip the env: the FDT only names a MediaTek reference board */
		p = (u8 *)memmem(u, len, "bootconf=", 9);
		if (p)
			p[0] = 'X';
		mtk_board_from_uboot(u, len, &bid, NULL, 0, err, sizeof(err));
		run.compatible = R3;
		run.bootconf = NULL;
		run.medium = NAND;
		r = mtk_board_check(&bid, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA && v == MTK_BOARD_UNKNOWN && has("reference board"),
		   "FDT of a MediaTek reference board only: unknown (%s)", err);
		/* break the FDT: no identity at all */
		off = len;
		while (off-- > 4)
			if (u[off] == 0xd0 && u[off + 1] == 0x0d && u[off + 2] == 0xfe &&
			    u[off + 3] == 0xed)
				break;
		mtk_put_le32(u + off + 4, 0xffffff00);	/* totalsize */
		mtk_board_from_uboot(u, len, &bid, NULL, 0, err, sizeof(err));
		ok(!bid.has_fdt && !bid.has_env, "BL33 with a corrupt FDT and no env: nothing read");
		r = mtk_board_check(&bid, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA && has("no default environment"),
		   "no identity in BL33: unknown (%s)", err);
		r = mtk_board_check(&bid, &run, true, &v, err, sizeof(err));
		ok(r == 0 && v == MTK_BOARD_UNKNOWN && has("forced"),
		   "no identity, forced: accepted and says so");
		r = mtk_board_from_uboot(u, 0, &bid, NULL, 0, err, sizeof(err));
		ok(r == 0 && !bid.has_env && !bid.has_fdt, "empty BL33");
		free(u);
	}
}

/* ------------------------------------------------------------------ */
/*
 * The real-shape corpus (selftests/images/mkimages, "ow" stand-ins): each
 * board as OpenWrt runs it (DT compatible and the /chosen/u-boot,bootconf
 * its U-Boot sets), the media it boots from, and its FIPs. Every board's
 * own FIP for each medium is accepted there; every other FIP is refused,
 * and no refusal or foreign FIP ever reads "matches this board".
 */
struct ow_board {
	const char *name;	/* FIP name stem: fip-ow-NAME-MEDIUM.fip */
	const char *compat;
	const char *bootconf;	/* what OpenWrt's U-Boot passes in /chosen */
	const char *media;	/* its FIP media, as in the file names */
};

static const struct ow_board ow_boards[] = {
	{ "bpi-r3-mini", "bananapi,bpi-r3-mini mediatek,mt7986a",
	  "config-mt7986a-bananapi-bpi-r3-mini", "snand emmc" },
	{ "bpi-r3", "bananapi,bpi-r3 mediatek,mt7986a",
	  "config-mt7986a-bananapi-bpi-r3#mt7986a-bananapi-bpi-r3-nand#mt7986a-bananapi-bpi-r3-emmc",
	  "snand nor emmc sdmmc" },
	{ "bpi-r4", "bananapi,bpi-r4 mediatek,mt7988a",
	  "config-mt7988a-bananapi-bpi-r4#mt7988a-bananapi-bpi-r4-emmc",
	  "snand emmc sdmmc" },
	{ "bpi-r4-poe", "bananapi,bpi-r4-2g5 bananapi,bpi-r4 mediatek,mt7988a",
	  "config-mt7988a-bananapi-bpi-r4-poe#mt7988a-bananapi-bpi-r4-sd",
	  "snand emmc sdmmc" },
	{ "e8450", "linksys,e8450-ubi mediatek,mt7622", "config-1", "snand" },
	{ "redmi-ax6s", "xiaomi,redmi-router-ax6s mediatek,mt7622", "config-1",
	  "snand" },
	{ "gl-mt6000", "glinet,gl-mt6000 mediatek,mt7986a",
	  "config-mt7986a-glinet-gl-mt6000", "emmc" },
};

/* every FIP of the corpus and the board it belongs to ("" = none) */
static const struct {
	const char *file, *owner, *medium;
} ow_fips[] = {
	{ "fip-ow-bpi-r3-mini-snand.fip", "bpi-r3-mini", "snand" },
	{ "fip-ow-bpi-r3-mini-emmc.fip", "bpi-r3-mini", "emmc" },
	{ "fip-ow-bpi-r3-mini-xz-snand.fip", "bpi-r3-mini", "snand" },
	{ "fip-ow-bpi-r3-snand.fip", "bpi-r3", "snand" },
	{ "fip-ow-bpi-r3-nor.fip", "bpi-r3", "nor" },
	{ "fip-ow-bpi-r3-emmc.fip", "bpi-r3", "emmc" },
	{ "fip-ow-bpi-r3-sdmmc.fip", "bpi-r3", "sdmmc" },
	{ "fip-ow-bpi-r4-snand.fip", "bpi-r4", "snand" },
	{ "fip-ow-bpi-r4-emmc.fip", "bpi-r4", "emmc" },
	{ "fip-ow-bpi-r4-sdmmc.fip", "bpi-r4", "sdmmc" },
	{ "fip-ow-bpi-r4-poe-snand.fip", "bpi-r4-poe", "snand" },
	{ "fip-ow-bpi-r4-poe-emmc.fip", "bpi-r4-poe", "emmc" },
	{ "fip-ow-bpi-r4-poe-sdmmc.fip", "bpi-r4-poe", "sdmmc" },
	{ "fip-ow-e8450-snand.fip", "e8450", "snand" },
	{ "fip-ow-redmi-ax6s-snand.fip", "redmi-ax6s", "snand" },
	{ "fip-ow-mt7622-rfb-snand.fip", "", "snand" },
	{ "fip-ow-gl-mt6000-emmc.fip", "gl-mt6000", "emmc" },
};

static enum mtk_medium ow_medium(const char *m)
{
	if (!strcmp(m, "snand"))
		return MTK_MEDIUM_SPI_NAND;
	if (!strcmp(m, "emmc"))
		return MTK_MEDIUM_EMMC;
	if (!strcmp(m, "sdmmc"))
		return MTK_MEDIUM_SD;
	if (!strcmp(m, "nor"))
		return MTK_MEDIUM_SPI_NOR;
	return MTK_MEDIUM_UNKNOWN;
}

static void test_board_real(void)
{
	static struct mtk_board_id ids[ARRAY_SIZE(ow_fips)];
	bool have[ARRAY_SIZE(ow_fips)];
	unsigned int f, b, acc = 0, ref = 0, bad = 0;
	struct mtk_board_running run;
	enum mtk_board_verdict v;
	char m[32];
	int r;

	for (f = 0; f < ARRAY_SIZE(ow_fips); f++) {
		r = board_of_r(ow_fips[f].file);
		have[f] = !r;
		ids[f] = bid;
		if (r == -1)
			skip(ow_fips[f].file);
		else
			ok(!r && bid.medium == ow_medium(ow_fips[f].medium),
			   "real shape %s: identity read, medium %s from %s (%s)",
			   ow_fips[f].file, mtk_medium_name(bid.medium),
			   bid.medium_from ? bid.medium_from : "-", r ? err : "ok");
	}
	/* the matrix: every board, each of its media, every FIP */
	for (b = 0; b < ARRAY_SIZE(ow_boards); b++) {
		const struct ow_board *ob = &ow_boards[b];
		const char *p = ob->media;

		while (*p) {
			size_t n = strcspn(p, " ");

			snprintf(m, sizeof(m), "%.*s", (int)n, p);
			p += n + (p[n] == ' ');
			for (f = 0; f < ARRAY_SIZE(ow_fips); f++) {
				bool own = !strcmp(ow_fips[f].owner, ob->name) &&
					   !strcmp(ow_fips[f].medium, m);

				if (!have[f])
					continue;
				run.compatible = ob->compat;
				run.bootconf = ob->bootconf;
				run.medium = ow_medium(m);
				r = mtk_board_check(&ids[f], &run, false, &v, err,
						    sizeof(err));
				if (own ? (r || v != MTK_BOARD_MATCH || !has("matches this board")) :
					  (!r || v == MTK_BOARD_MATCH || has("matches"))) {
					bad++;
					ok(false, "real shape: %s on %s (%s): %d \"%s\"",
					   ow_fips[f].file, ob->name, m, r, err);
				}
				own ? acc++ : ref++;
			}
		}
	}
	ok(!bad && acc > 0, "real shapes: each board's own FIPs accepted on each of its media (%u), every other FIP refused (%u), none of those \"matches\"",
	   acc, ref);

	/* the cases the issue names, with their messages */
	{
		static const struct {
			unsigned int fip, board;
			const char *medium;
			int ret;
			const char *msg;
		} named[] = {
			/* config-1 boards on each other */
			{ 14, 4, "snand", -EINVAL, "=FIP for xiaomi,redmi-router-ax6s, this board is linksys,e8450-ubi" },
			{ 13, 5, "snand", -EINVAL, "=FIP for linksys,e8450-ubi, this board is xiaomi,redmi-router-ax6s" },
			{ 15, 4, "snand", -ENODATA, "MediaTek reference board" },
			/* R4 and R4-PoE both ways: one control DT, two bootconfs */
			{ 10, 2, "snand", -EINVAL, "FIP for bananapi,bpi-r4-poe (U-Boot bootconf config-mt7988a-bananapi-bpi-r4-poe), this board booted config-mt7988a-bananapi-bpi-r4#" },
			{ 7, 3, "snand", -EINVAL, "FIP for bananapi,bpi-r4 (U-Boot bootconf config-mt7988a-bananapi-bpi-r4), this board booted config-mt7988a-bananapi-bpi-r4-poe" },
			/* SD FIPs (no bootfile_fip) for NAND and eMMC */
			{ 6, 1, "snand", -EINVAL, "on SD (by its bootmenu_title) cannot be written to SPI-NAND" },
			{ 6, 1, "emmc", -EINVAL, "cannot be written to eMMC" },
			{ 9, 2, "emmc", -EINVAL, "on SD (by its bootmenu_title) cannot be written to eMMC" },
			/* OpenWrt's R3 Mini on a mainline DT */
			{ 0, 0, "snand", 0, "=FIP for bananapi,bpi-r3-mini matches this board (bootconf config-mt7986a-bananapi-bpi-r3-mini), medium SPI-NAND" },
		};
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(named); i++) {
			const struct ow_board *ob = &ow_boards[named[i].board];
			bool mok;

			if (!have[named[i].fip]) {
				skip(ow_fips[named[i].fip].file);
				continue;
			}
			run.compatible = ob->compat;
			run.bootconf = ob->bootconf;
			run.medium = ow_medium(named[i].medium);
			if (i == ARRAY_SIZE(named) - 1) {
				run.compatible = "bananapi,bpi-r3mini mediatek,mt7986a";
				run.bootconf = NULL;
			}
			r = mtk_board_check(&ids[named[i].fip], &run, true, &v, err,
					    sizeof(err));
			if (named[i].ret == -ENODATA) {
				/* forced unknown passes; unforced must not */
				ok(!r && has("forced"), "%s on %s, forced: %s",
				   ow_fips[named[i].fip].file, ob->name, err);
				r = mtk_board_check(&ids[named[i].fip], &run, false,
						    &v, err, sizeof(err));
			}
			mok = named[i].msg[0] == '=' ? !strcmp(err, named[i].msg + 1) :
						       has(named[i].msg);
			ok(r == named[i].ret && mok, "%s on %s (%s): %d \"%s\"",
			   ow_fips[named[i].fip].file, run.compatible,
			   named[i].medium, r, err);
		}
	}

	/* without /chosen/u-boot,bootconf (x86 board=, other boot loaders) */
	run.bootconf = NULL;
	run.medium = MTK_MEDIUM_SPI_NAND;
	run.compatible = "bananapi,bpi-r4 mediatek,mt7988a";
	r = have[10] ? mtk_board_check(&ids[10], &run, false, &v, err, sizeof(err)) : 1;
	ok(r == -ENODATA && has("bootconf names no compatible"),
	   "R4-PoE FIP on an R4 without a running bootconf: unknown, refused (%s)", err);
	run.compatible = "linksys,e8450-ubi mediatek,mt7622";
	r = have[14] ? mtk_board_check(&ids[14], &run, true, &v, err, sizeof(err)) : 1;
	ok(r == -EINVAL && !has("matches"), "AX6S FIP on an E8450, forced: refused (%s)", err);

	/* medium unknown: the board matched, but refused without force */
	if (have[0]) {
		struct mtk_board_id x = ids[0];

		x.medium = MTK_MEDIUM_UNKNOWN;
		x.medium_from = NULL;
		run.compatible = ow_boards[0].compat;
		run.bootconf = ow_boards[0].bootconf;
		run.medium = MTK_MEDIUM_SPI_NAND;
		r = mtk_board_check(&x, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA && v == MTK_BOARD_UNKNOWN &&
		   has("cannot tell whether it is for SPI-NAND") && !has("matches"),
		   "board matched, medium unknown: refused without force (%s)", err);
		r = mtk_board_check(&x, &run, true, &v, err, sizeof(err));
		ok(!r && has("because forced"), "... accepted with force (%s)", err);
		x.medium_conflict = true;
		r = mtk_board_check(&x, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA && has("two different boot media"),
		   "medium signals disagree: refused (%s)", err);
	}
	/* xz: BL31 and BL33 (FIP_COMPRESS), BL33 only */
	ok(have[4] && ids[4].xz_size > 0 && ids[4].medium == MTK_MEDIUM_SPI_NOR,
	   "FIP with xz BL31 and BL33 identified (BL33 %u bytes unpacked)", ids[4].xz_size);
	ok(have[2] && ids[2].xz_size > 0 && ids[2].has_env,
	   "FIP with an xz BL33 only identified (%u bytes unpacked)", ids[2].xz_size);
	/* bootconf shapes */
	{
		struct mtk_board_id x;

		memset(&x, 0, sizeof(x));
		x.has_env = true;
		run.compatible = NULL;
		run.medium = MTK_MEDIUM_UNKNOWN;
		snprintf(x.bootconf, sizeof(x.bootconf), "config-1");
		run.bootconf = "config-1";
		r = mtk_board_check(&x, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA && !has("match"), "config-1 against config-1: no identity (%s)", err);
		snprintf(x.bootconf, sizeof(x.bootconf), "config-mt7622-1");
		r = mtk_board_check(&x, &run, false, &v, err, sizeof(err));
		ok(r == -ENODATA, "config-mt7622-1: no identity (%s)", err);
		snprintf(x.bootconf, sizeof(x.bootconf), "config-mt7986a-bananapi-bpi-r3");
		run.bootconf = "config-mt7986a-bananapi-bpi-r3#mt7986a-bananapi-bpi-r3-emmc";
		r = mtk_board_check(&x, &run, false, &v, err, sizeof(err));
		ok(!r && v == MTK_BOARD_MATCH, "bootconf with #overlays compared without them (%s)", err);
	}
	/* ANSI sequences stripped from the title */
	ok(have[0] && !strchr(ids[0].bootmenu_title, 0x1b) &&
	   strstr(ids[0].bootmenu_title, "( ( ( OpenWrt ) ) )  [SPI-NAND]"),
	   "bootmenu_title read without its colour sequences: \"%s\"", ids[0].bootmenu_title);
}

/* hostile xz streams: refused by shape or by the decoder, in bounded time */
static void test_xz_hostile(void)
{
	static const struct {
		const char *file;
		int ret;
		const char *msg;
	} cases[] = {
		{ "fip-xz-bomb.fip", -E2BIG, "decompresses to 3145728 bytes, more than the 2097152-byte limit" },
		{ "fip-xz-trunc.fip", -ENODATA, "truncated" },
		{ "fip-xz-badcrc.fip", -EBADMSG, "CRC32 check does not match" },
		{ "fip-xz-sha256.fip", -EOPNOTSUPP, "check SHA-256" },
		{ "fip-xz-nocheck.fip", -EOPNOTSUPP, "check none" },
	};
	unsigned int i;
	size_t len, xl;
	u8 *b;
	int r;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		r = board_of_r(cases[i].file);
		if (r == -1) {
			skip(cases[i].file);
			continue;
		}
		ok(r == cases[i].ret && has("FIP BL33: ") && has(cases[i].msg),
		   "hostile xz %s: %d \"%s\"", cases[i].file, r, err);
	}
	/* the bomb with an index that lies (2 MiB declared): the decoder stops at the cap */
	b = load("fip-xz-bomb.fip", &len);
	if (b && !mtk_fip_parse(b, len, &fi, err, sizeof(err))) {
		const struct mtk_fip_entry *e = &fi.entry[fi.bl33];
		u8 *x = b + e->offset;
		size_t xn = (size_t)e->size, end = xn;
		size_t idx = end - 12 - (mtk_get_le32(x + end - 8) + 1) * 4;
		u8 *p = x + idx + 2;	/* 0x00, count 1, unpadded size, uncompressed size */
		clock_t t0;

		while (*p & 0x80)
			p++;
		p++;
		ok(p[0] == 0x80 && p[1] == 0x80 && p[2] == 0xc0 && p[3] == 0x01,
		   "bomb index found");
		p[2] = 0x80;	/* 3 MiB -> 2 MiB */
		mtk_put_le32(x + end - 16, mtk_fmt_crc32(0, x + idx, end - 16 - idx));
		t0 = clock();
		r = mtk_xz_unpack(x, xn, scratch, sizeof(scratch), &xl, err, sizeof(err));
		ok(r == -EBADMSG && (double)(clock() - t0) / CLOCKS_PER_SEC < 2.0,
		   "bomb with a lying index: stopped at the cap, %d \"%s\"", r, err);
		x[8] ^= 1;
		r = mtk_xz_unpack(x, xn, scratch, sizeof(scratch), &xl, err, sizeof(err));
		ok(r == -EINVAL && has("header CRC32"), "damaged xz header: %s", err);
		x[8] ^= 1;
		r = mtk_xz_unpack(x, 20, scratch, sizeof(scratch), &xl, err, sizeof(err));
		ok(r == -ENODATA, "xz stream of 20 bytes: %s", err);
	}
	free(b);
	/* without a scratch buffer an xz BL33 stays opaque */
	b = load("fip-xz.fip", &len);
	if (b && !mtk_fip_parse(b, len, &fi, err, sizeof(err))) {
		r = mtk_board_from_fip(b, len, &fi, &bid, NULL, 0, err, sizeof(err));
		ok(!r && bid.opaque && mtk_board_fip_has_xz(b, len, &fi),
		   "xz BL33 without scratch: opaque");
	}
	free(b);
}

/* ------------------------------------------------------------------ */

struct bl2_case {
	const char *img;
	enum mtk_medium medium;
	enum mtk_bl2_header hdr;
	u32 page, spare;
};

static const struct bl2_case bl2_cases[] = {
	{ "bl2-spim-nand-2k64.img", NAND, MTK_BL2_HDR_NAND_SPIM, 2048, 64 },
	{ "bl2-snand-2k64.img", NAND, MTK_BL2_HDR_NAND_AP, 2048, 64 },
	{ "bl2-hsm-2k64.img", NAND, MTK_BL2_HDR_NAND_HSM, 2048, 64 },
	{ "bl2-emmc.img", EMMC, MTK_BL2_HDR_EMMC, 0, 0 },
	{ "bl2-sdmmc.img", MTK_MEDIUM_SD, MTK_BL2_HDR_SD, 0, 0 },
	{ "bl2-nor.img", MTK_MEDIUM_SPI_NOR, MTK_BL2_HDR_NOR, 0, 0 },
	{ "bl2-hsm20-2k64.img", NAND, MTK_BL2_HDR_NAND_HSM20, 2048, 64 },
	{ "bl2-spim-nand-4k256.img", NAND, MTK_BL2_HDR_NAND_SPIM, 4096, 256 },
	{ "bl2-snand-4k256.img", NAND, MTK_BL2_HDR_NAND_AP, 4096, 224 },
	{ "bl2-sdmmc-hdroffset.img", MTK_MEDIUM_SD, MTK_BL2_HDR_SD, 0, 0 },
	{ "bl2-emmc-arm32.img", EMMC, MTK_BL2_HDR_EMMC, 0, 0 },
};

struct target_case {
	const char *img;
	enum mtk_medium medium;
	u32 page, spare;
	enum mtk_nand_if nif;
	const char *soc;
	int ret;
	const char *msg;
};

static const struct target_case target_cases[] = {
	{ "bl2-emmc.img", NAND, 2048, 64, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for eMMC cannot be written to SPI-NAND" },
	{ "bl2-spim-nand-2k64.img", EMMC, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SPI-NAND cannot be written to eMMC" },
	{ "bl2-nor.img", MTK_MEDIUM_SD, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SPI-NOR cannot be written to SD" },
	{ "bl2-sdmmc.img", EMMC, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SD cannot be written to eMMC" },
	{ "bl2-emmc.img", EMMC, 0, 0, MTK_NAND_IF_ANY, "mediatek,mt7986a", 0, "" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SPIM, "mediatek,mt7986a", 0, "" },
	{ "bl2-spim-nand-2k64.img", NAND, 4096, 256, MTK_NAND_IF_ANY, NULL, -EINVAL, "pages of 2048+64 bytes, the flash has 4096+256" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 128, MTK_NAND_IF_ANY, NULL, -EINVAL, "2048+64" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, NULL, -EINVAL, "through SNFI" },
	{ "bl2-hsm-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SPIM, NULL, -EINVAL, "through SPIM" },
	{ "bl2-hsm-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, "mediatek,mt7981", 0, "" },
	{ "bl2-snand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7986a", -EINVAL, "for MT7622/MT7629, this SoC is MT7986" },
	{ "bl2-snand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, "mediatek,mt7622", 0, "" },
	{ "bl2-snand-4k256.img", NAND, 4096, 256, MTK_NAND_IF_ANY, "mediatek,mt7622", 0, "" },
	{ "bl2-hsm20-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7986a", -EINVAL, "MT7988" },
	{ "bl2-hsm20-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7988a", 0, "" },
	{ "bl2-spim-nand-4k256.img", NAND, 4096, 256, MTK_NAND_IF_SPIM, "mediatek,mt7988a", 0, "" },
};

static void test_bl2(void)
{
	struct mtk_bl2_info bi;
	struct mtk_bl2_target t;
	unsigned int i;
	char sum[1024];
	size_t len;
	u8 *b, *m;
	int r;

	for (i = 0; i < ARRAY_SIZE(bl2_cases); i++) {
		const struct bl2_case *c = &bl2_cases[i];

		b = load(c->img, &len);
		if (!b) {
			skip(c->img);
			continue;
		}
		r = mtk_bl2_parse(b, len, &bi, err, sizeof(err));
		ok(!r && bi.medium == c->medium && bi.header == c->hdr &&
		   bi.page_size == c->page && bi.spare_size == c->spare &&
		   bi.load_addr == 0x200d00 && bi.end <= len,
		   "mkimage BL2 %s: %s %s %u+%u", c->img,
		   mtk_medium_name(bi.medium), bi.header_name ? bi.header_name : "?",
		   bi.page_size, bi.spare_size);
		if (!strcmp(c->img, "bl2-sdmmc-hdroffset.img"))
			ok(bi.hdr_offset == 0x80000, "hdroffset 0x80000 recognised");
		if (!strcmp(c->img, "bl2-emmc-arm32.img"))
			ok(!bi.arm64, "BL2 without arm64=1: not ARM64");
		if (!strcmp(c->img, "bl2-emmc.img")) {
			mtk_bl2_summary(&bi, sum, sizeof(sum));
			ok(strstr(sum, "medium: eMMC") && strstr(sum, "arm64: yes"),
			   "BL2 summary");
		}
		free(b);
	}

	for (i = 0; i < ARRAY_SIZE(target_cases); i++) {
		const struct target_case *c = &target_cases[i];
		bool msg_ok;

		b = load(c->img, &len);
		if (!b || mtk_bl2_parse(b, len, &bi, err, sizeof(err))) {
			skip(c->img);
			free(b);
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.medium = c->medium;
		t.page_size = c->page;
		t.spare_size = c->spare;
		t.nand_if = c->nif;
		t.soc = c->soc;
		err[0] = 0;
		r = mtk_bl2_check_target(&bi, &t, err, sizeof(err));
		msg_ok = c->msg[0] == '=' ? !strcmp(err, c->msg + 1) : has(c->msg);
		ok(r == c->ret && msg_ok, "BL2 %s to %s %u+%u %s: %d \"%s\"", c->img,
		   mtk_medium_name(c->medium), c->page, c->spare,
		   c->soc ? c->soc : "", r, err);
		free(b);
	}

#define MUTATE(img, desc, want, substr, stmt)				\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		r = mtk_bl2_parse(m, len, &bi, err, sizeof(err));	\
		ok(r == (want) && has(substr), "BL2 %s %s: %d (%s)", img, desc, \
		   r, err);						\
	} while (0)
#define CUT(img, n)							\
	do {								\
		r = mtk_bl2_parse(b, (n), &bi, err, sizeof(err));	\
		ok(r == -ENODATA, "BL2 %s truncated to 0x%zx: -ENODATA (%s)", \
		   img, (size_t)(n), err);				\
	} while (0)

	b = load("bl2-emmc.img", &len);
	if (b) {
		m = malloc(len);
		CUT("emmc", 0);
		CUT("emmc", 0x7f);
		CUT("emmc", 0x210);
		CUT("emmc", 0x600);
		CUT("emmc", 0x8ff);
		CUT("emmc", len - 1);
		MUTATE("emmc", "unknown name", -EINVAL, "unknown device header", m[0] = 'X');
		MUTATE("emmc", "bad header version", -EINVAL, "version", m[0xc] = 2);
		MUTATE("emmc", "no BRLYT", -EINVAL, "no BRLYT", m[0x200] = 'X');
		MUTATE("emmc", "bad BRLYT magic", -EINVAL, "magic", m[0x214] ^= 1);
		MUTATE("emmc", "BRLYT type NOR", -EINVAL, "BRLYT type is 0x10007 (NOR)",
		       mtk_put_le32(m + 0x218, 0x10007));
		MUTATE("emmc", "BRLYT header size 0", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x20c, 0));
		MUTATE("emmc", "no GFH", -EINVAL, "no GFH", m[0x600] = 'X');
		MUTATE("emmc", "GFH flash type NAND", -EINVAL, "flash type 2",
		       m[0x61a] = 2);
		MUTATE("emmc", "GFH total size 0xffffffff", -ENODATA, "truncated",
		       mtk_put_le32(m + 0x620, 0xffffffff));
		MUTATE("emmc", "GFH total size too small", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x620, 0x10));
		MUTATE("emmc", "GFH signature type 0", -EINVAL, "SHA-256",
		       m[0x61b] = 0);
		MUTATE("emmc", "payload byte flipped", -EBADMSG, "SHA-256",
		       m[0x1000] ^= 0x80);
		MUTATE("emmc", "trailer byte flipped", -EBADMSG, "SHA-256",
		       m[len - 1] ^= 1);
		MUTATE("emmc", "BRLYT total smaller than the GFH", -EINVAL, "announces",
		       mtk_put_le32(m + 0x210, 0x1000));
		free(m);
		free(b);
	} else {
		skip("BL2 eMMC hostile variants");
	}

	b = load("bl2-spim-nand-2k64.img", &len);
	if (b) {
		m = malloc(len);
		CUT("spim", 0x50);
		CUT("spim", 0x800);
		CUT("spim", 0xaff);
		CUT("spim", len - 1);
		MUTATE("spim", "header byte flipped", -EBADMSG, "CRC16", m[0x10] ^= 1);
		MUTATE("spim", "CRC16 flipped", -EBADMSG, "CRC16", m[0x4e] ^= 1);
		MUTATE("spim", "page size 3000 (CRC fixed)", -EINVAL, "page size 3000",
		       (mtk_put_le32(m + 0x10, 3000),
			m[0x4e] = mtk_bl2_spim_crc16(m, 0x4e) & 0xff,
			m[0x4f] = mtk_bl2_spim_crc16(m, 0x4e) >> 8));
		MUTATE("spim", "page size 4096 (CRC fixed)", -EINVAL, "no GFH",
		       (mtk_put_le32(m + 0x10, 4096),
			m[0x4e] = mtk_bl2_spim_crc16(m, 0x4e) & 0xff,
			m[0x4f] = mtk_bl2_spim_crc16(m, 0x4e) >> 8));
		MUTATE("spim", "GFH flash type GEN", -EINVAL, "flash type 5",
		       m[0x81a] = 5);
		MUTATE("spim", "version 2", -EINVAL, "version 2", m[8] = 2);
		free(m);
		free(b);
	} else {
		skip("BL2 SPIM hostile variants");
	}

	b = load("bl2-snand-2k64.img", &len);
	if (b) {
		m = malloc(len);
		CUT("ap", 0x810);
		CUT("ap", 0x1000);
		MUTATE("ap", "BRLYT type eMMC", -EINVAL, "BRLYT type is 0x10005",
		       mtk_put_le32(m + 0x818, 0x10005));
		MUTATE("ap", "page size 0", -EINVAL, "page size 0",
		       (m[0x1a] = 0, m[0x1b] = 0));
		MUTATE("ap", "no NFIINFO", -EINVAL, "NFIINFO", m[16] = 'X');
		MUTATE("ap", "BRLYT header pages 3", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x80c, 3));
		free(m);
		free(b);
	} else {
		skip("BL2 AP hostile variants");
	}

	b = load("bl2-hsm-2k64.img", &len);
	if (b) {
		m = malloc(len);
		MUTATE("hsm", "unknown config", -EINVAL, "config 0x5",
		       mtk_put_le32(m + 0xc, 5));
		MUTATE("hsm", "spare larger than the page", -EINVAL, "spare size",
		       mtk_put_le32(m + 0x24, 4096));
		free(m);
		free(b);
	} else {
		skip("BL2 HSM hostile variants");
	}
#undef MUTATE
#undef CUT
}

/* ------------------------------------------------------------------ */

/* recompute the CRCs of both copies from their raw (mutated) fields */
static void gpt_fix_one(u8 *d, size_t len, u64 lba)
{
	u8 *h = d + lba * 512;
	u64 elba = mtk_get_le64(h + 72);
	u64 bytes = (u64)mtk_get_le32(h + 80) * mtk_get_le32(h + 84);
	u32 hs = mtk_get_le32(h + 12);

	if (bytes <= MTK_GPT_MAX_ARRAY && elba < len / 512 &&
	    bytes <= len - elba * 512)
		mtk_put_le32(h + 88, mtk_fmt_crc32(0, d + elba * 512, bytes));
	if (hs >= 92 && hs <= 512) {
		mtk_put_le32(h + 16, 0);
		mtk_put_le32(h + 16, mtk_fmt_crc32(0, h, hs));
	}
}

static void gpt_fix(u8 *d, size_t len, bool primary, bool backup)
{
	if (primary)
		gpt_fix_one(d, len, 1);
	if (backup)
		gpt_fix_one(d, len, len / 512 - 1);
}

static void test_gpt(void)
{
	struct mtk_gpt g;
	struct mtk_gpt_header bh;
	struct mtk_gpt_part p;
	size_t len;
	u8 *b, *m;
	int r, i3, i4;
	char path[1024], cmd[2600];
	FILE *f;

	b = load("gpt-emmc.img", &len);
	if (!b) {
		skip("GPT disk");
		return;
	}
	m = malloc(len);
	r = mtk_gpt_parse_disk(b, len, 512, &g, err, sizeof(err));
	ok(!r && g.primary_ok && g.backup_ok, "sgdisk GPT: both copies valid and equal");
	i3 = mtk_gpt_find(&g.primary, g.pents, "fip");
	i4 = mtk_gpt_find(&g.primary, g.pents, "fip2");
	ok(i3 == 2 && i4 == 3 && mtk_gpt_find(&g.primary, g.pents, "bspconf") == 4 &&
	   mtk_gpt_find(&g.primary, g.pents, "nope") == -ENOENT &&
	   mtk_gpt_find(&g.primary, g.pents, "fi") == -ENOENT,
	   "GPT lookup by name: fip=%d fip2=%d", i3, i4);
	ok(!mtk_gpt_get_part(&g.primary, g.pents, 2, &p) && p.first_lba == 13312 &&
	   p.last_lba == 17407 && !strcmp(p.name, "fip") &&
	   mtk_gpt_get_part(&g.primary, g.pents, 7, &p) == -ENOENT &&
	   mtk_gpt_get_part(&g.primary, g.pents, 128, &p) == -EINVAL,
	   "GPT entry fip at LBA 13312..17407");
	mtk_gpt_backup_of(&g.primary, 512, &bh);
	ok(bh.current_lba == g.backup.current_lba && bh.entries_lba == g.backup.entries_lba &&
	   bh.backup_lba == 1, "backup header derived from the primary matches sgdisk's");

	/* the GPT switch: swap fip and fip2 in both copies, backup first */
	memcpy(m, b, len);
	{
		struct mtk_gpt_header ph = g.primary, bk = g.backup;
		u8 *pe = m + ph.entries_lba * 512, *be = m + bk.entries_lba * 512;

		r = mtk_gpt_set_name(&bk, be, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_set_name(&bk, be, 3, "fip", err, sizeof(err));
		mtk_gpt_serialise(&bk, be, m + bk.current_lba * 512, 512);
		r |= mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err)) != -EBADMSG;
		ok(!r && g.primary_ok && g.backup_ok && has("partition entries"),
		   "after the backup is renamed: copies differ (%s)", err);
		r = mtk_gpt_set_name(&ph, pe, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_set_name(&ph, pe, 3, "fip", err, sizeof(err));
		mtk_gpt_serialise(&ph, pe, m + 512, 512);
		r |= mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
		ok(!r && mtk_gpt_find(&g.primary, g.pents, "fip") == 3 &&
		   mtk_gpt_find(&g.backup, g.bents, "fip2") == 2,
		   "after both are renamed: valid, fip is entry 4");
	}
	/* the CRC-neutral rename: one entry changes, headers stay valid */
	memcpy(m, b, len);
	mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	{
		struct mtk_gpt_header ph = g.primary;
		u8 *pe = m + ph.entries_lba * 512, *o = b + ph.entries_lba * 512;
		size_t n = mtk_gpt_array_bytes(&ph), i, diff = 0, odd = 0;

		r = mtk_gpt_rename_keep_crc(&ph, pe, 3, "fip", err, sizeof(err));
		for (i = 0; i < n; i++) {
			diff += pe[i] != o[i] && (i < 3 * 128 || i >= 4 * 128);
			odd += (i % 128) >= 56 && (i % 2) && pe[i];
		}
		ok(!r && mtk_fmt_crc32(0, pe, n) == ph.entries_crc && !diff && !odd &&
		   mtk_gpt_find(&ph, pe, "fip") == 2,
		   "rename_keep_crc: entry 4 named fip, array CRC unchanged, only that entry changed, high bytes zero (%s)",
		   r ? err : "ok");
		r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
		ok(r == -EBADMSG && g.primary_ok && g.backup_ok,
		   "both headers still valid after a backup-less one-sector rename (copies differ: %s)",
		   err);
		r = mtk_gpt_rename_keep_crc(&ph, pe, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_rename_keep_crc(&ph, pe, 3, "fip", err, sizeof(err));
		ok(!r && mtk_fmt_crc32(0, pe, n) == ph.entries_crc &&
		   mtk_gpt_find_unique(&ph, pe, "fip") == 3 &&
		   mtk_gpt_find_unique(&ph, pe, "fip2") == 2, "rename_keep_crc: the switch, twice renamed");
		r = mtk_gpt_rename_keep_crc(&ph, pe, 2, "a-name-of-twenty-eight-chars", err, sizeof(err));
		ok(r == -EINVAL && has("at most 27"), "rename_keep_crc refuses a long name (%s)", err);
	}
	snprintf(path, sizeof(path), "%s/gpt-swapped.img", workdir);
	f = fopen(path, "wb");
	if (f && fwrite(m, 1, len, f) == len && !fclose(f)) {
		snprintf(cmd, sizeof(cmd),
			 "sgdisk -v '%s' 2>&1 | grep -q 'No problems found' && "
			 "sgdisk -i 4 '%s' 2>&1 | grep -q \"Partition name: 'fip'\"",
			 path, path);
		ok(system(cmd) == 0, "sgdisk verifies the switched GPT and sees fip as partition 4");
	} else {
		skip("sgdisk check");
	}
	memcpy(m, b, len);
	mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	{
		u8 *pe = m + g.primary.entries_lba * 512;

		r = mtk_gpt_swap_names(&g.primary, pe, "fip", "fip2", err, sizeof(err));
		ok(!r && mtk_gpt_find(&g.primary, pe, "fip") == 3 &&
		   mtk_gpt_find(&g.primary, pe, "fip2") == 2, "swap_names fip <-> fip2");
		r = mtk_gpt_swap_names(&g.primary, pe, "fip", "nope", err, sizeof(err));
		ok(r == -ENOENT && has("\"nope\""), "swap with a missing name (%s)", err);
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == 3 &&
		   mtk_gpt_find_unique(&g.primary, pe, "fip2") == 2 &&
		   mtk_gpt_find_unique(&g.primary, pe, "nope") == -ENOENT &&
		   mtk_gpt_find_unique(&g.primary, pe, "fi") == -ENOENT,
		   "find_unique: fip=3 fip2=2, missing names -ENOENT");
		mtk_gpt_set_name(&g.primary, pe, 0, "fip", NULL, 0);
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == -EEXIST &&
		   mtk_gpt_find(&g.primary, pe, "fip") == 0 &&
		   mtk_gpt_find_unique(&g.primary, pe, "fip2") == 2,
		   "find_unique: a name used twice is -EEXIST, the others still found");
		r = mtk_gpt_swap_names(&g.primary, pe, "fip", "fip2", err, sizeof(err));
		ok(r == -EEXIST && has("two partitions named"), "swap with a duplicate name (%s)", err);
		memset(pe, 0, 16);
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == 3,
		   "find_unique: an unused entry's name does not count");
	}
	ok(mtk_gpt_set_name(&g.primary, m, 0, "0123456789012345678901234567890123456",
			    err, sizeof(err)) == -EINVAL, "37-character name refused");
	ok(mtk_gpt_set_name(&g.primary, m, 0, "fip\n", err, sizeof(err)) == -EINVAL,
	   "non-printable name refused");

	/* hostile */
	memcpy(m, b, len);
	m[512 + 40] ^= 1;
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && !g.primary_ok && g.backup_ok && has("header CRC32"),
	   "primary header CRC bad: backup still usable (%s)", err);
	memcpy(m, b, len);
	m[1024 + 2 * 128 + 56] = 'X';
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && !g.primary_ok && g.backup_ok && has("entry array CRC32"),
	   "primary entry CRC bad (%s)", err);
	memcpy(m, b, len);
	memset(m + 512, 0, 512);
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && !g.primary_ok && g.backup_ok, "primary GPT erased: backup found at the last LBA");
	memcpy(m, b, len);
	m[len - 512 + 20] ^= 1;
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && g.primary_ok && !g.backup_ok, "backup header CRC bad (%s)", err);
	r = mtk_gpt_parse_disk(b, len / 2, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && !g.primary_ok && !g.backup_ok && has("not valid on a 16384-sector disk"),
	   "disk cut in half: refused (%s)", err);
	r = mtk_gpt_parse_disk(b, 1024, 512, &g, err, sizeof(err));
	ok(r == -ENODATA, "two-sector disk refused");
	memcpy(m, b, len);
	mtk_put_le32(m + 512 + 12, 600);
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && has("header size 600"), "header size 600 refused (%s)", err);

#define GPT_MUTATE(desc, want, substr, stmt)				\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		gpt_fix(m, len, true, true);				\
		r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err)); \
		ok(r == (want) && has(substr), "GPT %s: %d (%s)", desc, r, err); \
	} while (0)
	GPT_MUTATE("entries 0x10000", -EINVAL, "entry array",
		   (mtk_put_le32(m + 512 + 80, 0x10000),
		    mtk_put_le32(m + len - 512 + 80, 0x10000)));
	GPT_MUTATE("entry size 100", -EINVAL, "entry array",
		   (mtk_put_le32(m + 512 + 84, 100),
		    mtk_put_le32(m + len - 512 + 84, 100)));
	GPT_MUTATE("entries past the disk", -EINVAL, "past the disk",
		   mtk_put_le64(m + 512 + 72, len / 512 - 2));
	GPT_MUTATE("entries inside the usable space", -EINVAL, "overlaps",
		   mtk_put_le64(m + 512 + 72, 100));
	GPT_MUTATE("last usable past the disk", -EINVAL, "usable range",
		   mtk_put_le64(m + 512 + 48, len / 512));
	GPT_MUTATE("wrong current LBA", -EINVAL, "says it is at LBA 5",
		   mtk_put_le64(m + 512 + 24, 5));
	GPT_MUTATE("partition past the usable range", -EINVAL, "outside the usable",
		   (mtk_put_le64(m + 1024 + 5 * 128 + 40, len / 512 - 1),
		    mtk_put_le64(m + len - 33 * 512 + 5 * 128 + 40, len / 512 - 1)));
	GPT_MUTATE("partitions overlapping", -EINVAL, "partitions 1 and 2 overlap",
		   (mtk_put_le64(m + 1024 + 1 * 128 + 32, 9000),
		    mtk_put_le64(m + len - 33 * 512 + 1 * 128 + 32, 9000)));
	GPT_MUTATE("partition first > last", -EINVAL, "outside the usable",
		   (mtk_put_le64(m + 1024 + 32, 9300),
		    mtk_put_le64(m + len - 33 * 512 + 32, 9300)));
	GPT_MUTATE("only the primary renamed", -EBADMSG, "partition entries",
		   m[1024 + 2 * 128 + 56] = 'F');
#undef GPT_MUTATE
	free(m);
	free(b);
}

/* ------------------------------------------------------------------ */

static void test_bspconf(void)
{
	struct mtk_bspconf c, n;
	u8 out[MTK_BSPCONF_SIZE], out2[MTK_BSPCONF_SIZE];
	size_t la, lb, lm, lz, ls, lv;
	u8 *a = load("bspconf-a.bin", &la), *b = load("bspconf-b.bin", &lb);
	u8 *mx = load("bspconf-wrap-max.bin", &lm), *z = load("bspconf-wrap-zero.bin", &lz);
	u8 *s = load("bspconf-short.bin", &ls), *v2 = load("bspconf-ver2.bin", &lv);
	unsigned int valid;
	int r, which;

	ok(mtk_bspconf_newer(2, 1) && !mtk_bspconf_newer(1, 2) &&
	   mtk_bspconf_newer(0, U32_MAX) && !mtk_bspconf_newer(U32_MAX, 0) &&
	   !mtk_bspconf_newer(5, 5) && mtk_bspconf_newer(U32_MAX, U32_MAX - 1),
	   "upd_cnt order: higher wins, 0 beats 0xffffffff");
	if (!a || !b || !mx || !z || !s || !v2) {
		skip("bspconf records");
		goto out;
	}
	r = mtk_bspconf_decode(a, la, &c, err, sizeof(err));
	ok(!r && c.upd_cnt == 5 && c.current_fip_slot == 0 && c.fip[1].size == 0x61000 &&
	   c.fip[1].crc32 == 0x5678 && c.len == 88 && c.ver == 1,
	   "record written by Python's zlib decodes");
	mtk_bspconf_encode(&c, out);
	ok(!memcmp(out, a, 88), "encode(decode(record)) gives the same 88 bytes");
	r = mtk_bspconf_select(a, la, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1 && valid == 3 && c.upd_cnt == 6, "higher upd_cnt wins (copy 2)");
	r = mtk_bspconf_select(b, lb, a, la, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.upd_cnt == 6, "higher upd_cnt wins (copy 1)");
	r = mtk_bspconf_select(mx, lm, z, lz, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1 && c.upd_cnt == 0, "wrapped counter: 0 is newer than 0xffffffff");
	r = mtk_bspconf_select(z, lz, mx, lm, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.upd_cnt == 0, "wrapped counter, other order");
	r = mtk_bspconf_select(a, la, a, la, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0, "equal counters: copy 1");

	memcpy(out, b, 88);
	out[40] ^= 1;
	r = mtk_bspconf_select(a, la, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && valid == 1 && c.upd_cnt == 5, "newer copy with a bad CRC is skipped");
	memcpy(out2, a, 88);
	out2[0] ^= 1;
	r = mtk_bspconf_select(out2, 88, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(r == -EBADMSG && which == -1 && valid == 0 && has("copy 1") && has("copy 2"),
	   "both copies bad: %s", err);
	r = mtk_bspconf_select(NULL, 0, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1, "copy 1 missing: copy 2 used");

	r = mtk_bspconf_decode(v2, lv, &c, err, sizeof(err));
	ok(r == -EINVAL && has("version 2"), "newer version refused (%s)", err);
	r = mtk_bspconf_decode(s, ls, &c, err, sizeof(err));
	ok(!r && c.len == 0x34 && c.upd_cnt == 7 && c.current_fip_slot == 1 &&
	   c.image[0].size == 0 && c.fip[1].size == 0x61000,
	   "short record (len 0x34) zero-extended");
	r = mtk_bspconf_decode(a, 40, &c, err, sizeof(err));
	ok(r == -EINVAL && has("length 88"), "len beyond the buffer refused (%s)", err);
	r = mtk_bspconf_decode(a, 11, &c, err, sizeof(err));
	ok(r == -ENODATA, "11 bytes refused");
	memcpy(out, a, 88);
	mtk_put_le32(out + 4, 8);
	mtk_put_le32(out, mtk_fmt_crc32(0, out + 4, 4));
	r = mtk_bspconf_decode(out, 88, &c, err, sizeof(err));
	ok(r == -EINVAL, "len 8 refused");
	mtk_bspconf_decode(a, la, &c, NULL, 0);
	c.current_fip_slot = 2;
	mtk_bspconf_encode(&c, out);
	r = mtk_bspconf_decode(out, 88, &c, err, sizeof(err));
	ok(r == -EINVAL && has("current_fip_slot 2"), "slot 2 refused");

	/* the switch: from copy 2 (slot 1, upd 6) to slot 0, written to copy 1 */
	mtk_bspconf_select(a, la, b, lb, &c, &which, &valid, err, sizeof(err));
	r = mtk_bspconf_switch_fip(&c, 0, 0x70000, 0xdeadbeef, &n, err, sizeof(err));
	mtk_bspconf_encode(&n, out);
	ok(!r && n.upd_cnt == 7 && n.current_fip_slot == 0 && n.fip[0].size == 0x70000 &&
	   n.fip[0].upd_cnt == 2 && !n.fip[0].invalid && n.fip[1].size == 0x61000,
	   "switch to slot 0: upd_cnt 7, slot 0 described");
	r = mtk_bspconf_select(out, 88, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.current_fip_slot == 0 && c.fip[0].crc32 == 0xdeadbeef,
	   "BL2 picks the new record from the other copy");
	r = mtk_bspconf_switch_fip(&c, 2, 1, 1, &n, err, sizeof(err));
	ok(r == -EINVAL, "switch to slot 2 refused");

	mtk_bspconf_decode(mx, lm, &c, NULL, 0);
	mtk_bspconf_switch_fip(&c, 1, 0x1000, 1, &n, NULL, 0);
	mtk_bspconf_encode(&n, out);
	r = mtk_bspconf_select(mx, lm, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(!r && n.upd_cnt == 0 && which == 1 && c.current_fip_slot == 1,
	   "switch at upd_cnt 0xffffffff wraps to 0 and still wins");
out:
	free(a); free(b); free(mx); free(z); free(s); free(v2);
}

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
