// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: block I/O of eMMC media: reads of emmc: and gpt: slots,
 * and the eMMC part of the one write path (core/write.c checks the request,
 * then calls the medium's write hook).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/part_stat.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "backend.h"
#include "compat.h"
#include "formats/fmt.h"

/*
 * Bytes per write + read back: the one buffer of a write (issue 17: peak
 * memory of a stage is the image plus one NAND erase block)
 */
#define MTK_BM_CHUNK	(128U << 10)

static int mtk_bm_emmc_open(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			    struct mtk_bm_bdev *b, char *err, size_t errlen)
{
	struct gendisk *disk;
	int ret;

	if (READ_ONCE(m->gone) || !m->disk) {
		mtk_fmt_msg(err, errlen, "the card went away");
		return -ENODEV;
	}
	disk = s->loc.type == MTK_BM_LOC_EMMC_BOOT ? m->bootdisk[s->loc.boot] : m->disk;
	if (!disk_live(disk)) {
		mtk_fmt_msg(err, errlen, "%s went away", disk->disk_name);
		return -ENODEV;
	}
	ret = mtk_bm_bdev_open(disk_devt(disk), false, b);
	if (ret)
		mtk_fmt_msg(err, errlen, "cannot open %s", disk->disk_name);
	return ret;
}

/* Size of an emmc: or gpt: slot in bytes, 0 on error (lock held) */
u64 mtk_bm_block_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
			   size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_bdev b;
	u64 first, nr, size;

	if (s->loc.type == MTK_BM_LOC_GPT)
		return mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, err, errlen) ? 0 :
		       nr * MTK_BM_SECTOR;
	if (mtk_bm_emmc_open(m, s, &b, err, errlen))
		return 0;
	size = bdev_nr_bytes(b.bdev);
	mtk_bm_bdev_close(&b);
	return size;
}

/**
 * mtk_bm_block_slot_read() - read the start of an emmc: or gpt: slot
 * @s: the slot of a bound eMMC medium (lock held)
 * @buf: receives the data
 * @len: bytes wanted, a multiple of 512
 * @got: receives the number of bytes read
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * Return: 0 or a negative errno.
 */
int mtk_bm_block_slot_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
			   char *err, size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_bdev b;
	u64 off = 0, size = 0, first, nr;
	int ret;

	*got = 0;
	/* gpt: by the entry resolved at bind, whatever its name now */
	if (s->loc.type == MTK_BM_LOC_GPT) {
		ret = mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, err, errlen);
		if (ret)
			return ret;
		off = first * MTK_BM_SECTOR;
		size = nr * MTK_BM_SECTOR;
	}
	ret = mtk_bm_emmc_open(m, s, &b, err, errlen);
	if (ret)
		return ret;
	if (s->loc.type != MTK_BM_LOC_GPT)
		size = bdev_nr_bytes(b.bdev);
	len = min_t(u64, len, size);
	ret = mtk_bm_bdev_io(b.bdev, REQ_OP_READ, off, buf, len);
	if (ret)
		mtk_fmt_msg(err, errlen, "read error at 0x%llx", (unsigned long long)off);
	else
		*got = len;
	mtk_bm_bdev_close(&b);
	return ret;
}

/**
 * mtk_bm_block_slot_witness() - what tells an emmc: or gpt: slot was not written
 * @s: the slot of a bound eMMC medium (lock held)
 * @w: receives the witness
 *
 * @w->writes: the sectors written to the slot's disk (its boot disk, or the
 * whole user area for a gpt: slot) as the block layer counts them, in bytes.
 * Every write through the block layer to that disk moves it, through the
 * disk or any of its partitions (part_stat_add() counts a partition's I/O
 * in the whole disk too), whoever issues it: this module's own writes, dd,
 * a filesystem, with the disk read-only or not. The count moves when a
 * request completes (blk_account_io_completion()), before its submitter
 * is told. The block layer counts only while the disk's iostats is on, so
 * with it off the witness is refused. Not counted: MMC_IOC_CMD commands
 * (passthrough requests; CAP_SYS_RAWIO, which force_ro does not stop
 * either), and a card's own changes to its data.
 *
 * Return: 0, -ENODEV (gone) or -EOPNOTSUPP (iostats off).
 */
