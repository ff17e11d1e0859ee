// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: MTD I/O: reads of mtd: slots, and the MTD part of the one
 * write path (core/write.c checks the request, then calls the medium's
 * write hook): the good blocks it needs found before anything is erased,
 * then erase block by erase block, pages of a block in ascending order,
 * every page read back; memory: one erase block and one page. Data skips
 * bad blocks as BL2 does when it reads a raw FIP; a BL2 copy never does:
 * it takes the consecutive blocks from the start of its slot, all good
 * (see "NAND bad blocks and BL2 copies" in
 * Documentation/mtk-bootmedia-core.rst).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mtd/mtd.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "backend.h"
#include "formats/fmt.h"

/**
 * mtk_bm_mtd_read() - read the start of an mtd: slot, skipping bad blocks
 * as BL2 does in a raw FIP window
 * @s: the slot of a bound medium (lock held)
 * @buf: receives the data
 * @len: bytes wanted
 * @got: receives the number of bytes read
 * @err: receives the reason of a failure, or (kind bl2, return 0) where a
 *       bad block ended the read
 * @errlen: size of @err
 *
 * A BL2 copy is read as the boot model's strict reading of the BootROM
 * reads it: from the first block of the slot, up to the first bad block,
 * which ends the copy; a bad first block is -EIO.
 *
 * Return: 0 (corrected bit flips included), or a negative errno with the
 * reason in @err.
 */
int mtk_bm_mtd_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		    char *err, size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtd_info *mtd;
	u64 ofs, end;
	int ret = 0;

	*got = 0;
	down_read(&m->io_sem);
	mtd = s->area ? s->area->mtd : NULL;
	if (!mtd) {
		ret = -ENODEV;
		mtk_fmt_msg(err, errlen, "the partition went away");
		goto out;
	}
	ofs = s->loc.offset;
	end = s->loc.length ? ofs + s->loc.length : mtd->size;
	while (ofs < end && *got < len) {
		size_t n = min_t(u64, end - ofs, m->erasesize), rl = 0;

		n = min(n, len - *got);
		if (mtd_can_have_bb(mtd) && mtd_block_isbad(mtd, ofs) > 0) {
			if (s->comp->kind != MTK_BM_KIND_BL2) {
				ofs += m->erasesize;
				continue;
			}
			mtk_fmt_msg(err, errlen,
				    "block 0x%llx of %s is bad (no skipping inside a BL2 copy)",
				    (unsigned long long)ofs, mtd->name);
			if (!*got)
				ret = -EIO;
			break;
		}
		ret = mtd_read(mtd, ofs, n, &rl, buf + *got);
		if (ret == -EUCLEAN)
			ret = 0;
		if (ret || rl != n) {
			mtk_fmt_msg(err, errlen, "%s at 0x%llx of %s",
				    ret == -EBADMSG ? "uncorrectable ECC error" : "read error",
				    (unsigned long long)ofs, mtd->name);
			ret = ret ?: -EIO;
			goto out;
		}
		*got += n;
		ofs += n;
	}
out:
	up_read(&m->io_sem);
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
 * read them back. A @np that does not end on a page: the last page is
 * programmed from @tail, a copy padded with 0xff. Under io_sem, so that a
 * removal waits for one block at most; -ENODEV (without a reason) when the
 * partition went away.
 */
static int mtk_bm_mtd_block(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, u64 ofs,
			    bool erase, const u8 *blk, size_t np, u8 *page, char *err,
			    size_t errlen)
{
	struct erase_info ei = { .addr = ofs, .len = m->erasesize };
	struct mtk_bm_area *a = w->area;
	size_t ws = m->writesize, full = rounddown(np, ws), rl;
	struct mtd_info *mtd;
	u8 *tail = page + ws;
	u64 bad = 0;
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
			mtk_fmt_msg(err, errlen, "erase error at 0x%llx of %s",
				    (unsigned long long)ofs, a->name);
			goto out;
		}
	}
	if (!np)
		goto out;
	if (full) {
		ret = mtd_write(mtd, ofs, full, &rl, blk);
		if (!ret && rl != full)
			ret = -EIO;
	}
	if (!ret && np > full) {
		memcpy(tail, blk + full, np - full);
		memset(tail + np - full, 0xff, ws - (np - full));
		ret = mtd_write(mtd, ofs + full, ws, &rl, tail);
		if (!ret && rl != ws)
			ret = -EIO;
	}
	if (ret) {
		mtk_fmt_msg(err, errlen, "write error in the block at 0x%llx of %s",
			    (unsigned long long)ofs, a->name);
		goto out;
	}
	ret = mtk_bm_mtd_compare(mtd, ofs, blk, full, page, &bad);
	if (!ret && np > full)
		ret = mtk_bm_mtd_compare(mtd, ofs + full, tail, ws, page, &bad);
	if (ret)
		mtk_fmt_msg(err, errlen, "read back %s at 0x%llx of %s",
			    ret == -EIO ? "differs from what was written" :
			    ret == -EBADMSG ? "has an uncorrectable ECC error" : "failed",
			    (unsigned long long)bad, a->name);
