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
 * The switch (mtk_bm_gpt_swap_names()) refuses to touch a GPT whose two
 * copies are not both valid and equal, then writes backup entries, backup
 * header, primary entries and the primary header last, each through
 * mtk_bm_write() (FUA, read back), so that at every moment one valid GPT
 * with either the old or the new names exists. Then the kernel re-reads
 * the partitions (as BLKRRPART does) when none is in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "formats/gptfmt.h"
#include "core/mtk_bootmedia.h"

#define MTK_BM_SECTOR	512
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

/**
 * mtk_bm_gpt_bind() - resolve the gpt: slots of a medium being bound
 * @m: the eMMC medium (lock held; m->disk taken)
 *
 * Sets s->gpt_index of every gpt: slot to the index of the one used entry
 * of the GPT (primary, or backup when the primary is not valid) named like
 * its location, and -1 for every other slot. Reads nothing when the medium
 * has no gpt: slot.
 *
 * Return: 0, or a negative errno with the reason in status and every index
 * back to -1: -ENOENT (no partition of that name), -EEXIST (two), -EINVAL
 * (two slots on one partition), the GPT read errors.
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

	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type != MTK_BM_LOC_GPT)
			continue;
		mtk_bm_slot_path(s, path, sizeof(path));
		idx = mtk_gpt_find_unique(&c.h, c.ents, s->loc.name);
		if (idx == -ENOENT) {
			ret = mtk_bm_set_status(m, -ENOENT,
						"slot %s: no GPT partition \"%s\" on %s",
						path, s->loc.name, m->disk->disk_name);
			break;
		}
		if (idx < 0) {
			ret = mtk_bm_set_status(m, idx,
						"slot %s: more than one GPT partition is named \"%s\" on %s",
						path, s->loc.name, m->disk->disk_name);
			break;
		}
		list_for_each_entry(o, &m->slots, node) {
			if (o != s && o->gpt_index == idx) {
				ret = mtk_bm_set_status(m, -EINVAL,
							"slots %s and %s are the same GPT partition \"%s\"",
							mtk_bm_slot_path(o, opath, sizeof(opath)),
							path, s->loc.name);
				break;
			}
		}
		if (ret)
			break;
		s->gpt_index = idx;
	}
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

	ret = mtk_bm_write(m, &w, why, sizeof(why));
	if (ret)
		snprintf(err, errlen, "writing the %s: %s", what, why);
	return ret;
}

/* Both copies valid, equal, and each where the other says it is */
static int mtk_bm_gpt_read_both(struct mtk_bm_medium *m, struct block_device *bdev,
				struct mtk_bm_gpt_copy *p, struct mtk_bm_gpt_copy *bk,
				char *err, size_t errlen)
{
	const char *dn = m->disk->disk_name;
	char why[128];
	int ret;

	ret = mtk_bm_gpt_read(bdev, 1, p, why, sizeof(why));
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return mtk_fmt_fail(err, errlen, EUCLEAN, "%s: " MTK_BM_GPT_REPAIR, why, dn);
	ret = mtk_bm_gpt_read(bdev, bdev_nr_sectors(bdev) - 1, bk, why, sizeof(why));
	if (ret == -ENOMEM)
		return ret;
	if (ret)
		return mtk_fmt_fail(err, errlen, EUCLEAN,
				    "%s (the backup GPT must be at the last LBA, %llu): "
				    MTK_BM_GPT_REPAIR, why,
				    (unsigned long long)bdev_nr_sectors(bdev) - 1, dn);
	if (mtk_gpt_compare(&p->h, p->ents, &bk->h, bk->ents, why, sizeof(why))) {
		const char *what = strrchr(why, ':');

		return mtk_fmt_fail(err, errlen, EUCLEAN,
				    "backup GPT differs from the primary (%s): " MTK_BM_GPT_REPAIR,
				    what ? what + 2 : why, dn);
	}
	return 0;
}

