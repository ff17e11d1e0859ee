// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the ubi switch engine. The FIP slots are static UBI
 * volumes; BL2 loads the one named "fip". The kernel API cannot write
 * static volumes, so `stage` and `active` writes are refused: the helper
 * writes with ubiupdatevol and switches with ubirename. The UBI volume
 * notifier (media/ubi.c) makes the core call recheck(), which records in
 * `result` whether the volume now named "fip" is bootable and valid.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/lockdep.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core/mtk_bootmedia.h"
#include "engine.h"

/**
 * mtk_bm_ubi_active() - the slot the boot chain loads next on a ubi switch
 * @c: the component (medium lock held)
 * @err: receives the reason when there is none
 * @errlen: size of @err
 *
 * The slot whose UBI volume is currently named "fip", provided BL2 can load
 * it (a static volume with an id below 16). Slots not resolved yet are
 * resolved by their configured name on the way.
 *
 * Return: the slot, or NULL with the reason in @err.
 */
static struct mtk_bm_slot *mtk_bm_ubi_active(struct mtk_bm_component *c, char *err,
					     size_t errlen)
{
	struct mtk_bm_ubi_found f;

	lockdep_assert_held(&c->medium->lock);
	if (mtk_bm_ubi_find(c->medium, c, &f, err, errlen) || !f.bootable)
		return NULL;
	return f.slot;
}

/* the re-check of one ubi-switched component after a volume change */
static void mtk_bm_ubi_recheck(struct mtk_bm_component *c)
{
	int changes = atomic_read(&c->medium->ubi_changes);
	struct mtk_bm_ubi_found f;
	char err[MTK_BM_REASON_LEN / 2], *state;
	const char *sn;
	size_t n;
	int ret;

	c->generation++;
	/* only another volume's data changed: the active one is as it was */
	if (!c->medium->recheck_active)
		return;
	ret = mtk_bm_ubi_find(c->medium, c, &f, err, sizeof(err));
	if (ret) {
		mtk_bm_comp_result(c, ret, "ubi: volumes changed: no active slot: %s", err);
		return;
	}
	sn = mtk_bm_slot_name(f.slot);
	if (!f.bootable) {
		mtk_bm_comp_result(c, -EUCLEAN, "ubi: volumes changed: %s", err);
		return;
	}
	/*
	 * the volume named fip is the one the last re-check read, no volume's
	 * data changed since that read began, and nothing else changed the
	 * component or wrote its result since: that outcome stands, read
	 * again it would be the same. ubirename notifies once per volume it
	 * renames, and a re-check that began after the first notification
	 * ran again for the second, reading the whole FIP once more (issue
	 * 17: 4 image-sized NAND reads per install instead of 3)
	 */
	if (c->ubi_rechecked && c->ubi_rechecked_vol == f.vol_id &&
	    c->ubi_rechecked_changes == changes && c->ubi_rechecked_gen + 1 == c->generation) {
		c->ubi_rechecked_gen = c->generation;
		return;
	}
	state = kzalloc(MTK_BM_REASON_LEN, GFP_KERNEL);
	if (!state) {
		mtk_bm_comp_result(c, -ENOMEM, "ubi: volumes changed: out of memory");
		return;
	}
	ret = mtk_bm_slot_state(f.slot, false, state, MTK_BM_REASON_LEN);
	if (ret < 0) {
		mtk_bm_comp_result(c, ret, "ubi: active volume %s (slot %s, id %d) cannot be read",
				   MTK_BM_BOOT_NAME, sn, f.vol_id);
	} else {
		n = strnlen(state, MTK_BM_REASON_LEN);
		if (n && state[n - 1] == '\n')
			state[n - 1] = '\0';
		if (!strcmp(state, "valid"))
			mtk_bm_comp_result(c, 0,
					   "ubi: volumes changed: slot %s (volume %s, id %d) is active and valid",
					   sn, MTK_BM_BOOT_NAME, f.vol_id);
		else
			mtk_bm_comp_result(c, -EUCLEAN,
					   "ubi: active volume %s (slot %s, id %d) is %s",
					   MTK_BM_BOOT_NAME, sn, f.vol_id, state);
		c->ubi_rechecked = true;
		c->ubi_rechecked_vol = f.vol_id;
		c->ubi_rechecked_changes = changes;
		c->ubi_rechecked_gen = c->generation;
	}
	kfree(state);
}

static int mtk_bm_ubi_engine_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
				    char *err, size_t errlen)
{
	*act = mtk_bm_ubi_active(c, err, errlen);
	return *act ? 0 : -ENOENT;
}

static int mtk_bm_ubi_refuse_stage(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				   char *err, size_t errlen)
{
	mtk_fmt_msg(err, errlen,
		    "the kernel cannot write static UBI volumes: use mtk-bootmedia install (ubiupdatevol + ubirename)");
	return -EOPNOTSUPP;
}

static int mtk_bm_ubi_refuse_activate(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				      char *err, size_t errlen)
{
	mtk_fmt_msg(err, errlen,
		    "the kernel has no UBI rename: use mtk-bootmedia activate %s %s (ubirename)",
		    config_item_name(&c->group.cg_item), mtk_bm_slot_name(s));
	return -EOPNOTSUPP;
}

const struct mtk_bm_engine mtk_bm_engine_ubi = {
	.name = "ubi",
	.active = mtk_bm_ubi_engine_active,
	.refuse_stage = mtk_bm_ubi_refuse_stage,
	.refuse_activate = mtk_bm_ubi_refuse_activate,
	.recheck = mtk_bm_ubi_recheck,
};
