// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: MTD media. An MTD notifier keeps a list of the registered
 * MTD devices (name, chip, geometry), so that a medium can be bound by the
 * name of its chip and slots by partition name, and so that a bound
 * partition that goes away is released at once.
 *
 * The notifier runs under mtd_table_mutex. It never takes a medium lock (a
 * bind holds it while taking mtd_table_mutex: ABBA). Every partition
 * reference of a medium is taken and dropped under mtd_table_mutex and
 * mtk_bm_mtd_mutex, with its area on mtk_bm_mtd_areas for the whole time
 * (mtd_priv.h says why the lock is used), so the remove notifier always
 * sees it: on removal of a bound partition it waits for the I/O of that
 * medium to drain (medium->io_sem, which no holder keeps while taking
 * another lock), drops the reference with __put_mtd_device() while the
 * device and its master still exist, and queues the medium's gone_work
 * for the rest.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/math64.h>
#include <linux/mtd/mtd.h>
#include <linux/mutex.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "backend.h"
#include "formats/fmt.h"
#include "mtd_priv.h"

struct mtk_bm_mtd_dev {
	struct list_head node;
	struct mtd_info *mtd;		/* registered while on the list */
	int index;
	u8 type;			/* of the chip (MTD_NANDFLASH, ...) */
	u32 erasesize, writesize, oobsize;
	char name[MTK_BM_DEVICE_LEN];
	char chip[MTK_BM_DEVICE_LEN];	/* name of the master */
};

/* protects both lists; taken after mtd_table_mutex when both are held */
static DEFINE_MUTEX(mtk_bm_mtd_mutex);
static LIST_HEAD(mtk_bm_mtd_devs);
static LIST_HEAD(mtk_bm_mtd_areas);

static void mtk_bm_mtd_notify_add(struct mtd_info *mtd)
{
	struct mtd_info *master = mtd_get_master(mtd);
	struct mtk_bm_mtd_dev *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return;	/* such a device cannot be bound: -ENODEV at bind */
	d->mtd = mtd;
	d->index = mtd->index;
	d->type = master->type;
	d->erasesize = master->erasesize;
	d->writesize = master->writesize;
	d->oobsize = master->oobsize;
	strscpy(d->name, mtd->name ?: "", sizeof(d->name));
	strscpy(d->chip, master->name ?: "", sizeof(d->chip));
	mutex_lock(&mtk_bm_mtd_mutex);
	list_add_tail(&d->node, &mtk_bm_mtd_devs);
	mutex_unlock(&mtk_bm_mtd_mutex);
}

static void mtk_bm_mtd_notify_remove(struct mtd_info *mtd)
{
	struct mtk_bm_mtd_dev *d, *tmp;
	struct mtk_bm_area *a;

	mutex_lock(&mtk_bm_mtd_mutex);
	list_for_each_entry_safe(d, tmp, &mtk_bm_mtd_devs, node) {
		if (d->index == mtd->index) {
			list_del(&d->node);
			kfree(d);
		}
	}
	list_for_each_entry(a, &mtk_bm_mtd_areas, mtd_node) {
		struct mtk_bm_medium *m = a->medium;

		if (a->mtd != mtd)
			continue;
		/*
		 * wait for the medium's I/O on the device, then forget it;
		 * gone first, so that whoever finds a->mtd NULL under io_sem
		 * also finds the medium gone (-ENODEV, not a size of 0)
		 */
		down_write(&m->io_sem);
		WRITE_ONCE(m->gone, true);
		a->mtd = NULL;
		up_write(&m->io_sem);
		__put_mtd_device(mtd);
		mtk_bm_mark_gone(m);
	}
	mutex_unlock(&mtk_bm_mtd_mutex);
}

static struct mtd_notifier mtk_bm_mtd_notifier = {
	.add = mtk_bm_mtd_notify_add,
	.remove = mtk_bm_mtd_notify_remove,
};

static int mtk_bm_mtd_init(void)
{
	register_mtd_user(&mtk_bm_mtd_notifier);
	return 0;
}

static void mtk_bm_mtd_exit(void)
{
	struct mtk_bm_mtd_dev *d, *tmp;

	unregister_mtd_user(&mtk_bm_mtd_notifier);
	mtk_bm_check_empty(&mtk_bm_mtd_areas, "MTD areas");
	list_for_each_entry_safe(d, tmp, &mtk_bm_mtd_devs, node) {
		list_del(&d->node);
		kfree(d);
	}
}

