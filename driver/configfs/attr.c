// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: what every configfs attribute does around its logic
 * (attr.h): the value copied in, the permission, the medium lock.
 */
#include <linux/capability.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "attr.h"

/**
 * mtk_bm_attr_lock() - what an attribute takes before its logic runs
 * @m: the medium
 * @how: MTK_BM_LOCK, MTK_BM_ADMIN, MTK_BM_BUSY (which implies MTK_BM_LOCK)
 *
 * Return: 0 (undo with mtk_bm_attr_unlock()), -EPERM without CAP_SYS_ADMIN
 * for MTK_BM_ADMIN, -EBUSY while another writing operation runs on the
 * medium, -EINTR when killed waiting for the lock.
 */
int mtk_bm_attr_lock(struct mtk_bm_medium *m, unsigned int how)
{
	if ((how & MTK_BM_ADMIN) && !capable(CAP_SYS_ADMIN))
		return -EPERM;
	if ((how & MTK_BM_BUSY) && test_and_set_bit(0, &m->busy))
		return -EBUSY;
	if ((how & (MTK_BM_LOCK | MTK_BM_BUSY)) && mutex_lock_killable(&m->lock)) {
		if (how & MTK_BM_BUSY)
			clear_bit(0, &m->busy);
		return -EINTR;
	}
	return 0;
}

void mtk_bm_attr_unlock(struct mtk_bm_medium *m, unsigned int how)
{
	if (how & MTK_BM_BUSY) {
		mutex_lock(&m->snap_lock);
		m->running[0] = '\0';
		mutex_unlock(&m->snap_lock);
	}
	if (how & (MTK_BM_LOCK | MTK_BM_BUSY))
		mutex_unlock(&m->lock);
	if (how & MTK_BM_BUSY)
		clear_bit(0, &m->busy);
}

/**
 * mtk_bm_attr_running() - a writing operation starts (lock and busy held)
 * @m: the medium
 * @op: the attribute written (stage, active, switch)
 * @arg: the value written
 * @item: the component's item
 *
 * Keeps the status as it is now (the card lines from the module's last
 * EXT_CSD read: no command to the card) and the operation, for the
 * readers that do not wait for it (mtk_bm_attr_busy_show()) until
 * mtk_bm_attr_unlock() ends it.
 */
void mtk_bm_attr_running(struct mtk_bm_medium *m, const char *op, const char *arg,
			 struct config_item *item)
{
	char *snap = m->snap ?: kmalloc(PAGE_SIZE, GFP_KERNEL);
	size_t n = 0;

	mutex_lock(&m->snap_lock);
	m->snap = snap;
	if (snap) {
		n = mtk_bm_status_show(m, snap, PAGE_SIZE);
		n += mtk_bm_card_status(m, snap + n, PAGE_SIZE - n, false);
	}
	m->snap_len = n;
	mtk_fmt_msg(m->running, sizeof(m->running), "%s %s of %s", op, arg,
		    config_item_name(item));
	m->running_since = jiffies;
	mutex_unlock(&m->snap_lock);
}

/**
 * mtk_bm_attr_busy_show() - a show while a writing operation runs
 * @m: the medium
 * @page: the show's page
 * @status: give the status kept when the operation started first
 * @prefix: of the line naming the operation
 *
 * Return: 0 when no writing operation runs (the caller takes the lock and
 * shows the live value), else the length of "[status]<prefix><op> for
 * <n> s" in @page, without waiting for the medium lock.
 */
ssize_t mtk_bm_attr_busy_show(struct mtk_bm_medium *m, char *page, bool status,
			      const char *prefix)
{
	ssize_t n = 0;

	mutex_lock(&m->snap_lock);
	if (m->running[0]) {
		if (status && m->snap_len) {
			memcpy(page, m->snap, m->snap_len);
			n = m->snap_len;
		}
		n += scnprintf(page + n, PAGE_SIZE - n, "%s%s for %lu s\n", prefix,
			       m->running, (jiffies - m->running_since) / HZ);
	}
	mutex_unlock(&m->snap_lock);
	return n;
}

/**
 * mtk_bm_arg() - copy a written value without its trailing newline
 * @page: what was written
 * @count: its length
 * @buf: the copy, NUL-terminated (empty when it does not fit)
 * @len: size of @buf
 *
 * Return: 0, -EPERM without CAP_SYS_ADMIN, -EINVAL when it does not fit.
 */
int mtk_bm_arg(const char *page, size_t count, char *buf, size_t len)
{
	buf[0] = '\0';
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

/**
 * mtk_bm_attr_add() - add a component or slot to its medium's list
 * @m: the medium
 * @node: the new object's node
 * @list: the medium's list of such objects
 * @what: "components" or "slots", for the status line
 *
 * Return: 0, or -EBUSY while the medium is enabled (nothing added).
 */
int mtk_bm_attr_add(struct mtk_bm_medium *m, struct list_head *node,
		    struct list_head *list, const char *what)
{
	int ret = 0;

	mutex_lock(&m->lock);
	if (m->enabled)
		ret = mtk_bm_set_status(m, -EBUSY, "%s cannot be added while enabled", what);
	else
		list_add_tail(node, list);
	mutex_unlock(&m->lock);
	return ret;
}