/* Re-read the partitions like BLKRRPART; @err gets what happened */
static void mtk_bm_gpt_rescan(struct mtk_bm_medium *m, const char *done, char *err,
			      size_t errlen)
{
	struct gendisk *disk = m->disk;
	int ret;

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
 * Checks first, writing nothing when any fails: both GPT copies valid
 * (CRCs), the backup at the last LBA, primary and backup equal, both
 * entries named after slots of the component, both names unique. Then
 * writes backup entries, backup header, primary entries, primary header,
 * each with mtk_bm_write(), reads both copies back and checks them, and
 * re-reads the partitions of the disk.
 *
 * Return: 0 (also when the partitions cannot be re-read: the note in @err
 * says so), or a negative errno: -EINVAL (not two gpt: slots of one
 * component, or the same partition), -ENODEV, -ESTALE (see
 * mtk_bm_gpt_slot()), -EUCLEAN (GPT damaged, copies differ, a name not
 * unique: nothing written; the reason says how to repair), -EIO and the
 * other errors of mtk_bm_write() (the reason says which copy was being
 * written and which names BL2 will find).
 */
int mtk_bm_gpt_swap_names(struct mtk_bm_medium *m, struct mtk_bm_slot *a,
			  struct mtk_bm_slot *b, char *err, size_t errlen)
{
	struct mtk_bm_gpt_copy p = { }, bk = { };
	struct mtk_gpt_part pa, pb;
	struct mtk_gpt_header h;
	struct mtk_bm_bdev bd;
	const char *dn;
	u8 *ents = NULL, *sec = NULL;
	char why[160];
	int ret;

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
	ret = mtk_bm_gpt_open(m, &bd, err, errlen);
	if (ret)
		return ret;
	dn = m->disk->disk_name;
	ret = mtk_bm_gpt_read_both(m, bd.bdev, &p, &bk, err, errlen);
	if (ret)
		goto out;
	ret = mtk_bm_gpt_entry(m, a, &p, &pa, err, errlen);
	if (!ret)
		ret = mtk_bm_gpt_entry(m, b, &p, &pb, err, errlen);
	if (ret)
		goto out;
	if (mtk_gpt_find_unique(&p.h, p.ents, pa.name) != a->gpt_index ||
	    mtk_gpt_find_unique(&p.h, p.ents, pb.name) != b->gpt_index) {
		ret = mtk_fmt_fail(err, errlen, EUCLEAN,
				   "more than one GPT partition of %s is named \"%s\" or \"%s\": rename the others with sgdisk -c",
				   dn, pa.name, pb.name);
		goto out;
	}

	/* the new table: equal for both copies */
	ents = kvmalloc(p.ebytes, GFP_KERNEL);
	sec = kmalloc(MTK_BM_SECTOR, GFP_KERNEL);
	if (!ents || !sec) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(ents, p.ents, p.ebytes);
	ret = mtk_gpt_set_name(&p.h, ents, a->gpt_index, pb.name, err, errlen);
	if (!ret)
		ret = mtk_gpt_set_name(&p.h, ents, b->gpt_index, pa.name, err, errlen);
	if (ret)
		goto out;

	/* backup first: BL2 falls back to it while the primary is written */
	ret = mtk_bm_gpt_put(m, bk.h.entries_lba, ents, p.ebytes, "backup GPT entries", why,
			     sizeof(why));
	if (!ret) {
		h = bk.h;
		mtk_gpt_serialise(&h, ents, sec, MTK_BM_SECTOR);
		ret = mtk_bm_gpt_put(m, h.current_lba, sec, MTK_BM_SECTOR, "backup GPT header",
				     why, sizeof(why));
	}
	if (ret) {
		snprintf(err, errlen,
			 "%s; the primary GPT still has the old names (BL2 uses it); check the backup with sgdisk -v /dev/%s",
			 why, dn);
		goto out;
	}
	ret = mtk_bm_gpt_put(m, p.h.entries_lba, ents, p.ebytes, "primary GPT entries", why,
			     sizeof(why));
	if (!ret) {
		h = p.h;
		mtk_gpt_serialise(&h, ents, sec, MTK_BM_SECTOR);
		ret = mtk_bm_gpt_put(m, 1, sec, MTK_BM_SECTOR, "primary GPT header", why,
				     sizeof(why));
	}
	if (ret) {
		snprintf(err, errlen,
			 "%s; the backup GPT has the new names (BL2 falls back to it if the primary is damaged); "
			 MTK_BM_GPT_REPAIR, why, dn);
		goto out;
	}

	/* read the whole GPT back */
	mtk_bm_gpt_free(&p);
	mtk_bm_gpt_free(&bk);
	ret = mtk_bm_gpt_read_both(m, bd.bdev, &p, &bk, why, sizeof(why));
	if (!ret && memcmp(p.ents, ents, p.ebytes))
		ret = mtk_fmt_fail(why, sizeof(why), EIO, "the entries differ from those written");
	if (ret) {
		if (ret == -EUCLEAN)
			ret = -EIO;
		snprintf(err, errlen, "GPT read back after the switch: %s", why);
		goto out;
	}
	snprintf(why, sizeof(why), "GPT entries %d and %d of %s renamed \"%s\" and \"%s\"",
		 a->gpt_index + 1, b->gpt_index + 1, dn, pb.name, pa.name);
	mtk_bm_gpt_rescan(m, why, err, errlen);
out:
	mtk_bm_bdev_close(&bd);
	mtk_bm_gpt_free(&bk);
	mtk_bm_gpt_free(&p);
	kfree(sec);
	kvfree(ents);
	return ret;
}