/* why the kernel keeps @mtd read-only, or NULL (we hold a reference) */
static const char *mtk_bm_mtd_kernel_ro(struct mtd_info *mtd)
{
	struct mtd_info *master = mtd_get_master(mtd);
	u64 ofs = mtd_get_master_ofs(mtd, 0);
	u32 rem_ofs, rem_size;

	if (!(master->flags & MTD_WRITEABLE))
		return "the whole chip is read-only";
	if (master->numeraseregions > 1)
		return "the chip has several erase block sizes";
	div_u64_rem(ofs, master->erasesize, &rem_ofs);
	div_u64_rem(mtd->size, master->erasesize, &rem_size);
	if (rem_ofs || rem_size)
		return "the partition does not start and end on an erase block boundary";
	return NULL;
}

/* do two MTD devices of one chip share any byte? (mtd_table_mutex held) */
static bool mtk_bm_mtd_overlap(struct mtd_info *a, struct mtd_info *b)
{
	u64 sa = mtd_get_master_ofs(a, 0), sb = mtd_get_master_ofs(b, 0);

	return mtd_get_master(a) == mtd_get_master(b) && sa < sb + b->size &&
	       sb < sa + a->size;
}

/* device_for_each_child(): a UBI device attached to the MTD device */
static int mtk_bm_mtd_ubi_child(struct device *dev, void *data)
{
	const char **ubi = data;

	if (!dev->class || strcmp(dev->class->name, "ubi"))
		return 0;
	*ubi = dev_name(dev);
	return 1;
}

/*
 * Is partition @mtd used by someone else (mtd_table_mutex and
 * mtk_bm_mtd_mutex held)? @held: the references expected (the registration
 * and this module's areas on it). 0, or -EBUSY with the reason in @why.
 * UBI names itself where the kernel makes the UBI device a child of the
 * MTD device (ubi->dev.parent, drivers/mtd/ubi/build.c: in 6.12, not in
 * 6.1); otherwise, and for mtdblock or an open /dev/mtdN, the reference
 * count tells that somebody holds it, not who.
 */
static int mtk_bm_mtd_in_use(struct mtd_info *mtd, unsigned int held, char *why,
			     size_t len)
{
	const char *ubi = NULL;

	device_for_each_child(&mtd->dev, &ubi, mtk_bm_mtd_ubi_child);
	if (ubi) {
		mtk_fmt_msg(why, len,
			    "partition %s is attached to UBI (%s): a slot would be written under it (detach it, or name a volume: ubi:<dev>:<volume>)",
			    mtd->name, ubi);
		return -EBUSY;
	}
	if (kref_read(&mtd->refcnt) > held) {
		mtk_fmt_msg(why, len,
			    "partition %s is in use (attached to UBI, mounted through mtdblock, or open): not binding a slot to it",
			    mtd->name);
		return -EBUSY;
	}
	return 0;
}

/**
 * mtk_bm_mtd_check_location() - may a slot name partition @loc->name?
 * @m: the medium, not bound (lock held)
 * @loc: an mtd: location, being written to `location`
 * @why: the reason of a refusal
 * @len: size of @why
 *
 * Checked when the medium's device names an MTD (its chip, or a partition
 * of it) and the partition exists now; bind checks again (and the things
 * that need the binding: overlaps, alignment). The whole chip is refused,
 * and a partition attached to UBI, mounted through mtdblock or open.
 *
 * Return: 0, -EINVAL (the whole chip) or -EBUSY (in use) with @why set.
 */
static int mtk_bm_mtd_check_location(struct mtk_bm_medium *m,
				     const struct mtk_bm_location *loc, char *why, size_t len)
{
	const char *part = loc->name;
	const char *chip = m->device + 4;
	struct mtk_bm_mtd_dev *d, *dev = NULL;
	struct mtk_bm_area *o;
	unsigned int held = 1;
	int ret = 0;

	if (strncmp(m->device, "mtd:", 4))
		return 0;
	mutex_lock(&mtd_table_mutex);
	mutex_lock(&mtk_bm_mtd_mutex);
	/* a device given by a partition name: its chip */
	list_for_each_entry(d, &mtk_bm_mtd_devs, node)
		if (!strcmp(d->name, chip) && mtd_is_partition(d->mtd))
			chip = d->chip;
	if (!strcmp(part, chip)) {
		mtk_fmt_msg(why, len,
			    "%s is the whole chip, not a partition: a slot names a partition",
			    part);
		ret = -EINVAL;
		goto out;
	}
	list_for_each_entry(d, &mtk_bm_mtd_devs, node)
		if (!strcmp(d->name, part) && !strcmp(d->chip, chip))
			dev = d;
	if (!dev)
		goto out;
	list_for_each_entry(o, &mtk_bm_mtd_areas, mtd_node)
		if (o->mtd == dev->mtd)
			held++;
	ret = mtk_bm_mtd_in_use(dev->mtd, held, why, len);
out:
	mutex_unlock(&mtk_bm_mtd_mutex);
	mutex_unlock(&mtd_table_mutex);
	return ret;
}

