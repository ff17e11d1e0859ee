// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the configfs ABI (Documentation/ABI/testing/
 * configfs-mtk-bootmedia). This file only parses and formats; the work is
 * done by medium.c, protect.c, emmc.c, mtd.c and slot.c, always under the
 * medium lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/configfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "configfs.h"
#include "core/mtk_bootmedia.h"
#include "engine/engine.h"

#define EXT_CSD_BOOT_WP_STATUS	174

static inline struct mtk_bm_medium *to_medium(struct config_item *item)
{
	return container_of(to_config_group(item), struct mtk_bm_medium, group);
}

static inline struct mtk_bm_component *to_comp(struct config_item *item)
{
	return container_of(to_config_group(item), struct mtk_bm_component, group);
}

static inline struct mtk_bm_slot *to_slot(struct config_item *item)
{
	return container_of(to_config_group(item), struct mtk_bm_slot, group);
}

/* copy a written value without its trailing newline */
static int mtk_bm_arg(const char *page, size_t count, char *buf, size_t len)
{
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (count >= len)
		return -EINVAL;
	memcpy(buf, page, count);
	buf[count] = '\0';
	if (count && buf[count - 1] == '\n')
		buf[count - 1] = '\0';
	return 0;
}

/* ---- medium ---- */

static ssize_t mtk_bm_medium_device_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	ssize_t n;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = sysfs_emit(page, "%s\n", m->device);
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t mtk_bm_medium_device_store(struct config_item *item,
					  const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	char buf[MTK_BM_DEVICE_LEN + 8];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret == -EINVAL)
		ret = mtk_bm_set_status(m, ret, "device name longer than %d characters",
					MTK_BM_DEVICE_LEN - 1);
	if (!ret)
		ret = mtk_bm_set_device(m, buf);
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_medium_enable_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);

	return sysfs_emit(page, "%d\n", READ_ONCE(m->enabled));
}

static ssize_t mtk_bm_medium_enable_store(struct config_item *item,
					  const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	char buf[8];
	bool on;
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret || kstrtobool(buf, &on))
		ret = mtk_bm_set_status(m, -EINVAL, "enable: expected 1 or 0");
	else if (on)
		ret = mtk_bm_bind(m);
	else
		mtk_bm_unbind(m);
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_medium_type_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);

	return sysfs_emit(page, "%s\n", mtk_bm_type_name(READ_ONCE(m->type)));
}

static ssize_t mtk_bm_medium_booted_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	ssize_t n;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = sysfs_emit(page, "%s\n", mtk_bm_booted(m));
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t mtk_bm_medium_force_ro_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	ssize_t n;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = sysfs_emit(page, "%d\n", m->enabled ? mtk_bm_protected(m) : m->force_ro);
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t mtk_bm_medium_force_ro_store(struct config_item *item,
					    const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	char buf[8];
	bool ro;
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret || kstrtobool(buf, &ro))
		ret = mtk_bm_set_status(m, -EINVAL, "force_ro: expected 1 or 0");
	else
		ret = mtk_bm_protect(m, ro);
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_medium_force_ro_secs_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);

	return sysfs_emit(page, "%u\n", READ_ONCE(m->force_ro_secs));
}

static ssize_t mtk_bm_medium_force_ro_secs_store(struct config_item *item,
						 const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	unsigned int secs;
	char buf[16];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret || kstrtouint(buf, 10, &secs) || secs > MTK_BM_RELOCK_MAX) {
		ret = mtk_bm_set_status(m, -EINVAL,
					"force_ro_secs: expected 0 (never) to %u seconds",
					MTK_BM_RELOCK_MAX);
	} else {
		m->force_ro_secs = secs;
		/* an open medium gets the new delay from now */
		if (m->enabled && !m->force_ro && secs) {
			m->relock_at = jiffies + secs * HZ;
			mod_delayed_work(system_wq, &m->relock_work, secs * HZ);
		} else if (!secs) {
			cancel_delayed_work(&m->relock_work);
		}
		mtk_bm_set_status(m, 0, "force_ro_secs %u", secs);
	}
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static const char *const mtk_bm_boot_names[8] = {
	[0] = "none", [1] = "boot0", [2] = "boot1", [7] = "user",
};

