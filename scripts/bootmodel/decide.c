// SPDX-License-Identifier: GPL-2.0-only
/*
 * decide.c - the chain on one boot medium: BootROM -> BL2 -> FIP.
 */
#include <stdlib.h>

#include "bm.h"

#define BL31_FAIL "BL2 will stop with 'Failed to load image id 3'"

static int single_fip(struct bm_ctx *c, enum mtk_medium medium)
{
	const struct bm_profile *p = c->prof;
	char where[192], err[320];
	const char *fix;
	u8 *fip = NULL;
	size_t len = 0;
	int ret;

	if (medium == MTK_MEDIUM_SPI_NAND && p->nand_fip == BM_FIP_UBI) {
		fix = "restore the FIP: mtk-bootmedia restore BACKUP.tar --only fip (a static UBI volume named fip with an id below 16)";
		ret = bm_ubi_load(c, "fip", false, &fip, &len, where,
				  sizeof(where), err, sizeof(err));
	} else if (medium == MTK_MEDIUM_SPI_NAND) {
		fix = "write the FIP: mtk-bootmedia install fip FILE (over UART if the board is down)";
		ret = bm_nand_raw_fip(c, &fip, &len, where, sizeof(where));
		if (ret)
			return ret;
	} else {
		fix = "restore the GPT and FIP: mtk-bootmedia restore BACKUP.tar --only fip";
		ret = bm_gpt_load(c, "fip", false, BM_FIP_MAX, &fip, &len,
				  where, sizeof(where), err, sizeof(err));
	}
	if (!ret) {
		bm_say(c->rep, "fip", "%s", where);
		ret = bm_fip_check(c, fip, len, where, false, err, sizeof(err));
		if (ret)
			ret = bm_fail(c->rep, fix, "%s holds no valid FIP: %s: " BL31_FAIL,
				      where, err);
	} else {
		ret = bm_fail(c->rep, fix, "%s: " BL31_FAIL, err);
	}
	if (!ret)
		ret = bm_fip_board(c, fip, len, medium);
	free(fip);
	return ret;
}

int bm_decide(struct bm_ctx *c, enum mtk_medium medium)
{
	const struct bm_profile *p = c->prof;
	struct bm_report *r = c->rep;
	int ret;

	bm_say(r, "medium", "%s%s", mtk_medium_name(medium),
	       medium == p->strap ? " (the board's boot strap)" : " (not the strap: asked for)");
	if (medium == MTK_MEDIUM_SPI_NAND) {
		if (!c->src->size[BM_NAND])
			return bm_fail(r, "dump the SPI-NAND too", "the dump has no SPI-NAND (nand.bin)");
		ret = bm_nand_bl2(c);
	} else if (medium == MTK_MEDIUM_EMMC) {
		ret = bm_emmc_bl2(c);
	} else {
		return bm_fail(r, "set boot.strap in the board profile",
			       "the board profile names no boot medium the model knows (spi-nand, emmc)");
	}
	if (ret)
		return ret;
	if (p->dual_fip) {
		bm_say(r, "fip-rules", "MediaTek dual FIP (boot.dual-fip 1)");
		return bm_dual_fip(c, medium);
	}
	bm_say(r, "fip-rules", "%s",
	       medium == MTK_MEDIUM_EMMC ? "GPT partition fip" :
	       p->nand_fip == BM_FIP_UBI ? "static UBI volume fip" :
	       "raw SPI-NAND window");
	return single_fip(c, medium);
}
