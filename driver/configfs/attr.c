// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: what every configfs attribute does around its logic
 * (attr.h): the value copied in, the permission, the medium lock.
 */
#include <linux/capability.h>
#include <linux/kernel.h>
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
	if (how & (MTK_BM_LOCK | MTK_BM_BUSY))
		mutex_unlock(&m->lock);
	if (how & MTK_BM_BUSY)
		clear_bit(0, &m->busy);
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
