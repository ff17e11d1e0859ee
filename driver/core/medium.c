// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: medium lifecycle. Binding takes the device references
 * (mtd.c, emmc.c) and protects every area; unbinding restores what binding
 * changed and drops the references. A device that goes away while bound is
 * reported by a notifier (mtd.c, emmc.c), which only marks it and queues
 * gone_work; the work unbinds under the medium lock.
 *
 * Locking: medium->lock serialises every operation on one medium. Lock
 * order: medium->lock -> mtd_table_mutex (get_mtd_device) -> mtd.c's list
 * lock -> medium->io_sem. See Documentation/mtk-bootmedia-core.rst.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/mfd/syscon.h>
#include <linux/of.h>
#include <linux/regmap.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mtk_bootmedia.h"

const char *mtk_bm_type_name(enum mtk_bm_type t)
{
	switch (t) {
	case MTK_BM_TYPE_SPI_NAND:
		return "spi-nand";
	case MTK_BM_TYPE_SPI_NOR:
		return "spi-nor";
	case MTK_BM_TYPE_EMMC:
		return "emmc";
	default:
		return "unknown";
	}
}

/**
 * mtk_bm_recheck_work() - m->recheck_work: re-check after a media change
 * @w: the medium's recheck_work, queued by a backend when what the slots
 *     hold changed beneath the module (media/ubi.c: a UBI volume changed)
 *
 * Every component whose engine has a recheck() gets it. Does nothing for a
 * medium that was unbound since the work was queued.
 */
static void mtk_bm_recheck_work(struct work_struct *w)
{
	struct mtk_bm_medium *m = container_of(w, struct mtk_bm_medium, recheck_work);
	const struct mtk_bm_engine *eng;
	struct mtk_bm_component *c;

	/* test build, race=recheck: the re-check comes late (issue 17) */
	mtk_bm_test_sleep("recheck");
	mutex_lock(&m->lock);
	m->recheck_active = test_and_clear_bit(MTK_BM_RECHECK_ACTIVE, &m->recheck_flags);
	/* bound, with the ubi: slots resolved */
	if (m->enabled && !list_empty(&m->ubi_node) && !READ_ONCE(m->gone)) {
		list_for_each_entry(c, &m->comps, node) {
			eng = mtk_bm_engine(c);
			if (eng && eng->recheck)
				eng->recheck(c);
		}
	}
	mutex_unlock(&m->lock);
}

static void mtk_bm_gone_work(struct work_struct *w)
{
	struct mtk_bm_medium *m = container_of(w, struct mtk_bm_medium, gone_work);

	mutex_lock(&m->lock);
	if (m->enabled && READ_ONCE(m->gone)) {
		pr_warn("%s: %s went away while bound: unbound\n",
			config_item_name(&m->group.cg_item), m->device);
		mtk_bm_unbind(m);
		mtk_bm_set_status(m, -ENODEV,
				  "%s was removed while bound; enable again once it is back",
				  m->device);
	}
	mutex_unlock(&m->lock);
}

void mtk_bm_medium_init(struct mtk_bm_medium *m)
{
	mutex_init(&m->lock);
	mutex_init(&m->snap_lock);
	init_rwsem(&m->io_sem);
	INIT_LIST_HEAD(&m->areas);
	INIT_LIST_HEAD(&m->slots);
	INIT_LIST_HEAD(&m->comps);
	INIT_LIST_HEAD(&m->emmc_node);
	INIT_DELAYED_WORK(&m->relock_work, mtk_bm_relock_work);
	INIT_WORK(&m->gone_work, mtk_bm_gone_work);
	INIT_LIST_HEAD(&m->ubi_node);
	INIT_WORK(&m->recheck_work, mtk_bm_recheck_work);
	m->write = mtk_bm_write;
	m->force_ro = true;
	m->force_ro_secs = MTK_BM_RELOCK_DEFAULT;
	strscpy(m->status, "ok: created", sizeof(m->status));
}

/* Called when the configfs group goes (rmdir, rmmod): lock not held */
void mtk_bm_medium_teardown(struct mtk_bm_medium *m)
{
	mutex_lock(&m->lock);
	if (m->enabled)
		mtk_bm_unbind(m);
	mutex_unlock(&m->lock);
	/* nothing can queue them once unbound */
	cancel_delayed_work_sync(&m->relock_work);
	cancel_work_sync(&m->gone_work);
	cancel_work_sync(&m->recheck_work);
	of_node_put(m->np);
	m->np = NULL;
}

