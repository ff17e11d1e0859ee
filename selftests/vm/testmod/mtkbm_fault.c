// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: misbehaves on load so that the VM runner's detection of
 * kernel errors can itself be tested (selftests/host/vm-runner.t).
 *
 *   modprobe mtkbm_fault mode=oops    NULL pointer dereference in init
 *   modprobe mtkbm_fault mode=warn    WARN() and a successful load
 *   modprobe mtkbm_fault mode=none    loads cleanly
 *
 * Faults only the debug kernel (selftests/vm/debug-kernel) reports; each
 * load succeeds:
 *   mode=uaf      a read of freed memory (KASAN)
 *   mode=leak     64 bytes allocated and forgotten (kmemleak)
 *   mode=lockdep  two mutexes taken in both orders (lockdep)
 *   mode=sleep    a GFP_KERNEL allocation under a spinlock (DEBUG_ATOMIC_SLEEP)
 *   mode=shift    a shift past the width of int (UBSAN)
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "oops | warn | uaf | leak | lockdep | sleep | shift | none");

static int *mtkbm_fault_ptr;
static int mtkbm_fault_shift = 40;
static DEFINE_MUTEX(mtkbm_fault_a);
static DEFINE_MUTEX(mtkbm_fault_b);
static DEFINE_SPINLOCK(mtkbm_fault_lock);

static int mtkbm_fault_uaf(void)
{
	int *p = kmalloc(16 * sizeof(*p), GFP_KERNEL);
	int v;

	if (!p)
		return -ENOMEM;
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	v = READ_ONCE(p[1]);
	pr_info("mtkbm_fault: read %d from freed memory\n", v);
	return 0;
}

/* not inlined: its frame names the module in the report (the init section is freed) */
static noinline int mtkbm_fault_leak(void)
{
	void *p = kmalloc(64, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 64);
	OPTIMIZER_HIDE_VAR(p);
	pr_info("mtkbm_fault: 64 bytes leaked\n");
	return 0;
}

static void mtkbm_fault_lockdep(void)
{
	mutex_lock(&mtkbm_fault_a);
	mutex_lock(&mtkbm_fault_b);
	mutex_unlock(&mtkbm_fault_b);
	mutex_unlock(&mtkbm_fault_a);
	mutex_lock(&mtkbm_fault_b);
	mutex_lock(&mtkbm_fault_a);
	mutex_unlock(&mtkbm_fault_a);
	mutex_unlock(&mtkbm_fault_b);
}

static void mtkbm_fault_sleep(void)
{
	void *p;

	/* GFP_KERNEL may sleep: might_sleep() reports it under the lock */
	spin_lock(&mtkbm_fault_lock);
	p = kmalloc(64, GFP_KERNEL);
	spin_unlock(&mtkbm_fault_lock);
	kfree(p);
}

static int __init mtkbm_fault_init(void)
{
	if (!strcmp(mode, "oops"))
		WRITE_ONCE(*READ_ONCE(mtkbm_fault_ptr), 1);
	else if (!strcmp(mode, "warn"))
		WARN(1, "mtkbm_fault: deliberate warning\n");
	else if (!strcmp(mode, "uaf"))
		return mtkbm_fault_uaf();
	else if (!strcmp(mode, "leak"))
		return mtkbm_fault_leak();
	else if (!strcmp(mode, "lockdep"))
		mtkbm_fault_lockdep();
	else if (!strcmp(mode, "sleep"))
		mtkbm_fault_sleep();
	else if (!strcmp(mode, "shift"))
		pr_info("mtkbm_fault: 1 << %d = %d\n", READ_ONCE(mtkbm_fault_shift),
			1 << READ_ONCE(mtkbm_fault_shift));
	return 0;
}

static void __exit mtkbm_fault_exit(void)
{
}

module_init(mtkbm_fault_init);
module_exit(mtkbm_fault_exit);
MODULE_DESCRIPTION("mtk-bootmedia test bed: deliberate kernel faults");
MODULE_LICENSE("GPL");
