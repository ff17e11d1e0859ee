// SPDX-License-Identifier: GPL-2.0-only
/*
 * inspect - run the driver's format code on a file from the command line.
 *
 *   inspect fip FILE [RUNNING_COMPAT [MEDIUM [BOOTCONF]]]
 *   inspect bl2 FILE [MEDIUM [PAGE SPARE [SOC]]]
 *   inspect gpt DISK.img
 *   inspect bspconf COPY1 COPY2
 *
 * MEDIUM: nor | snand | emmc | sd | -. Exit 0 when accepted, 1 otherwise.
 */
#include <stdlib.h>
#include "fip.h"
#include "bl2.h"
#include "board.h"
#include "gptfmt.h"
#include "bspconf.h"

static u8 *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	u8 *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!f)
		return NULL;
	for (;;) {
		if (*len == cap) {
			cap = cap ? cap * 2 : 65536;
			buf = realloc(buf, cap);
			if (!buf)
				exit(2);
		}
		n = fread(buf + *len, 1, cap - *len, f);
		if (!n)
			break;
		*len += n;
	}
	fclose(f);
	return buf;
}

static enum mtk_medium medium_arg(const char *s)
{
	if (!s)
		return MTK_MEDIUM_UNKNOWN;
	if (!strcmp(s, "nor"))
		return MTK_MEDIUM_SPI_NOR;
	if (!strcmp(s, "snand") || !strcmp(s, "spi-nand"))
		return MTK_MEDIUM_SPI_NAND;
	if (!strcmp(s, "emmc"))
		return MTK_MEDIUM_EMMC;
	if (!strcmp(s, "sd"))
		return MTK_MEDIUM_SD;
	return MTK_MEDIUM_UNKNOWN;
}

int main(int argc, char **argv)
{
	static char out[4096], err[256];
	size_t len;
	u8 *buf;
	int ret;

	if (argc < 3) {
		fprintf(stderr, "usage: inspect fip|bl2|gpt|bspconf FILE ...\n");
		return 2;
	}
	buf = slurp(argv[2], &len);
	if (!buf) {
		perror(argv[2]);
		return 2;
	}
	if (!strcmp(argv[1], "fip")) {
		static struct mtk_fip_info fi;
		struct mtk_board_id id;
		struct mtk_board_running run = { 0 };
		enum mtk_board_verdict v;

		ret = mtk_fip_parse(buf, len, &fi, err, sizeof(err));
		if (ret) {
			printf("error: %d %s\n", ret, err);
			return 1;
		}
		mtk_fip_summary(&fi, out, sizeof(out));
		fputs(out, stdout);
		{
			static u8 xzbuf[MTK_XZ_MAX_OUT];

			if (mtk_board_from_fip(buf, len, &fi, &id, xzbuf,
					       sizeof(xzbuf), err, sizeof(err)))
				printf("identity: error: %s\n", err);
		}
		mtk_board_summary(&id, out, sizeof(out));
		fputs(out, stdout);
		if (argc > 3) {
			run.compatible = argv[3];
			run.medium = medium_arg(argc > 4 ? argv[4] : NULL);
			run.bootconf = argc > 5 ? argv[5] : NULL;
			ret = mtk_board_check(&id, &run, false, &v, err,
					      sizeof(err));
			printf("verdict: %s (%d) %s\n",
			       v == MTK_BOARD_MATCH ? "match" :
			       v == MTK_BOARD_MISMATCH ? "mismatch" : "unknown",
			       ret, err);
			return ret ? 1 : 0;
		}
	} else if (!strcmp(argv[1], "bl2")) {
		struct mtk_bl2_info bi;
		struct mtk_bl2_target t = { 0 };

		ret = mtk_bl2_parse(buf, len, &bi, err, sizeof(err));
		if (ret) {
			printf("error: %d %s\n", ret, err);
			return 1;
		}
		mtk_bl2_summary(&bi, out, sizeof(out));
		fputs(out, stdout);
		if (argc > 3) {
			t.medium = medium_arg(argv[3]);
			t.page_size = argc > 4 ? (u32)strtoul(argv[4], NULL, 0) : 0;
			t.spare_size = argc > 5 ? (u32)strtoul(argv[5], NULL, 0) : 0;
			t.soc = argc > 6 ? argv[6] : NULL;
			ret = mtk_bl2_check_target(&bi, &t, err, sizeof(err));
			printf("target: %d %s\n", ret, ret ? err : "ok");
			return ret ? 1 : 0;
		}
	} else if (!strcmp(argv[1], "gpt")) {
		struct mtk_gpt gpt;

		ret = mtk_gpt_parse_disk(buf, len, 512, &gpt, err, sizeof(err));
		printf("%s: %d %s\n", ret ? "error" : "ok", ret, ret ? err : "");
		if (!ret) {
			mtk_gpt_summary(&gpt, out, sizeof(out));
			fputs(out, stdout);
		}
		return ret ? 1 : 0;
	} else if (!strcmp(argv[1], "bspconf") && argc > 3) {
		struct mtk_bspconf c;
		size_t len2;
		u8 *b2 = slurp(argv[3], &len2);
		int which;

		ret = mtk_bspconf_select(buf, len, b2, b2 ? len2 : 0, &c,
					 &which, NULL, err, sizeof(err));
		printf("%s: %d copy %d %s\n", ret ? "error" : "ok", ret,
		       which + 1, err);
		free(b2);
		return ret ? 1 : 0;
	} else {
		fprintf(stderr, "inspect: unknown kind %s\n", argv[1]);
		return 2;
	}
	free(buf);
	return 0;
}