out:
	up_read(&m->io_sem);
	return ret;
}

/*
 * Before anything is erased: are the good blocks the write needs there? A
 * BL2 copy (MTK_BM_W_BL2_COPY) needs the consecutive blocks from the start
 * of the range, every one good; other data the first good blocks of the
 * range. -ENOSPC with the reason when they are not: nothing is written.
 */
static int mtk_bm_mtd_plan(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
			   size_t errlen)
{
	struct mtk_bm_area *a = w->area;
	size_t es = m->erasesize, need = DIV_ROUND_UP(w->len, es), good = 0;
	u64 ofs;
	int ret;

	for (ofs = w->start; ofs < w->end && good < need; ofs += es) {
		ret = mtk_bm_mtd_isbad(m, a, ofs);
		if (ret < 0)
			return mtk_fmt_fail(err, errlen, ENODEV, "%s went away, nothing written",
					    a->name);
		if (!ret)
			good++;
		else if (w->flags & MTK_BM_W_BL2_COPY)
			return mtk_fmt_fail(err, errlen, ENOSPC,
					    "block 0x%llx of %s is bad: a BL2 copy of %zu bytes needs 0x%llx-0x%llx good (no skipping inside a copy); nothing written",
					    (unsigned long long)ofs, a->name, w->len,
					    (unsigned long long)w->start,
					    (unsigned long long)(w->start + (u64)need * es));
	}
	if (good < need)
		return mtk_fmt_fail(err, errlen, ENOSPC,
				    "%zu bytes do not fit the good blocks of %s 0x%llx-0x%llx (%zu of %zu); nothing written",
				    w->len, a->name, (unsigned long long)w->start,
				    (unsigned long long)w->end, good, need);
	return 0;
}

/* The good blocks of a write of @nblk blocks, in order; nothing written */
static int mtk_bm_mtd_blocks(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, u64 *offs,
			     size_t nblk, char *err, size_t errlen)
{
	size_t es = m->erasesize, i = 0;
	u64 ofs;
	int ret;

	for (ofs = w->start; ofs < w->end && i < nblk; ofs += es) {
		ret = mtk_bm_mtd_isbad(m, w->area, ofs);
		if (ret < 0)
			return mtk_fmt_fail(err, errlen, ENODEV, "%s went away, nothing written",
					    w->area->name);
		if (ret && (w->flags & MTK_BM_W_BL2_COPY))
			return mtk_fmt_fail(err, errlen, ENOSPC,
					    "block 0x%llx of %s went bad, nothing written",
					    (unsigned long long)ofs, w->area->name);
		if (!ret)
			offs[i++] = ofs;
	}
	if (i < nblk)
		return mtk_fmt_fail(err, errlen, ENOSPC,
				    "%zu bytes do not fit the good blocks of %s, nothing written",
				    w->len, w->area->name);
	return 0;
}

/* Read the whole erase block at @ofs into @buf (corrected bit flips included) */
static int mtk_bm_mtd_read_block(struct mtk_bm_medium *m, struct mtk_bm_area *a, u64 ofs,
				 u8 *buf, char *err, size_t errlen)
{
	size_t rl = 0;
	int ret;

	down_read(&m->io_sem);
	if (!a->mtd) {
		up_read(&m->io_sem);
		return mtk_fmt_fail(err, errlen, ENODEV, "%s went away", a->name);
	}
	ret = mtd_read(a->mtd, ofs, m->erasesize, &rl, buf);
	up_read(&m->io_sem);
	if (ret == -EUCLEAN)
		ret = 0;
	if (!ret && rl != m->erasesize)
		ret = -EIO;
	if (ret)
		mtk_fmt_msg(err, errlen, "reading the old content at 0x%llx of %s: %s",
			    (unsigned long long)ofs, a->name,
			    ret == -EBADMSG ? "uncorrectable ECC error" : "read error");
	return ret;
}