/*
 * The area of partition @name of the medium's chip, with a reference on
 * the partition taken under mtd_table_mutex and the area on the notifier's
 * list from that moment on.
 */
static struct mtk_bm_area *mtk_bm_mtd_area_get(struct mtk_bm_medium *m, const char *name,
					       bool protect)
{
	struct mtk_bm_mtd_dev *d, *dev = NULL;
	struct mtk_bm_area *a, *o;
	const char *owner = NULL;
	struct mtd_info *mtd, *other = NULL;
	unsigned int held = 1;
	int ret;

	list_for_each_entry(a, &m->areas, node) {
		if (!strcmp(a->name, name)) {
			a->protect |= protect;
			return a;
		}
	}
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return ERR_PTR(-ENOMEM);
	mutex_lock(&mtd_table_mutex);
	mutex_lock(&mtk_bm_mtd_mutex);
	list_for_each_entry(d, &mtk_bm_mtd_devs, node)
		if (!strcmp(d->name, name) && !strcmp(d->chip, m->chip))
			dev = d;
	/* removed since bind looked it up; test build only: race=bind */
	if (!dev || mtk_bm_test_race("bind")) {
		ret = mtk_bm_set_status(m, -EAGAIN, "MTD partition %s went away while binding",
					name);
		goto fail;
	}
	mtd = dev->mtd;
	if (protect)
		list_for_each_entry(o, &mtk_bm_mtd_areas, mtd_node)
			if (o->mtd && o->protect && mtk_bm_mtd_overlap(o->mtd, mtd)) {
				owner = config_item_name(&o->medium->group.cg_item);
				other = o->mtd;
			}
	if (owner) {
		ret = mtk_bm_set_status(m, -EBUSY, other == mtd ?
					"partition %s is already bound by medium %s" :
					"partition %s overlaps a partition already bound by medium %s",
					name, owner);
		goto fail;
	}
	/* a slot target: a partition nobody else uses */
	if (protect && !mtd_is_partition(mtd)) {
		ret = mtk_bm_set_status(m, -EINVAL,
					"%s is the whole chip, not a partition: a slot names a partition",
					name);
		goto fail;
	}
	/*
	 * the registration holds one reference, this module one per area on
	 * it; UBI, mtdblock and an open /dev/mtdN hold more
	 */
	list_for_each_entry(o, &mtk_bm_mtd_areas, mtd_node)
		if (o->mtd == mtd)
			held++;
	if (protect) {
		char why[160];

		ret = mtk_bm_mtd_in_use(mtd, held, why, sizeof(why));
		if (ret) {
			mtk_bm_set_status(m, ret, "%s", why);
			goto fail;
		}
	}
	ret = __get_mtd_device(mtd);
	if (ret) {
		mtk_bm_set_status(m, ret, "cannot get MTD partition %s (mtd%d)", name,
				  mtd->index);
		goto fail;
	}
	a->medium = m;
	a->type = MTK_BM_AREA_MTD;
	a->mtd = mtd;
	a->protect = protect;
	a->was_writeable = mtd->flags & MTD_WRITEABLE;
	a->kernel_ro = a->was_writeable ? NULL : mtk_bm_mtd_kernel_ro(mtd);
	/* a DT read-only partition stays read-only: the module never lifts it */
	if (!a->was_writeable && !a->kernel_ro &&
	    of_property_read_bool(mtd_get_of_node(mtd), "read-only"))
		a->dt_ro = "the device tree marks it read-only";
	strscpy(a->name, name, sizeof(a->name));
	list_add_tail(&a->mtd_node, &mtk_bm_mtd_areas);
	list_add_tail(&a->node, &m->areas);
	mutex_unlock(&mtk_bm_mtd_mutex);
	mutex_unlock(&mtd_table_mutex);
	return a;
fail:
	mutex_unlock(&mtk_bm_mtd_mutex);
	mutex_unlock(&mtd_table_mutex);
	kfree(a);
	return ERR_PTR(ret);
}