int mtk_bm_block_slot_witness(struct mtk_bm_slot *s, struct mtk_bm_witness *w)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct gendisk *disk;
	char err[80];
	u64 first, nr;

	if (READ_ONCE(m->gone) || !m->disk)
		return -ENODEV;
	disk = s->loc.type == MTK_BM_LOC_EMMC_BOOT ? m->bootdisk[s->loc.boot] : m->disk;
	if (!disk || !disk_live(disk))
		return -ENODEV;
	if (!blk_queue_io_stat(disk->queue))
		return -EOPNOTSUPP;
	w->writes = (u64)part_stat_read(disk->part0, sectors[STAT_WRITE]) * MTK_BM_SECTOR;
	if (s->loc.type != MTK_BM_LOC_GPT) {
		w->start = 0;
		w->len = get_capacity(disk) * MTK_BM_SECTOR;
		return 0;
	}
	/* gpt: where the entry resolved at bind puts the slot now */
	if (mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, err, sizeof(err)))
		return -EIO;
	w->start = first * MTK_BM_SECTOR;
	w->len = nr * MTK_BM_SECTOR;
	return 0;
}

/*
 * The eMMC part of mtk_bm_write(): bios of at most MTK_BM_CHUNK bytes with
 * FUA, each read back and compared before the next; the last sector padded
 * with zeros. A boot disk's read-only flag is lifted for the write. Whole,
 * 512-byte aligned sectors of the caller's buffer are written from it;
 * the one buffer takes the read back (and bounces a padded or unaligned
 * chunk).
 */