/* read EXT_CSD for a show; NULL with *err set when it cannot */
static u8 *mtk_bm_show_ext_csd(struct mtk_bm_medium *m, const char **why)
{
	u8 *ext;

	*why = NULL;
	if (m->type != MTK_BM_TYPE_EMMC) {
		*why = "n/a";
		return NULL;
	}
	if (!m->enabled || READ_ONCE(m->gone)) {
		*why = "unknown";
		return NULL;
	}
	ext = kmalloc(512, GFP_KERNEL);
	if (ext && mtk_bm_emmc_read_ext_csd(m, ext)) {
		kfree(ext);
		ext = NULL;
	}
	if (!ext)
		*why = "unknown";
	return ext;
}

static ssize_t mtk_bm_medium_boot_partition_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	const char *why, *name;
	ssize_t n;
	u8 *ext;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	ext = mtk_bm_show_ext_csd(m, &why);
	if (ext) {
		name = mtk_bm_boot_names[(ext[179] >> 3) & 7];
		n = name ? sysfs_emit(page, "%s\n", name) :
			   sysfs_emit(page, "reserved (%u)\n", (ext[179] >> 3) & 7);
	} else {
		n = sysfs_emit(page, "%s\n", why);
	}
	mutex_unlock(&m->lock);
	kfree(ext);
	return n;
}

/* common to the eMMC stores: medium bound and an eMMC */
static int mtk_bm_emmc_ready(struct mtk_bm_medium *m, const char *attr)
{
	if (m->type != MTK_BM_TYPE_EMMC)
		return mtk_bm_set_status(m, -EOPNOTSUPP, "%s is for eMMC media only", attr);
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_set_status(m, -ENODEV, "%s: not bound (write 1 to enable first)",
					 attr);
	return 0;
}

static ssize_t mtk_bm_medium_boot_partition_store(struct config_item *item,
						  const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	int ret, i, sel = -1;
	char buf[16];

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	for (i = 0; !ret && i < ARRAY_SIZE(mtk_bm_boot_names); i++)
		if (mtk_bm_boot_names[i] && !strcmp(buf, mtk_bm_boot_names[i]))
			sel = i;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	ret = mtk_bm_emmc_ready(m, "boot_partition");
	if (!ret && sel < 0)
		ret = mtk_bm_set_status(m, -EINVAL,
					"boot_partition: expected boot0, boot1, user or none");
	if (!ret)
		ret = mtk_bm_emmc_set_boot(m, sel, -1);
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_medium_boot_ack_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	const char *why;
	ssize_t n;
	u8 *ext;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	ext = mtk_bm_show_ext_csd(m, &why);
	n = ext ? sysfs_emit(page, "%d\n", !!(ext[179] & 0x40)) : sysfs_emit(page, "%s\n", why);
	mutex_unlock(&m->lock);
	kfree(ext);
	return n;
}

static ssize_t mtk_bm_medium_boot_ack_store(struct config_item *item,
					    const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	char buf[8];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (!ret)
		ret = mtk_bm_emmc_ready(m, "boot_ack");
	else
		ret = -EINVAL;
	if (ret == -EINVAL || (!ret && strcmp(buf, "0") && strcmp(buf, "1")))
		ret = mtk_bm_set_status(m, -EINVAL, "boot_ack: expected 0 or 1");
	if (!ret)
		ret = mtk_bm_emmc_set_boot(m, -1, buf[0] == '1');
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static const char *mtk_bm_wp_name(u8 st)
{
	if (st & 0x0a)
		return "permanent";
	if (st & 0x05)
		return "power-on";
	return "none";
}

static ssize_t mtk_bm_medium_boot_wp_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	const char *why;
	ssize_t n;
	u8 *ext;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	ext = mtk_bm_show_ext_csd(m, &why);
	n = sysfs_emit(page, "%s\n", ext ? mtk_bm_wp_name(ext[EXT_CSD_BOOT_WP_STATUS]) : why);
	mutex_unlock(&m->lock);
	kfree(ext);
	return n;
}

