// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: one sector of a GPT entry array written for userspace
 * (the medium's gpt_sector attribute): how the helper's
 * `setup --create-slots` adds fip2 to an eMMC GPT.
 *
 * The helper prepares the sector: the new entry in the first unused one, its
 * unique GUID chosen so that the entry array's CRC32 stays the one the
 * header holds (Documentation/gpt-readers.md). Userspace cannot write it
 * the way the power-cut proof needs: OpenWrt's BusyBox dd has no
 * oflag=dsync, and without an aligned buffer its oflag=direct falls back to
 * the page cache, whose write-back is a multi-sector, non-reliable write of
 * the 4 KiB page around the sector. So the module writes it as the GPT
 * switch writes its renames: one sector through m->write (FUA, which
 * mmc_block sends as a reliable write; read back), after checking that the
 * sector only adds partitions and leaves that copy valid for every reader.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "backend.h"
#include "gpt.h"

/*
 * The entries of @c that the sector at byte @off of its array changes to
 * @ents: a used entry stays byte for byte, an unused one stays or becomes
 * used, and only after used ones (BL2 reads the entries up to the first
 * unused one). Returns how many were added, or a negative errno.
 */
static int mtk_bm_gpt_added(const struct mtk_bm_gpt_copy *c, const u8 *ents, size_t off,
			    const char *which, const char *dn, char *err, size_t errlen)
{
	const struct mtk_gpt_header *h = &c->h;
	unsigned int i, j, first = off / h->entry_size;
	unsigned int last = (off + MTK_BM_SECTOR - 1) / h->entry_size;
	struct mtk_gpt_part x;
	int added = 0;

	for (i = first; i <= last && i < h->num_entries; i++) {
		const u8 *o = c->ents + (size_t)i * h->entry_size;
		const u8 *n = ents + (size_t)i * h->entry_size;
		bool was = !mtk_gpt_get_part(h, c->ents, i, &x);
		bool now = !mtk_gpt_get_part(h, ents, i, &x);

		if (!memcmp(o, n, h->entry_size))
			continue;
		if (was)
			return mtk_fmt_fail(err, errlen, EPERM,
					    "entry %u of the %s GPT of %s is in use and would change: gpt_sector only adds partitions",
					    i + 1, which, dn);
		if (!now)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "unused entry %u of the %s GPT of %s would change without becoming a partition",
					    i + 1, which, dn);
		for (j = 0; j < i; j++)
			if (mtk_gpt_get_part(h, ents, j, &x))
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "new entry %u of the %s GPT of %s follows the unused entry %u: BL2 reads the entries up to the first unused one",
						    i + 1, which, dn, j + 1);
		added++;
	}
	return added;
}

/**
 * mtk_bm_gpt_add_sector() - write one sector of a GPT entry array that adds
 * partitions
 * @m: the bound eMMC medium (lock held)
 * @lba: where: a sector of the primary's entry array, or of the backup's
 *       at the primary's AlternateLBA
 * @sec: the 512 bytes
 * @err: on success what was done, on failure the reason
 * @errlen: size of @err
 *
 * Checks first, writing nothing when any fails: the primary valid (CRCs);
 * the backup absent (OpenWrt's ptgen writes none) or valid; @lba in one of
 * their entry arrays; the sector changes no used entry and adds at least
 * one, each after used ones only; with it the copy is valid under its
 * unchanged header (entry CRC32 the same, every entry in the usable range,
 * none overlapping). Backup first: a backup is written only while it holds
 * the primary's entries, the primary only to what the backup holds. A
 * sector the disk already holds is not written again. After a primary
 * write the disk's partitions are re-read.
 *
 * Return: 0, or a negative errno: -EINVAL, -EPERM (a used entry would
 * change), -EUCLEAN (a damaged table or copies that differ), -EBADMSG (the
 * CRC would change), -ENODEV, -ENOMEM, -EIO and the errors of
 * mtk_bm_write().
 */
