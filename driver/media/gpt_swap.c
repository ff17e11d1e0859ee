// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the GPT switch of the gpt engine (mtk_bm_gpt_swap_names()).
 *
 * It renames entries one sector at a time without changing any entry
 * array's CRC32, so no header is written and every copy stays valid for
 * every reader (Documentation/gpt-readers.md): the disks OpenWrt's ptgen
 * writes have a primary GPT only, and BL2, U-Boot and Linux read it
 * differently. Each sector goes through mtk_bm_write() (FUA, read back).
 * Then the kernel re-reads the partitions (as BLKRRPART does) when none is
 * in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "backend.h"
#include "gpt.h"

int mtk_bm_gpt_put(struct mtk_bm_medium *m, u64 lba, const void *buf, size_t len,
		   const char *what, char *err, size_t errlen)
{
	struct mtk_bm_wreq w = {
		.disk = m->disk, .offset = lba * MTK_BM_SECTOR, .buf = buf, .len = len,
	};
	char why[128];
	int ret;

	ret = m->write(m, &w, why, sizeof(why));
	if (ret)
		mtk_fmt_msg(err, errlen, "writing the %s: %s", what, why);
	return ret;
}

/* do the two arrays differ anywhere but in the names of entries @ia, @ib? */
static bool mtk_bm_gpt_same_but_names(const struct mtk_gpt_header *h, const u8 *x,
				      const u8 *y, unsigned int ia, unsigned int ib)
{
	size_t n = mtk_gpt_array_bytes(h), i = 0, na = mtk_gpt_name_offset(h, ia),
	       nb = mtk_gpt_name_offset(h, ib);

	while (i < n) {
		if (i == na || i == nb) {
			i += 2 * MTK_GPT_NAME_LEN;
			continue;
		}
		if (x[i] != y[i])
			return false;
		i++;
	}
	return true;
}

/* does the sector at @lba start with a GPT header signature? */
bool mtk_bm_gpt_signed(struct block_device *bdev, u64 lba)
{
	u8 *sec = kmalloc(MTK_BM_SECTOR, GFP_KERNEL);
	bool ret;

	/* unreadable or no memory: count it as signed, so the switch refuses */
	ret = !sec || mtk_bm_bdev_io(bdev, REQ_OP_READ, lba * MTK_BM_SECTOR, sec,
				     MTK_BM_SECTOR) || !memcmp(sec, "EFI PART", 8);
	kfree(sec);
	return ret;
}

/*
 * The copies a switch writes. The primary must be valid (CRCs): it is what
 * every reader uses. The backup where the primary says it is (@bk->ents
 * NULL when there is none, as on the disks OpenWrt's ptgen writes) is kept
 * when it is valid and describes the same table but for the names of the
 * two slot entries (a switch cut short leaves it one step ahead).
 */
static int mtk_bm_gpt_read_switch(struct mtk_bm_medium *m, struct block_device *bdev,
				  struct mtk_bm_gpt_copy *p, struct mtk_bm_gpt_copy *bk,
				  unsigned int ia, unsigned int ib, char *err, size_t errlen)
{
	const char *dn = m->disk->disk_name, *what = NULL;
	char why[128];
	int ret;

	ret = mtk_bm_gpt_read(bdev, 1, p, why, sizeof(why));
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return mtk_fmt_fail(err, errlen, EUCLEAN, "%s: " MTK_BM_GPT_REPAIR, why, dn);
	ret = mtk_bm_gpt_read(bdev, p->h.backup_lba, bk, why, sizeof(why));
	if (ret == -ENOMEM)
		return ret;
	if (ret && !mtk_bm_gpt_signed(bdev, p->h.backup_lba))
		return 0;	/* no backup: the primary alone (ptgen) */
	if (ret)
		return mtk_fmt_fail(err, errlen, EUCLEAN, "%s: " MTK_BM_GPT_REPAIR, why, dn);
	if (memcmp(p->h.disk_guid, bk->h.disk_guid, 16))
		what = "disk GUID";
	else if (bk->h.backup_lba != 1)
		what = "header locations";
	else if (p->h.first_usable != bk->h.first_usable || p->h.last_usable != bk->h.last_usable)
		what = "usable range";
	else if (p->h.num_entries != bk->h.num_entries || p->h.entry_size != bk->h.entry_size)
		what = "entry array geometry";
	else if (p->h.entries_crc != bk->h.entries_crc ||
		 !mtk_bm_gpt_same_but_names(&p->h, p->ents, bk->ents, ia, ib))
		what = "partition entries";
	if (what)
		return mtk_fmt_fail(err, errlen, EUCLEAN,
				    "backup GPT differs from the primary (%s): " MTK_BM_GPT_REPAIR,
				    what, dn);
	return 0;
}

