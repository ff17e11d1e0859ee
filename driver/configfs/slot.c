// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the configfs ABI of a slot (location, state, info) and its
 * creation; the logic only (attr.h), the work is core/slot.c's.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "attr.h"

static ssize_t mtk_bm_slot_location_get(struct mtk_bm_slot *s, char *page)
{
	return sysfs_emit(page, "%s\n", s->location_str);
}

static int mtk_bm_slot_location_set(struct mtk_bm_slot *s, const char *arg, int err)
{
	struct mtk_bm_medium *m = s->comp->medium;
	const char *comp = config_item_name(&s->comp->group.cg_item);
	const char *name = config_item_name(&s->group.cg_item);
	struct mtk_bm_location loc;
	char why[MTK_BM_LOCATION_LEN + 64];
	int ret;

	if (err)
		return mtk_bm_set_status(m, -EINVAL, "location longer than %d characters",
					 MTK_BM_LOCATION_LEN - 1);
	if (m->enabled)
		return mtk_bm_set_status(m, -EBUSY,
					 "location of %s/%s cannot change while enabled",
					 comp, name);
	ret = mtk_bm_check_location(m, arg, &loc, why, sizeof(why));
	if (ret) {
		mtk_bm_set_status(m, ret, "%s/%s: %s", comp, name, why);
		return ret;
	}
	s->loc = loc;
	strscpy(s->location_str, arg, sizeof(s->location_str));
	mtk_bm_set_status(m, 0, "%s/%s location %s", comp, name, arg);
	return 0;
}

static ssize_t mtk_bm_slot_state_get(struct mtk_bm_slot *s, char *page)
{
	return mtk_bm_slot_state(s, false, page, PAGE_SIZE);
}

static ssize_t mtk_bm_slot_info_get(struct mtk_bm_slot *s, char *page)
{
	return mtk_bm_slot_state(s, true, page, PAGE_SIZE);
}

MTK_BM_SHOW(slot, location, MTK_BM_LOCK)
MTK_BM_STORE(slot, location, MTK_BM_LOCATION_LEN, 0)
CONFIGFS_ATTR(mtk_bm_slot_, location);

/* while a stage or switch runs on the medium: "busy: ..." at once */
MTK_BM_SHOW_NOWAIT(slot, state, MTK_BM_ADMIN | MTK_BM_LOCK, false, "busy: ")
CONFIGFS_ATTR_RO(mtk_bm_slot_, state);

MTK_BM_SHOW_NOWAIT(slot, info, MTK_BM_ADMIN | MTK_BM_LOCK, false, "busy: ")
CONFIGFS_ATTR_RO(mtk_bm_slot_, info);

static struct configfs_attribute *mtk_bm_slot_attrs[] = {
	&mtk_bm_slot_attr_location,
	&mtk_bm_slot_attr_state,
	&mtk_bm_slot_attr_info,
	NULL,
};

static void mtk_bm_slot_release(struct config_item *item)
{
	kfree(to_slot(item));
}

static struct configfs_item_operations mtk_bm_slot_item_ops = {
	.release = mtk_bm_slot_release,
};

static const struct config_item_type mtk_bm_slot_type = {
	.ct_item_ops = &mtk_bm_slot_item_ops,
	.ct_attrs = mtk_bm_slot_attrs,
	.ct_owner = THIS_MODULE,
};

/**
 * mtk_bm_slot_create() - a slot under a component (mkdir, or DT)
 * @c: the component
 * @name: the slot's name
 *
 * Return: the slot, or an ERR_PTR (-EBUSY while the medium is enabled).
 */
struct mtk_bm_slot *mtk_bm_slot_create(struct mtk_bm_component *c, const char *name)
{
	struct mtk_bm_medium *m = c->medium;
	struct mtk_bm_slot *s;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->comp = c;
	s->gpt_index = -1;
	s->ubi_vol_id = -1;
	config_group_init_type_name(&s->group, name, &mtk_bm_slot_type);
	ret = mtk_bm_attr_add(m, &s->node, &m->slots, "slots");
	if (ret) {
		kfree(s);
		return ERR_PTR(ret);
	}
	return s;
}
