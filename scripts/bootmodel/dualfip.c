// SPDX-License-Identifier: GPL-2.0-only
/*
 * dualfip.c - a MediaTek SDK BL2 built with DUAL_FIP (reference §4):
 * pick the bspconf record (valid copy with the newer upd_cnt, wrap aware),
 * start at its current_fip_slot, skip slots marked invalid, validate each
 * slot's FIP (checksum entry required) and fall back to the other slot.
 * Slots: UBI static volumes fip/fip2 and records bspconf1/bspconf2, or
 * GPT partitions fip/fip2 and the two copies in partition bspconf.
 */
#include <stdlib.h>

#include "bm.h"
#include "bspconf.h"

static int load_slot(struct bm_ctx *c, enum mtk_medium medium,
		     const char *name, u8 **data, size_t *len, char *where,
		     size_t wlen, char *err, size_t errlen)
{
	if (medium == MTK_MEDIUM_SPI_NAND)
		return bm_ubi_load(c, name, false, data, len, where, wlen,
				   err, errlen);
	return bm_gpt_load(c, name, true, BM_FIP_MAX, data, len, where, wlen,
			   err, errlen);
}

static int read_records(struct bm_ctx *c, enum mtk_medium medium,
			u8 *c1, size_t *l1, u8 *c2, size_t *l2)
{
	char where[160], err[256];
	u8 *d = NULL;
	size_t n = 0;

	*l1 = *l2 = 0;
	if (medium == MTK_MEDIUM_SPI_NAND) {
		if (!bm_ubi_load(c, "bspconf1", true, &d, &n, where,
				 sizeof(where), err, sizeof(err))) {
			*l1 = n < MTK_BSPCONF_SIZE ? n : MTK_BSPCONF_SIZE;
			memcpy(c1, d, *l1);
		} else {
			bm_say(c->rep, "bspconf", "copy 1 (UBI volume bspconf1): %s", err);
		}
		free(d);
		d = NULL;
		if (!bm_ubi_load(c, "bspconf2", true, &d, &n, where,
				 sizeof(where), err, sizeof(err))) {
			*l2 = n < MTK_BSPCONF_SIZE ? n : MTK_BSPCONF_SIZE;
			memcpy(c2, d, *l2);
		} else {
			bm_say(c->rep, "bspconf", "copy 2 (UBI volume bspconf2): %s", err);
		}
		free(d);
		return 0;
	}
	if (bm_gpt_load(c, "bspconf", true, 1U << 20, &d, &n, where,
			sizeof(where), err, sizeof(err)) || n < 1024) {
		bm_say(c->rep, "bspconf", "GPT partition bspconf: %s",
		       d ? "smaller than two 512-byte blocks" : err);
		free(d);
		return 0;
	}
	*l1 = *l2 = MTK_BSPCONF_SIZE;
	memcpy(c1, d, MTK_BSPCONF_SIZE);
	memcpy(c2, d + ((n / 512) - 1) * 512, MTK_BSPCONF_SIZE);
	free(d);
	return 0;
}

int bm_dual_fip(struct bm_ctx *c, enum mtk_medium medium)
{
	struct bm_report *r = c->rep;
	u8 c1[MTK_BSPCONF_SIZE], c2[MTK_BSPCONF_SIZE];
	char err[256], where[160], sum[1024];
	struct mtk_bspconf conf;
	unsigned int valid, k;
	size_t l1, l2;
	int which;

	read_records(c, medium, c1, &l1, c2, &l2);
	if (mtk_bspconf_select(l1 ? c1 : NULL, l1, l2 ? c2 : NULL, l2, &conf,
			       &which, &valid, err, sizeof(err))) {
		bm_strict(r, "what a dual-FIP BL2 does without a valid bspconf record is not documented (reference §4.5): counted as will not boot");
		return bm_fail(r, "write a valid bspconf record (mtk-bootmedia activate fip SLOT)",
			       "%s", err);
	}
	bm_say(r, "bspconf", "copy %d in use (upd_cnt %u; valid copies: %s)",
	       which + 1, conf.upd_cnt,
	       valid == 3 ? "both" : valid == 1 ? "1 only" : "2 only");
	mtk_bspconf_summary(&conf, sum, sizeof(sum));
	bm_say_block(r, "bspconf", sum);

	for (k = 0; k < 2; k++) {
		unsigned int slot = (conf.current_fip_slot + k) & 1;
		const char *name = slot ? "fip2" : "fip";
		u8 *fip = NULL;
		size_t len = 0;

		if (conf.fip[slot].invalid) {
			bm_say(r, "fip-slot", "%u (%s): skipped, marked invalid in bspconf",
			       slot, name);
			continue;
		}
		if (load_slot(c, medium, name, &fip, &len, where, sizeof(where),
			      err, sizeof(err)) ||
		    bm_fip_check(c, fip, len, where, true, err, sizeof(err))) {
			bm_say(r, "fip-slot", "%u (%s): invalid: %s", slot, name, err);
			free(fip);
			continue;
		}
		bm_say(r, "fip-slot", "%u (%s): valid%s", slot, name,
		       k ? " (fallback from the current slot)" : "");
		bm_say(r, "fip", "bspconf slot %u: %s", slot, where);
		if (conf.fip[slot].size && (conf.fip[slot].size > len ||
		    conf.fip[slot].crc32 != mtk_fmt_crc32(0, fip, conf.fip[slot].size)))
			bm_say(r, "fip-note", "bspconf size/crc32 of slot %u do not match its FIP (BL2 does not check them, reference §4.5)",
			       slot);
		k = 0;
		if (bm_fip_board(c, fip, len, medium))
			k = 1;
		free(fip);
		return k ? -1 : 0;
	}
	return bm_fail(r, "install a good FIP into the inactive slot and switch to it",
		       "neither FIP slot holds a FIP the dual-FIP BL2 accepts");
}
