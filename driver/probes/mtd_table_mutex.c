// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: the module's own declaration of the MTD core's table lock
 * (mtd_priv.h) does not conflict with the public headers. Should a kernel
 * declare it otherwise, this fails and mtd_priv.h refuses to build.
 */
#define MTK_BM_HAVE_MTD_TABLE_MUTEX
#include <linux/mtd/mtd.h>
#include <linux/mtd/partitions.h>
#include "../media/mtd_priv.h"