/*
 * Rename entry @idx of copy @c (array image @w, kept between steps) to
 * @name with the array's CRC unchanged, and write the one sector that
 * changed. The header stays as it is: the copy is valid before and after.
 */
static int mtk_bm_gpt_step(struct mtk_bm_medium *m, const struct mtk_bm_gpt_copy *c, u8 *w,
			   unsigned int idx, const char *name, const char *what, char *err,
			   size_t errlen)
{
	size_t sec = mtk_gpt_name_offset(&c->h, idx) / MTK_BM_SECTOR;
	int ret;

	ret = mtk_gpt_rename_keep_crc(&c->h, w, idx, name, err, errlen);
	if (ret)
		return ret;
	return mtk_bm_gpt_put(m, c->h.entries_lba + sec, w + sec * MTK_BM_SECTOR,
			      MTK_BM_SECTOR, what, err, errlen);
}

/*
 * The renames of a switch, each one sector, in every copy: backup first,
 * then primary; in each, entry @ib gets @na (the name BL2 looks for, which
 * entry @ia still has: BL2 takes the first entry of that name, either slot
 * holds a checked FIP) before entry @ia gets @nb.
 */
static int mtk_bm_gpt_renames(struct mtk_bm_medium *m, struct mtk_bm_gpt_copy *p,
			      struct mtk_bm_gpt_copy *bk, unsigned int ia, const char *nb,
			      unsigned int ib, const char *na, char *err, size_t errlen)
{
	struct mtk_bm_gpt_copy *cp[2] = { bk, p };
	const char *what[2] = { "backup GPT entry", "primary GPT entry" };
	int i, ret = 0;

	for (i = 0; i < 2 && !ret; i++) {
		if (!cp[i]->ents)
			continue;
		if (ib != ia && na)
			ret = mtk_bm_gpt_step(m, cp[i], cp[i]->ents, ib, na, what[i], err, errlen);
		if (!ret && nb)
			ret = mtk_bm_gpt_step(m, cp[i], cp[i]->ents, ia, nb, what[i], err, errlen);
	}
	return ret;
}

/* Re-read the partitions like BLKRRPART; @err gets what happened */
void mtk_bm_gpt_rescan(struct mtk_bm_medium *m, const char *done, char *err, size_t errlen)
{
	struct gendisk *disk = m->disk;
	int ret;

	/*
	 * What BLKRRPART does (blkdev_reread_part(), not exported): the
	 * exported bdev_disk_changed() under open_mutex. The alternative,
	 * disk_force_media_change() and a reopen, would rescan at the next
	 * open without telling whether a partition in use kept the old names,
	 * which `result` reports.
	 */
	mutex_lock(&disk->open_mutex);
	ret = bdev_disk_changed(disk, false);
	mutex_unlock(&disk->open_mutex);
	if (!ret)
		mtk_fmt_msg(err, errlen, "%s, partitions re-read", done);
	else if (ret == -EBUSY)
		mtk_fmt_msg(err, errlen,
			    "%s; a partition of %s is in use: the kernel keeps the old partition names until the next boot or blockdev --rereadpt /dev/%s",
			    done, disk->disk_name, disk->disk_name);
	else
		mtk_fmt_msg(err, errlen,
			    "%s; re-reading the partitions failed (%pe): the kernel keeps the old partition names until the next boot or blockdev --rereadpt /dev/%s",
			    done, ERR_PTR(ret), disk->disk_name);
}

