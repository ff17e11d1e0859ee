// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the bspconf engine on eMMC (MediaTek dual FIP).
 *
 * The FIP slots are GPT partitions "fip" (bspconf slot 0) and "fip2" (slot
 * 1). The record has two copies in GPT partition "bspconf": copy 1 at its
 * start, copy 2 in its last 512-byte block. The commit writes the copy
 * that is not in use (bspconf.c composes it); the copy in use stays as it
 * is.
 *
 * The record's partition is the first slot of the medium's component named
 * "bspconf" (kind data), so that it is bound, protected and backed up like
 * any other area.
 *
 * On SPI-NAND the record is in UBI volumes: bspconf_ubi.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/string.h>

#include "bspconf.h"
#include "formats/fmt.h"
#include "media/compat.h"

/* Read both copies: the first and the last block of the partition */
static int mtk_bm_bspconf_gpt_load(struct mtk_bm_medium *m, struct mtk_bm_dualfip *d,
				   char *err, size_t errlen)
{
	struct mtk_bm_slot *rec = mtk_bm_dualfip_rec_slot(m);
	struct mtk_bm_bdev b;
	int ret;

	if (!rec)
		return mtk_fmt_fail(err, errlen, ENOENT,
				    "switch bspconf needs a component bspconf with a gpt: slot (gpt:bspconf) or ubi: slots (bspconf1, bspconf2)");
	ret = mtk_bm_gpt_slot(m, rec, &d->first, &d->nr, NULL, 0, err, errlen);
	if (ret)
		return ret;
	if (d->nr < 2)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "GPT partition %s is too small for two bspconf copies",
				    rec->loc.name);
	ret = mtk_bm_bdev_open(disk_devt(m->disk), false, &b);
	if (ret)
		return mtk_fmt_fail(err, errlen, -ret, "cannot open %s", m->disk->disk_name);
	ret = mtk_bm_bdev_io(b.bdev, REQ_OP_READ, d->first * MTK_BM_SECTOR, d->copy[0],
			     MTK_BM_SECTOR);
	if (!ret)
		ret = mtk_bm_bdev_io(b.bdev, REQ_OP_READ,
				     (d->first + d->nr - 1) * MTK_BM_SECTOR, d->copy[1],
				     MTK_BM_SECTOR);
	mtk_bm_bdev_close(&b);
	if (ret)
		return mtk_fmt_fail(err, errlen, EIO, "cannot read the bspconf record");
	return 0;
}

/* write copy @target of the record in place, read back */
static int mtk_bm_bspconf_gpt_commit(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				     struct mtk_bm_dualfip *d, unsigned int idx, int target,
				     struct mtk_bspconf *next, char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;
	struct mtk_bm_wreq w = { .disk = m->disk, .len = MTK_BM_SECTOR };
	int ret;

	memset(d->copy[target], 0, MTK_BM_SECTOR);
	mtk_bspconf_encode(next, d->copy[target]);
	w.buf = d->copy[target];
	w.offset = (target ? d->first + d->nr - 1 : d->first) * MTK_BM_SECTOR;
	ret = mtk_bm_write(m, &w, err, errlen);
	if (!ret)
		mtk_fmt_msg(err, errlen, "bspconf copy %d written with upd_cnt %u", target + 1,
			    next->upd_cnt);
	return ret;
}

static const struct mtk_bm_bspconf_store mtk_bm_bspconf_gpt = {
	.load = mtk_bm_bspconf_gpt_load,
	.commit = mtk_bm_bspconf_gpt_commit,
};

/* the record in GPT partition "bspconf" of the eMMC user area */
const struct mtk_bm_engine mtk_bm_engine_bspconf_emmc = {
	.name = "bspconf",
	.flags = MTK_BM_ENG_INACTIVE | MTK_BM_ENG_BL2_PICKS,
	.data = &mtk_bm_bspconf_gpt,
	.stage_note = "inactive slot; write it to active to switch",
	.active = mtk_bm_dualfip_engine_active,
	.refuse_stage = mtk_bm_dualfip_refuse_stage,
	.activate = mtk_bm_dualfip_activate,
	.fip_refused = mtk_bm_dualfip_fip_refused,
};
