// SPDX-License-Identifier: GPL-2.0-only
/* probe: platform_driver.remove returns void (6.11+) */
#include <linux/platform_device.h>

static void probe_remove(struct platform_device *pdev)
{
}

static struct platform_driver probe_driver __maybe_unused = {
	.remove = probe_remove,
};
