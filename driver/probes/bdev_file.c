// SPDX-License-Identifier: GPL-2.0-only
/* probe: bdev_file_open_by_dev() returns a struct file (6.9+) */
#include <linux/blkdev.h>
#include <linux/fs.h>

static inline struct block_device *probe(dev_t dev)
{
	struct file *f = bdev_file_open_by_dev(dev, BLK_OPEN_READ, NULL, NULL);

	return file_bdev(f);
}
