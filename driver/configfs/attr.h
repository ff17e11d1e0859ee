/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the plumbing of the configfs attributes, shared by the
 * files of driver/configfs/ only (main.c and of.c use configfs.h).
 *
 * An attribute is its logic only: for attribute ATTR of object OBJ (medium,
 * comp or slot) the file writes
 *
 *   ssize_t mtk_bm_OBJ_ATTR_get(struct mtk_bm_OBJECT *o, char *page);
 *   int mtk_bm_OBJ_ATTR_set(struct mtk_bm_OBJECT *o, const char *arg, int err);
 *
 * and MTK_BM_SHOW(OBJ, ATTR, how) / MTK_BM_STORE(OBJ, ATTR, len, how)
 * generate the configfs show/store around it, which CONFIGFS_ATTR*() then
 * names (attribute name ATTR, the kernel's modes). A set
 * gets the written value without its trailing newline in @arg, or @err
 * -EINVAL (and an empty @arg) when it did not fit in the attribute's buffer;
 * it returns 0 or the errno the write fails with. Without CAP_SYS_ADMIN a
 * write fails with -EPERM before anything else.
 */
#ifndef MTK_BM_CONFIGFS_ATTR_H
#define MTK_BM_CONFIGFS_ATTR_H

#include <linux/capability.h>
#include <linux/configfs.h>

#include "configfs.h"

/* how the logic runs (the show's or store's "how") */
#define MTK_BM_LOCK	0x1	/* under the medium lock, taken killable (-EINTR) */
#define MTK_BM_ADMIN	0x2	/* reads the boot media: CAP_SYS_ADMIN or -EPERM */
#define MTK_BM_BUSY	0x4	/* one writing operation per medium: -EBUSY at once */

MTK_BM_LOCAL int mtk_bm_attr_lock(struct mtk_bm_medium *m, unsigned int how);
MTK_BM_LOCAL void mtk_bm_attr_unlock(struct mtk_bm_medium *m, unsigned int how);
MTK_BM_LOCAL void mtk_bm_attr_running(struct mtk_bm_medium *m, const char *op, const char *arg,
				      struct config_item *item);
MTK_BM_LOCAL ssize_t mtk_bm_attr_busy_show(struct mtk_bm_medium *m, char *page, bool status,
					   const char *prefix);
MTK_BM_LOCAL int mtk_bm_arg(const char *page, size_t count, char *buf, size_t len);
MTK_BM_LOCAL int mtk_bm_attr_add(struct mtk_bm_medium *m, struct list_head *node,
				 struct list_head *list, const char *what);

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

/* the medium whose lock an object's attributes take */
static inline struct mtk_bm_medium *medium_of_medium(struct config_item *item)
{
	return to_medium(item);
}

static inline struct mtk_bm_medium *medium_of_comp(struct config_item *item)
{
	return to_comp(item)->medium;
}

static inline struct mtk_bm_medium *medium_of_slot(struct config_item *item)
{
	return to_slot(item)->comp->medium;
}

/*
 * MTK_BM_SHOW_NOWAIT(obj, attr, how, status, prefix): a show that a running
 * writing operation (stage, active, switch) does not block: while one holds
 * the lock, the reader gets mtk_bm_attr_busy_show()'s answer at once
 */
#define MTK_BM_SHOW_NOWAIT(obj, attr, how, status, prefix)		\
static ssize_t mtk_bm_##obj##_##attr##_show(struct config_item *item,	\
					    char *page)			\
{									\
	struct mtk_bm_medium *m = medium_of_##obj(item);		\
	const unsigned int h = (how);					\
	ssize_t n;							\
									\
	if ((h & MTK_BM_ADMIN) && !capable(CAP_SYS_ADMIN))		\
		return -EPERM;						\
	n = mtk_bm_attr_busy_show(m, page, status, prefix);		\
	if (n)								\
		return n;						\
	n = mtk_bm_attr_lock(m, h);					\
	if (n)								\
		return n;						\
	n = mtk_bm_##obj##_##attr##_get(to_##obj(item), page);		\
	mtk_bm_attr_unlock(m, h);					\
	return n;							\
}

#define MTK_BM_SHOW(obj, attr, how)					\
static ssize_t mtk_bm_##obj##_##attr##_show(struct config_item *item,	\
					    char *page)			\
{									\
	struct mtk_bm_medium *m = medium_of_##obj(item);		\
	const unsigned int h = (how);					\
	ssize_t n = mtk_bm_attr_lock(m, h);				\
									\
	if (n)								\
		return n;						\
	n = mtk_bm_##obj##_##attr##_get(to_##obj(item), page);		\
	mtk_bm_attr_unlock(m, h);					\
	return n;							\
}

/* @len: the value's buffer, its trailing NUL included */
#define MTK_BM_STORE(obj, attr, len, how)				\
static ssize_t mtk_bm_##obj##_##attr##_store(struct config_item *item,	\
					     const char *page,		\
					     size_t count)		\
{									\
	struct mtk_bm_medium *m = medium_of_##obj(item);		\
	const unsigned int h = (how) | MTK_BM_LOCK;			\
	char buf[len];							\
	int err, ret;							\
									\
	err = mtk_bm_arg(page, count, buf, sizeof(buf));		\
	if (err == -EPERM)						\
		return err;						\
	ret = mtk_bm_attr_lock(m, h);					\
	if (ret)							\
		return ret;						\
	if (h & MTK_BM_BUSY)						\
		mtk_bm_attr_running(m, #attr, buf, item);		\
	ret = mtk_bm_##obj##_##attr##_set(to_##obj(item), buf, err);	\
	mtk_bm_attr_unlock(m, h);					\
	return ret ?: count;						\
}

/* card.c: the eMMC card's attributes of a medium */
MTK_BM_LOCAL ssize_t mtk_bm_medium_boot_partition_get(struct mtk_bm_medium *m, char *page);
MTK_BM_LOCAL int mtk_bm_medium_boot_partition_set(struct mtk_bm_medium *m, const char *arg,
						  int err);
MTK_BM_LOCAL ssize_t mtk_bm_medium_boot_ack_get(struct mtk_bm_medium *m, char *page);
MTK_BM_LOCAL int mtk_bm_medium_boot_ack_set(struct mtk_bm_medium *m, const char *arg, int err);
MTK_BM_LOCAL ssize_t mtk_bm_medium_boot_wp_get(struct mtk_bm_medium *m, char *page);
MTK_BM_LOCAL int mtk_bm_medium_boot_wp_set(struct mtk_bm_medium *m, const char *arg, int err);
MTK_BM_LOCAL ssize_t mtk_bm_card_status(struct mtk_bm_medium *m, char *page, size_t len, bool live);
#define MTK_BM_GPT_SECTOR	512
MTK_BM_LOCAL ssize_t mtk_bm_medium_gpt_sector_store(struct config_item *item, const char *page,
						    size_t count);

#endif /* MTK_BM_CONFIGFS_ATTR_H */
