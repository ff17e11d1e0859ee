// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the single switch engine. One slot, written in place: the
 * old content is kept in memory and written back if the new one does not
 * read back (only when the write changed something). A power cut during
 * the write can brick the board, and `result` says so.
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
		snprintf(err, errlen, "switch single needs exactly one slot, %s has %d",
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

/* keep the old content, write, put the old content back on failure */
static int mtk_bm_stage_single(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			       char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;
	size_t unit = m->type == MTK_BM_TYPE_EMMC ? 512 : m->erasesize;
	size_t keep = round_up(c->image_len, unit), got = 0;
	char err2[MTK_BM_WHY_LEN];
	u8 *old;
	int ret, ret2;

	old = vmalloc(keep);
	if (!old)
		return mtk_fmt_fail(err, errlen, ENOMEM, "no memory to keep the old image");
	ret = mtk_bm_slot_read(s, old, keep, &got, err, errlen);
	if (ret)
		goto out;
	c->touched = false;
	ret = mtk_bm_stage_one(c, s, MTK_BM_W_FIRST_BLOCK_LAST, err, errlen);
	/* nothing changed on the media (refused before the first write): keep it */
	if (!ret || ret == -ENODEV || !c->touched)
		goto out;
	ret2 = mtk_bm_slot_write(s, old, got, MTK_BM_W_FIRST_BLOCK_LAST, err2, sizeof(err2));
	if (ret2)
		snprintf(err + strlen(err), errlen - strlen(err),
			 "; writing the old image back failed too (%.80s): the board may not boot, recover over UART",
			 err2);
	else
		snprintf(err + strlen(err), errlen - strlen(err),
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
