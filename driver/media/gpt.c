// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: gpt: slots of an eMMC user area and the GPT switch.
 *
 * A gpt: slot is resolved at bind to the index of its entry in the GPT
 * array, so that it stays with its partition when the switch swaps the
 * names of two entries (the FIP BL2 loads is the partition named "fip").
 * The GPT is read the way BL2 and Linux's efi parser read it: the primary,
 * or the backup at the last LBA when the primary is not valid.
 *
 * The switch (mtk_bm_gpt_swap_names()) renames entries one sector at a
 * time without changing any entry array's CRC32, so no header is written
 * and every copy stays valid for every reader (Documentation/gpt-readers.md):
 * the disks OpenWrt's ptgen writes have a primary GPT only, and BL2,
 * U-Boot and Linux read it differently. Each sector goes through
 * mtk_bm_write() (FUA, read back). Then the kernel re-reads the partitions
 * (as BLKRRPART does) when none is in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "formats/gptfmt.h"
#include "backend.h"

#define MTK_BM_GPT_REPAIR \
	"repair with sgdisk -e /dev/%s (rebuilds the bad copy from the good one) or restore the GPT from a backup"

/* One copy of the GPT as read from the disk */
struct mtk_bm_gpt_copy {
	struct mtk_gpt_header h;
	u8 *ents;		/* the entry array's sectors */
	size_t ebytes;		/* the array rounded up to whole sectors */
};

static void mtk_bm_gpt_free(struct mtk_bm_gpt_copy *c)
{
	kvfree(c->ents);
	c->ents = NULL;
}

static const char *mtk_bm_slot_path(struct mtk_bm_slot *s, char *buf, size_t len)
{
	snprintf(buf, len, "%s/%s", config_item_name(&s->comp->group.cg_item),
		 config_item_name(&s->group.cg_item));
	return buf;
}

/* Read and check the GPT header at @lba and its entry array (CRCs) */
static int mtk_bm_gpt_read(struct block_device *bdev, u64 lba, struct mtk_bm_gpt_copy *c,
			   char *err, size_t errlen)
{
	const char *which = lba == 1 ? "primary" : "backup";
	u8 *sec;
	int ret;

	c->ents = NULL;
	sec = kmalloc(MTK_BM_SECTOR, GFP_KERNEL);
	if (!sec)
		return -ENOMEM;
	ret = mtk_bm_bdev_io(bdev, REQ_OP_READ, lba * MTK_BM_SECTOR, sec, MTK_BM_SECTOR);
	if (ret) {
		snprintf(err, errlen, "cannot read the %s GPT header at LBA %llu", which,
			 (unsigned long long)lba);
		goto out;
	}
	ret = mtk_gpt_parse_header(sec, MTK_BM_SECTOR, lba, bdev_nr_sectors(bdev), &c->h,
				   err, errlen);
	if (ret)
		goto out;
	c->ebytes = round_up(mtk_gpt_array_bytes(&c->h), MTK_BM_SECTOR);
	c->ents = kvmalloc(c->ebytes, GFP_KERNEL);
	if (!c->ents) {
		ret = -ENOMEM;
		goto out;
	}
	ret = mtk_bm_bdev_io(bdev, REQ_OP_READ, c->h.entries_lba * MTK_BM_SECTOR, c->ents,
			     c->ebytes);
	if (ret)
		snprintf(err, errlen, "cannot read the %s GPT entries at LBA %llu", which,
			 (unsigned long long)c->h.entries_lba);
	else
		ret = mtk_gpt_check_entries(&c->h, c->ents, c->ebytes, err, errlen);
	if (ret)
		mtk_bm_gpt_free(c);
out:
	kfree(sec);
	return ret;
}

/*
 * The GPT the boot chain uses: the primary, else the backup at the last
 * LBA. @err gets the reason when neither is valid.
 */
static int mtk_bm_gpt_read_boot(struct block_device *bdev, struct mtk_bm_gpt_copy *c,
				char *err, size_t errlen)
{
	char perr[128];
	int ret;

	ret = mtk_bm_gpt_read(bdev, 1, c, perr, sizeof(perr));
	if (!ret || ret == -ENOMEM)
		return ret;
	if (!mtk_bm_gpt_read(bdev, bdev_nr_sectors(bdev) - 1, c, err, errlen))
		return 0;
	snprintf(err, errlen, "no valid GPT: %s", perr);
	return ret;
}