/* The bytes of a kept old block to program: up to its last page not all 0xff */
static size_t mtk_bm_mtd_used(const u8 *blk, size_t es, size_t ws)
{
	while (es >= ws && !memchr_inv(blk + es - ws, 0xff, ws))
		es -= ws;
	return es;
}

/*
 * Restore: the old content @old of the block at @ofs, erased first unless
 * @erased (it is erased already); @old NULL: the erase only. The first
 * error kept
 */
static int mtk_bm_mtd_put_old(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, u64 ofs,
			      const u8 *old, bool erased, u8 *page)
{
	struct mtk_bm_keep *k = w->keep;
	char why[96] = "";
	int r;

	r = mtk_bm_mtd_block(m, w, ofs, !erased, old,
			     old ? mtk_bm_mtd_used(old, m->erasesize, m->writesize) : 0,
			     page, why, sizeof(why));
	if (r == -ENODEV)
		mtk_fmt_msg(why, sizeof(why), "%s went away", w->area->name);
	if (r && (!k->restore || r == -ENODEV)) {
		k->restore = r;
		strscpy(k->why, why, sizeof(k->why));
	}
	return r;
}

/*
 * MTK_BM_W_KEEP_OLD (switch single): a failed write puts the old content
 * back, with memory for two erase blocks besides the caller's buffer
 * (issue 17: before, a copy of the whole old image). Block i of the write
 * (offs[i]; block 0 erased first, programmed last, as
 * MTK_BM_W_FIRST_BLOCK_LAST) has its old content read before its erase:
 * block 0's into @old0, kept for the whole write; each other block's into
 * @tmp, and once its new content read back, copied over that block of
 * the caller's buffer, whose new content is on the flash now (the last
 * block's stays in @tmp: its old content may reach beyond the data).
 *
 * On a failure after the first erase, every block erased gets its old
 * content back (erased, programmed up to its last page not all 0xff, read
 * back): block 0 erased again first when its program had begun (the
 * failure was in it: no header stands over blocks being put back), the
 * block in @tmp, then the others down to block 1, each first read (its new
 * content, read back before) into @tmp and that put back into the
 * caller's buffer, then block 0 programmed last. keep->restore: 0 when every
 * block was put back, else the first error, with keep->why. The caller's
 * buffer holds the new data again unless a read of that failed (the
 * caller compares a checksum); after a success it holds old content.
 */
static int mtk_bm_mtd_write_keep(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w,
				 u8 *page, char *err, size_t errlen)
{
	struct mtk_bm_keep *k = w->keep;
	size_t es = m->erasesize, nblk = DIV_ROUND_UP(w->len, es), i, last_erased = 0;
	size_t held = 0;	/* the block whose old content @tmp holds (0: none) */
	bool first_erased = true;	/* block 0 holds no header */
	char why[96];
	u8 *old0, *tmp;
	u64 *offs;
	int ret, r;

	k->restore = 0;
	k->written = false;
	k->why[0] = '\0';
	offs = kmalloc_array(nblk, sizeof(*offs), GFP_KERNEL);
	old0 = vmalloc(es);
	tmp = nblk > 1 ? vmalloc(es) : NULL;
	if (!offs || !old0 || (nblk > 1 && !tmp)) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM,
				   "no memory for the old content of two erase blocks");
		goto out;
	}
	ret = mtk_bm_mtd_blocks(m, w, offs, nblk, err, errlen);
	if (!ret)
		ret = mtk_bm_mtd_read_block(m, w->area, offs[0], old0, err, errlen);
	if (ret)
		goto out;	/* nothing written */
	ret = mtk_bm_mtd_block(m, w, offs[0], true, NULL, 0, page, err, errlen);
	for (i = 1; !ret && i < nblk; i++) {
		size_t n = min(w->len - i * es, es);

		ret = mtk_bm_mtd_read_block(m, w->area, offs[i], tmp, err, errlen);
		if (ret)
			break;
		held = i;
		last_erased = i;
		ret = mtk_bm_mtd_block(m, w, offs[i], true, k->buf + i * es, n, page, err,
				       errlen);
		if (ret)
			break;
		if (i < nblk - 1) {
			memcpy(k->buf + i * es, tmp, es);
			held = 0;
		}
		mtk_bm_progress(w, i * es + n - min(w->len, es));
	}
	if (!ret) {
		first_erased = false;
		ret = mtk_bm_mtd_block(m, w, offs[0], false, k->buf, min(w->len, es), page, err,
				       errlen);
		if (!ret) {
			mtk_bm_progress(w, w->len);
			k->written = true;
			goto out;
		}
	}
	if (ret == -ENODEV) {
		mtk_fmt_msg(err, errlen, "%s went away during the write", w->area->name);
		k->restore = -ENODEV;
		mtk_fmt_msg(k->why, sizeof(k->why), "%s went away", w->area->name);
		goto out;
	}
	/*
	 * put the old content back: block 0 erased first if its program had
	 * begun, then the block @tmp holds, the others, block 0 programmed last
	 */
	if (!first_erased)
		first_erased = !mtk_bm_mtd_put_old(m, w, offs[0], NULL, false, page);
	if (held && k->restore != -ENODEV)
		mtk_bm_mtd_put_old(m, w, offs[held], tmp, false, page);
	for (i = last_erased; i >= 1 && k->restore != -ENODEV; i--) {
		u8 *old = k->buf + i * es;

		if (i == held)
			continue;
		/* its new content, read back before: for the caller's buffer */
		r = mtk_bm_mtd_read_block(m, w->area, offs[i], tmp, why, sizeof(why));
		if (!mtk_bm_mtd_put_old(m, w, offs[i], old, false, page) && !r)
			memcpy(old, tmp, es);
	}
	if (k->restore != -ENODEV)
		mtk_bm_mtd_put_old(m, w, offs[0], old0, first_erased, page);
