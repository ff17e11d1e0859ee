// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the medium's `status` line and the mark of a device that
 * went away, used by every kernel layer (the media backends included, from
 * their notifiers): the work the mark queues is the core's gone_work. In
 * a test build only, the race knob (medium.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "medium.h"

/**
 * mtk_bm_set_status() - record the outcome of an operation for `status`
 * @m: the medium (lock held)
 * @err: 0 for success, or a negative errno
 * @fmt: the specific reason
 *
 * Return: @err, so that callers can `return mtk_bm_set_status(...)`.
 */
int mtk_bm_set_status(struct mtk_bm_medium *m, int err, const char *fmt, ...)
{
	char msg[MTK_BM_STATUS_LEN - 24];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (err)
		snprintf(m->status, sizeof(m->status), "error: %pe %s", ERR_PTR(err), msg);
	else
		snprintf(m->status, sizeof(m->status), "ok: %s", msg);
	return err;
}

/* From a notifier: no locks of ours may be taken, only flags and work */
void mtk_bm_mark_gone(struct mtk_bm_medium *m)
{
	WRITE_ONCE(m->gone, true);
	schedule_work(&m->gone_work);
}

#ifdef MTK_BM_TEST_KNOBS
static char *race = "";
module_param(race, charp, 0644);
MODULE_PARM_DESC(race,
		 "TEST BUILD ONLY: a window that always loses its race (bind: a slot's partition vanishes while binding; record: the pending bspconf record is dropped between the size query of record and its read)");

bool mtk_bm_test_race(const char *where)
{
	return race && sysfs_streq(race, where);
}
#endif