static int mtk_bm_gpt_open(struct mtk_bm_medium *m, struct mtk_bm_bdev *b, char *err,
			   size_t errlen)
{
	int ret;

	if (READ_ONCE(m->gone) || !m->disk || !disk_live(m->disk))
		return mtk_fmt_fail(err, errlen, ENODEV, "the card went away");
	ret = mtk_bm_bdev_open(disk_devt(m->disk), false, b);
	if (ret)
		snprintf(err, errlen, "cannot open %s", m->disk->disk_name);
	return ret;
}

/*
 * Entry of slot @s in @c. The entry must still be used and named after
 * one of the gpt: slots of the slot's component: a switch only permutes
 * those names, anything else means the table changed behind our back and
 * the index may now designate another partition.
 */
static int mtk_bm_gpt_entry(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			    const struct mtk_bm_gpt_copy *c, struct mtk_gpt_part *p,
			    char *err, size_t errlen)
{
	struct mtk_bm_slot *o;
	char path[80];

	if (s->loc.type != MTK_BM_LOC_GPT)
		return mtk_fmt_fail(err, errlen, EINVAL, "slot %s is not a gpt: slot",
				    mtk_bm_slot_path(s, path, sizeof(path)));
	if (s->gpt_index < 0)
		return mtk_fmt_fail(err, errlen, ENODEV, "slot %s is not bound",
				    mtk_bm_slot_path(s, path, sizeof(path)));
	if (mtk_gpt_get_part(&c->h, c->ents, s->gpt_index, p))
		return mtk_fmt_fail(err, errlen, ESTALE,
				    "GPT entry %d of slot %s is no longer used: the GPT changed since the medium was bound; disable and enable it again",
				    s->gpt_index + 1, mtk_bm_slot_path(s, path, sizeof(path)));
	list_for_each_entry(o, &m->slots, node)
		if (o->comp == s->comp && o->loc.type == MTK_BM_LOC_GPT &&
		    !strcmp(o->loc.name, p->name))
			return 0;
	return mtk_fmt_fail(err, errlen, ESTALE,
			    "GPT entry %d of slot %s is now named \"%s\", not a slot name of %s: the GPT changed since the medium was bound; disable and enable it again",
			    s->gpt_index + 1, mtk_bm_slot_path(s, path, sizeof(path)), p->name,
			    config_item_name(&s->comp->group.cg_item));
}

/* index of the first used entry after @from named @name, or -1 */
static int mtk_bm_gpt_next(const struct mtk_bm_gpt_copy *c, int from, const char *name)
{
	struct mtk_gpt_part p;
	unsigned int i;

	for (i = from + 1; i < c->h.num_entries; i++)
		if (!mtk_gpt_get_part(&c->h, c->ents, i, &p) && !strcmp(p.name, name))
			return i;
	return -1;
}

static bool mtk_bm_gpt_taken(struct mtk_bm_medium *m, int idx)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &m->slots, node)
		if (s->loc.type == MTK_BM_LOC_GPT && s->gpt_index == idx)
			return true;
	return false;
}

/**
 * mtk_bm_gpt_bind() - resolve the gpt: slots of a medium being bound
 * @m: the eMMC medium (lock held; m->disk taken)
 *
 * Sets s->gpt_index of every gpt: slot to the index of the first used
 * entry of the GPT (primary, or backup when the primary is not valid) named
 * like its location, and -1 for every other slot. A switch cut short
 * leaves two entries with the boot name and none with the other slot's:
 * the first is the boot name's slot (BL2 takes it), the second the other
 * slot's. Reads nothing when the medium has no gpt: slot.
 *
 * Return: 0, or a negative errno with the reason in status and every index
 * back to -1: -ENOENT (no partition of that name), -EEXIST (another entry
 * of a slot's name), -EINVAL (two slots on one partition), the GPT read
 * errors.
 */
