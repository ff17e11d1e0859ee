// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the single switch engine. One slot, written in place: the
 * old content is kept and written back if the write fails after it changed
 * something (a block that does not read back). On MTD it is kept erase
 * block by erase block, in the staged buffer as its blocks are written
 * (memory: the image and two erase blocks, media/mtd_io.c); on eMMC a copy
 * of the old content is read first. A power cut during the write can brick
 * the board, and `result` says so.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "core/mtk_bootmedia.h"
#include "engine.h"
#include "formats/fmt.h"

/* one slot exactly */
static struct mtk_bm_slot *mtk_bm_only_slot(struct mtk_bm_component *c, char *err,
					    size_t errlen)
{
	struct mtk_bm_slot *s, *only = NULL;
	int n = 0;

	list_for_each_entry(s, &c->medium->slots, node) {
		if (s->comp == c) {
			only = s;
			n++;
		}
	}
	if (n != 1) {
		mtk_fmt_msg(err, errlen, "switch single needs exactly one slot, %s has %d",
			    config_item_name(&c->group.cg_item), n);
		return NULL;
	}
	return only;
}

static int mtk_bm_single_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
				char *err, size_t errlen)
{
	*act = mtk_bm_only_slot(c, err, errlen);
	return *act ? 0 : -EINVAL;
}

static int mtk_bm_single_check(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			       char *err, size_t errlen)
{
	return mtk_bm_only_slot(c, err, errlen) != s ? -EINVAL : 0;
}

/* MTD: the old content kept block by block (mtk_bm_slot_write_keep()) */
static int mtk_bm_stage_single_mtd(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				   char *err, size_t errlen)
{
	struct mtk_bm_keep keep = { .buf = c->image };
	u32 crc = mtk_fmt_crc32(0, c->image, c->image_len);
	int ret;

	c->touched = false;
	ret = mtk_bm_stage_one(c, s, MTK_BM_W_FIRST_BLOCK_LAST, &keep, err, errlen);
	/* nothing changed (refused before the first erase) */
	if (!ret || !c->touched)
		return ret;
	if (keep.written)
		/* the check of what the slot holds failed after the write */
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; the image was written and read back over the old one, which is not kept: the board may not boot, recover over UART");
	else if (ret != -ENODEV && keep.restore)
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; writing the old image back failed too (%.80s): the board may not boot, recover over UART",
			    keep.why);
	else if (ret != -ENODEV)
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; the old image was written back");
	/* the staged buffer holds the new image again, unless a read failed */
	if (mtk_fmt_crc32(0, c->image, c->image_len) != crc) {
		mtk_bm_image_drop(c);
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; staged image dropped (part of it could not be read back from the flash)");
	}
	return ret;
}

/* keep the old content, write, put the old content back on failure */
static int mtk_bm_stage_single(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			       char *err, size_t errlen)
{
	size_t keep = round_up(c->image_len, 512), got = 0;
	char err2[MTK_BM_WHY_LEN];
	u8 *old;
	int ret, ret2;

	if (s->loc.type == MTK_BM_LOC_MTD)
		return mtk_bm_stage_single_mtd(c, s, err, errlen);
	old = vmalloc(keep);
	if (!old)
		return mtk_fmt_fail(err, errlen, ENOMEM, "no memory to keep the old image");
	ret = mtk_bm_slot_read(s, old, keep, &got, err, errlen);
	if (ret)
		goto out;
	c->touched = false;
	ret = mtk_bm_stage_one(c, s, 0, NULL, err, errlen);
	/* nothing changed on the media (refused before the first write): keep it */
	if (!ret || ret == -ENODEV || !c->touched)
		goto out;
	ret2 = mtk_bm_slot_write(s, old, got, 0, err2, sizeof(err2));
	if (ret2)
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; writing the old image back failed too (%.80s): the board may not boot, recover over UART",
			    err2);
	else
		mtk_fmt_msg(err + strlen(err), errlen - strlen(err),
			    "; the old image was written back");
out:
	vfree(old);
	return ret;
}

const struct mtk_bm_engine mtk_bm_engine_single = {
	.name = "single",
	.stage_note =
		"in place: a power cut during this write could have bricked the board (UART recovery)",
	.active = mtk_bm_single_active,
	.check_stage = mtk_bm_single_check,
	.stage = mtk_bm_stage_single,
};
