// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/formats/board.c and board_check.c: the identity of a
 * FIP's board (its U-Boot's DT and bootconf) and the check against the
 * running board, on the synthetic cases and on the real-shape corpus of
 * every OpenWrt board; hostile xz BL33 streams (xzfmt.c).
 */
#include <time.h>
#include "unit.h"
#include "board.h"
#include "xzfmt.h"

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

void test_board(void)
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

void test_board_real(void)
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
void test_xz_hostile(void)
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
