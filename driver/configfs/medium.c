// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the configfs ABI (Documentation/ABI/testing/
 * configfs-mtk-bootmedia) of a medium and of the root. The files of
 * driver/configfs/ only parse and format (attr.h); the work is done by the
 * core, always under the medium lock.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/workqueue.h>

#include "attr.h"

static ssize_t mtk_bm_medium_device_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%s\n", m->device);
}

static int mtk_bm_medium_device_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	if (err)
		return mtk_bm_set_status(m, err, "device name longer than %d characters",
					 MTK_BM_DEVICE_LEN - 1);
	return mtk_bm_set_device(m, arg);
}

static ssize_t mtk_bm_medium_enable_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(m->enabled));
}

static int mtk_bm_medium_enable_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	bool on;

	if (err || kstrtobool(arg, &on))
		return mtk_bm_set_status(m, -EINVAL, "enable: expected 1 or 0");
	if (on)
		return mtk_bm_bind(m);
	mtk_bm_unbind(m);
	return 0;
}

static ssize_t mtk_bm_medium_type_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%s\n", mtk_bm_type_name(READ_ONCE(m->type)));
}

static ssize_t mtk_bm_medium_booted_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%s\n", mtk_bm_booted(m));
}

static ssize_t mtk_bm_medium_force_ro_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%d\n", m->enabled ? mtk_bm_protected(m) : m->force_ro);
}

static int mtk_bm_medium_force_ro_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	bool ro;

	if (err || kstrtobool(arg, &ro))
		return mtk_bm_set_status(m, -EINVAL, "force_ro: expected 1 or 0");
	return mtk_bm_protect(m, ro);
}

static ssize_t mtk_bm_medium_force_ro_secs_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(m->force_ro_secs));
}

static int mtk_bm_medium_force_ro_secs_set(struct mtk_bm_medium *m, const char *arg,
					   int err)
{
	unsigned int secs;

	if (err || kstrtouint(arg, 10, &secs) || secs > MTK_BM_RELOCK_MAX)
		return mtk_bm_set_status(m, -EINVAL,
					 "force_ro_secs: expected 0 (never) to %u seconds",
					 MTK_BM_RELOCK_MAX);
	m->force_ro_secs = secs;
	/* an open medium gets the new delay from now */
	if (m->enabled && !m->force_ro && secs) {
		m->relock_at = jiffies + secs * HZ;
		mod_delayed_work(system_wq, &m->relock_work, secs * HZ);
	} else if (!secs) {
		cancel_delayed_work(&m->relock_work);
	}
	mtk_bm_set_status(m, 0, "force_ro_secs %u", secs);
	return 0;
}

static ssize_t mtk_bm_medium_boot1_honoured_get(struct mtk_bm_medium *m, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(m->boot1_honoured));
}

/*
 * what the board states about its BootROM (the helper writes it from the
 * profile key boot.emmc-boot1 honoured); read by switch extcsd only
 */
static int mtk_bm_medium_boot1_honoured_set(struct mtk_bm_medium *m, const char *arg,
					    int err)
{
	bool on = arg[0] == '1';

	if (err || (strcmp(arg, "0") && strcmp(arg, "1")))
		return mtk_bm_set_status(m, -EINVAL, "boot1_honoured: expected 0 or 1");
	WRITE_ONCE(m->boot1_honoured, on);
	mtk_bm_set_status(m, 0, "boot1_honoured %d (switch extcsd: %s)", on,
			  on ? "allowed" : "writes nothing");
	return 0;
}

static ssize_t mtk_bm_medium_status_get(struct mtk_bm_medium *m, char *page)
{
	ssize_t n = mtk_bm_status_show(m, page, PAGE_SIZE);

	return n + mtk_bm_card_status(m, page + n, PAGE_SIZE - n, capable(CAP_SYS_ADMIN));
}

MTK_BM_SHOW(medium, device, MTK_BM_LOCK)
MTK_BM_STORE(medium, device, MTK_BM_DEVICE_LEN + 8, 0)
CONFIGFS_ATTR(mtk_bm_medium_, device);

MTK_BM_SHOW(medium, enable, 0)
MTK_BM_STORE(medium, enable, 8, 0)
CONFIGFS_ATTR(mtk_bm_medium_, enable);

MTK_BM_SHOW(medium, type, 0)
CONFIGFS_ATTR_RO(mtk_bm_medium_, type);

MTK_BM_SHOW(medium, booted, MTK_BM_LOCK)
CONFIGFS_ATTR_RO(mtk_bm_medium_, booted);

MTK_BM_SHOW(medium, force_ro, MTK_BM_LOCK)
MTK_BM_STORE(medium, force_ro, 8, 0)
CONFIGFS_ATTR(mtk_bm_medium_, force_ro);