int mtk_bm_block_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
		       size_t errlen)
{
	struct gendisk *disk = w->disk;
	bool boot = disk == m->bootdisk[0] || disk == m->bootdisk[1];
	bool was_ro = get_disk_ro(disk);
	size_t done = 0, n, pad;
	struct mtk_bm_bdev b;
	const u8 *src;
	u8 *rb;
	void *wsrc;
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
	rb = vmalloc(MTK_BM_CHUNK);
	if (!rb) {
		ret = -ENOMEM;
		mtk_fmt_msg(err, errlen, "no memory for the write buffer");
		goto out_free;
	}
	if (boot && was_ro)
		set_disk_ro(disk, false);
	ret = mtk_bm_bdev_open(disk_devt(disk), true, &b);
	if (ret) {
		mtk_fmt_msg(err, errlen, "cannot open %s for writing", disk->disk_name);
		goto out_ro;
	}
	while (done < w->len) {
		u64 off = w->offset + done;

		if (READ_ONCE(m->gone) || !disk_live(disk)) {
			ret = -ENODEV;
			mtk_fmt_msg(err, errlen, "%s went away after %zu of %zu bytes",
				    disk->disk_name, done, w->len);
			break;
		}
		n = min_t(size_t, w->len - done, MTK_BM_CHUNK);
		pad = round_up(n, MTK_BM_SECTOR);
		src = (const u8 *)w->buf + done;
		if (n == pad && IS_ALIGNED((unsigned long)src, MTK_BM_SECTOR)) {
			/* a bio only reads the pages it writes from */
			wsrc = (void *)src;
		} else {
			memcpy(rb, src, n);
			memset(rb + n, 0, pad - n);
			wsrc = rb;
		}
		if (w->progress)
			WRITE_ONCE(w->progress->touched, true);
		ret = mtk_bm_bdev_io(b.bdev, REQ_OP_WRITE | REQ_SYNC | REQ_FUA, off, wsrc, pad);
		if (ret) {
			mtk_fmt_msg(err, errlen, "write error at 0x%llx of %s",
				    (unsigned long long)off, disk->disk_name);
			break;
		}
		ret = mtk_bm_bdev_io(b.bdev, REQ_OP_READ, off, rb, pad);
		if (ret) {
			mtk_fmt_msg(err, errlen, "read-back error at 0x%llx of %s",
				    (unsigned long long)off, disk->disk_name);
			break;
		}
		if (memcmp(rb, src, n) || memchr_inv(rb + n, 0, pad - n)) {
			ret = -EIO;
			mtk_fmt_msg(err, errlen,
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
	return ret;
}

/* device_for_each_child() of a disk: its partition by PARTNAME or by start */
struct mtk_bm_part_find {
	const struct device *disk_dev;
	const char *name;	/* NULL: by @start */
	sector_t start;
	dev_t devt;
	char pname[DISK_NAME_LEN + 8];
};

static int mtk_bm_part_match(struct device *dev, void *data)
{
	struct mtk_bm_part_find *f = data;
	struct block_device *bdev;

	/* children of the disk's class: its partitions and (mmc) boot disks */
	if (dev->class != f->disk_dev->class || !dev->devt)
		return 0;
	bdev = dev_to_bdev(dev);
	if (!bdev_is_partition(bdev))
		return 0;
	if (f->name && (!bdev->bd_meta_info ||
			strcmp((const char *)bdev->bd_meta_info->volname, f->name)))
		return 0;
	if (!f->name && get_start_sect(bdev) != f->start)
		return 0;
	f->devt = dev->devt;
	strscpy(f->pname, dev_name(dev), sizeof(f->pname));
	return 1;
}

/**
 * mtk_bm_block_check_free() - is a slot's block device used by someone else?
 * @m: the medium (the claim's holder)
 * @disk: the boot disk of an emmc: slot, the user area of a gpt: slot
 * @gpt: a gpt: slot (its partition of @disk), else @disk itself
 * @name: gpt: the partition the kernel shows with this PARTNAME, or NULL
 * @start: gpt: with @name NULL, the partition the kernel shows starting at
 *	this sector (the GPT entry resolved at bind)
 * @why: receives the reason of a refusal
 * @len: size of @why
 *
 * A gpt: slot is written through the whole disk, so a filesystem mounted on
 * its partition would be written under. Tried by an exclusive claim (mount
 * and O_EXCL openers hold one; the kernel refuses it too while the whole
 * disk is held): a boot disk itself, a gpt: slot's partition when the
 * kernel shows one there (none: nothing can hold it; the whole user area
 * is not claimed, other partitions of it are mounted in normal use).
 *
 * Return: 0, -EBUSY (in use) or the open error, with @why set.
 */
int mtk_bm_block_check_free(struct mtk_bm_medium *m, struct gendisk *disk, bool gpt,
			    const char *name, sector_t start, char *why, size_t len)
{
	struct mtk_bm_part_find f = {
		.disk_dev = disk_to_dev(disk), .name = name, .start = start,
	};
	int ret;

	if (gpt) {
		device_for_each_child(disk_to_dev(disk), &f, mtk_bm_part_match);
		if (!f.devt)
			return 0;
	} else {
		f.devt = disk_devt(disk);
		strscpy(f.pname, disk->disk_name, sizeof(f.pname));
	}
	ret = mtk_bm_bdev_claim_test(f.devt, m);
	if (ret == -EBUSY)
		mtk_fmt_msg(why, len,
			    "%s is in use (mounted, or held open exclusively): a slot would be written under it",
			    f.pname);
	else if (ret)
		mtk_fmt_msg(why, len, "cannot open %s: %d", f.pname, ret);
	return ret;
}

/* One bio at a time, of pages of @buf (kmalloc or vmalloc memory) */
int mtk_bm_bdev_io(struct block_device *bdev, blk_opf_t op, u64 off, void *buf,
		   size_t len)
{
	int ret = 0;

	while (len && !ret) {
		unsigned int nr = min_t(size_t, DIV_ROUND_UP(len, PAGE_SIZE) + 1, BIO_MAX_VECS);
		struct bio *bio = bio_alloc(bdev, nr, op, GFP_KERNEL);
		size_t done = 0;

		bio->bi_iter.bi_sector = off >> SECTOR_SHIFT;
		while (done < len && bio->bi_vcnt < nr) {
			void *p = buf + done;
			size_t n = min_t(size_t, len - done, PAGE_SIZE - offset_in_page(p));
			struct page *pg = is_vmalloc_addr(p) ? vmalloc_to_page(p) :
							      virt_to_page(p);

			if (bio_add_page(bio, pg, n, offset_in_page(p)) != n)
				break;
			done += n;
		}
		ret = submit_bio_wait(bio);
		bio_put(bio);
		buf += done;
		off += done;
		len -= done;
	}
	return ret;
}