int mtk_bm_set_device(struct mtk_bm_medium *m, const char *dev)
{
	size_t n = strlen(dev);

	if (m->enabled)
		return mtk_bm_set_status(m, -EBUSY,
					 "device cannot change while enabled (write 0 to enable first)");
	if ((strncmp(dev, "mtd:", 4) && strncmp(dev, "mmc:", 4)) || n <= 4)
		return mtk_bm_set_status(m, -EINVAL,
					 "device \"%.40s\": expected mtd:<mtd name> or mmc:<disk name>",
					 dev);
	if (n >= sizeof(m->device))
		return mtk_bm_set_status(m, -EINVAL, "device name longer than %zu characters",
					 sizeof(m->device) - 1);
	if (!strncmp(dev, "mmc:", 4) &&
	    (strncmp(dev + 4, "mmcblk", 6) || strchr(dev + 4, '/') ||
	     strstr(dev + 4, "boot") || strchr(dev + 10, 'p')))
		return mtk_bm_set_status(m, -EINVAL,
					 "device \"%s\": expected the whole eMMC disk, e.g. mmc:mmcblk0",
					 dev);
	strscpy(m->device, dev, sizeof(m->device));
	m->type = strncmp(dev, "mmc:", 4) ? MTK_BM_TYPE_NONE : MTK_BM_TYPE_EMMC;
	return mtk_bm_set_status(m, 0, "device %s", dev);
}

/**
 * mtk_bm_bind() - take the device and protect every area
 * @m: the medium (lock held)
 *
 * Return: 0, or a negative errno with the reason in status; on failure
 * nothing stays changed.
 */
int mtk_bm_bind(struct mtk_bm_medium *m)
{
	const struct mtk_bm_media *media = mtk_bm_media_of(m);
	struct mtk_bm_slot *s;
	const char *layer;
	int ret;

	lockdep_assert_held(&m->lock);
	if (m->enabled)
		return mtk_bm_set_status(m, 0, "already enabled");
	if (!m->device[0])
		return mtk_bm_set_status(m, -EINVAL,
					 "no device: write mtd:<name> or mmc:<disk> to device first");
	list_for_each_entry(s, &m->slots, node) {
		const struct mtk_bm_media *on = mtk_bm_media_of_slot(s);

		if (!on)
			continue;
		if (on->medium != media)
			return mtk_bm_set_status(m, -EINVAL,
						 "slot %s/%s: location %s does not fit device %s",
						 config_item_name(&s->comp->group.cg_item),
						 config_item_name(&s->group.cg_item),
						 s->location_str, m->device);
	}
	WRITE_ONCE(m->gone, false);
	ret = media->bind(m);
	if (ret)
		return ret;	/* status set by the binder, references dropped */

	m->enabled = true;
	ret = mtk_bm_protect(m, true);
	if (ret) {
		char why[MTK_BM_REASON_LEN];

		strscpy(why, m->status, sizeof(why));
		mtk_bm_unbind(m);
		return mtk_bm_set_status(m, ret, "cannot protect the boot areas (%s)", why);
	}
	ret = mtk_bm_media_attach(m, &layer);
	if (ret) {
		mtk_bm_unbind(m);
		return mtk_bm_set_status(m, ret, "cannot resolve the %s: slots", layer);
	}
	return mtk_bm_set_status(m, 0, "bound %s (%s), boot areas read-only",
				 m->device, mtk_bm_type_name(m->type));
}

/* Restore what bind changed, drop the references (lock held) */
void mtk_bm_unbind(struct mtk_bm_medium *m)
{
	struct mtk_bm_component *c;
	struct mtk_bm_slot *s;

	lockdep_assert_held(&m->lock);
	if (!m->enabled)
		return;
	/* the relock work takes the lock: only ask it not to run */
	cancel_delayed_work(&m->relock_work);
	mtk_bm_media_detach(m);
	list_for_each_entry(c, &m->comps, node)
		mtk_bm_engine_clear(c);
	list_for_each_entry(s, &m->slots, node) {
		s->area = NULL;
		s->proof.set = false;
	}
	/* a staged image was checked against this binding only */
	list_for_each_entry(c, &m->comps, node)
		mtk_bm_image_drop(c);
	mtk_bm_media_of(m)->unbind(m);
	m->enabled = false;
	m->force_ro = true;
	if (m->type != MTK_BM_TYPE_EMMC)
		m->type = MTK_BM_TYPE_NONE;
	mtk_bm_set_status(m, 0, "unbound");
}

