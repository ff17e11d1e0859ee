// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: force_ro. The boot areas of a bound medium are read-only
 * by default: eMMC boot partitions through the disk's read-only flag (what
 * /sys/block/mmcblkXbootY/force_ro sets), MTD partitions through
 * MTD_WRITEABLE. Lifting the protection arms a timer (force_ro_secs) that
 * puts it back by itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/workqueue.h>

#include "mtk_bootmedia.h"

static bool mtk_bm_area_ro(struct mtk_bm_area *a)
{
	return mtk_bm_media_of_area(a)->area_ro(a);
}

static int mtk_bm_area_set_ro(struct mtk_bm_area *a, bool ro)
{
	return mtk_bm_media_of_area(a)->area_set_ro(a, ro);
}

/**
 * mtk_bm_protected() - are all boot areas read-only right now?
 * @m: a bound medium (lock held)
 *
 * Reads the live state, so a change made behind the module's back (e.g.
 * through /sys/block/mmcblkXbootY/force_ro) shows.
 */
bool mtk_bm_protected(struct mtk_bm_medium *m)
{
	struct mtk_bm_area *a;

	list_for_each_entry(a, &m->areas, node)
		if (a->protect && !mtk_bm_area_ro(a))
			return false;
	return true;
}

/**
 * mtk_bm_protect() - set or lift the protection of every boot area
 * @m: a bound medium (lock held)
 * @ro: true to protect
 *
 * Lifting is all or nothing: it is refused, with nothing changed, when one
 * area cannot become writable. Protecting always goes through every area.
 *
 * Return: 0 or a negative errno with the reason in status.
 */
int mtk_bm_protect(struct mtk_bm_medium *m, bool ro)
{
	struct mtk_bm_area *a;
	int ret = 0;

	lockdep_assert_held(&m->lock);
	if (!m->enabled)
		return mtk_bm_set_status(m, -ENODEV, "not bound: write 1 to enable first");
	if (READ_ONCE(m->gone))
		return mtk_bm_set_status(m, -ENODEV, "%s went away", m->device);
	if (!ro) {
		const struct mtk_bm_media *media = mtk_bm_media_of(m);
		const char *why = media->lift_refused ? media->lift_refused(m) : NULL;

		if (why)
			return mtk_bm_set_status(m, -EROFS, "%s", why);
		list_for_each_entry(a, &m->areas, node)
			if (a->protect && a->kernel_ro)
				return mtk_bm_set_status(m, -EPERM,
							 "%s stays read-only: %s", a->name,
							 a->kernel_ro);
	}
	list_for_each_entry(a, &m->areas, node) {
		int err;

		/* DT read-only areas are never lifted (they stay read-only) */
		if (!a->protect || (!ro && a->dt_ro))
			continue;
		err = mtk_bm_area_set_ro(a, ro);
		if (err && !ret)
			ret = mtk_bm_set_status(m, err, "cannot make %s %s", a->name,
						ro ? "read-only" : "writable");
	}
	if (ret && !ro) {
		/* undo: never leave a half-open medium */
		list_for_each_entry(a, &m->areas, node)
			if (a->protect)
				mtk_bm_area_set_ro(a, true);
		ro = true;
	}
	m->force_ro = ro;
	if (ro) {
		cancel_delayed_work(&m->relock_work);
	} else if (m->force_ro_secs) {
		m->relock_at = jiffies + m->force_ro_secs * HZ;
		mod_delayed_work(system_wq, &m->relock_work, m->force_ro_secs * HZ);
	}
	if (ret)
		return ret;
	if (ro)
		return mtk_bm_set_status(m, 0, "boot areas read-only");
	if (m->force_ro_secs)
		return mtk_bm_set_status(m, 0, "boot areas writable for %u s", m->force_ro_secs);
	return mtk_bm_set_status(m, 0, "boot areas writable until force_ro=1");
}

void mtk_bm_relock_work(struct work_struct *w)
{
	struct mtk_bm_medium *m = container_of(to_delayed_work(w), struct mtk_bm_medium,
					       relock_work);

	mutex_lock(&m->lock);
	if (m->enabled && !READ_ONCE(m->gone) && !m->force_ro) {
		if (!mtk_bm_protect(m, true)) {
			mtk_bm_set_status(m, 0, "protection back after %u s (force_ro_secs)",
					  m->force_ro_secs);
			pr_info("%s: boot areas read-only again after %u s\n",
				config_item_name(&m->group.cg_item), m->force_ro_secs);
		}
	}
	mutex_unlock(&m->lock);
}

/* One `status` line per area (lock held) */
int mtk_bm_area_show(struct mtk_bm_area *a, char *buf, size_t len)
{
	const char *state;

	if (!a->protect)
		return 0;
	if (a->type == MTK_BM_AREA_MTD && !a->mtd)
		state = "gone";
	else
		state = mtk_bm_area_ro(a) ? "read-only" : "writable";
	return scnprintf(buf, len, "area.%s: %s%s%s%s\n", a->name, state,
			 a->kernel_ro || a->dt_ro ? " (kernel: " : "",
			 a->kernel_ro ?: a->dt_ro ?: "", a->kernel_ro || a->dt_ro ? ")" : "");
}
