// SPDX-License-Identifier: GPL-2.0-only
/* probe: blkdev_get_by_dev() takes blk_mode_t and holder ops (6.5 - 6.7) */
#include <linux/blkdev.h>

static inline struct block_device *probe(dev_t dev)
{
	return blkdev_get_by_dev(dev, BLK_OPEN_READ, NULL, NULL);
}