int mtk_bm_gpt_add_sector(struct mtk_bm_medium *m, u64 lba, const u8 *sec, char *err,
			  size_t errlen)
{
	struct mtk_bm_gpt_copy p = { }, bk = { }, *c = NULL;
	const char *dn, *which;
	struct mtk_bm_bdev bd;
	size_t off, abytes;
	u8 *ents = NULL;
	char why[160];
	bool tried = false;
	int ret, added;

	lockdep_assert_held(&m->lock);
	ret = mtk_bm_gpt_open(m, &bd, err, errlen);
	if (ret)
		return ret;
	strscpy(err, "no memory", errlen);
	dn = m->disk->disk_name;
	ret = mtk_bm_gpt_read(bd.bdev, 1, &p, why, sizeof(why));
	if (ret && ret != -ENOMEM)
		ret = mtk_fmt_fail(err, errlen, EUCLEAN, "%s: the primary GPT of %s is damaged",
				   why, dn);
	if (ret)
		goto out;
	ret = mtk_bm_gpt_read(bd.bdev, p.h.backup_lba, &bk, why, sizeof(why));
	if (ret && ret != -ENOMEM && mtk_bm_gpt_signed(bd.bdev, p.h.backup_lba))
		ret = mtk_fmt_fail(err, errlen, EUCLEAN,
				   "%s: the backup GPT of %s at LBA %llu is damaged", why, dn,
				   (unsigned long long)p.h.backup_lba);
	else if (ret && ret != -ENOMEM)
		ret = 0;	/* no backup: the primary alone (ptgen) */
	if (ret)
		goto out;
	if (p.h.entry_size != MTK_GPT_ENTRY_MIN) {
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "the GPT of %s has entries of %u bytes (%u supported)", dn,
				   p.h.entry_size, MTK_GPT_ENTRY_MIN);
		goto out;
	}
	if (lba >= p.h.entries_lba && lba < p.h.entries_lba + p.ebytes / MTK_BM_SECTOR)
		c = &p;
	else if (bk.ents && lba >= bk.h.entries_lba &&
		 lba < bk.h.entries_lba + bk.ebytes / MTK_BM_SECTOR)
		c = &bk;
	if (!c) {
		u64 pend = p.h.entries_lba + p.ebytes / MTK_BM_SECTOR - 1;

		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "LBA %llu of %s is not in an entry array of its GPT (primary LBA %llu-%llu%s)",
				   (unsigned long long)lba, dn,
				   (unsigned long long)p.h.entries_lba,
				   (unsigned long long)pend,
				   bk.ents ? ", and the backup's" : "; no backup");
		goto out;
	}
	which = c == &p ? "primary" : "backup";
	off = (lba - c->h.entries_lba) * MTK_BM_SECTOR;
	abytes = mtk_gpt_array_bytes(&c->h);
	if (!memcmp(c->ents + off, sec, MTK_BM_SECTOR)) {
		mtk_fmt_msg(err, errlen,
			    "LBA %llu of %s (%s GPT entries) already holds this sector; nothing written",
			    (unsigned long long)lba, dn, which);
		goto out;
	}
	ents = kvmalloc(c->ebytes, GFP_KERNEL);
	if (!ents) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(ents, c->ents, c->ebytes);
	memcpy(ents + off, sec, MTK_BM_SECTOR);
	if (off + MTK_BM_SECTOR > abytes &&
	    memcmp(ents + abytes, c->ents + abytes, off + MTK_BM_SECTOR - abytes)) {
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "the sector changes bytes past the %s GPT entry array of %s",
				   which, dn);
		goto out;
	}
	added = mtk_bm_gpt_added(c, ents, off, which, dn, err, errlen);
	ret = added < 0 ? added : 0;
	if (ret)
		goto out;
	ret = mtk_gpt_check_entries(&c->h, ents, c->ebytes, why, sizeof(why));
	if (ret) {
		mtk_fmt_msg(err, errlen,
			    "with it the %s GPT of %s would not be valid under its header, which is not rewritten (%s)",
			    which, dn, why);
		goto out;
	}
	/* backup first: each copy changes only from a state both copies had */
	if (bk.ents && memcmp(c == &p ? ents : p.ents, bk.ents, abytes)) {
		if (c == &p)
			ret = mtk_fmt_fail(err, errlen, EUCLEAN,
					   "the backup GPT of %s does not hold this change yet: write the backup's sector first",
					   dn);
		else
			ret = mtk_fmt_fail(err, errlen, EUCLEAN,
					   "the backup GPT of %s differs from the primary: complete the primary first",
					   dn);
		goto out;
	}
	tried = true;
	ret = mtk_bm_gpt_put(m, lba, sec, MTK_BM_SECTOR,
			     c == &p ? "primary GPT entries" : "backup GPT entries", err, errlen);
	if (ret)
		goto out;
	/* read back: the copy is valid and holds the sector */
	mtk_bm_gpt_free(c);
	ret = mtk_bm_gpt_read(bd.bdev, c == &p ? 1 : p.h.backup_lba, c, why, sizeof(why));
	if (!ret && memcmp(c->ents + off, sec, MTK_BM_SECTOR))
		ret = mtk_fmt_fail(why, sizeof(why), EIO,
				   "the sector differs from the one written");
	if (ret) {
		if (ret != -ENOMEM)
			ret = -EIO;
		mtk_fmt_msg(err, errlen, "%s GPT of %s read back: %s", which, dn, why);
		goto out;
	}
	mtk_fmt_msg(why, sizeof(why),
		    "LBA %llu of %s (%s GPT entries) written, %d partition%s added",
		    (unsigned long long)lba, dn, which, added, added == 1 ? "" : "s");
	if (c == &p)
		mtk_bm_gpt_rescan(m, why, err, errlen);
	else
		strscpy(err, why, errlen);
out:
	if (ret && !tried) {
		off = strlen(err);
		mtk_fmt_msg(err + off, errlen - off, "; nothing written");
	}
	kvfree(ents);
	mtk_bm_bdev_close(&bd);
	mtk_bm_gpt_free(&bk);
	mtk_bm_gpt_free(&p);
	return ret;
}
