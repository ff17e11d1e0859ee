// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the bspconf engine on SPI-NAND/UBI (MediaTek dual FIP).
 *
 * BL2 loads the FIP from the static UBI volume "fip" (bspconf slot 0) or
 * "fip2" (slot 1) as the newer valid record says; the two record copies are
 * the static volumes "bspconf1" and "bspconf2", the ubi: slots of the
 * medium's component "bspconf" (reference §4.2, §4.3). The in-kernel UBI
 * API cannot write static volumes, so `active` only composes the record of
 * the copy not in use and keeps it in the component (`record`, 88 bytes;
 * `record_volume` names the volume it goes to); the helper writes it with
 * ubiupdatevol. The UBI volume notifier queues the medium's recheck_work, which
 * calls mtk_bm_dualfip_ubi_recheck(): the write is accepted when the copy
 * BL2 now uses is the pending record. Everything here runs under the medium
 * lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "core/mtk_bootmedia.h"
#include "bspconf.h"
#include "formats/fmt.h"

static_assert(MTK_BM_RECORD_LEN == MTK_BSPCONF_SIZE);

/* what is read of a record volume (bspconf_emmc.c reads one 512-byte block too) */
#define MTK_BM_REC_READ		512

static const char * const mtk_bm_rec_names[2] = { "bspconf1", "bspconf2" };

static void mtk_bm_dualfip_ubi_clear(struct mtk_bm_component *c);

/* the ubi: slot of component "bspconf" whose volume is copy @copy's */
static struct mtk_bm_slot *mtk_bm_dualfip_ubi_rec(struct mtk_bm_medium *m, int copy)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &m->slots, node)
		if (s->loc.type == MTK_BM_LOC_UBI &&
		    !strcmp(config_item_name(&s->comp->group.cg_item), "bspconf") &&
		    !strcmp(s->loc.name, mtk_bm_rec_names[copy]))
			return s;
	return NULL;
}

/**
 * mtk_bm_dualfip_ubi() - does the medium keep the bspconf record in UBI?
 * @m: the medium (lock held)
 *
 * Return: true when its component "bspconf" has a ubi: slot for
 * bspconf1 or bspconf2.
 */
static bool mtk_bm_dualfip_ubi(struct mtk_bm_medium *m)
{
	return mtk_bm_dualfip_ubi_rec(m, 0) || mtk_bm_dualfip_ubi_rec(m, 1);
}

/**
 * mtk_bm_dualfip_ubi_load() - read both record copies from their volumes
 * @m: the medium (lock held)
 * @copy: two buffers of @size bytes
 * @size: size of each buffer
 * @len: receives the bytes read of each copy: 0 for a copy without a slot,
 *       a missing, empty, half-updated or unreadable volume (BL2 finds no
 *       valid record there)
 *
 * Return: 0.
 */
static int mtk_bm_dualfip_ubi_load(struct mtk_bm_medium *m, u8 *const copy[2], size_t size,
				   size_t len[2])
{
	struct mtk_bm_slot *s;
	char err[96];
	int i;

	for (i = 0; i < 2; i++) {
		len[i] = 0;
		memset(copy[i], 0, size);
		s = mtk_bm_dualfip_ubi_rec(m, i);
		if (s && mtk_bm_ubi_read(s, copy[i], size, &len[i], err, sizeof(err)))
			len[i] = 0;
	}
	return 0;
}

/**
 * mtk_bm_dualfip_ubi_pend() - keep the composed record for the helper
 * @c: the FIP component (medium lock held)
 * @s: the FIP slot the record makes current
 * @d: the record as read
 * @fip_slot: its bspconf slot number
 * @target: the copy not in use (0: bspconf1, 1: bspconf2)
 * @next: the record (encoded here)
 * @err: receives the note for `result`
 * @errlen: size of @err
 *
 * Return: MTK_BM_PENDING, or -ENOENT when component bspconf has no slot
 * for the target volume.
 */
static int mtk_bm_dualfip_ubi_pend(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				   struct mtk_bm_dualfip *d, unsigned int fip_slot, int target,
				   struct mtk_bspconf *next, char *err, size_t errlen)
{
	struct mtk_bm_rec_pending *p = &c->rec;
	struct mtk_bm_slot *rs = mtk_bm_dualfip_ubi_rec(c->medium, target);

	mtk_bm_dualfip_ubi_clear(c);
	if (!rs)
		return mtk_fmt_fail(err, errlen, ENOENT,
				    "component bspconf has no slot ubi:<dev>:%s for record copy %d",
				    mtk_bm_rec_names[target], target + 1);
	mtk_bspconf_encode(next, p->rec);
	p->copy = target;
	p->fip_slot = fip_slot;
	p->ubi_num = rs->loc.ubi_num;
	p->upd_cnt = next->upd_cnt;
	p->old_len = d->len[target];
	p->old_crc = mtk_fmt_crc32(0, d->copy[target], d->len[target]);
	strscpy(p->slot, config_item_name(&s->group.cg_item), sizeof(p->slot));
	p->set = true;
	mtk_fmt_msg(err, errlen,
		    "bspconf copy %d (upd_cnt %u) is in record: write it to UBI volume %s on ubi%d (mtk-bootmedia activate %s %s)",
		    target + 1, next->upd_cnt, mtk_bm_rec_names[target], p->ubi_num,
		    config_item_name(&c->group.cg_item), p->slot);
	return MTK_BM_PENDING;
}

static int mtk_bm_bspconf_ubi_load(struct mtk_bm_medium *m, struct mtk_bm_dualfip *d,
				   char *err, size_t errlen)
{
	return mtk_bm_dualfip_ubi_load(m, d->copy, MTK_BM_SECTOR, d->len);
}

