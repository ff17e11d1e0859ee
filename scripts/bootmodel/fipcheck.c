// SPDX-License-Identifier: GPL-2.0-only
/*
 * fipcheck.c - the FIP as BL2 takes it (driver/formats/fip.c, stricter than TF-A's
 * io_fip, which checks only the ToC name and serial), the MediaTek checksum
 * entry a dual-FIP BL2 requires, and whose board it is (driver/formats/board.c).
 * xz-compressed BL31/BL33 (OpenWrt's FIP_COMPRESS, xz BL33 of community and
 * RAM-boot FIPs) are decompressed as MediaTek's BL2 does before it starts
 * them (driver/formats/xzfmt.c: CRC32 check, TF-A's 2 MiB image limit);
 * one that does not decompress is a FIP that does not boot.
 */
#include <stdio.h>
#include <stdlib.h>

#include "bm.h"
#include "board.h"
#include "fip.h"
#include "xzfmt.h"

/* every xz image of the FIP as BL2 unpacks it; @scratch holds BL33 after */
static int fip_xz(struct bm_ctx *c, const u8 *fip, size_t len,
		  const struct mtk_fip_info *fi, u8 *scratch)
{
	static const char *const what[2] = { "BL31", "BL33" };
	const int idx[2] = { fi->bl31, fi->bl33 };
	char why[192];
	unsigned int i;
	size_t out;

	for (i = 0; i < 2; i++) {
		const struct mtk_fip_entry *e;

		if (idx[i] < 0 || (unsigned int)idx[i] >= fi->nr_entries)
			continue;
		e = &fi->entry[idx[i]];
		if (!mtk_fmt_in_bounds(e->offset, e->size, len) ||
		    !mtk_xz_is(fip + e->offset, (size_t)e->size))
			continue;
		if (mtk_xz_unpack(fip + e->offset, (size_t)e->size, scratch,
				  MTK_XZ_MAX_OUT, &out, why, sizeof(why)))
			return bm_fail(c->rep,
				       "install a FIP whose images decompress: mtk-bootmedia check FILE tells",
				       "%s of the FIP is xz-compressed and BL2 cannot unpack it: %s",
				       what[i], why);
		bm_say(c->rep, "fip-xz",
		       "%s: xz, %llu bytes unpack to %zu (CRC32 ok, below the %u MiB limit), as BL2 does",
		       what[i], (unsigned long long)e->size, out,
		       MTK_XZ_MAX_OUT >> 20);
	}
	return 0;
}

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
	u8 *scratch;
	int ret;

	fi = malloc(sizeof(*fi));
	id = malloc(sizeof(*id));
	sum = malloc(4096);
	scratch = malloc(MTK_XZ_MAX_OUT);
	if (!fi || !id || !sum || !scratch) {
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
		if (fip_xz(c, fip, len, fi, scratch)) {
			ret = -1;
			goto out;
		}
		ret = mtk_board_from_fip(fip, len, fi, id, scratch,
					 MTK_XZ_MAX_OUT, msg, sizeof(msg));
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
	free(scratch);
	return ret;
}
