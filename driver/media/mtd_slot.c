// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: mtd: slots of a bound MTD medium: the range checks at bind
 * (inside the partition, erase-block aligned, no overlap with another
 * slot), the size, the chip offset and the target of a write.
 */
#include <linux/math64.h>
#include <linux/mtd/mtd.h>
#include <linux/string.h>

#include "backend.h"
#include "formats/fmt.h"

/* the chip range of a bound mtd: slot */
static void mtk_bm_mtd_slot_range(struct mtk_bm_slot *s, u64 *start, u64 *end)
{
	struct mtd_info *mtd = s->area->mtd;

	*start = mtd_get_master_ofs(mtd, 0) + s->loc.offset;
	*end = mtd_get_master_ofs(mtd, 0) + (s->loc.length ? s->loc.offset + s->loc.length :
					     mtd->size);
}

/* (io_sem held: a removal cannot clear area->mtd meanwhile) */
static int __mtk_bm_mtd_check_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s)
{
	struct mtd_info *mtd = s->area->mtd;
	u64 end = s->loc.length ? s->loc.offset + s->loc.length : mtd->size;
	u64 s0, s1, o0, o1;
	struct mtk_bm_slot *o;
	u32 r1, r2;

	div_u64_rem(s->loc.offset, m->erasesize, &r1);
	div_u64_rem(end, m->erasesize, &r2);
	if (end > mtd->size || s->loc.offset >= end)
		return mtk_bm_set_status(m, -EINVAL,
					 "slot %s/%s: %s lies outside partition %s (0x%llx bytes)",
					 config_item_name(&s->comp->group.cg_item),
					 config_item_name(&s->group.cg_item), s->location_str,
					 mtd->name, (unsigned long long)mtd->size);
	/* alignment matters for writes, which the kernel refuses there anyway */
	if ((r1 || r2) && !s->area->kernel_ro)
		return mtk_bm_set_status(m, -EINVAL,
					 "slot %s/%s: %s is not aligned to the 0x%x-byte erase block",
					 config_item_name(&s->comp->group.cg_item),
					 config_item_name(&s->group.cg_item), s->location_str,
					 m->erasesize);
	/* writing one slot must never touch another (rom-copies, switches) */
	mtk_bm_mtd_slot_range(s, &s0, &s1);
	list_for_each_entry(o, &m->slots, node) {
		if (o == s || o->loc.type != MTK_BM_LOC_MTD || !o->area || !o->area->mtd)
			continue;
		mtk_bm_mtd_slot_range(o, &o0, &o1);
		if (s0 < o1 && o0 < s1)
			return mtk_bm_set_status(m, -EINVAL,
						 "slot %s/%s: %s overlaps slot %s/%s (%s)",
						 config_item_name(&s->comp->group.cg_item),
						 config_item_name(&s->group.cg_item),
						 s->location_str,
						 config_item_name(&o->comp->group.cg_item),
						 config_item_name(&o->group.cg_item),
						 o->location_str);
	}
	return 0;
}

int mtk_bm_mtd_check_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s)
{
	int ret;

	down_read(&m->io_sem);
	if (!s->area->mtd)
		ret = mtk_bm_set_status(m, -ENODEV, "partition %s went away while binding",
					s->loc.name);
	else
		ret = __mtk_bm_mtd_check_slot(m, s);
	up_read(&m->io_sem);
	return ret;
}

static u64 mtk_bm_mtd_slot_size(struct mtk_bm_slot *s)
{
	struct mtk_bm_medium *m = s->comp->medium;
	u64 size = 0;

	down_read(&m->io_sem);
	if (s->area && s->area->mtd)
		size = s->loc.length ?: s->area->mtd->size - s->loc.offset;
	up_read(&m->io_sem);
	return size;
}

/* Chip offset of the partition of an mtd: slot, 0 when not bound (lock held) */
u64 mtk_bm_mtd_chip_offset(struct mtk_bm_slot *s)
{
	struct mtk_bm_medium *m = s->comp->medium;
	u64 ofs = 0;

	down_read(&m->io_sem);
	if (s->area && s->area->mtd)
		ofs = mtd_get_master_ofs(s->area->mtd, 0);
	up_read(&m->io_sem);
	return ofs;
}

u64 mtk_bm_mtd_size(struct mtk_bm_slot *s, bool capacity, char *err, size_t errlen)
{
	return mtk_bm_mtd_slot_size(s);
}

/* an mtd: slot: its range of the partition, erase-block aligned */
int mtk_bm_mtd_target(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
		      size_t errlen)
{
	if (!s->area)
		return mtk_fmt_fail(err, errlen, ENODEV, "the partition is not bound");
	w->area = s->area;
	w->start = s->loc.offset;
	w->end = w->start + mtk_bm_mtd_slot_size(s);
	return 0;
}
