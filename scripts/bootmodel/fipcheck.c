// SPDX-License-Identifier: GPL-2.0-only
/*
 * fipcheck.c - the FIP as BL2 takes it (driver/formats/fip.c, stricter than TF-A's
 * io_fip, which checks only the ToC name and serial), the MediaTek checksum
 * entry a dual-FIP BL2 requires, and whose board it is (driver/formats/board.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include "bm.h"
#include "board.h"
#include "fip.h"

int bm_fip_check(struct bm_ctx *c, const u8 *fip, size_t len,
		 const char *where, bool dual, char *err, size_t errlen)
{
	struct mtk_fip_info *fi;
	int ret;

	(void)c;
	(void)where;
	fi = malloc(sizeof(*fi));
	if (!fi)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	ret = mtk_fip_parse(fip, len, fi, err, errlen);
	if (!ret && dual && fi->checksum < 0)
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "the FIP has no MediaTek checksum entry, which a dual-FIP BL2 requires (reference §4.6)");
	if (!ret && dual && fi->end >= BM_FIP_MAX)
		ret = mtk_fmt_fail(err, errlen, E2BIG,
				   "the FIP is not below 16 MiB (dual-FIP buffer)");
	free(fi);
	return ret;
}

int bm_fip_board(struct bm_ctx *c, const u8 *fip, size_t len,
		 enum mtk_medium medium)
{
	struct mtk_board_running run = {
		.compatible = c->prof->compatible,
		.medium = medium,
	};
	enum mtk_board_verdict v;
	struct mtk_fip_info *fi;
	struct mtk_board_id *id;
	char msg[256], *sum;
	int ret;

	fi = malloc(sizeof(*fi));
	id = malloc(sizeof(*id));
	sum = malloc(4096);
	if (!fi || !id || !sum) {
		ret = bm_fail(c->rep, NULL, "out of memory");
		goto out;
	}
	ret = mtk_fip_parse(fip, len, fi, msg, sizeof(msg));
	if (!ret) {
		u8 sha[32];
		size_t n = fi->end < len ? (size_t)fi->end : len;
		int i;

		mtk_fip_summary(fi, sum, 4096);
		bm_say_block(c->rep, "fip", sum);
		/* the FIP proper, for the cross-check with selftests/bootmodel/xmodel */
		mtk_fmt_sha256(fip, n, sha);
		for (i = 0; i < 32; i++)
			snprintf(msg + 2 * i, 3, "%02x", sha[i]);
		bm_say(c->rep, "fip-image", "%zu bytes, sha256 %s", n, msg);
		ret = mtk_board_from_fip(fip, len, fi, id, NULL, 0, msg,
					 sizeof(msg));
	}
	if (ret) {
		ret = bm_fail(c->rep, NULL, "FIP identity: %s", msg);
		goto out;
	}
	mtk_board_summary(id, sum, 4096);
	bm_say_block(c->rep, "fip", sum);
	ret = mtk_board_check(id, &run, c->accept_unknown_board, &v, msg,
			      sizeof(msg));
	bm_say(c->rep, "fip-board", "%s: %s",
	       v == MTK_BOARD_MATCH ? "match" :
	       v == MTK_BOARD_MISMATCH ? "MISMATCH" : "unknown", msg);
	if (ret && v == MTK_BOARD_MISMATCH)
		ret = bm_fail(c->rep,
			      "install this board's FIP: mtk-bootmedia install fip FILE (or restore a backup)",
			      "wrong board: %s; its U-Boot would not bring this board up (a wrong-board FIP counts as a brick)",
			      msg);
	else if (ret)
		ret = bm_fail(c->rep,
			      "check the FIP by hand; bootmodel --accept-unknown-board accepts it",
			      "cannot tell which board the FIP is for: %s (strict: counted as will not boot)",
			      msg);
out:
	free(fi);
	free(id);
	free(sum);
	return ret;
}
