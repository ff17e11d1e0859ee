/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the MTD core's table lock. mtd_table_mutex is exported
 * (EXPORT_SYMBOL_GPL in drivers/mtd/mtdcore.c, 6.1 and 6.12) but declared
 * only in drivers/mtd/mtdcore.h, which header packages do not ship. It is
 * the lock the MTD notifiers run under: taking and dropping a partition
 * reference under it is the only way to make every reference the module
 * holds visible to its remove notifier, which drops it before the MTD core
 * (and the flash driver after it) frees the device. There is no public
 * interface that takes a reference atomically with a notifier's view. The
 * Kbuild probe driver/probes/mtd_table_mutex.c checks that no public header
 * declares it differently.
 */
#ifndef MTK_BM_MTD_PRIV_H
#define MTK_BM_MTD_PRIV_H

#include <linux/mutex.h>

#ifndef MTK_BM_HAVE_MTD_TABLE_MUTEX
#error "the MTD core's table lock changed: check mtd_priv.h against drivers/mtd/mtdcore.h"
#endif

extern struct mutex mtd_table_mutex;

#endif /* MTK_BM_MTD_PRIV_H */