static bool mtk_bm_node_within(struct device_node *np, struct device_node *top)
{
	struct device_node *p;

	for (p = of_node_get(np); p; p = of_get_next_parent(p)) {
		if (p == top) {
			of_node_put(p);
			return true;
		}
	}
	return false;
}

/* the strap latch given by the medium's DT node (mediatek,boot-strap) */
static const char *mtk_bm_booted_strap(struct mtk_bm_medium *m)
{
	struct regmap *map;
	unsigned int args[3], val;

	if (!m->np || !of_property_present(m->np, "mediatek,boot-strap"))
		return "unknown";
	map = syscon_regmap_lookup_by_phandle_args(m->np, "mediatek,boot-strap", 3, args);
	if (IS_ERR(map) || regmap_read(map, args[0], &val))
		return "unknown";
	return (val & args[1]) == args[2] ? "yes" : "no";
}

/**
 * mtk_bm_booted() - did the SoC boot from this medium?
 * @m: the medium (lock held)
 *
 * U-Boot sets /chosen/rootdisk to the DT node of the boot medium's root
 * (a partition, a UBI volume or an eMMC partition): the medium booted if
 * that node lies under the medium's device node. Without it, the strap
 * register the binding names decides.
 */
const char *mtk_bm_booted(struct mtk_bm_medium *m)
{
	struct device_node *chosen, *root, *dev = NULL;
	const char *ret = "unknown";

	if (!m->enabled || READ_ONCE(m->gone))
		return ret;
	chosen = of_find_node_by_path("/chosen");
	root = chosen ? of_parse_phandle(chosen, "rootdisk", 0) : NULL;
	of_node_put(chosen);
	if (!root)
		return mtk_bm_booted_strap(m);
	dev = mtk_bm_media_of(m)->of_node(m);
	if (dev)
		ret = mtk_bm_node_within(root, dev) ? "yes" : "no";
	of_node_put(dev);
	of_node_put(root);
	return ret;
}

/* The `status` attribute (lock held) */
int mtk_bm_status_show(struct mtk_bm_medium *m, char *buf, size_t len)
{
	struct mtk_bm_area *a;
	struct mtk_bm_slot *s;
	int n = 0;

	n += scnprintf(buf + n, len - n, "device: %s\n", m->device[0] ? m->device : "(none)");
	n += scnprintf(buf + n, len - n, "type: %s\n", mtk_bm_type_name(m->type));
	n += scnprintf(buf + n, len - n, "enabled: %d\n", m->enabled);
	if (m->enabled && m->chip[0])
		n += scnprintf(buf + n, len - n, "chip: %s (erase %u, page %u, oob %u)\n",
			       m->chip, m->erasesize, m->writesize, m->oobsize);
	n += scnprintf(buf + n, len - n, "booted: %s\n", mtk_bm_booted(m));
	if (m->enabled) {
		bool prot = mtk_bm_protected(m);

		n += scnprintf(buf + n, len - n, "force_ro: %d\n", prot);
		if (!m->force_ro && m->force_ro_secs)
			n += scnprintf(buf + n, len - n, "relock_in: %ld s\n",
				       max(0L, (long)(m->relock_at - jiffies)) / HZ);
		else if (!m->force_ro)
			n += scnprintf(buf + n, len - n, "relock_in: never (force_ro_secs = 0)\n");
	}
	n += scnprintf(buf + n, len - n, "force_ro_secs: %u\n", m->force_ro_secs);
	list_for_each_entry(a, &m->areas, node)
		n += mtk_bm_area_show(a, buf + n, len - n);
	list_for_each_entry(s, &m->slots, node)
		n += scnprintf(buf + n, len - n, "slot.%s.%s: %s\n",
			       config_item_name(&s->comp->group.cg_item),
			       config_item_name(&s->group.cg_item),
			       s->location_str[0] ? s->location_str : "(no location)");
	n += scnprintf(buf + n, len - n, "result: %s\n", m->status);
	return n;
}
