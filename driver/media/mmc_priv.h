/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: mmc_core functions that are exported (EXPORT_SYMBOL[_GPL])
 * but declared only in mmc_core's private headers (drivers/mmc/core/core.h,
 * mmc_ops.h), which distribution header packages do not ship. Unchanged
 * from 6.1 to 6.12; the Kbuild probe driver/probes/mmc_switch_private.c
 * checks that no public header declares them differently.
 */
#ifndef MTK_BM_MMC_PRIV_H
#define MTK_BM_MMC_PRIV_H

#include <linux/mmc/card.h>
#include <linux/mmc/core.h>

#ifndef MTK_BM_HAVE_MMC_PRIVATE_OPS
#error "mmc_core's private prototypes changed: check mmc_priv.h against drivers/mmc/core"
#endif

int mmc_switch(struct mmc_card *card, u8 set, u8 index, u8 value,
	       unsigned int timeout_ms);
void mmc_get_card(struct mmc_card *card, struct mmc_ctx *ctx);
void mmc_put_card(struct mmc_card *card, struct mmc_ctx *ctx);

#endif /* MTK_BM_MMC_PRIV_H */
