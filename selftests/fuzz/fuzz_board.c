// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: board identity read from a raw U-Boot image (env and
 * FDT scan) and compared with a running identity taken from the input:
 * the first byte gives the length of a compatible list that follows.
 */
#include "board.h"

static u8 xzbuf[MTK_XZ_MAX_OUT];

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	struct mtk_board_running run = { 0 };
	struct mtk_board_id id;
	enum mtk_board_verdict v;
	char compat[256], bootconf[64], err[200], sum[1024];
	size_t n = 0, m = 0;

	if (len) {
		n = data[0] & 0x7f;
		m = data[0] & 0x80 ? 16 : 0;
		data++;
		len--;
		if (n + m > len)
			n = m = 0;
		memcpy(compat, data, n);
		compat[n] = 0;
		memcpy(bootconf, data + n, m);
		bootconf[m] = 0;
		data += n + m;
		len -= n + m;
		run.compatible = compat;
		run.bootconf = m ? bootconf : NULL;
		run.medium = (enum mtk_medium)(n % 5);
	}
	if (mtk_board_from_uboot(data, len, &id, xzbuf, sizeof(xzbuf), err,
				 sizeof(err)))
		return 0;
	if (strlen(id.compatible) >= sizeof(id.compatible) ||
	    strlen(id.bootconf) >= sizeof(id.bootconf) ||
	    strlen(id.bootmenu_title) >= sizeof(id.bootmenu_title) ||
	    strchr(id.bootmenu_title, 0x1b) || id.xz_size > MTK_XZ_MAX_OUT)
		__builtin_trap();
	mtk_board_summary(&id, sum, sizeof(sum));
	mtk_board_check(&id, &run, false, &v, err, sizeof(err));
	mtk_board_check(&id, &run, true, &v, err, sizeof(err));
	return 0;
}
