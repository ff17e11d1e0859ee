// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: what the two bspconf engines share (MediaTek dual FIP).
 *
 * A BL2 built with DUAL_FIP loads the FIP from slot current_fip_slot of
 * the newer valid bspconf record (slot 0 = GPT partition or UBI volume
 * "fip", slot 1 = "fip2"), or from the other slot when the record marks it
 * invalid. The record has two copies; the commit composes the copy that is
 * not in use with upd_cnt + 1, so that a cut write leaves the old record
 * the newest valid one. Where the copies are is the engine's store
 * (bspconf.h): bspconf_emmc.c, bspconf_ubi.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "bspconf.h"
#include "formats/fip.h"
#include "formats/fmt.h"

/* the GPT record slot: the first gpt: slot of component "bspconf" */
struct mtk_bm_slot *mtk_bm_dualfip_rec_slot(struct mtk_bm_medium *m)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &m->slots, node)
		if (!strcmp(config_item_name(&s->comp->group.cg_item), "bspconf") &&
		    s->loc.type == MTK_BM_LOC_GPT)
			return s;
	return NULL;
}

static struct mtk_bm_dualfip *mtk_bm_dualfip_alloc(void)
{
	struct mtk_bm_dualfip *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return NULL;
	/* a power-of-two kmalloc is naturally aligned: fit for bio I/O */
	d->copy[0] = kzalloc(2 * MTK_BM_SECTOR, GFP_KERNEL);
	if (!d->copy[0]) {
		kfree(d);
		return NULL;
	}
	d->copy[1] = d->copy[0] + MTK_BM_SECTOR;
	return d;
}

static void mtk_bm_dualfip_free(struct mtk_bm_dualfip *d)
{
	if (d)
		kfree(d->copy[0]);
	kfree(d);
}

/* Read both copies of the record where the engine keeps it, pick the one in use */
static int mtk_bm_dualfip_load(struct mtk_bm_component *c, struct mtk_bm_dualfip *d,
			       char *err, size_t errlen)
{
	const struct mtk_bm_bspconf_store *st = mtk_bm_engine(c)->data;
	int ret;

	d->len[0] = MTK_BM_SECTOR;
	d->len[1] = MTK_BM_SECTOR;
	ret = st->load(c->medium, d, err, errlen);
	if (ret)
		return ret;
	ret = mtk_bspconf_select(d->copy[0], d->len[0], d->copy[1], d->len[1],
				 &d->cur, &d->which, &d->valid, d->why, sizeof(d->why));
	/* one errno whatever the garbage: the record is unusable */
	if (ret)
		return mtk_fmt_fail(err, errlen, EBADMSG, "%s", d->why);
	return 0;
}

/*
 * bspconf slot number of a fip slot: 0 for "fip", 1 for "fip2" (the GPT
 * partition or UBI volume the location names)
 */
static int mtk_bm_dualfip_index(struct mtk_bm_slot *s)
{
	if (s->loc.type != MTK_BM_LOC_GPT && s->loc.type != MTK_BM_LOC_UBI)
		return -1;
	if (!strcmp(s->loc.name, MTK_BM_BOOT_NAME))
		return 0;
	if (!strcmp(s->loc.name, MTK_BM_BOOT_NAME "2"))
		return 1;
	return -1;
}

/**
 * mtk_bm_dualfip_active() - the slot BL2 tries first: current_fip_slot of
 * the newer valid record, or the other slot when that one is marked invalid
 * @c: the component (medium lock held)
 * @err: receives why there is none
 * @errlen: size of @err
 *
 * Return: the slot or NULL.
 */
static struct mtk_bm_slot *mtk_bm_dualfip_active(struct mtk_bm_component *c, char *err,
						 size_t errlen)
{
	struct mtk_bm_dualfip *d;
	struct mtk_bm_slot *s, *found = NULL;
	unsigned int cur;

	d = mtk_bm_dualfip_alloc();
	if (!d) {
		mtk_fmt_msg(err, errlen, "out of memory");
		return NULL;
	}
	if (mtk_bm_dualfip_load(c, d, err, errlen))
		goto out;
	/* as BL2: start at current_fip_slot, skip a slot marked invalid */
	cur = d->cur.current_fip_slot;
	if (d->cur.fip[cur].invalid) {
		if (d->cur.fip[!cur].invalid) {
			mtk_fmt_msg(err, errlen,
				    "bspconf copy %d (upd_cnt %u) marks both FIP slots invalid",
				    d->which + 1, d->cur.upd_cnt);
			goto out;
		}
		cur = !cur;
	}
	list_for_each_entry(s, &c->medium->slots, node)
		if (s->comp == c && mtk_bm_dualfip_index(s) == cur)
			found = s;
	if (!found)
		mtk_fmt_msg(err, errlen,
			    "the record names FIP slot %u (%s), which no slot of %s is", cur,
			    cur ? "fip2" : "fip", config_item_name(&c->group.cg_item));
out:
	mtk_bm_dualfip_free(d);
	return found;
}

