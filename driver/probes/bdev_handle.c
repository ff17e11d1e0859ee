// SPDX-License-Identifier: GPL-2.0-only
/* probe: bdev_open_by_dev() returns a struct bdev_handle (6.7, 6.8, 6.6.y) */
#include <linux/blkdev.h>

static inline struct block_device *probe(dev_t dev)
{
	struct bdev_handle *h = bdev_open_by_dev(dev, BLK_OPEN_READ, NULL, NULL);

	return h->bdev;
}