int mtk_bm_gpt_bind(struct mtk_bm_medium *m)
{
	struct mtk_bm_gpt_copy c = { };
	struct mtk_bm_slot *s, *o;
	char err[160], path[80], opath[80];
	struct mtk_bm_bdev b;
	bool any = false;
	int ret = 0, idx;

	lockdep_assert_held(&m->lock);
	list_for_each_entry(s, &m->slots, node) {
		s->gpt_index = -1;
		any |= s->loc.type == MTK_BM_LOC_GPT;
	}
	if (!any)
		return 0;
	ret = mtk_bm_gpt_open(m, &b, err, sizeof(err));
	if (ret)
		return mtk_bm_set_status(m, ret, "%s", err);
	ret = mtk_bm_gpt_read_boot(b.bdev, &c, err, sizeof(err));
	mtk_bm_bdev_close(&b);
	if (ret)
		return mtk_bm_set_status(m, ret, "%s: %s", m->disk->disk_name, err);

	/* the first entry of each slot's name */
	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type != MTK_BM_LOC_GPT)
			continue;
		idx = mtk_bm_gpt_next(&c, -1, s->loc.name);
		list_for_each_entry(o, &m->slots, node) {
			if (idx >= 0 && o != s && o->gpt_index == idx) {
				ret = mtk_bm_set_status(m, -EINVAL,
							"slots %s and %s are the same GPT partition \"%s\"",
							mtk_bm_slot_path(o, opath, sizeof(opath)),
							mtk_bm_slot_path(s, path, sizeof(path)),
							s->loc.name);
				goto out;
			}
		}
		s->gpt_index = idx;
	}
	/* a slot without its name: the second entry of a sibling's (switch cut short) */
	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type != MTK_BM_LOC_GPT || s->gpt_index >= 0)
			continue;
		list_for_each_entry(o, &m->slots, node) {
			if (o->comp != s->comp || o->loc.type != MTK_BM_LOC_GPT || o->gpt_index < 0)
				continue;
			idx = mtk_bm_gpt_next(&c, o->gpt_index, o->loc.name);
			if (idx >= 0 && !mtk_bm_gpt_taken(m, idx)) {
				s->gpt_index = idx;
				pr_info("%s: GPT entries %d and %d are both named \"%s\" (a switch cut short): entry %d is slot %s\n",
					m->disk->disk_name, o->gpt_index + 1, idx + 1, o->loc.name,
					idx + 1, mtk_bm_slot_path(s, path, sizeof(path)));
				break;
			}
		}
		if (s->gpt_index < 0) {
			ret = mtk_bm_set_status(m, -ENOENT,
						"slot %s: no GPT partition \"%s\" on %s",
						mtk_bm_slot_path(s, path, sizeof(path)),
						s->loc.name, m->disk->disk_name);
			goto out;
		}
	}
	/* no other entry may carry a slot's name */
	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type != MTK_BM_LOC_GPT)
			continue;
		idx = -1;
		while ((idx = mtk_bm_gpt_next(&c, idx, s->loc.name)) >= 0)
			if (!mtk_bm_gpt_taken(m, idx))
				break;
		if (idx >= 0) {
			ret = mtk_bm_set_status(m, -EEXIST,
						"slot %s: more than one GPT partition is named \"%s\" on %s",
						mtk_bm_slot_path(s, path, sizeof(path)),
						s->loc.name, m->disk->disk_name);
			goto out;
		}
	}
out:
	if (ret)
		list_for_each_entry(s, &m->slots, node)
			s->gpt_index = -1;
	mtk_bm_gpt_free(&c);
	return ret;
}

/**
 * mtk_bm_gpt_slot() - where a gpt: slot is and how it is named now
 * @m: the bound eMMC medium (lock held)
 * @s: a gpt: slot of @m
 * @first_lba: receives the first LBA of the partition
 * @nr_lbas: receives its size in sectors
 * @name: receives its current name (ASCII, '?' for other characters), or NULL
 * @namelen: size of @name
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * Reads the entry s->gpt_index of the GPT (primary, else backup), CRCs
 * checked.
 *
 * Return: 0, or a negative errno: -EINVAL (not a gpt: slot), -ENODEV (not
 * bound, card gone), -ESTALE (the entry is unused or named after no slot of
 * the component), the GPT read errors (-EIO, -EBADMSG, -EINVAL).
 */