static ssize_t mtk_bm_medium_boot_wp_store(struct config_item *item,
					   const char *page, size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	char buf[16];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (!ret)
		ret = mtk_bm_emmc_ready(m, "boot_wp");
	else
		ret = -EINVAL;
	if (ret == -EINVAL || (!ret && strcmp(buf, "none") && strcmp(buf, "power-on")))
		ret = mtk_bm_set_status(m, -EINVAL, "boot_wp: expected none or power-on");
	else if (!ret && !strcmp(buf, "power-on"))
		ret = mtk_bm_emmc_boot_wp(m);
	else if (!ret && mtk_bm_emmc_wp_locked(m))
		ret = mtk_bm_set_status(m, -EPERM,
					"boot_wp: power-on protection lasts until the next power cycle");
	else if (!ret)
		mtk_bm_set_status(m, 0, "boot areas not write-protected");
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_medium_status_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = to_medium(item);
	const char *why;
	ssize_t n;
	u8 *ext;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = mtk_bm_status_show(m, page, PAGE_SIZE);
	ext = mtk_bm_show_ext_csd(m, &why);
	if (ext) {
		const char *b = mtk_bm_boot_names[(ext[179] >> 3) & 7];

		n += scnprintf(page + n, PAGE_SIZE - n,
			       "partition_config: 0x%02x (boot %s, ack %d)\nboot_wp: boot0 %s, boot1 %s\n",
			       ext[179], b ?: "reserved", !!(ext[179] & 0x40),
			       mtk_bm_wp_name(ext[EXT_CSD_BOOT_WP_STATUS] & 3),
			       mtk_bm_wp_name((ext[EXT_CSD_BOOT_WP_STATUS] >> 2) & 3));
	}
	mutex_unlock(&m->lock);
	kfree(ext);
	return n;
}

CONFIGFS_ATTR(mtk_bm_medium_, device);
CONFIGFS_ATTR(mtk_bm_medium_, enable);
CONFIGFS_ATTR_RO(mtk_bm_medium_, type);
CONFIGFS_ATTR_RO(mtk_bm_medium_, booted);
CONFIGFS_ATTR(mtk_bm_medium_, force_ro);
CONFIGFS_ATTR(mtk_bm_medium_, force_ro_secs);
CONFIGFS_ATTR(mtk_bm_medium_, boot_partition);
CONFIGFS_ATTR(mtk_bm_medium_, boot_ack);
CONFIGFS_ATTR(mtk_bm_medium_, boot_wp);
CONFIGFS_ATTR_RO(mtk_bm_medium_, status);

static struct configfs_attribute *mtk_bm_medium_attrs[] = {
	&mtk_bm_medium_attr_device,
	&mtk_bm_medium_attr_enable,
	&mtk_bm_medium_attr_type,
	&mtk_bm_medium_attr_booted,
	&mtk_bm_medium_attr_force_ro,
	&mtk_bm_medium_attr_force_ro_secs,
	&mtk_bm_medium_attr_boot_partition,
	&mtk_bm_medium_attr_boot_ack,
	&mtk_bm_medium_attr_boot_wp,
	&mtk_bm_medium_attr_status,
	NULL,
};

/* ---- slot ---- */

static ssize_t mtk_bm_slot_location_show(struct config_item *item, char *page)
{
	struct mtk_bm_slot *s = to_slot(item);
	struct mtk_bm_medium *m = s->comp->medium;
	ssize_t n;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = sysfs_emit(page, "%s\n", s->location_str);
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t mtk_bm_slot_location_store(struct config_item *item,
					  const char *page, size_t count)
{
	struct mtk_bm_slot *s = to_slot(item);
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_location loc;
	char buf[MTK_BM_LOCATION_LEN], err[128];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret) {
		ret = mtk_bm_set_status(m, -EINVAL, "location longer than %zu characters",
					sizeof(buf) - 1);
	} else if (m->enabled) {
		ret = mtk_bm_set_status(m, -EBUSY,
					"location of %s/%s cannot change while enabled",
					config_item_name(&s->comp->group.cg_item),
					config_item_name(item));
	} else {
		ret = mtk_bm_parse_location(buf, &loc, err, sizeof(err));
		if (ret) {
			mtk_bm_set_status(m, ret, "%s/%s: %s",
					  config_item_name(&s->comp->group.cg_item),
					  config_item_name(item), err);
		} else {
			s->loc = loc;
			strscpy(s->location_str, buf, sizeof(s->location_str));
			mtk_bm_set_status(m, 0, "%s/%s location %s",
					  config_item_name(&s->comp->group.cg_item),
					  config_item_name(item), buf);
		}
	}
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_slot_show_check(struct config_item *item, char *page, bool info)
{
	struct mtk_bm_slot *s = to_slot(item);
	struct mtk_bm_medium *m = s->comp->medium;
	ssize_t n;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;	/* reads the boot media */
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	n = mtk_bm_slot_state(s, info, page, PAGE_SIZE);
	mutex_unlock(&m->lock);
	return n;
}

static ssize_t mtk_bm_slot_state_show(struct config_item *item, char *page)
{
	return mtk_bm_slot_show_check(item, page, false);
}

static ssize_t mtk_bm_slot_info_show(struct config_item *item, char *page)
{
	return mtk_bm_slot_show_check(item, page, true);
}

CONFIGFS_ATTR(mtk_bm_slot_, location);
CONFIGFS_ATTR_RO(mtk_bm_slot_, state);
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

/* ---- component ---- */

static ssize_t mtk_bm_comp_kind_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);

	return sysfs_emit(page, "%s\n", mtk_bm_kind_name(READ_ONCE(c->kind)));
}