/*
 * A switch cut short: in copy @c (skipped when absent or when its entries
 * @ia and @ib have different names already) entry @later takes @missing.
 */
static int mtk_bm_gpt_finish(struct mtk_bm_medium *m, struct mtk_bm_gpt_copy *c,
			     unsigned int ia, unsigned int ib, unsigned int later,
			     const char *missing, char *err, size_t errlen)
{
	struct mtk_gpt_part x, y;

	if (!c->ents || mtk_gpt_get_part(&c->h, c->ents, ia, &x) ||
	    mtk_gpt_get_part(&c->h, c->ents, ib, &y) || strcmp(x.name, y.name))
		return 0;
	return mtk_bm_gpt_step(m, c, c->ents, later, missing,
			       c->h.current_lba == 1 ? "primary GPT entry" : "backup GPT entry",
			       err, errlen);
}

/**
 * mtk_bm_gpt_swap_names() - the GPT switch: exchange the names of the
 * entries of two gpt: slots
 * @m: the bound eMMC medium (lock held; the caller owns the medium's busy bit)
 * @a: a gpt: slot (usually the active one, named "fip")
 * @b: another gpt: slot of the same component
 * @err: on success a note (what was renamed, or why the kernel still shows
 *       the old names); on failure the reason
 * @errlen: size of @err
 *
 * Checks first, writing nothing when any fails: the primary GPT valid
 * (CRCs); a backup where the primary says it is either absent (OpenWrt's
 * ptgen writes none) or valid and the same table but for the two slots'
 * names; both entries named after slots of the component. Every write is
 * one sector of an entry array whose CRC32 stays the one its header holds
 * (mtk_gpt_rename_keep_crc()): no header is written, every copy is valid
 * at every moment. Backup first, then primary; in each the entry of @b
 * takes @a's name before @a's entry takes @b's, so the first entry BL2
 * finds under the boot name is always one of the two slots. A switch cut
 * short (two entries with @a's name) is completed first. Then both copies
 * are read back and the disk's partitions re-read.
 *
 * Return: 0 (also when the partitions cannot be re-read: the note in @err
 * says so), or a negative errno: -EINVAL (not two gpt: slots of one
 * component, or the same partition, a name too long), -ENODEV, -ESTALE
 * (see mtk_bm_gpt_slot()), -EUCLEAN (GPT damaged, copies differ, a name
 * not unique: nothing written; the reason says how to repair), -EIO and the
 * other errors of mtk_bm_write().
 */
int mtk_bm_gpt_swap_names(struct mtk_bm_medium *m, struct mtk_bm_slot *a,
			  struct mtk_bm_slot *b, char *err, size_t errlen)
{
	struct mtk_bm_gpt_copy p = { }, bk = { };
	struct mtk_gpt_part pa, pb;
	struct mtk_bm_bdev bd;
	unsigned int ia, ib;
	const char *dn;
	char why[256], na[MTK_GPT_NAME_LEN + 1], nb[MTK_GPT_NAME_LEN + 1];
	int ret, f;

