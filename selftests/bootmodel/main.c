// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - bootmodel [--profile FILE] [--medium spi-nand|emmc]
 *                    [--accept-unknown-board] DUMPDIR
 * Exit: 0 the board boots, 1 it will not (reason printed), 2 usage or dump
 * error.
 */
#include <getopt.h>
#include <stdlib.h>

#include "bm.h"

static int usage(void)
{
	fprintf(stderr,
		"usage: bootmodel [--profile FILE] [--medium spi-nand|emmc] [--accept-unknown-board] DUMPDIR\n");
	return 2;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "medium", required_argument, NULL, 'm' },
		{ "accept-unknown-board", no_argument, NULL, 'u' },
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
		default:
			return usage();
		}
	}
	if (optind != argc - 1)
		return usage();
	if (bm_dump_open(argv[optind], &src, err, sizeof(err))) {
		fprintf(stderr, "bootmodel: %s\n", err);
		return 2;
	}
	if (!pfile) {
		snprintf(path, sizeof(path), "%s/profile.board", argv[optind]);
		pfile = path;
	}
	if (bm_profile_load(pfile, &prof, err, sizeof(err))) {
		fprintf(stderr, "bootmodel: %s (give --profile FILE)\n", err);
		src.ops->close(&src);
		return 2;
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
