// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the configfs ABI of a component (kind, switch, stage,
 * active, progress, verify, result, generation, record_volume, image_file;
 * the image and record binaries), its slots' mkdir and its creation. The
 * logic only (attr.h); the work is core/slot.c's and core/switch.c's.
 */
#include <linux/kernel.h>
#include <linux/kernel_read_file.h>
#include <linux/limits.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include <linux/vmalloc.h>
#include <linux/workqueue.h>

#include "attr.h"
#include "engine/engine.h"

static ssize_t mtk_bm_comp_kind_get(struct mtk_bm_component *c, char *page)
{
	return sysfs_emit(page, "%s\n", mtk_bm_kind_name(READ_ONCE(c->kind)));
}

static int mtk_bm_comp_kind_set(struct mtk_bm_component *c, const char *arg, int err)
{
	struct mtk_bm_medium *m = c->medium;
	const char *name = config_item_name(&c->group.cg_item);

	if (m->enabled)
		return mtk_bm_set_status(m, -EBUSY, "kind of %s cannot change while enabled",
					 name);
	if (err || (strcmp(arg, "bl2") && strcmp(arg, "fip") && strcmp(arg, "data")))
		return mtk_bm_set_status(m, -EINVAL, "%s: kind: expected bl2, fip or data",
					 name);
	WRITE_ONCE(c->kind, arg[0] == 'b' ? MTK_BM_KIND_BL2 :
			    arg[0] == 'f' ? MTK_BM_KIND_FIP : MTK_BM_KIND_DATA);
	mtk_bm_set_status(m, 0, "%s kind %s", name, arg);
	return 0;
}

static ssize_t mtk_bm_comp_switch_get(struct mtk_bm_component *c, char *page)
{
	return sysfs_emit(page, "%s\n", mtk_bm_switch_name(READ_ONCE(c->sw)));
}

static int mtk_bm_comp_switch_set(struct mtk_bm_component *c, const char *arg, int err)
{
	const struct mtk_bm_engine *sw;
	char names[96];

	c->generation++;
	if (err || mtk_bm_switch_parse(arg, &sw)) {
		mtk_bm_switch_names(names, sizeof(names));
		return mtk_bm_comp_result(c, -EINVAL, "switch: expected %s", names);
	}
	WRITE_ONCE(c->sw, sw);
	mtk_bm_comp_result(c, 0, "switch %s", arg);
	return 0;
}

/* stage and active: a slot name */
static int mtk_bm_comp_op(struct mtk_bm_component *c, const char *arg, int err,
			  int (*op)(struct mtk_bm_component *c, const char *arg),
			  const char *what)
{
	if (err || !arg[0]) {
		c->generation++;
		return mtk_bm_comp_result(c, -EINVAL, "%s: expected a slot name", what);
	}
	return op(c, arg);
}

static int mtk_bm_comp_stage_set(struct mtk_bm_component *c, const char *arg, int err)
{
	return mtk_bm_comp_op(c, arg, err, mtk_bm_stage, "stage");
}

static int mtk_bm_comp_active_set(struct mtk_bm_component *c, const char *arg, int err)
{
	return mtk_bm_comp_op(c, arg, err, mtk_bm_activate, "active");
}

static ssize_t mtk_bm_comp_active_get(struct mtk_bm_component *c, char *page)
{
	return mtk_bm_active_show(c, page, PAGE_SIZE);
}

/* lockless: polled while a stage holds the lock */
static ssize_t mtk_bm_comp_progress_get(struct mtk_bm_component *c, char *page)
{
	return sysfs_emit(page, "%llu %llu\n",
			  (unsigned long long)READ_ONCE(c->progress_done),
			  (unsigned long long)READ_ONCE(c->progress_total));
}

static int mtk_bm_comp_verify_set(struct mtk_bm_component *c, const char *arg, int err)
{
	if (err || (strcmp(arg, "1") && strcmp(arg, "force"))) {
		c->generation++;
		return mtk_bm_comp_result(c, -EINVAL,
					  "verify: expected 1, or force to accept an unknown board");
	}
	return mtk_bm_image_verify(c, !strcmp(arg, "force"));
}

static ssize_t mtk_bm_comp_result_get(struct mtk_bm_component *c, char *page)
{
	return sysfs_emit(page, "%s\n", c->result[0] ? c->result : "none");
}

static ssize_t mtk_bm_comp_generation_get(struct mtk_bm_component *c, char *page)
{
	return sysfs_emit(page, "%llu\n", (unsigned long long)c->generation);
}

/* switch bspconf on UBI: the volume the pending record goes to */
static ssize_t mtk_bm_comp_record_volume_get(struct mtk_bm_component *c, char *page)
{
	return mtk_bm_dualfip_ubi_volume(c, page, PAGE_SIZE);
}

MTK_BM_SHOW(comp, kind, 0)
MTK_BM_STORE(comp, kind, 8, 0)
CONFIGFS_ATTR(mtk_bm_comp_, kind);

/*
 * switch, stage and active: one writing operation per medium at a time; a
 * second writer gets -EBUSY at once instead of waiting for a long write
 */
MTK_BM_SHOW(comp, switch, 0)
MTK_BM_STORE(comp, switch, 16, MTK_BM_BUSY)
CONFIGFS_ATTR(mtk_bm_comp_, switch);

MTK_BM_STORE(comp, stage, 72, MTK_BM_BUSY)
CONFIGFS_ATTR_WO(mtk_bm_comp_, stage);

