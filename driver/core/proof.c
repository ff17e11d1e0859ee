// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: a slot's proof (what a stage's read-back or a full check
 * found it holds) and its witness (that nothing wrote it since): what lets
 * `state` skip the format checks and a switch skip the read of the slot
 * (issue 17). The checks themselves are slot.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>

#include "formats/fmt.h"
#include "mtk_bootmedia.h"

static u32 mtk_bm_loc_crc(struct mtk_bm_slot *s)
{
	return mtk_fmt_crc32(0, s->location_str, strnlen(s->location_str,
							  sizeof(s->location_str)));
}

/**
 * mtk_bm_slot_witness() - the slot's witness now (struct mtk_bm_media slot_witness)
 * @s: the slot (medium lock held)
 * @w: receives it
 *
 * Return: 0, or a negative errno when the media cannot tell whether the
 * slot was written (-EOPNOTSUPP: MTD media, a dynamic UBI volume, an eMMC
 * disk with iostats off; -EBUSY: a UBI volume being updated).
 */
int mtk_bm_slot_witness(struct mtk_bm_slot *s, struct mtk_bm_witness *w)
{
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);

	memset(w, 0, sizeof(*w));
	if (!media || !media->slot_witness)
		return -EOPNOTSUPP;
	return media->slot_witness(s, w);
}

/**
 * mtk_bm_slot_prove() - record what the slot is known to hold
 * @s: the slot (medium lock held)
 * @data: the FIP the checks accepted for this slot, as written or read
 * @len: its bytes, ToC and entries (mtk_fip_extent())
 * @w: the slot's witness taken before those bytes were read, or when the
 *     stage wrote them the witness after its write, which must have been
 *     the only one (mtk_bm_stage_one()); NULL when there is none
 *
 * A later `state` or stage re-check of the slot still reads every byte BL2
 * reads, but when they are these (CRC32) the format checks, which depend
 * only on those bytes, the kind, the engine and the running board, are not
 * run again. A switch (`active`) does not read them either while the
 * witness says nothing wrote the slot since (mtk_bm_slot_unchanged()).
 * Cleared at unbind and by a check that does not find these bytes valid;
 * a different location, kind or switch does not match it.
 */
void mtk_bm_slot_prove(struct mtk_bm_slot *s, const u8 *data, size_t len,
		       const struct mtk_bm_witness *w)
{
	mtk_bm_slot_prove_crc(s, len, len ? mtk_fmt_crc32(0, data, len) : 0, w);
}

/* the same with the CRC32 of the @len bytes taken before (switch single) */
void mtk_bm_slot_prove_crc(struct mtk_bm_slot *s, size_t len, u32 crc,
			   const struct mtk_bm_witness *w)
{
	s->proof.set = false;
	s->proof.witnessed = false;
	if (s->comp->kind != MTK_BM_KIND_FIP || !len)
		return;
	s->proof.kind = s->comp->kind;
	s->proof.sw = s->comp->sw;
	s->proof.loc_crc = mtk_bm_loc_crc(s);
	s->proof.len = len;
	s->proof.crc = crc;
	if (w) {
		s->proof.witness = *w;
		s->proof.witnessed = true;
	}
	s->proof.set = true;
}

/* @data, @len: what a check read; the proof is of these bytes */
bool mtk_bm_slot_proven(struct mtk_bm_slot *s, const u8 *data, size_t len)
{
	return s->proof.set && s->proof.kind == s->comp->kind &&
	       s->proof.sw == s->comp->sw && s->proof.len == len &&
	       s->proof.loc_crc == mtk_bm_loc_crc(s) &&
	       s->proof.crc == mtk_fmt_crc32(0, data, len);
}

/**
 * mtk_bm_slot_unchanged() - may a switch take the slot's proof without reading it?
 * @s: the slot (medium lock held, medium bound)
 *
 * Issue 17: the switch's check of the slot must not grow with the image.
 * The proof says which bytes (CRC32 of the ToC and all it covers) passed
 * the checks for this kind, engine and location; the witness, that no write
 * reached the slot's device since those bytes were written and read back
 * by the stage, or read by a full check. Then the slot holds them still and
 * reading them again proves nothing more. Anything else reads the slot:
 * a proof of another kind, engine or location, a write to the device since
 * (through the module, dd, a filesystem: any block write, whether the disk
 * was read-only or not), a GPT entry that moved, the device gone (then
 * unbound: the proof goes with the binding), media without a witness (MTD,
 * a dynamic UBI volume) or an eMMC disk with iostats off. On UBI the
 * witness is the volume notifications of the device, the volume's id,
 * name and data size, and no update under way or stopped short
 * (media/ubi.c). What the witness cannot see (an MMC_IOC_CMD write,
 * CAP_SYS_RAWIO; a write to the MTD device under UBI) could equally come
 * right after a full check; a write in flight at the switch is one that
 * lands after it.
 *
 * Return: true when the switch may skip the read.
 */
bool mtk_bm_slot_unchanged(struct mtk_bm_slot *s)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_witness w;

	if (!s->proof.set || !s->proof.witnessed || s->proof.kind != s->comp->kind ||
	    s->proof.sw != s->comp->sw || s->proof.loc_crc != mtk_bm_loc_crc(s))
		return false;
	if (!m->enabled || READ_ONCE(m->gone) || mtk_bm_slot_witness(s, &w))
		return false;
	return w.writes == s->proof.witness.writes && w.start == s->proof.witness.start &&
	       w.len == s->proof.witness.len && w.id == s->proof.witness.id;
}

/**
 * mtk_bm_slot_proof() - what the proof of an unchanged slot says it holds
 * @s: the slot (medium lock held, medium bound)
 * @len: receives the bytes of the FIP (ToC and entries, mtk_fip_extent())
 * @crc: receives their CRC32 (zlib, mtk_fmt_crc32())
 *
 * For an engine that records the FIP's size and CRC32 (bspconf): the
 * values a read of the slot would give, without it.
 *
 * Return: true when mtk_bm_slot_unchanged(), else false (read the slot).
 */
bool mtk_bm_slot_proof(struct mtk_bm_slot *s, u64 *len, u32 *crc)
{
	if (!mtk_bm_slot_unchanged(s))
		return false;
	*len = s->proof.len;
	*crc = s->proof.crc;
	return true;
}
