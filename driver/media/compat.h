/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: kernel API differences between the kernels we support,
 * chosen by the compile probes of Kbuild (driver/probes/), never by
 * LINUX_VERSION_CODE: stable and vendor trees backport APIs.
 *
 *   MTK_BM_HAVE_BDEV_FILE          bdev_file_open_by_dev()    6.9+
 *   MTK_BM_HAVE_BDEV_HANDLE        bdev_open_by_dev()         6.7, 6.8, 6.6.y
 *   MTK_BM_HAVE_BLKDEV_HOLDER_OPS  blkdev_get_by_dev(4 args)  6.5, 6.6
 *   (none)                         blkdev_get_by_dev(fmode_t) 6.1
 */
#ifndef MTK_BM_COMPAT_H
#define MTK_BM_COMPAT_H

#include <linux/blkdev.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>

/* A block device opened by the module for the duration of one operation */
struct mtk_bm_bdev {
	struct block_device *bdev;
#if defined(MTK_BM_HAVE_BDEV_FILE)
	struct file *file;
#elif defined(MTK_BM_HAVE_BDEV_HANDLE)
	struct bdev_handle *handle;
#else
	bool write;
#endif
};

/*
 * Open by dev_t: unlike the by-path variants this does not refuse a write
 * open of a read-only disk; callers check protection themselves.
 */
static inline int mtk_bm_bdev_open(dev_t dev, bool write, struct mtk_bm_bdev *b)
{
#if defined(MTK_BM_HAVE_BDEV_FILE)
	b->file = bdev_file_open_by_dev(dev, BLK_OPEN_READ | (write ? BLK_OPEN_WRITE : 0),
					NULL, NULL);
	if (IS_ERR(b->file))
		return PTR_ERR(b->file);
	b->bdev = file_bdev(b->file);
#elif defined(MTK_BM_HAVE_BDEV_HANDLE)
	b->handle = bdev_open_by_dev(dev, BLK_OPEN_READ | (write ? BLK_OPEN_WRITE : 0),
				     NULL, NULL);
	if (IS_ERR(b->handle))
		return PTR_ERR(b->handle);
	b->bdev = b->handle->bdev;
#elif defined(MTK_BM_HAVE_BLKDEV_HOLDER_OPS)
	b->write = write;
	b->bdev = blkdev_get_by_dev(dev, BLK_OPEN_READ | (write ? BLK_OPEN_WRITE : 0),
				    NULL, NULL);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
#else
	b->write = write;
	b->bdev = blkdev_get_by_dev(dev, FMODE_READ | (write ? FMODE_WRITE : 0), NULL);
	if (IS_ERR(b->bdev))
		return PTR_ERR(b->bdev);
#endif
	return 0;
}

static inline void mtk_bm_bdev_close(struct mtk_bm_bdev *b)
{
#if defined(MTK_BM_HAVE_BDEV_FILE)
	fput(b->file);
#elif defined(MTK_BM_HAVE_BDEV_HANDLE)
	bdev_release(b->handle);
#elif defined(MTK_BM_HAVE_BLKDEV_HOLDER_OPS)
	blkdev_put(b->bdev, NULL);
#else
	blkdev_put(b->bdev, FMODE_READ | (b->write ? FMODE_WRITE : 0));
#endif
	b->bdev = NULL;
}

/*
 * Is @dev free of exclusive holders? An exclusive open with @holder, as
 * mount and O_EXCL openers make, released at once: 0 when free, -EBUSY
 * while a filesystem is mounted on it or another exclusive opener holds it
 * (for a partition also while the whole disk is held). On 6.9+ the file's
 * release, and with it the claim's, runs when the calling task returns to
 * user space; the holder may claim again until then.
 */
static inline int mtk_bm_bdev_claim_test(dev_t dev, void *holder)
{
#if defined(MTK_BM_HAVE_BDEV_FILE)
	struct file *f = bdev_file_open_by_dev(dev, BLK_OPEN_READ, holder, NULL);

	if (IS_ERR(f))
		return PTR_ERR(f);
	fput(f);
#elif defined(MTK_BM_HAVE_BDEV_HANDLE)
	struct bdev_handle *h = bdev_open_by_dev(dev, BLK_OPEN_READ, holder, NULL);

	if (IS_ERR(h))
		return PTR_ERR(h);
	bdev_release(h);
#elif defined(MTK_BM_HAVE_BLKDEV_HOLDER_OPS)
	struct block_device *bdev = blkdev_get_by_dev(dev, BLK_OPEN_READ, holder, NULL);

	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	blkdev_put(bdev, holder);
#else
	struct block_device *bdev = blkdev_get_by_dev(dev, FMODE_READ | FMODE_EXCL, holder);

	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	blkdev_put(bdev, FMODE_READ | FMODE_EXCL);
#endif
	return 0;
}

#endif /* MTK_BM_COMPAT_H */