MTK_BM_SHOW(comp, active, MTK_BM_ADMIN | MTK_BM_LOCK)
MTK_BM_STORE(comp, active, 72, MTK_BM_BUSY)
CONFIGFS_ATTR(mtk_bm_comp_, active);

MTK_BM_SHOW(comp, progress, 0)
CONFIGFS_ATTR_RO(mtk_bm_comp_, progress);

MTK_BM_STORE(comp, verify, 8, 0)
CONFIGFS_ATTR_WO(mtk_bm_comp_, verify);

/*
 * result: while a stage or switch runs on the medium, what runs, at once;
 * else the outcome of the last operation, after the re-check the UBI
 * volume notifier queued (core/medium.c): a reader right after ubirename
 * or ubiupdatevol gets that re-check's outcome, not the one before it
 * (issue 17: the helper reads `result` right after its ubirename, while
 * the re-check runs from a workqueue)
 */
static ssize_t mtk_bm_comp_result_show(struct config_item *item, char *page)
{
	struct mtk_bm_medium *m = medium_of_comp(item);
	ssize_t n = mtk_bm_attr_busy_show(m, page, false, "running: ");

	if (n)
		return n;
	flush_work(&m->recheck_work);
	n = mtk_bm_attr_lock(m, MTK_BM_LOCK);
	if (n)
		return n;
	n = mtk_bm_comp_result_get(to_comp(item), page);
	mtk_bm_attr_unlock(m, MTK_BM_LOCK);
	return n;
}
CONFIGFS_ATTR_RO(mtk_bm_comp_, result);

MTK_BM_SHOW(comp, generation, MTK_BM_LOCK)
CONFIGFS_ATTR_RO(mtk_bm_comp_, generation);

MTK_BM_SHOW(comp, record_volume, MTK_BM_LOCK)
CONFIGFS_ATTR_RO(mtk_bm_comp_, record_volume);

/*
 * configfs hands the whole image over at close and ignores the return
 * value: the outcome goes to `result`
 */
static ssize_t mtk_bm_comp_image_write(struct config_item *item, const void *buf,
				       size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	int ret = mtk_bm_attr_lock(c->medium, MTK_BM_LOCK);

	if (ret)
		return ret;
	ret = mtk_bm_image_stage(c, buf, count);
	mtk_bm_attr_unlock(c->medium, MTK_BM_LOCK);
	return ret ?: count;
}

/*
 * `image_file`: an absolute path; the module reads that file into one
 * buffer of its size (kernel_read_file_from_path(): a regular file, at
 * most MTK_BM_IMAGE_MAX, not open for writing), which becomes the staged
 * image: no configfs buffer, no copy, one read whatever the writer's
 * chunk size. The file is read before the medium lock is taken (it could
 * be one of this module's attributes); a refusal fails the write(2) with
 * its errno and says why in `result`. Read as READING_FIRMWARE, which a
 * boot chain image is: LSMs (IMA, LoadPin, IPE) apply their firmware
 * policy; READING_UNKNOWN has no rule in IPE, which warns on it (6.12).
 */
static ssize_t mtk_bm_comp_image_file_store(struct config_item *item, const char *page,
					    size_t count)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n = -EINVAL;
	void *buf = NULL;
	bool bad;
	char *path;
	size_t i;
	int ret;

	path = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	ret = mtk_bm_arg(page, count, path, PATH_MAX);
	if (ret == -EPERM)
		goto out;
	bad = ret || path[0] != '/';
	for (i = 0; !bad && path[i]; i++)
		bad = path[i] < 0x20 || path[i] == 0x7f;
	if (!bad)
		n = kernel_read_file_from_path(path, 0, &buf, MTK_BM_IMAGE_MAX, NULL,
					       READING_FIRMWARE);
	ret = mtk_bm_attr_lock(c->medium, MTK_BM_LOCK);
	if (ret) {
		vfree(buf);
		goto out;
	}
	if (bad) {
		mtk_bm_image_drop(c);
		c->generation++;
		ret = mtk_bm_comp_result(c, -EINVAL,
					 "image_file: expected an absolute path of printable characters, shorter than %d bytes",
					 PATH_MAX);
	} else {
		ret = mtk_bm_image_take(c, buf, n, path);
	}
	mtk_bm_attr_unlock(c->medium, MTK_BM_LOCK);
out:
	kfree(path);
	return ret ?: count;
}
CONFIGFS_ATTR_WO(mtk_bm_comp_, image_file);

/* switch bspconf on UBI: the record `active` composed for the helper */
static ssize_t mtk_bm_comp_record_read(struct config_item *item, void *buf, size_t len)
{
	struct mtk_bm_component *c = to_comp(item);
	ssize_t n = mtk_bm_attr_lock(c->medium, MTK_BM_LOCK);

	if (n)
		return n;
	n = mtk_bm_dualfip_ubi_record(c, buf, len);
	mtk_bm_attr_unlock(c->medium, MTK_BM_LOCK);
	return n;
}

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
	&mtk_bm_comp_attr_image_file,
	NULL,
};

static struct configfs_bin_attribute *mtk_bm_comp_bin_attrs[] = {
	&mtk_bm_comp_attr_image,
	&mtk_bm_comp_attr_record,
	NULL,
};

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
	int ret;

	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->medium = m;
	c->kind = mtk_bm_kind_default(name);
	config_group_init_type_name(&c->group, name, &mtk_bm_comp_type);
	ret = mtk_bm_attr_add(m, &c->node, &m->comps, "components");
	if (ret) {
		kfree(c);
		return ERR_PTR(ret);
	}
	return c;
}