/**
 * mtk_bm_dualfip_commit() - make @s the FIP slot BL2 loads next
 * @c: the component (medium lock held)
 * @s: the slot, holding a valid FIP (checked by the caller)
 * @err: receives the reason of a failure, or a note
 * @errlen: size of @err
 *
 * Composes the record copy that is not in use with upd_cnt + 1 and the size
 * and CRC32 of the FIP in @s; the engine's store writes it (GPT) or keeps
 * it in @c for the helper (UBI).
 *
 * Return: 0, MTK_BM_PENDING (UBI: composed, not written) or a negative
 * errno.
 */
static int mtk_bm_dualfip_commit(struct mtk_bm_component *c, struct mtk_bm_slot *s, char *err,
				 size_t errlen)
{
	const struct mtk_bm_bspconf_store *st = mtk_bm_engine(c)->data;
	struct mtk_bm_dualfip *d;
	struct mtk_fip_info *fi;
	struct mtk_bspconf next;
	int idx = mtk_bm_dualfip_index(s), target, ret;
	size_t got = 0;
	u64 size, end;
	u8 *img = NULL;
	u32 crc;

	if (idx < 0)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "slot %s is not fip or fip2 (gpt: or ubi:): bspconf has no number for it",
				    config_item_name(&s->group.cg_item));
	d = mtk_bm_dualfip_alloc();
	fi = kzalloc(sizeof(*fi), GFP_KERNEL);
	if (!d || !fi) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	ret = mtk_bm_dualfip_load(c, d, err, errlen);
	if (ret)
		goto out;
	/*
	 * Issue 17: the record needs the FIP's size and CRC32. A stage (or a
	 * full check) of this slot recorded both for the bytes BL2 reads, and
	 * nothing wrote the slot since (mtk_bm_slot_proof()): taken without
	 * reading the slot. The proof's length is mtk_fip_extent(), the end
	 * mtk_fip_check() gives too once an entry ends past the ToC, which the
	 * checksum entry of every FIP this engine accepts does.
	 */
	if (mtk_bm_slot_proof(s, &end, &crc)) {
		ret = mtk_bspconf_switch_fip(&d->cur, idx, end, crc, &next, err, errlen);
		if (ret)
			goto out;
		goto commit;
	}
	size = min_t(u64, mtk_bm_slot_size(s, false, err, errlen), MTK_BM_IMAGE_MAX);
	if (!size) {
		ret = -EIO;	/* err has the reason */
		goto out;
	}
	img = vmalloc(size);
	if (!img) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	ret = mtk_bm_slot_read(s, img, size, &got, err, errlen);
	if (!ret)
		ret = mtk_fip_parse(img, got, fi, err, errlen);
	if (!ret && fi->checksum < 0)
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "the FIP in slot %s has no MediaTek checksum entry: a DUAL_FIP BL2 rejects it",
				   config_item_name(&s->group.cg_item));
	if (ret)
		goto out;
	ret = mtk_bspconf_switch_fip(&d->cur, idx, fi->end,
				     mtk_fmt_crc32(0, img, fi->end), &next, err, errlen);
	if (ret)
		goto out;
commit:
	target = d->which ? 0 : 1;
	ret = st->commit(c, s, d, idx, target, &next, err, errlen);
out:
	vfree(img);
	kfree(fi);
	mtk_bm_dualfip_free(d);
	return ret;
}

int mtk_bm_dualfip_engine_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
				 char *err, size_t errlen)
{
	/* no usable record: not known which slot BL2 loads */
	*act = mtk_bm_dualfip_active(c, err, errlen);
	return *act ? 0 : -EBUSY;
}

int mtk_bm_dualfip_refuse_stage(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				char *err, size_t errlen)
{
	if (!s || s->loc.type != MTK_BM_LOC_UBI)
		return 0;
	mtk_fmt_msg(err, errlen,
		    "the kernel cannot write static UBI volumes: use mtk-bootmedia install %s FILE (ubiupdatevol, then the bspconf record)",
		    config_item_name(&c->group.cg_item));
	return -EOPNOTSUPP;
}

int mtk_bm_dualfip_activate(struct mtk_bm_component *c, struct mtk_bm_slot *act,
			    struct mtk_bm_slot *s, char *err, size_t errlen)
{
	err[0] = '\0';
	return mtk_bm_dualfip_commit(c, s, err, errlen);
}

/* BL2 validates the FIP with its checksum entry (§4.6) */
static const char mtk_bm_no_checksum[] =
	"FIP without the MediaTek checksum entry: a DUAL_FIP BL2 rejects it (switch bspconf)";

const char *mtk_bm_dualfip_fip_refused(int checksum)
{
	return checksum < 0 ? mtk_bm_no_checksum : NULL;
}
