// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the one function that writes to a boot area.
 *
 * mtk_bm_write() checks that the area may be written (bound, not gone, not
 * kept read-only by the kernel or by eMMC BOOT_WP), lifts the module's own
 * write protection of that one area for the duration, writes, reads every
 * byte back and compares, and puts the protection back as it found it.
 * Every switch engine and the GPT commit use it.
 *
 * MTD: erase block by erase block, skipping bad blocks as the BootROM and
 * BL2 do when they read, pages of a block in ascending order; memory: one
 * erase block and one page. eMMC: bios
 * of at most MTK_BM_CHUNK bytes with FUA, each read back before the next.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/mtd/mtd.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "media/compat.h"
#include "formats/fmt.h"
#include "mtk_bootmedia.h"

#define MTK_BM_CHUNK	(256U << 10)	/* eMMC: bytes per write + read back */
#define MTK_BM_SECTOR	512

static void mtk_bm_progress(const struct mtk_bm_wreq *w, size_t done)
{
	if (w->progress)
		WRITE_ONCE(w->progress->progress_done, done);
}

static int mtk_bm_write_block(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w,
			      char *err, size_t errlen)
{
	struct gendisk *disk = w->disk;
	bool boot = disk == m->bootdisk[0] || disk == m->bootdisk[1];
	bool was_ro = get_disk_ro(disk);
	size_t done = 0, n, pad;
	struct mtk_bm_bdev b;
	u8 *wb, *rb;
	int ret;

	if (w->offset % MTK_BM_SECTOR)
		return mtk_fmt_fail(err, errlen, EINVAL, "offset 0x%llx is not sector aligned",
				    (unsigned long long)w->offset);
	if (w->offset + round_up(w->len, MTK_BM_SECTOR) > get_capacity(disk) * MTK_BM_SECTOR)
		return mtk_fmt_fail(err, errlen, EFBIG, "%zu bytes at 0x%llx do not fit %s",
				    w->len, (unsigned long long)w->offset, disk->disk_name);
	if (!boot && was_ro)
		return mtk_fmt_fail(err, errlen, EROFS, "%s is read-only (blockdev --setro?)",
				    disk->disk_name);
	if (boot && mtk_bm_emmc_wp_locked(m))
		return mtk_fmt_fail(err, errlen, EROFS,
				    "%s is write-protected by BOOT_WP until the next power cycle",
				    disk->disk_name);
	wb = vmalloc(MTK_BM_CHUNK);
	rb = vmalloc(MTK_BM_CHUNK);
	if (!wb || !rb) {
		ret = -ENOMEM;
		snprintf(err, errlen, "no memory for the write buffers");
		goto out_free;
	}
	if (boot && was_ro)
		set_disk_ro(disk, false);
	ret = mtk_bm_bdev_open(disk_devt(disk), true, &b);
	if (ret) {
		snprintf(err, errlen, "cannot open %s for writing", disk->disk_name);
		goto out_ro;
	}
	while (done < w->len) {
		u64 off = w->offset + done;

		if (READ_ONCE(m->gone) || !disk_live(disk)) {
			ret = -ENODEV;
			snprintf(err, errlen, "%s went away after %zu of %zu bytes",
				 disk->disk_name, done, w->len);
			break;
		}
		n = min_t(size_t, w->len - done, MTK_BM_CHUNK);
		pad = round_up(n, MTK_BM_SECTOR);
		memcpy(wb, w->buf + done, n);
		memset(wb + n, 0, pad - n);
		if (w->progress)
			WRITE_ONCE(w->progress->touched, true);
		ret = mtk_bm_bdev_io(b.bdev, REQ_OP_WRITE | REQ_SYNC | REQ_FUA, off, wb, pad);
		if (ret) {
			snprintf(err, errlen, "write error at 0x%llx of %s",
				 (unsigned long long)off, disk->disk_name);
			break;
		}
		ret = mtk_bm_bdev_io(b.bdev, REQ_OP_READ, off, rb, pad);
		if (ret) {
			snprintf(err, errlen, "read-back error at 0x%llx of %s",
				 (unsigned long long)off, disk->disk_name);
			break;
		}
		if (memcmp(rb, wb, pad)) {
			ret = -EIO;
			snprintf(err, errlen,
				 "read back differs from what was written at 0x%llx of %s",
				 (unsigned long long)off, disk->disk_name);
			break;
		}
		done += n;
		mtk_bm_progress(w, done);
	}
	/* the page cache may hold what was there before */
	invalidate_bdev(b.bdev);
	mtk_bm_bdev_close(&b);
out_ro:
	if (boot && was_ro)
		set_disk_ro(disk, true);
out_free:
	vfree(rb);
	vfree(wb);
	return ret;
}

/* Read back @len bytes at @ofs page by page and compare (io_sem held) */
static int mtk_bm_mtd_compare(struct mtd_info *mtd, u64 ofs, const u8 *want, size_t len,
			      u8 *page, u64 *bad)
{
	size_t ws = mtd->writesize, i, rl;
	int ret;

	for (i = 0; i < len; i += ws) {
		ret = mtd_read(mtd, ofs + i, ws, &rl, page);
		if (ret == -EUCLEAN)
			ret = 0;
		if (ret || rl != ws || memcmp(page, want + i, ws)) {
			*bad = ofs + i;
			return ret ?: -EIO;
		}
	}
	return 0;
}

