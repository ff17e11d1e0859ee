// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: gpt: slots of an eMMC user area (the gpt backend).
 *
 * A gpt: slot is resolved at bind to the index of its entry in the GPT
 * array, so that it stays with its partition when the switch swaps the
 * names of two entries (the FIP BL2 loads is the partition named "fip").
 * The GPT is read the way BL2 and Linux's efi parser read it: the primary,
 * or the backup at the last LBA when the primary is not valid. The switch
 * itself is gpt_swap.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "backend.h"
#include "gpt.h"

void mtk_bm_gpt_free(struct mtk_bm_gpt_copy *c)
{
	kvfree(c->ents);
	c->ents = NULL;
}

static const char *mtk_bm_slot_path(struct mtk_bm_slot *s, char *buf, size_t len)
{
	mtk_fmt_msg(buf, len, "%s/%s", config_item_name(&s->comp->group.cg_item),
		    config_item_name(&s->group.cg_item));
	return buf;
}

/* Read and check the GPT header at @lba and its entry array (CRCs) */
int mtk_bm_gpt_read(struct block_device *bdev, u64 lba, struct mtk_bm_gpt_copy *c,
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
		mtk_fmt_msg(err, errlen, "cannot read the %s GPT header at LBA %llu", which,
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
		mtk_fmt_msg(err, errlen, "cannot read the %s GPT entries at LBA %llu", which,
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
	mtk_fmt_msg(err, errlen, "no valid GPT: %s", perr);
	return ret;
}

int mtk_bm_gpt_open(struct mtk_bm_medium *m, struct mtk_bm_bdev *b, char *err,
		    size_t errlen)
{
	int ret;

	if (READ_ONCE(m->gone) || !m->disk || !disk_live(m->disk))
		return mtk_fmt_fail(err, errlen, ENODEV, "the card went away");
	ret = mtk_bm_bdev_open(disk_devt(m->disk), false, b);
	if (ret)
		mtk_fmt_msg(err, errlen, "cannot open %s", m->disk->disk_name);
	return ret;
}

/*
 * Entry of slot @s in @c. The entry must still be used and named after
 * one of the gpt: slots of the slot's component: a switch only permutes
 * those names, anything else means the table changed behind our back and
 * the index may now designate another partition.
 */
int mtk_bm_gpt_entry(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
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
	.check_location = mtk_bm_emmc_check_location,
	.slot_size = mtk_bm_block_slot_size,
	.slot_read = mtk_bm_block_slot_read,
	.slot_witness = mtk_bm_block_slot_witness,
	.slot_name = mtk_bm_gpt_slot_name,
	.slot_target = mtk_bm_gpt_target,
};
