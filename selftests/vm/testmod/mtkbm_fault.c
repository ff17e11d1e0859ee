// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: misbehaves on load so that the VM runner's detection of
 * kernel errors can itself be tested (selftests/host/vm-runner.t).
 *
 *   modprobe mtkbm_fault mode=oops    NULL pointer dereference in init
 *   modprobe mtkbm_fault mode=warn    WARN() and a successful load
 *   modprobe mtkbm_fault mode=none    loads cleanly
 */
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/string.h>

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "oops | warn | none");

static int *mtkbm_fault_ptr;

static int __init mtkbm_fault_init(void)
{
	if (!strcmp(mode, "oops"))
		WRITE_ONCE(*READ_ONCE(mtkbm_fault_ptr), 1);
	else if (!strcmp(mode, "warn"))
		WARN(1, "mtkbm_fault: deliberate warning\n");
	return 0;
}

static void __exit mtkbm_fault_exit(void)
{
}

module_init(mtkbm_fault_init);
module_exit(mtkbm_fault_exit);
MODULE_DESCRIPTION("mtk-bootmedia test bed: deliberate kernel faults");
MODULE_LICENSE("GPL");
