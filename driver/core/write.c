// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the one function that writes to a boot area.
 *
 * mtk_bm_write() checks that the medium may be written (bound, not gone,
 * something to write), then the medium's backend writes: it checks the
 * area (not kept read-only by the kernel or by eMMC BOOT_WP), lifts the
 * module's own write protection of that one area for the duration, writes,
 * reads every byte back and compares, and puts the protection back as it
 * found it (media/mtd_write.c, media/block.c). Every switch engine and the
 * GPT commit use it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>

#include "formats/fmt.h"
#include "mtk_bootmedia.h"

/**
 * mtk_bm_write() - write to a boot area, read back and compare
 * @m: the bound medium (lock held)
 * @w: what to write where: an MTD partition range (@w->area) or an eMMC
 *     disk at an offset (@w->disk)
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * MTD: the blocks the data needs are found before anything is erased
 * (-ENOSPC, nothing written, when they are not there): the good blocks of
 * the range in order, or for a BL2 copy (MTK_BM_W_BL2_COPY) the consecutive
 * blocks from its start, all good; each is erased, programmed in page order
 * (the last page padded with 0xff) and read back; with
 * MTK_BM_W_FIRST_BLOCK_LAST the first block is erased first and programmed
 * last; MTK_BM_W_PLAN only finds the blocks. eMMC: the last sector is
 * padded with zeros (MTK_BM_W_PLAN: nothing to find). The progress
 * component's touched flag tells whether anything was changed on the media.
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
	if (w->flags & MTK_BM_W_PLAN)
		return w->area ? mtk_bm_media_of(m)->write(m, w, err, errlen) : 0;
	mtk_bm_progress(w, 0);
	if (w->progress) {
		WRITE_ONCE(w->progress->progress_total, w->len);
		WRITE_ONCE(w->progress->touched, false);
	}
	if (!w->area && !w->disk)
		return mtk_fmt_fail(err, errlen, EINVAL, "no target");
	return mtk_bm_media_of(m)->write(m, w, err, errlen);
}

static int mtk_bm_slot_wreq(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
			    size_t errlen)
{
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);
	int ret;

	if (s->comp->kind == MTK_BM_KIND_BL2)
		w->flags |= MTK_BM_W_BL2_COPY;
	if (!media)
		return mtk_fmt_fail(err, errlen, EINVAL, "no location");
	ret = media->slot_target(s, w, err, errlen);
	if (ret)
		return ret;
	if (!w->disk && !w->area)
		return mtk_fmt_fail(err, errlen, ENODEV, "the medium is not bound");
	return mtk_bm_write(s->comp->medium, w, err, errlen);
}

/**
 * mtk_bm_slot_write() - write @buf to the start of a slot through mtk_bm_write()
 * @s: a slot of a bound medium (lock held)
 * @buf: the data
 * @len: its length
 * @flags: MTK_BM_W_* (MTK_BM_W_BL2_COPY is added for a slot of kind bl2)
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP for ubi: slots).
 */
int mtk_bm_slot_write(struct mtk_bm_slot *s, const void *buf, size_t len,
		      unsigned int flags, char *err, size_t errlen)
{
	struct mtk_bm_wreq w = {
		.buf = buf, .len = len, .flags = flags & ~MTK_BM_W_KEEP_OLD,
		.progress = s->comp,
	};

	return mtk_bm_slot_wreq(s, &w, err, errlen);
}

/**
 * mtk_bm_slot_write_keep() - mtk_bm_slot_write() keeping the old content
 * @s: a slot on MTD of a bound medium (lock held)
 * @keep: the data (@keep->buf, lent to the writer: after a success it holds
 *        old content) and, after a failure that changed the slot, whether
 *        the old content was written back (@keep->restore, @keep->why)
 * @len: the length of the data
 * @flags: MTK_BM_W_* (MTK_BM_W_KEEP_OLD is added)
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * See mtk_bm_mtd_write_keep() in media/mtd_io.c.
 *
 * Return: 0 or a negative errno; -EOPNOTSUPP for a slot not on MTD.
 */
int mtk_bm_slot_write_keep(struct mtk_bm_slot *s, struct mtk_bm_keep *keep, size_t len,
			   unsigned int flags, char *err, size_t errlen)
{
	struct mtk_bm_wreq w = {
		.buf = keep->buf, .len = len, .flags = flags | MTK_BM_W_KEEP_OLD,
		.progress = s->comp, .keep = keep,
	};

	keep->restore = 0;
	keep->written = false;
	keep->why[0] = '\0';
	if (s->loc.type != MTK_BM_LOC_MTD)
		return mtk_fmt_fail(err, errlen, EOPNOTSUPP,
				    "keeping the old content block by block is for MTD only");
	return mtk_bm_slot_wreq(s, &w, err, errlen);
}