static ssize_t mtk_bm_comp_kind_store(struct config_item *item, const char *page,
				      size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;
	enum mtk_bm_kind k;
	char buf[8];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (m->enabled) {
		ret = mtk_bm_set_status(m, -EBUSY, "kind of %s cannot change while enabled",
					config_item_name(item));
	} else if (ret || (strcmp(buf, "bl2") && strcmp(buf, "fip") && strcmp(buf, "data"))) {
		ret = mtk_bm_set_status(m, -EINVAL, "%s: kind: expected bl2, fip or data",
					config_item_name(item));
	} else {
		k = buf[0] == 'b' ? MTK_BM_KIND_BL2 : buf[0] == 'f' ? MTK_BM_KIND_FIP :
			MTK_BM_KIND_DATA;
		WRITE_ONCE(c->kind, k);
		mtk_bm_set_status(m, 0, "%s kind %s", config_item_name(item), buf);
	}
	mutex_unlock(&m->lock);
	return ret ?: count;
}

/*
 * configfs hands the whole image over at close and ignores the return
 * value: the outcome goes to `result`
 */
static ssize_t mtk_bm_comp_image_write(struct config_item *item, const void *buf,
				       size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;
	int ret;

	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	ret = mtk_bm_image_stage(c, buf, count);
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_comp_verify_store(struct config_item *item, const char *page,
					size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;
	char buf[8];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (mutex_lock_killable(&m->lock))
		return -EINTR;
	if (ret || (strcmp(buf, "1") && strcmp(buf, "force"))) {
		c->generation++;
		ret = mtk_bm_comp_result(c, -EINVAL,
					 "verify: expected 1, or force to accept an unknown board");
	} else {
		ret = mtk_bm_image_verify(c, !strcmp(buf, "force"));
	}
	mutex_unlock(&m->lock);
	return ret ?: count;
}

static ssize_t mtk_bm_comp_result_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n;

	if (mutex_lock_killable(&c->medium->lock))
		return -EINTR;
	n = sysfs_emit(page, "%s\n", c->result[0] ? c->result : "none");
	mutex_unlock(&c->medium->lock);
	return n;
}

static ssize_t mtk_bm_comp_generation_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n;

	if (mutex_lock_killable(&c->medium->lock))
		return -EINTR;
	n = sysfs_emit(page, "%llu\n", (unsigned long long)c->generation);
	mutex_unlock(&c->medium->lock);
	return n;
}

static ssize_t mtk_bm_comp_switch_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);

	return sysfs_emit(page, "%s\n", mtk_bm_switch_name(READ_ONCE(c->sw)));
}

static ssize_t mtk_bm_comp_switch_store(struct config_item *item, const char *page,
					size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;
	const struct mtk_bm_engine *sw;
	char buf[16], names[96];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (test_and_set_bit(0, &m->busy))
		return -EBUSY;
	if (mutex_lock_killable(&m->lock)) {
		clear_bit(0, &m->busy);
		return -EINTR;
	}
	c->generation++;
	if (ret || mtk_bm_switch_parse(buf, &sw)) {
		mtk_bm_switch_names(names, sizeof(names));
		ret = mtk_bm_comp_result(c, -EINVAL, "switch: expected %s", names);
	} else {
		WRITE_ONCE(c->sw, sw);
		mtk_bm_comp_result(c, 0, "switch %s", buf);
	}
	mutex_unlock(&m->lock);
	clear_bit(0, &m->busy);
	return ret ?: count;
}