int mtk_bm_gpt_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s, u64 *first_lba,
		    u64 *nr_lbas, char *name, size_t namelen, char *err, size_t errlen)
{
	struct mtk_bm_gpt_copy c = { };
	struct mtk_gpt_part p;
	struct mtk_bm_bdev b;
	int ret;

	lockdep_assert_held(&m->lock);
	if (s->loc.type != MTK_BM_LOC_GPT)
		return mtk_fmt_fail(err, errlen, EINVAL, "not a gpt: slot");
	if (s->gpt_index < 0)
		return mtk_fmt_fail(err, errlen, ENODEV, "the medium is not bound");
	ret = mtk_bm_gpt_open(m, &b, err, errlen);
	if (ret)
		return ret;
	ret = mtk_bm_gpt_read_boot(b.bdev, &c, err, errlen);
	mtk_bm_bdev_close(&b);
	if (ret)
		return ret;
	ret = mtk_bm_gpt_entry(m, s, &c, &p, err, errlen);
	mtk_bm_gpt_free(&c);
	if (ret)
		return ret;
	*first_lba = p.first_lba;
	*nr_lbas = p.last_lba - p.first_lba + 1;
	if (name && namelen)
		strscpy(name, p.name, namelen);
	return 0;
}

static int mtk_bm_gpt_put(struct mtk_bm_medium *m, u64 lba, const void *buf, size_t len,
			  const char *what, char *err, size_t errlen)
{
	struct mtk_bm_wreq w = {
		.disk = m->disk, .offset = lba * MTK_BM_SECTOR, .buf = buf, .len = len,
	};
	char why[128];
	int ret;

	ret = m->write(m, &w, why, sizeof(why));
	if (ret)
		snprintf(err, errlen, "writing the %s: %s", what, why);
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
static bool mtk_bm_gpt_signed(struct block_device *bdev, u64 lba)
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
static void mtk_bm_gpt_rescan(struct mtk_bm_medium *m, const char *done, char *err,
			      size_t errlen)
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
		snprintf(err, errlen, "%s, partitions re-read", done);
	else if (ret == -EBUSY)
		snprintf(err, errlen,
			 "%s; a partition of %s is in use: the kernel keeps the old partition names until the next boot or blockdev --rereadpt /dev/%s",
			 done, disk->disk_name, disk->disk_name);
	else
		snprintf(err, errlen,
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
			snprintf(err, errlen, "completing an interrupted switch: %s", why);
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
		snprintf(err, errlen,
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
		snprintf(err, errlen, "GPT read back after the switch: %s", why);
		goto out;
	}
	snprintf(why, sizeof(why), "GPT entries %u and %u of %s renamed \"%s\" and \"%s\"",
		 ia + 1, ib + 1, dn, nb, na);
	mtk_bm_gpt_rescan(m, why, err, errlen);
out:
	mtk_bm_bdev_close(&bd);
	mtk_bm_gpt_free(&bk);
	mtk_bm_gpt_free(&p);
	return ret;
}

static int mtk_bm_gpt_slot_name(struct mtk_bm_slot *s, char *name, size_t len)
{
	char err[96];
	u64 first, nr;

	return mtk_bm_gpt_slot(s->comp->medium, s, &first, &nr, name, len, err, sizeof(err));
}

/* a gpt: slot: its partition as the entry resolved at bind says now */
static int mtk_bm_gpt_target(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
			     size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	u64 first, nr;
	int ret;

	ret = mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, err, errlen);
	if (ret)
		return ret;
	if (w->len > nr * MTK_BM_SECTOR)
		return mtk_fmt_fail(err, errlen, EFBIG,
				    "%zu bytes do not fit GPT partition %s (%llu bytes)",
				    w->len, s->loc.name, (unsigned long long)nr * MTK_BM_SECTOR);
	w->disk = m->disk;
	w->offset = first * MTK_BM_SECTOR;
	return 0;
}

const struct mtk_bm_media mtk_bm_media_gpt = {
	.name = "gpt",
	.medium = &mtk_bm_media_emmc,
	.slot_size = mtk_bm_block_slot_size,
	.slot_read = mtk_bm_block_slot_read,
	.slot_name = mtk_bm_gpt_slot_name,
	.slot_target = mtk_bm_gpt_target,
};
