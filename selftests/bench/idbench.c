// SPDX-License-Identifier: GPL-2.0-only
/*
 * idbench FIP [CALLS]: the board-identity search of the module's format code
 * (driver/formats/board.c, mtk_board_from_fip()) alone, built for the host by
 * selftests/bench/identity with the kernel's -O2: prints the process CPU time
 * per call, averaged over CALLS (default 50). The same C runs in the kernel,
 * so this is the figure a native kernel comes close to; a TCG guest adds its
 * translation on top.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fip.h"
#include "board.h"
#include "xzfmt.h"

static u8 buf[16 << 20];
static u8 xzbuf[MTK_XZ_MAX_OUT];
static struct mtk_fip_info fi;

int main(int argc, char **argv)
{
	int i, n = argc > 2 ? atoi(argv[2]) : 50;
	struct mtk_board_id id;
	struct timespec a, b;
	char err[256];
	size_t len;
	FILE *f;

	if (argc < 2 || n < 1) {
		fprintf(stderr, "usage: idbench FIP [CALLS]\n");
		return 2;
	}
	f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	if (mtk_fip_parse(buf, len, &fi, err, sizeof(err))) {
		fprintf(stderr, "idbench: %s: %s\n", argv[1], err);
		return 1;
	}
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
	for (i = 0; i < n; i++)
		mtk_board_from_fip(buf, len, &fi, &id, xzbuf, sizeof(xzbuf), err, sizeof(err));
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
	printf("%.3f ms CPU per call (%d calls)\n",
	       ((b.tv_sec - a.tv_sec) * 1e3 + (b.tv_nsec - a.tv_nsec) / 1e6) / n, n);
	return 0;
}