/*
 * stage and active: one writing operation per medium at a time; a second
 * writer gets -EBUSY at once instead of waiting for a long write
 */
static ssize_t mtk_bm_comp_op(struct config_item *item, const char *page, size_t count,
			      int (*op)(struct mtk_bm_component *c, const char *arg),
			      const char *what)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;
	char buf[72];
	int ret;

	ret = mtk_bm_arg(page, count, buf, sizeof(buf));
	if (ret == -EPERM)
		return ret;
	if (test_and_set_bit(0, &m->busy))
		return -EBUSY;
	if (mutex_lock_killable(&m->lock)) {
		clear_bit(0, &m->busy);
		return -EINTR;
	}
	if (ret || !buf[0]) {
		c->generation++;
		ret = mtk_bm_comp_result(c, -EINVAL, "%s: expected a slot name", what);
	} else {
		ret = op(c, buf);
	}
	mutex_unlock(&m->lock);
	clear_bit(0, &m->busy);
	return ret ?: count;
}

static ssize_t mtk_bm_comp_stage_store(struct config_item *item, const char *page,
				       size_t count)
{
	return mtk_bm_comp_op(item, page, count, mtk_bm_stage, "stage");
}

static ssize_t mtk_bm_comp_active_store(struct config_item *item, const char *page,
					size_t count)
{
	return mtk_bm_comp_op(item, page, count, mtk_bm_activate, "active");
}

static ssize_t mtk_bm_comp_active_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (mutex_lock_killable(&c->medium->lock))
		return -EINTR;
	n = mtk_bm_active_show(c, page, PAGE_SIZE);
	mutex_unlock(&c->medium->lock);
	return n;
}

/* switch bspconf on UBI: the record `active` composed for the helper */
static ssize_t mtk_bm_comp_record_read(struct config_item *item, void *buf, size_t len)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n;

	if (mutex_lock_killable(&c->medium->lock))
		return -EINTR;
	n = mtk_bm_dualfip_ubi_record(c, buf, len);
	mutex_unlock(&c->medium->lock);
	return n;
}

static ssize_t mtk_bm_comp_record_volume_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n;

	if (mutex_lock_killable(&c->medium->lock))
		return -EINTR;
	n = mtk_bm_dualfip_ubi_volume(c, page, PAGE_SIZE);
	mutex_unlock(&c->medium->lock);
	return n;
}

/* lockless: polled while a stage holds the lock */
static ssize_t mtk_bm_comp_progress_show(struct config_item *item, char *page)
{
	struct mtk_bm_component *c = to_comp(item);

	return sysfs_emit(page, "%llu %llu\n",
			  (unsigned long long)READ_ONCE(c->progress_done),
			  (unsigned long long)READ_ONCE(c->progress_total));
}

CONFIGFS_ATTR(mtk_bm_comp_, kind);
CONFIGFS_ATTR(mtk_bm_comp_, switch);
CONFIGFS_ATTR_WO(mtk_bm_comp_, stage);
CONFIGFS_ATTR(mtk_bm_comp_, active);
CONFIGFS_ATTR_RO(mtk_bm_comp_, progress);
CONFIGFS_ATTR_WO(mtk_bm_comp_, verify);
CONFIGFS_ATTR_RO(mtk_bm_comp_, result);
CONFIGFS_ATTR_RO(mtk_bm_comp_, generation);
CONFIGFS_ATTR_RO(mtk_bm_comp_, record_volume);
CONFIGFS_BIN_ATTR_WO(mtk_bm_comp_, image, NULL, MTK_BM_IMAGE_BUF_MAX);
CONFIGFS_BIN_ATTR_RO(mtk_bm_comp_, record, NULL, MTK_BM_RECORD_LEN);

static struct configfs_attribute *mtk_bm_comp_attrs[] = {
	&mtk_bm_comp_attr_kind,
	&mtk_bm_comp_attr_switch,
	&mtk_bm_comp_attr_stage,
	&mtk_bm_comp_attr_active,
	&mtk_bm_comp_attr_progress,
	&mtk_bm_comp_attr_verify,
	&mtk_bm_comp_attr_result,
	&mtk_bm_comp_attr_generation,
	&mtk_bm_comp_attr_record_volume,
	NULL,
};

