// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - bootmodel [--profile FILE] [--medium spi-nand|emmc]
 *                    [--accept-unknown-board] DUMPDIR
 *           bootmodel --live --profile FILE [--nand-mtd NAME] [--emmc DISK]
 *                    [--ext-csd FILE] [--medium ...] [--accept-unknown-board]
 * Exit: 0 the board boots, 1 it will not (reason printed), 2 usage or dump
 * error.
 */
#include <getopt.h>
#include <stdlib.h>

#include "bm.h"
#include "bl2.h"

/*
 * --check-bl2 FILE: would the BootROM of this board run this BL2 from the
 * medium (SoC family, NAND controller and geometry of the profile and the
 * live chip)? The helper asks before install writes a BL2.
 */
static int check_bl2(const char *file, const struct bm_profile *p,
		     const struct bm_src *src, enum mtk_medium medium)
{
	struct mtk_bl2_target t = {
		.medium = medium,
		.page_size = medium == MTK_MEDIUM_SPI_NAND ? src->nand.page : 0,
		.spare_size = medium == MTK_MEDIUM_SPI_NAND ? src->nand.oob : 0,
		.nand_if = medium == MTK_MEDIUM_SPI_NAND ?
			   (enum mtk_nand_if)p->nand_if : MTK_NAND_IF_ANY,
		.soc = p->soc[0] ? p->soc : NULL,
	};
	struct mtk_bl2_info bi;
	char why[256];
	size_t len = 0;
	u8 *buf;
	FILE *f;
	int ret;

	f = fopen(file, "rb");
	if (!f) {
		fprintf(stderr, "bootmodel: %s: %s\n", file, strerror(errno));
		return 2;
	}
	buf = malloc(BM_FIP_MAX);
	if (buf)
		len = fread(buf, 1, BM_FIP_MAX, f);
	fclose(f);
	if (!buf) {
		fprintf(stderr, "bootmodel: out of memory\n");
		return 2;
	}
	ret = mtk_bl2_parse(buf, len, &bi, why, sizeof(why));
	if (!ret)
		ret = mtk_bl2_check_target(&bi, &t, why, sizeof(why));
	free(buf);
	if (ret) {
		printf("error: %s: the BootROM of %s would not run it from %s: %s\n",
		       file, p->name, mtk_medium_name(medium), why);
		return 1;
	}
	printf("ok: %s: %s BL2 for %s runs from %s\n", file, bi.header_name,
	       p->name, mtk_medium_name(medium));
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: bootmodel [--profile FILE] [--medium spi-nand|emmc] [--accept-unknown-board] DUMPDIR\n"
		"       bootmodel --live --profile FILE [--nand-mtd NAME] [--emmc DISK] [--ext-csd FILE]\n"
		"                 [--check-bl2 IMAGE]\n"
		"                 [--medium spi-nand|emmc] [--accept-unknown-board]\n"
		"  --live reads the running system's SPI-NAND (/dev/mtdN) and eMMC (read-only)\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "medium", required_argument, NULL, 'm' },
		{ "accept-unknown-board", no_argument, NULL, 'u' },
		{ "live", no_argument, NULL, 'l' },
		{ "nand-mtd", required_argument, NULL, 'N' },
		{ "emmc", required_argument, NULL, 'E' },
		{ "ext-csd", required_argument, NULL, 'X' },
		{ "check-bl2", required_argument, NULL, 'B' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct bm_report rep = { .out = stdout };
	struct bm_profile prof;
	struct bm_ctx ctx = { 0 };
	struct bm_src src;
	char path[600], err[512];
	const char *pfile = NULL;
	enum mtk_medium medium = MTK_MEDIUM_UNKNOWN;
	struct bm_live_opts lo = { 0 };
	const char *bl2file = NULL;
	bool live = false;
	int o, ret;

	while ((o = getopt_long(argc, argv, "p:m:uh", opts, NULL)) != -1) {
		switch (o) {
		case 'p':
			pfile = optarg;
			break;
		case 'm':
			if (!strcmp(optarg, "spi-nand"))
				medium = MTK_MEDIUM_SPI_NAND;
			else if (!strcmp(optarg, "emmc"))
				medium = MTK_MEDIUM_EMMC;
			else
				return usage();
			break;
		case 'u':
			ctx.accept_unknown_board = true;
			break;
		case 'l':
			live = true;
			break;
		case 'N':
			lo.nand_mtd = optarg;
			break;
		case 'E':
			lo.emmc_disk = optarg;
			break;
		case 'X':
			lo.ext_csd = optarg;
			break;
		case 'B':
			bl2file = optarg;
			break;
		case 'h':
			usage();
			return 0;
		default:
			return usage();
		}
	}
	if (live) {
		if (optind != argc || !pfile)
			return usage();
		if (bm_profile_load(pfile, &prof, err, sizeof(err))) {
			fprintf(stderr, "bootmodel: %s\n", err);
			return 2;
		}
		lo.no_nand = !prof.has_nand;
		lo.no_emmc = !prof.has_emmc;
		if (bm_live_open(&lo, &src, err, sizeof(err))) {
			fprintf(stderr, "bootmodel: %s\n", err);
			return 2;
		}
		/* the helper's profile has no geometry: the chip has it */
		if (prof.has_nand && !prof.geo.size) {
			prof.geo = src.nand;
			if (!prof.ubi_end)
				prof.ubi_end = src.nand.size;
		}
	} else {
		if (optind != argc - 1)
			return usage();
		if (bm_dump_open(argv[optind], &src, err, sizeof(err))) {
			fprintf(stderr, "bootmodel: %s\n", err);
			return 2;
		}
		if (!pfile) {
			snprintf(path, sizeof(path), "%s/profile.board",
				 argv[optind]);
			pfile = path;
		}
		if (bm_profile_load(pfile, &prof, err, sizeof(err))) {
			fprintf(stderr, "bootmodel: %s (give --profile FILE)\n",
				err);
			src.ops->close(&src);
			return 2;
		}
	}
	if (src.size[BM_NAND] && prof.has_nand &&
	    (src.nand.page != prof.geo.page || src.nand.block != prof.geo.block ||
	     src.nand.size != prof.geo.size)) {
		fprintf(stderr, "bootmodel: the dump's NAND geometry differs from profile %s\n",
			prof.name);
		src.ops->close(&src);
		return 2;
	}
	if (src.board[0] && prof.name[0] && strcmp(src.board, prof.name))
		fprintf(stderr, "bootmodel: warning: dump of board %s, profile %s\n",
			src.board, prof.name);
	if (medium == MTK_MEDIUM_UNKNOWN)
		medium = prof.strap;
	if (bl2file) {
		ret = check_bl2(bl2file, &prof, &src, medium);
		src.ops->close(&src);
		return ret;
	}
	ctx.src = &src;
	ctx.prof = &prof;
	ctx.rep = &rep;
	bm_say(&rep, "board", "%s (%s)", prof.name[0] ? prof.name : "-",
	       prof.compatible[0] ? prof.compatible : "no compatible");
	bm_say(&rep, "dump", "%s", src.dir);
	ret = bm_decide(&ctx, medium);
	if (ret || rep.failed) {
		bm_say(&rep, "verdict", "will not boot: %s", rep.reason);
		if (rep.fix[0])
			bm_say(&rep, "fix", "%s", rep.fix);
	} else {
		bm_say(&rep, "verdict", "boots");
	}
	bm_say(&rep, "strict-readings", "%u", rep.nstrict);
	src.ops->close(&src);
	return rep.failed || ret ? 1 : 0;
}