MTK_BM_SHOW(medium, force_ro_secs, 0)
MTK_BM_STORE(medium, force_ro_secs, 16, 0)
CONFIGFS_ATTR(mtk_bm_medium_, force_ro_secs);

MTK_BM_SHOW(medium, boot1_honoured, 0)
MTK_BM_STORE(medium, boot1_honoured, 8, 0)
CONFIGFS_ATTR(mtk_bm_medium_, boot1_honoured);

MTK_BM_SHOW(medium, boot_partition, MTK_BM_LOCK)
MTK_BM_STORE(medium, boot_partition, 16, 0)
CONFIGFS_ATTR(mtk_bm_medium_, boot_partition);

MTK_BM_SHOW(medium, boot_ack, MTK_BM_LOCK)
MTK_BM_STORE(medium, boot_ack, 8, 0)
CONFIGFS_ATTR(mtk_bm_medium_, boot_ack);

MTK_BM_SHOW(medium, boot_wp, MTK_BM_LOCK)
MTK_BM_STORE(medium, boot_wp, 16, 0)
CONFIGFS_ATTR(mtk_bm_medium_, boot_wp);

CONFIGFS_ATTR_WO(mtk_bm_medium_, gpt_sector);

/* while a stage or switch runs: the status as it started, and what runs */
MTK_BM_SHOW_NOWAIT(medium, status, MTK_BM_LOCK, true, "running: ")
CONFIGFS_ATTR_RO(mtk_bm_medium_, status);

static struct configfs_attribute *mtk_bm_medium_attrs[] = {
	&mtk_bm_medium_attr_device,
	&mtk_bm_medium_attr_enable,
	&mtk_bm_medium_attr_type,
	&mtk_bm_medium_attr_booted,
	&mtk_bm_medium_attr_force_ro,
	&mtk_bm_medium_attr_force_ro_secs,
	&mtk_bm_medium_attr_boot1_honoured,
	&mtk_bm_medium_attr_boot_partition,
	&mtk_bm_medium_attr_boot_ack,
	&mtk_bm_medium_attr_boot_wp,
	&mtk_bm_medium_attr_gpt_sector,
	&mtk_bm_medium_attr_status,
	NULL,
};

static struct config_group *mtk_bm_medium_make_group(struct config_group *group,
						     const char *name)
{
	struct mtk_bm_component *c = mtk_bm_component_create(to_medium(&group->cg_item),
							      name);

	return IS_ERR(c) ? ERR_CAST(c) : &c->group;
}

static void mtk_bm_medium_release(struct config_item *item)
{
	struct mtk_bm_medium *m = to_medium(item);

	kfree(m->snap);
	kfree(m);
}

static void mtk_bm_medium_drop_comp(struct config_group *group, struct config_item *item)
{
	config_item_put(item);
}

static struct configfs_item_operations mtk_bm_medium_item_ops = {
	.release = mtk_bm_medium_release,
};

static struct configfs_group_operations mtk_bm_medium_group_ops = {
	.make_group = mtk_bm_medium_make_group,
	.drop_item = mtk_bm_medium_drop_comp,
};

static const struct config_item_type mtk_bm_medium_type = {
	.ct_item_ops = &mtk_bm_medium_item_ops,
	.ct_group_ops = &mtk_bm_medium_group_ops,
	.ct_attrs = mtk_bm_medium_attrs,
	.ct_owner = THIS_MODULE,
};

/* DT-built media: no mkdir below them */
static const struct config_item_type mtk_bm_medium_fixed_type = {
	.ct_item_ops = &mtk_bm_medium_item_ops,
	.ct_attrs = mtk_bm_medium_attrs,
	.ct_owner = THIS_MODULE,
};

void mtk_bm_medium_fixed(struct mtk_bm_medium *m)
{
	m->group.cg_item.ci_type = &mtk_bm_medium_fixed_type;
}

struct mtk_bm_medium *mtk_bm_medium_create(const char *name)
{
	struct mtk_bm_medium *m;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return ERR_PTR(-ENOMEM);
	mtk_bm_medium_init(m);
	config_group_init_type_name(&m->group, name, &mtk_bm_medium_type);
	return m;
}

/* ---- root ---- */

static struct config_group *mtk_bm_root_make_group(struct config_group *group,
						   const char *name)
{
	struct mtk_bm_medium *m = mtk_bm_medium_create(name);

	return IS_ERR(m) ? ERR_CAST(m) : &m->group;
}

static void mtk_bm_root_drop_item(struct config_group *group, struct config_item *item)
{
	mtk_bm_medium_teardown(to_medium(item));
	config_item_put(item);
}

static struct configfs_group_operations mtk_bm_root_group_ops = {
	.make_group = mtk_bm_root_make_group,
	.drop_item = mtk_bm_root_drop_item,
};

const struct config_item_type mtk_bm_root_type = {
	.ct_group_ops = &mtk_bm_root_group_ops,
	.ct_owner = THIS_MODULE,
};
