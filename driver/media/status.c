// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the medium's `status` line and the mark of a device that
 * went away, used by every kernel layer (the media backends included, from
 * their notifiers): the work the mark queues is the core's gone_work. In
 * a test build only, the race knob (medium.h).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/list.h>
#include <linux/moduleparam.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include <linux/workqueue.h>

#include "medium.h"

/*
 * `status` is never cut mid-reason (issue 13). The longest reasons: a
 * component's result after its name ("<component>: <result>",
 * mtk_bm_comp_result()), and those naming a component and a slot, each up
 * to NAME_MAX long (mkdir takes any such name), with a location or a
 * lower layer's reason and the device ("slot <c>/<s>: no partition
 * \"<name>\" on <chip>", "<c>/<s> location <location>"); before them
 * "error: " and the errno, at most MTK_BM_ERRNO_LEN. core-configfs.t
 * writes the longest and reads them back whole.
 */
#define MTK_BM_ERRNO_LEN	24
static_assert(sizeof_field(struct mtk_bm_medium, status) >
	      MTK_BM_ERRNO_LEN + NAME_MAX + 2 + MTK_BM_RESULT_LEN);
static_assert(sizeof_field(struct mtk_bm_medium, status) >
	      MTK_BM_ERRNO_LEN + 2 * NAME_MAX + MTK_BM_LOCATION_LEN + MTK_BM_DEVICE_LEN + 32);

/**
 * mtk_bm_set_status() - record the outcome of an operation for `status`
 * @m: the medium (lock held)
 * @err: 0 for success, or a negative errno
 * @fmt: the specific reason (not naming @m->status)
 *
 * Return: @err, so that callers can `return mtk_bm_set_status(...)`.
 */
int mtk_bm_set_status(struct mtk_bm_medium *m, int err, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	if (err)
		n = scnprintf(m->status, sizeof(m->status), "error: %pe ", ERR_PTR(err));
	else
		n = scnprintf(m->status, sizeof(m->status), "ok: ");
	va_start(ap, fmt);
	vsnprintf(m->status + n, sizeof(m->status) - n, fmt, ap);
	va_end(ap);
	return err;
}

/*
 * A list of the media layer that must be empty at module exit. The one
 * WARN of the module's objects (issue 13): on arm64 every object with a
 * WARN or BUG site carries a local label for its file name (Debian's
 * CONFIG_DEBUG_BUGVERBOSE), all of one name, and the second objcopy of
 * OpenWrt's scripts/strip-kmod.sh refuses a module with two of a name
 * (selftests/checks/kmod-strip).
 */
void mtk_bm_check_empty(const struct list_head *l, const char *what)
{
	WARN(!list_empty(l), "%s not empty at exit\n", what);
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
		 "TEST BUILD ONLY: a window that always loses its race (bind: a slot's partition vanishes while binding; record: the pending bspconf record is dropped between the size query of record and its read; mtdref, card: a sleep in a window of issue 13; recheck: the UBI re-check comes late, renamed: the UBI notifier sleeps at a rename; stage: a stage sleeps between its write and its witness, issue 17; medium.h)");

bool mtk_bm_test_race(const char *where)
{
	bool hit;

	/* a write of the parameter frees the string it replaces: read under its lock */
	kernel_param_lock(THIS_MODULE);
	hit = race && sysfs_streq(race, where);
	kernel_param_unlock(THIS_MODULE);
	return hit;
}

void mtk_bm_test_sleep(const char *where)
{
	if (!mtk_bm_test_race(where))
		return;
	pr_info("test build: race=%s, sleeping %u ms in the window\n", where,
		MTK_BM_TEST_SLEEP_MS);
	msleep(MTK_BM_TEST_SLEEP_MS);
}
#endif