/* Is the block at @ofs of @a bad? 1 bad, 0 good, -ENODEV gone (lock held) */
static int mtk_bm_mtd_isbad(struct mtk_bm_medium *m, struct mtk_bm_area *a, u64 ofs)
{
	int ret = 0;

	down_read(&m->io_sem);
	if (!a->mtd)
		ret = -ENODEV;
	else if (mtd_can_have_bb(a->mtd) && mtd_block_isbad(a->mtd, ofs) > 0)
		ret = 1;
	up_read(&m->io_sem);
	return ret;
}

/*
 * One erase block at @ofs: erase it if @erase, then if @np program @np
 * bytes of @blk in page order (one mtd_write() from the first page up) and
 * read them back. Under io_sem, so that a removal waits for one block at
 * most; -ENODEV (without a reason) when the partition went away.
 */
static int mtk_bm_mtd_block(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, u64 ofs,
			    bool erase, const u8 *blk, size_t np, u8 *page, char *err,
			    size_t errlen)
{
	struct erase_info ei = { .addr = ofs, .len = m->erasesize };
	struct mtk_bm_area *a = w->area;
	struct mtd_info *mtd;
	u64 bad = 0;
	size_t rl;
	int ret = 0;

	down_read(&m->io_sem);
	mtd = a->mtd;
	if (!mtd) {
		ret = -ENODEV;
		goto out;
	}
	if (w->progress)
		WRITE_ONCE(w->progress->touched, true);
	if (erase) {
		ret = mtd_erase(mtd, &ei);
		if (ret) {
			snprintf(err, errlen, "erase error at 0x%llx of %s",
				 (unsigned long long)ofs, a->name);
			goto out;
		}
	}
	if (!np)
		goto out;
	ret = mtd_write(mtd, ofs, np, &rl, blk);
	if (!ret && rl != np)
		ret = -EIO;
	if (ret) {
		snprintf(err, errlen, "write error in the block at 0x%llx of %s",
			 (unsigned long long)ofs, a->name);
		goto out;
	}
	ret = mtk_bm_mtd_compare(mtd, ofs, blk, np, page, &bad);
	if (ret)
		snprintf(err, errlen, "read back %s at 0x%llx of %s",
			 ret == -EIO ? "differs from what was written" :
			 ret == -EBADMSG ? "has an uncorrectable ECC error" : "failed",
			 (unsigned long long)bad, a->name);
out:
	up_read(&m->io_sem);
	return ret;
}

/*
 * Pages of a block are always programmed in ascending order (NAND parts
 * forbid anything else). With MTK_BM_W_FIRST_BLOCK_LAST the first good
 * block (a BL2 copy's header is its page 0) is erased first and programmed
 * after every other block: see "NAND program order" in
 * Documentation/mtk-bootmedia-core.rst.
 */
static int mtk_bm_write_mtd(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w,
			    char *err, size_t errlen)
{
	bool defer = w->flags & MTK_BM_W_FIRST_BLOCK_LAST;
	struct mtk_bm_area *a = w->area;
	bool was = mtk_bm_mtd_writeable(a);
	u64 ofs = w->start, first_ofs = 0;
	size_t done = 0, first_n = 0, es = m->erasesize, ws = m->writesize;
	u8 *blk, *page;
	int ret;

	if (a->kernel_ro || a->dt_ro)
		return mtk_fmt_fail(err, errlen, EPERM, "%s: the kernel keeps it read-only (%s)",
				    a->name, a->kernel_ro ?: a->dt_ro);
	if (!es || !ws || w->start % es || w->end % es || w->end <= w->start)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "range 0x%llx-0x%llx of %s is not erase-block aligned",
				    (unsigned long long)w->start, (unsigned long long)w->end,
				    a->name);
	blk = vmalloc(es);
	page = kmalloc(ws, GFP_KERNEL);
	if (!blk || !page) {
		ret = -ENOMEM;
		snprintf(err, errlen, "no memory for one erase block");
		goto out_free;
	}
	ret = mtk_bm_mtd_set_writeable(a, true);
	if (ret) {
		snprintf(err, errlen, "%s cannot be made writable", a->name);
		goto out_free;
	}
	while (done < w->len) {
		size_t n = min_t(size_t, w->len - done, es), np = round_up(n, ws);

		if (ofs >= w->end) {
			ret = -ENOSPC;
			snprintf(err, errlen,
				 "%zu bytes do not fit the good blocks of %s 0x%llx-0x%llx",
				 w->len, a->name, (unsigned long long)w->start,
				 (unsigned long long)w->end);
			break;
		}
		ret = mtk_bm_mtd_isbad(m, a, ofs);
		if (ret > 0) {
			ofs += es;
			continue;
		}
		if (!ret && defer && !done) {
			/* the header's block: erased now, programmed last */
			ret = mtk_bm_mtd_block(m, w, ofs, true, NULL, 0, page, err, errlen);
			first_ofs = ofs;
			first_n = n;
		} else if (!ret) {
			memcpy(blk, w->buf + done, n);
			memset(blk + n, 0xff, np - n);
			ret = mtk_bm_mtd_block(m, w, ofs, true, blk, np, page, err, errlen);
		}
		if (ret)
			break;
		done += n;
		ofs += es;
		mtk_bm_progress(w, done - first_n);
	}
	if (!ret && first_n) {
		memcpy(blk, w->buf, first_n);
		memset(blk + first_n, 0xff, round_up(first_n, ws) - first_n);
		ret = mtk_bm_mtd_block(m, w, first_ofs, false, blk, round_up(first_n, ws),
				       page, err, errlen);
		if (!ret)
			mtk_bm_progress(w, done);
	}
	if (ret == -ENODEV)
		snprintf(err, errlen, "%s went away after %zu of %zu bytes", a->name,
			 done - first_n, w->len);
	mtk_bm_mtd_set_writeable(a, was);