static void mtk_bm_mtd_unbind(struct mtk_bm_medium *m);

/**
 * mtk_bm_mtd_bind() - find the chip, take every slot's partition
 * @m: the medium (lock held)
 *
 * Return: 0, or a negative errno with the reason in status; nothing held
 * on failure.
 */
static int mtk_bm_mtd_bind(struct mtk_bm_medium *m)
{
	const char *want = m->device + 4;
	struct mtk_bm_mtd_dev *d, *chip = NULL;
	struct mtk_bm_area *a;
	struct mtk_bm_slot *s;
	int anchor = -1, ret;

	mutex_lock(&mtk_bm_mtd_mutex);
	list_for_each_entry(d, &mtk_bm_mtd_devs, node) {
		if (!strcmp(d->chip, want)) {
			chip = d;
			break;
		}
	}
	list_for_each_entry(d, &mtk_bm_mtd_devs, node) {
		if (!chip && !strcmp(d->name, want))
			chip = d;
	}
	if (chip) {
		strscpy(m->chip, chip->chip, sizeof(m->chip));
		m->erasesize = chip->erasesize;
		m->writesize = chip->writesize;
		m->oobsize = chip->oobsize;
		switch (chip->type) {
		case MTD_NANDFLASH:
		case MTD_MLCNANDFLASH:
			m->type = MTK_BM_TYPE_SPI_NAND;
			break;
		case MTD_NORFLASH:
			m->type = MTK_BM_TYPE_SPI_NOR;
			break;
		default:
			m->type = MTK_BM_TYPE_NONE;
		}
		list_for_each_entry(d, &mtk_bm_mtd_devs, node) {
			if (!strcmp(d->chip, m->chip)) {
				anchor = d->index;
				break;
			}
		}
	}
	mutex_unlock(&mtk_bm_mtd_mutex);

	if (!chip)
		return mtk_bm_set_status(m, -ENODEV, "no MTD chip or partition named \"%s\"", want);
	if (m->type == MTK_BM_TYPE_NONE)
		return mtk_bm_set_status(m, -EMEDIUMTYPE, "%s is neither NAND nor NOR flash",
					 m->chip);

	list_for_each_entry(s, &m->slots, node) {
		int index = -1;

		if (s->loc.type != MTK_BM_LOC_MTD)
			continue;
		mutex_lock(&mtk_bm_mtd_mutex);
		list_for_each_entry(d, &mtk_bm_mtd_devs, node) {
			if (!strcmp(d->name, s->loc.name) && !strcmp(d->chip, m->chip)) {
				index = d->index;
				break;
			}
		}
		mutex_unlock(&mtk_bm_mtd_mutex);
		if (index < 0) {
			ret = mtk_bm_set_status(m, -ENOENT, "slot %s/%s: no partition \"%s\" on %s",
						config_item_name(&s->comp->group.cg_item),
						config_item_name(&s->group.cg_item),
						s->loc.name, m->chip);
			goto fail;
		}
		a = mtk_bm_mtd_area_get(m, s->loc.name, true);
		if (IS_ERR(a)) {
			ret = PTR_ERR(a);
			goto fail;
		}
		s->area = a;
		ret = mtk_bm_mtd_check_slot(m, s);
		if (ret)
			goto fail;
	}
	/* follow the chip even without an MTD slot (ubi: only) */
	if (list_empty(&m->areas) && anchor >= 0) {
		char name[MTK_BM_DEVICE_LEN] = "";

		mutex_lock(&mtk_bm_mtd_mutex);
		list_for_each_entry(d, &mtk_bm_mtd_devs, node)
			if (d->index == anchor)
				strscpy(name, d->name, sizeof(name));
		mutex_unlock(&mtk_bm_mtd_mutex);
		a = mtk_bm_mtd_area_get(m, name, false);
		if (IS_ERR(a)) {
			ret = PTR_ERR(a);
			goto fail;
		}
	}
	/*
	 * test build only (race=mtdref): a removal lands here, where the areas
	 * went on the notifier's list before issue 13's fix
	 */
	mtk_bm_test_sleep("mtdref");
	/* a partition removed meanwhile: the notifier dropped its reference */
	if (READ_ONCE(m->gone)) {
		ret = mtk_bm_set_status(m, -ENODEV, "a partition of %s went away while binding",
					m->chip);
		goto fail;
	}
	return 0;

fail:
	list_for_each_entry(s, &m->slots, node)
		s->area = NULL;
	mtk_bm_mtd_unbind(m);
	return ret;
}