out:
	vfree(tmp);
	vfree(old0);
	kfree(offs);
	return ret;
}

/*
 * Pages of a block are always programmed in ascending order (NAND parts
 * forbid anything else). With MTK_BM_W_FIRST_BLOCK_LAST the first good
 * block (a BL2 copy's header is its page 0) is erased first and programmed
 * after every other block: see "NAND program order" in
 * Documentation/mtk-bootmedia-core.rst. Nothing is erased before
 * mtk_bm_mtd_plan() found the blocks.
 */
int mtk_bm_mtd_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
		     size_t errlen)
{
	bool defer = w->flags & MTK_BM_W_FIRST_BLOCK_LAST, keep;
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
	ret = mtk_bm_mtd_plan(m, w, err, errlen);
	if (ret || (w->flags & MTK_BM_W_PLAN))
		return ret;
	keep = (w->flags & MTK_BM_W_KEEP_OLD) && w->keep;
	blk = keep ? NULL : vmalloc(es);
	/* a page for the read back, one for a padded last page */
	page = kmalloc(2 * ws, GFP_KERNEL);
	if ((!keep && !blk) || !page) {
		ret = -ENOMEM;
		mtk_fmt_msg(err, errlen, "no memory for one erase block");
		goto out_free;
	}
	ret = mtk_bm_mtd_set_writeable(a, true);
	if (ret) {
		mtk_fmt_msg(err, errlen, "%s cannot be made writable", a->name);
		goto out_free;
	}
	if (keep) {
		ret = mtk_bm_mtd_write_keep(m, w, page, err, errlen);
		mtk_bm_mtd_set_writeable(a, was);
		goto out_free;
	}
	while (done < w->len) {
		size_t n = min_t(size_t, w->len - done, es), np = round_up(n, ws);

		if (ofs >= w->end) {
			ret = -ENOSPC;
			mtk_fmt_msg(err, errlen,
				    "%zu bytes do not fit the good blocks of %s 0x%llx-0x%llx",
				    w->len, a->name, (unsigned long long)w->start,
				    (unsigned long long)w->end);
			break;
		}
		ret = mtk_bm_mtd_isbad(m, a, ofs);
		if (ret > 0 && (w->flags & MTK_BM_W_BL2_COPY)) {
			/* marked bad since the plan: the copy stops here */
			ret = -ENOSPC;
			mtk_fmt_msg(err, errlen, "block 0x%llx of %s went bad during the write",
				    (unsigned long long)ofs, a->name);
			break;
		}
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
		mtk_fmt_msg(err, errlen, "%s went away after %zu of %zu bytes", a->name,
			    done - first_n, w->len);
	mtk_bm_mtd_set_writeable(a, was);
out_free:
	kfree(page);
	vfree(blk);
	return ret;
}