	lockdep_assert_held(&m->lock);
	if (a->loc.type != MTK_BM_LOC_GPT || b->loc.type != MTK_BM_LOC_GPT ||
	    a->comp != b->comp)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "the GPT switch needs two gpt: slots of one component");
	if (a->gpt_index < 0 || b->gpt_index < 0)
		return mtk_fmt_fail(err, errlen, ENODEV, "the medium is not bound");
	if (a->gpt_index == b->gpt_index)
		return mtk_fmt_fail(err, errlen, EINVAL, "both slots are GPT entry %d",
				    a->gpt_index + 1);
	ia = a->gpt_index;
	ib = b->gpt_index;
	ret = mtk_bm_gpt_open(m, &bd, err, errlen);
	if (ret)
		return ret;
	dn = m->disk->disk_name;
	ret = mtk_bm_gpt_read_switch(m, bd.bdev, &p, &bk, ia, ib, err, errlen);
	if (ret)
		goto out;
	ret = mtk_bm_gpt_entry(m, a, &p, &pa, err, errlen);
	if (!ret)
		ret = mtk_bm_gpt_entry(m, b, &p, &pb, err, errlen);
	if (ret)
		goto out;

	/* a switch cut short: both entries have one name; the later one gets the other */
	if (!strcmp(pa.name, pb.name)) {
		const char *missing = strcmp(a->loc.name, pa.name) ? a->loc.name : b->loc.name;
		unsigned int later = ia > ib ? ia : ib;

		ret = mtk_bm_gpt_finish(m, &bk, ia, ib, later, missing, why, sizeof(why));
		if (!ret)
			ret = mtk_bm_gpt_finish(m, &p, ia, ib, later, missing, why, sizeof(why));
		if (ret) {
			mtk_fmt_msg(err, errlen, "completing an interrupted switch: %s", why);
			goto out;
		}
		if (later == ia)
			strscpy(pa.name, missing, sizeof(pa.name));
		else
			strscpy(pb.name, missing, sizeof(pb.name));
	}
	f = mtk_gpt_find(&p.h, p.ents, pa.name);
	if (f != (int)ia || mtk_gpt_find_unique(&p.h, p.ents, pb.name) != (int)ib ||
	    mtk_gpt_find_unique(&p.h, p.ents, pa.name) != (int)ia) {
		ret = mtk_fmt_fail(err, errlen, EUCLEAN,
				   "more than one GPT partition of %s is named \"%s\" or \"%s\": rename the others with sgdisk -c",
				   dn, pa.name, pb.name);
		goto out;
	}
	strscpy(na, pa.name, sizeof(na));
	strscpy(nb, pb.name, sizeof(nb));
	ret = mtk_bm_gpt_renames(m, &p, &bk, ia, nb, ib, na, why, sizeof(why));
	if (ret) {
		mtk_fmt_msg(err, errlen,
			    "%s; every GPT copy is still valid, BL2 boots the first entry named \"%s\"; switch again to finish",
			    why, na);
		goto out;
	}

	/* read back: the primary (and the backup) must show the new names */
	mtk_bm_gpt_free(&p);
	mtk_bm_gpt_free(&bk);
	ret = mtk_bm_gpt_read_switch(m, bd.bdev, &p, &bk, ia, ib, why, sizeof(why));
	if (!ret && (mtk_gpt_find_unique(&p.h, p.ents, na) != (int)ib ||
		     mtk_gpt_find_unique(&p.h, p.ents, nb) != (int)ia ||
		     (bk.ents && (mtk_gpt_find_unique(&bk.h, bk.ents, na) != (int)ib ||
				  mtk_gpt_find_unique(&bk.h, bk.ents, nb) != (int)ia))))
		ret = mtk_fmt_fail(why, sizeof(why), EIO, "the names differ from those written");
	if (ret) {
		if (ret == -EUCLEAN)
			ret = -EIO;
		mtk_fmt_msg(err, errlen, "GPT read back after the switch: %s", why);
		goto out;
	}
	mtk_fmt_msg(why, sizeof(why), "GPT entries %u and %u of %s renamed \"%s\" and \"%s\"",
		    ia + 1, ib + 1, dn, nb, na);
	mtk_bm_gpt_rescan(m, why, err, errlen);
out:
	mtk_bm_bdev_close(&bd);
	mtk_bm_gpt_free(&bk);
	mtk_bm_gpt_free(&p);
	return ret;
}