static const struct mtk_bm_bspconf_store mtk_bm_bspconf_ubi = {
	.load = mtk_bm_bspconf_ubi_load,
	.commit = mtk_bm_dualfip_ubi_pend,
};

/**
 * mtk_bm_dualfip_ubi_recheck() - after a UBI volume change: did the helper
 * write the pending record?
 * @c: the component (medium lock held)
 *
 * Nothing happens while the target volume is unchanged, empty or being
 * updated. The record is accepted when the copy BL2 now uses is the
 * pending record byte for byte; anything else ends the pending state with
 * an error in `result`.
 */
static void mtk_bm_dualfip_ubi_recheck(struct mtk_bm_component *c)
{
	struct mtk_bm_rec_pending *p = &c->rec;
	const char *vol = mtk_bm_rec_names[p->copy];
	u8 *buf, *copy[2];
	struct mtk_bspconf cur;
	char why[128];
	size_t len[2];
	int which;

	if (!p->set)
		return;
	buf = kzalloc(2 * MTK_BM_REC_READ, GFP_KERNEL);
	if (!buf)
		return;		/* still pending: the next change looks again */
	copy[0] = buf;
	copy[1] = buf + MTK_BM_REC_READ;
	mtk_bm_dualfip_ubi_load(c->medium, copy, MTK_BM_REC_READ, len);
	if (!len[p->copy] || (len[p->copy] == p->old_len &&
			      mtk_fmt_crc32(0, copy[p->copy], len[p->copy]) == p->old_crc))
		goto out;
	c->generation++;
	p->set = false;
	if (len[p->copy] != MTK_BM_RECORD_LEN || memcmp(copy[p->copy], p->rec, MTK_BM_RECORD_LEN)) {
		mtk_bm_comp_result(c, -EBADMSG,
				   "active %s: UBI volume %s holds %zu bytes that are not the pending record: not switched, pending record dropped",
				   p->slot, vol, len[p->copy]);
		goto out;
	}
	if (mtk_bspconf_select(copy[0], len[0], copy[1], len[1], &cur, &which, NULL, why,
			       sizeof(why)) || which != p->copy) {
		mtk_bm_comp_result(c, -EBADMSG,
				   "active %s: UBI volume %s holds the record but BL2 uses %s: not switched",
				   p->slot, vol, which < 0 ? "no copy" : mtk_bm_rec_names[which]);
		goto out;
	}
	mtk_bm_comp_result(c, 0,
			   "active %s: bspconf copy %d (UBI volume %s on ubi%d, upd_cnt %u) written: BL2 loads FIP slot %u next",
			   p->slot, p->copy + 1, vol, p->ubi_num, p->upd_cnt, p->fip_slot);
out:
	kfree(buf);
}

/**
 * mtk_bm_dualfip_ubi_clear() - forget a pending record
 * @c: the component (medium lock held)
 */
static void mtk_bm_dualfip_ubi_clear(struct mtk_bm_component *c)
{
	memset(&c->rec, 0, sizeof(c->rec));
}

/**
 * mtk_bm_dualfip_ubi_record() - `record`: the pending record
 * @c: the component (medium lock held)
 * @buf: NULL to ask for the size, else receives the record
 * @len: size of @buf
 *
 * Return: 88 (or 0 when nothing is pending); -EAGAIN when the record went
 * between configfs' size query and its read.
 */
ssize_t mtk_bm_dualfip_ubi_record(struct mtk_bm_component *c, void *buf, size_t len)
{
	if (!buf) {
		if (!c->rec.set)
			return 0;
		/* test build only: race=record drops it before configfs reads it */
		if (mtk_bm_test_race("record"))
			mtk_bm_dualfip_ubi_clear(c);
		return MTK_BM_RECORD_LEN;
	}
	if (!c->rec.set || len < MTK_BM_RECORD_LEN)
		return -EAGAIN;
	memcpy(buf, c->rec.rec, MTK_BM_RECORD_LEN);
	return MTK_BM_RECORD_LEN;
}

/**
 * mtk_bm_dualfip_ubi_volume() - `record_volume`: where the record goes
 * @c: the component (medium lock held)
 * @buf: receives "ubi:<dev>:<volume>" or "none", and a newline
 * @len: size of @buf
 *
 * Return: the length of the text.
 */
int mtk_bm_dualfip_ubi_volume(struct mtk_bm_component *c, char *buf, size_t len)
{
	if (!c->rec.set)
		return scnprintf(buf, len, "none\n");
	return scnprintf(buf, len, "ubi:%d:%s\n", c->rec.ubi_num, mtk_bm_rec_names[c->rec.copy]);
}

/* the record in UBI volumes, and no gpt: record slot (which comes first) */
static bool mtk_bm_dualfip_ubi_match(struct mtk_bm_component *c)
{
	return !mtk_bm_dualfip_rec_slot(c->medium) && mtk_bm_dualfip_ubi(c->medium);
}

const struct mtk_bm_engine mtk_bm_engine_bspconf_ubi = {
	.name = "bspconf",
	.match = mtk_bm_dualfip_ubi_match,
	.flags = MTK_BM_ENG_INACTIVE | MTK_BM_ENG_BL2_PICKS,
	.data = &mtk_bm_bspconf_ubi,
	.stage_note = "inactive slot; write it to active to switch",
	.active = mtk_bm_dualfip_engine_active,
	.refuse_stage = mtk_bm_dualfip_refuse_stage,
	.activate = mtk_bm_dualfip_activate,
	.fip_refused = mtk_bm_dualfip_fip_refused,
	.recheck = mtk_bm_dualfip_ubi_recheck,
	.clear = mtk_bm_dualfip_ubi_clear,
};