out_free:
	kfree(page);
	vfree(blk);
	return ret;
}

/**
 * mtk_bm_write() - write to a boot area, read back and compare
 * @m: the bound medium (lock held)
 * @w: what to write where: an MTD partition range (@w->area) or an eMMC
 *     disk at an offset (@w->disk)
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * MTD: the data goes to the good blocks of the range in order, each erased,
 * programmed in page order (the last page padded with 0xff) and read back;
 * with MTK_BM_W_FIRST_BLOCK_LAST the first good block is erased first and
 * programmed last. eMMC: the last sector is padded with zeros. The
 * progress component's touched flag tells whether anything was changed on
 * the media.
 *
 * Return: 0, or a negative errno with the reason in @err: -ENODEV (not
 * bound or gone), -EPERM (kept read-only by the kernel), -EROFS (BOOT_WP),
 * -ENOSPC (bad blocks), -EIO (write, erase or read back), -EFBIG.
 */
int mtk_bm_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
		 size_t errlen)
{
	lockdep_assert_held(&m->lock);
	if (!m->enabled)
		return mtk_fmt_fail(err, errlen, ENODEV, "the medium is not bound");
	/* e.g. between two copies of a stage: the unbind waits for our lock */
	if (READ_ONCE(m->gone))
		return mtk_fmt_fail(err, errlen, ENODEV,
				    "the device went away (removed while bound)");
	if (!w->len)
		return mtk_fmt_fail(err, errlen, ENODATA, "nothing to write");
	mtk_bm_progress(w, 0);
	if (w->progress) {
		WRITE_ONCE(w->progress->progress_total, w->len);
		WRITE_ONCE(w->progress->touched, false);
	}
	if (w->area)
		return mtk_bm_write_mtd(m, w, err, errlen);
	if (w->disk)
		return mtk_bm_write_block(m, w, err, errlen);
	return mtk_fmt_fail(err, errlen, EINVAL, "no target");
}

/**
 * mtk_bm_slot_write() - write @buf to the start of a slot through mtk_bm_write()
 * @s: a slot of a bound medium (lock held)
 * @buf: the data
 * @len: its length
 * @flags: MTK_BM_W_*
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP for ubi: slots).
 */
int mtk_bm_slot_write(struct mtk_bm_slot *s, const void *buf, size_t len,
		      unsigned int flags, char *err, size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_wreq w = {
		.buf = buf, .len = len, .flags = flags, .progress = s->comp,
	};
	u64 first, nr;
	int ret;

	switch (s->loc.type) {
	case MTK_BM_LOC_MTD:
		if (!s->area)
			return mtk_fmt_fail(err, errlen, ENODEV, "the partition is not bound");
		w.area = s->area;
		w.start = s->loc.offset;
		w.end = w.start + mtk_bm_mtd_slot_size(s);
		break;
	case MTK_BM_LOC_EMMC_BOOT:
		w.disk = m->bootdisk[s->loc.boot];
		break;
	case MTK_BM_LOC_GPT:
		ret = mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, err, errlen);
		if (ret)
			return ret;
		if (len > nr * MTK_BM_SECTOR)
			return mtk_fmt_fail(err, errlen, EFBIG,
					    "%zu bytes do not fit GPT partition %s (%llu bytes)",
					    len, s->loc.name,
					    (unsigned long long)nr * MTK_BM_SECTOR);
		w.disk = m->disk;
		w.offset = first * MTK_BM_SECTOR;
		break;
	case MTK_BM_LOC_UBI:
		return mtk_fmt_fail(err, errlen, EOPNOTSUPP,
				    "the kernel cannot write static UBI volumes: use ubiupdatevol (mtk-bootmedia install)");
	default:
		return mtk_fmt_fail(err, errlen, EINVAL, "no location");
	}
	if (!w.disk && !w.area)
		return mtk_fmt_fail(err, errlen, ENODEV, "the medium is not bound");
	return mtk_bm_write(m, &w, err, errlen);
}