/* Restore MTD_WRITEABLE as found at bind, drop the references (lock held) */
static void mtk_bm_mtd_unbind(struct mtk_bm_medium *m)
{
	struct mtk_bm_area *a, *tmp;

	/* as the notifier does: the device and its master exist until we unlock */
	mutex_lock(&mtd_table_mutex);
	mutex_lock(&mtk_bm_mtd_mutex);
	list_for_each_entry_safe(a, tmp, &m->areas, node) {
		list_del_init(&a->mtd_node);
		if (a->mtd && a->protect) {
			if (a->was_writeable)
				WRITE_ONCE(a->mtd->flags, a->mtd->flags | MTD_WRITEABLE);
			else
				WRITE_ONCE(a->mtd->flags, a->mtd->flags & ~MTD_WRITEABLE);
		}
		if (a->mtd)
			__put_mtd_device(a->mtd);
		list_del(&a->node);
		kfree(a);
	}
	mutex_unlock(&mtk_bm_mtd_mutex);
	mutex_unlock(&mtd_table_mutex);
	m->chip[0] = '\0';
}

/* Set or clear MTD_WRITEABLE of a bound partition (lock held) */
int mtk_bm_mtd_set_writeable(struct mtk_bm_area *a, bool writeable)
{
	struct mtk_bm_medium *m = a->medium;
	int ret = 0;

	down_read(&m->io_sem);
	if (!a->mtd)
		ret = -ENODEV;
	else if (writeable && (a->kernel_ro || a->dt_ro))
		ret = -EPERM;
	else if (writeable)
		WRITE_ONCE(a->mtd->flags, a->mtd->flags | MTD_WRITEABLE);
	else
		WRITE_ONCE(a->mtd->flags, a->mtd->flags & ~MTD_WRITEABLE);
	up_read(&m->io_sem);
	return ret;
}

bool mtk_bm_mtd_writeable(struct mtk_bm_area *a)
{
	struct mtk_bm_medium *m = a->medium;
	bool ret;

	down_read(&m->io_sem);
	ret = a->mtd && (READ_ONCE(a->mtd->flags) & MTD_WRITEABLE);
	up_read(&m->io_sem);
	return ret;
}

/* DT node of the bound chip, referenced, or NULL (lock held) */
static struct device_node *mtk_bm_mtd_of_node(struct mtk_bm_medium *m)
{
	struct device_node *np = NULL;
	struct mtk_bm_area *a;

	down_read(&m->io_sem);
	list_for_each_entry(a, &m->areas, node) {
		if (a->mtd) {
			np = of_node_get(mtd_get_of_node(mtd_get_master(a->mtd)));
			break;
		}
	}
	up_read(&m->io_sem);
	return np;
}

static bool mtk_bm_mtd_area_ro(struct mtk_bm_area *a)
{
	return !mtk_bm_mtd_writeable(a);
}

static int mtk_bm_mtd_area_set_ro(struct mtk_bm_area *a, bool ro)
{
	return mtk_bm_mtd_set_writeable(a, !ro);
}

const struct mtk_bm_media mtk_bm_media_mtd = {
	.name = "mtd",
	.medium = &mtk_bm_media_mtd,
	.init = mtk_bm_mtd_init,
	.exit = mtk_bm_mtd_exit,
	.check_location = mtk_bm_mtd_check_location,
	.bind = mtk_bm_mtd_bind,
	.unbind = mtk_bm_mtd_unbind,
	.of_node = mtk_bm_mtd_of_node,
	.area_ro = mtk_bm_mtd_area_ro,
	.area_set_ro = mtk_bm_mtd_area_set_ro,
	.write = mtk_bm_mtd_write,
	.slot_size = mtk_bm_mtd_size,
	.slot_read = mtk_bm_mtd_read,
	.slot_offset = mtk_bm_mtd_chip_offset,
	.slot_target = mtk_bm_mtd_target,
};