static struct configfs_bin_attribute *mtk_bm_comp_bin_attrs[] = {
	&mtk_bm_comp_attr_image,
	&mtk_bm_comp_attr_record,
	NULL,
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

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return ERR_PTR(-ENOMEM);
	s->comp = c;
	s->gpt_index = -1;
	s->ubi_vol_id = -1;
	config_group_init_type_name(&s->group, name, &mtk_bm_slot_type);
	mutex_lock(&m->lock);
	if (m->enabled) {
		mtk_bm_set_status(m, -EBUSY, "slots cannot be added while enabled");
		mutex_unlock(&m->lock);
		kfree(s);
		return ERR_PTR(-EBUSY);
	}
	list_add_tail(&s->node, &m->slots);
	mutex_unlock(&m->lock);
	return s;
}

static struct config_group *mtk_bm_comp_make_group(struct config_group *group,
						   const char *name)
{
	struct mtk_bm_slot *s = mtk_bm_slot_create(to_comp(&group->cg_item), name);

	return IS_ERR(s) ? ERR_CAST(s) : &s->group;
}

static void mtk_bm_comp_drop_item(struct config_group *group, struct config_item *item)
{
	struct mtk_bm_slot *s = to_slot(item);
	struct mtk_bm_medium *m = s->comp->medium;

	/* a bound area stays protected until unbind; the slot just leaves */
	mutex_lock(&m->lock);
	list_del(&s->node);
	s->area = NULL;
	mutex_unlock(&m->lock);
	config_item_put(item);
}

static void mtk_bm_comp_release(struct config_item *item)
{
	struct mtk_bm_component *c = to_comp(item);
	struct mtk_bm_medium *m = c->medium;

	mutex_lock(&m->lock);
	list_del(&c->node);
	mtk_bm_image_drop(c);
	mutex_unlock(&m->lock);
	kfree(c);
}

static struct configfs_item_operations mtk_bm_comp_item_ops = {
	.release = mtk_bm_comp_release,
};

static struct configfs_group_operations mtk_bm_comp_group_ops = {
	.make_group = mtk_bm_comp_make_group,
	.drop_item = mtk_bm_comp_drop_item,
};

static const struct config_item_type mtk_bm_comp_type = {
	.ct_item_ops = &mtk_bm_comp_item_ops,
	.ct_group_ops = &mtk_bm_comp_group_ops,
	.ct_attrs = mtk_bm_comp_attrs,
	.ct_bin_attrs = mtk_bm_comp_bin_attrs,
	.ct_owner = THIS_MODULE,
};

/* DT-built components: no mkdir below them */
static const struct config_item_type mtk_bm_comp_fixed_type = {
	.ct_item_ops = &mtk_bm_comp_item_ops,
	.ct_attrs = mtk_bm_comp_attrs,
	.ct_bin_attrs = mtk_bm_comp_bin_attrs,
	.ct_owner = THIS_MODULE,
};

void mtk_bm_component_fixed(struct mtk_bm_component *c)
{
	c->group.cg_item.ci_type = &mtk_bm_comp_fixed_type;
}

struct mtk_bm_component *mtk_bm_component_create(struct mtk_bm_medium *m,
						 const char *name)
{
	struct mtk_bm_component *c;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->medium = m;
	c->kind = mtk_bm_kind_default(name);
	config_group_init_type_name(&c->group, name, &mtk_bm_comp_type);
	mutex_lock(&m->lock);
	if (m->enabled) {
		mtk_bm_set_status(m, -EBUSY, "components cannot be added while enabled");
		mutex_unlock(&m->lock);
		kfree(c);
		return ERR_PTR(-EBUSY);
	}
	list_add_tail(&c->node, &m->comps);
	mutex_unlock(&m->lock);
	return c;
}

static struct config_group *mtk_bm_medium_make_group(struct config_group *group,
						     const char *name)
{
	struct mtk_bm_component *c = mtk_bm_component_create(to_medium(&group->cg_item),
							      name);

	return IS_ERR(c) ? ERR_CAST(c) : &c->group;
}

static void mtk_bm_medium_release(struct config_item *item)
{
	kfree(to_medium(item));
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
