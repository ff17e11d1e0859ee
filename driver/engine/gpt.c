// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the gpt switch engine. The FIP slots are GPT partitions
 * of the eMMC user area; BL2 loads the one named "fip". `active` is the slot
 * whose entry has that name; written, the names of the two entries are
 * swapped (media/gpt.c, backup copy first) through the core's write path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "core/mtk_bootmedia.h"
#include "engine.h"

/*
 * The slot whose GPT entry is named "fip" (the first entry by index, as
 * BL2 takes it). Every slot's entry must resolve: an entry renamed or
 * removed outside, or an unreadable GPT, leaves the answer unknown (the
 * error), since that slot may be the one BL2 loads.
 */
static int mtk_bm_gpt_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
			     char *err, size_t errlen)
{
	struct mtk_bm_slot *s;
	char name[40];
	u64 first, nr;
	int ret;

	*act = NULL;
	list_for_each_entry(s, &c->medium->slots, node) {
		if (s->comp != c || s->loc.type != MTK_BM_LOC_GPT)
			continue;
		ret = mtk_bm_gpt_slot(c->medium, s, &first, &nr, name, sizeof(name), err,
				      errlen);
		if (ret) {
			*act = NULL;
			return ret;
		}
		if (!strcmp(name, MTK_BM_BOOT_NAME) &&
		    (!*act || s->gpt_index < (*act)->gpt_index))
			*act = s;
	}
	if (!*act)
		mtk_fmt_msg(err, errlen, "no slot of %s is the GPT partition named %s",
			    config_item_name(&c->group.cg_item), MTK_BM_BOOT_NAME);
	return 0;
}

/* @err holds why there is no active slot when @act is NULL */
static int mtk_bm_gpt_activate(struct mtk_bm_component *c, struct mtk_bm_slot *act,
			       struct mtk_bm_slot *s, char *err, size_t errlen)
{
	if (!act)
		return -EINVAL;
	return mtk_bm_gpt_swap_names(c->medium, act, s, err, errlen);
}

const struct mtk_bm_engine mtk_bm_engine_gpt = {
	.name = "gpt",
	.flags = MTK_BM_ENG_INACTIVE,
	.stage_note = "inactive slot; write it to active to switch",
	.active = mtk_bm_gpt_active,
	.activate = mtk_bm_gpt_activate,
};
