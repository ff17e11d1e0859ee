// SPDX-License-Identifier: GPL-2.0-only
/*
 * ubi.c - BL2's UBI loader (bl2_boot_nand_ubi.c, a port of U-Boot's
 * ubispl), as reference §3.4 describes it:
 *   - geometry: PEB = erase block, VID header at one page, data at two;
 *   - full scan, no fastmap; EC headers are not read;
 *   - the volume table is read from the first layout-volume PEB whose first
 *     16 records all pass the record checks (CRC, sizes, type, name);
 *   - only static volumes with vol_id < 16 are tracked, LEB numbers < 256;
 *     a LEB seen twice keeps the PEB with the higher sqnum;
 *   - loading LEB n: used_ebs must equal the LEB count ("Block count
 *     mismatch"), the data CRC must match ("data CRC failure"); on failure
 *     the non-corrupt PEB of the same vol_id/lnum with the highest sqnum is
 *     tried (find_other), until none is left.
 *   - name lookup: MTK-ATF-2023 takes the first record among ids 0-15
 *     whose name matches over the record's name_len (an empty record or
 *     "fi" matches "fip"); MTK-ATF-2025 also wants equal lengths. The model
 *     needs both readings to pick the same volume.
 */
#include <stdlib.h>

#include "bm.h"

#define VID_MAGIC	0x55424921U	/* "UBI!" */
#define VID_SIZE	64
#define VID_CRC_LEN	60
#define VID_DYNAMIC	1
#define VID_STATIC	2
#define LAYOUT_VOL	0x7fffefffU
#define REC_SIZE	172
#define REC_CRC_LEN	168
#define MAX_VOLUMES	128
#define SPL_VOL_IDS	16
#define SPL_MAX_PEBS	4096
#define SPL_MAX_PEB	(256U << 10)
#define SPL_MAX_LEBS	256
#define NAME_MAX_LEN	127

struct peb {
	u8 vh[VID_SIZE];
	bool corrupt;	/* unreadable, no/bad header, or failed a load check */
};

struct vol {
	bool found[SPL_MAX_LEBS];
	u32 l2p[SPL_MAX_LEBS];
	u32 last_block;
};

struct scan {
	struct bm_ctx *c;
	u64 start;
	u32 pebs, peb_size, vid_off, leb_start, leb_size;
	struct peb *peb;
	struct vol vol[SPL_VOL_IDS];
	bool vtbl_valid;
	u8 vtbl[SPL_VOL_IDS * REC_SIZE];
	u8 *full;		/* all records of that PEB, for messages */
	unsigned int bad, layout_bad;
};

static u32 be32(const u8 *p)
{
	return mtk_get_be32(p);
}

static u64 be64(const u8 *p)
{
	return ((u64)be32(p) << 32) | be32(p + 4);
}

/* UBI's CRC32: seed 0xffffffff, no final inversion */
static u32 ubi_crc(const void *p, size_t len)
{
	return mtk_fmt_crc32(0, p, len) ^ 0xffffffffU;
}

static int peb_read(struct scan *s, u32 pnum, u32 off, void *buf, size_t len)
{
	return bm_read(s->c->src, BM_NAND,
		       s->start + (u64)pnum * s->peb_size + off, buf, len);
}

/* ubispl vtbl_check() over the first 16 records; 0 or a message */
static int vtbl_check(struct scan *s, const u8 *t, char *why, size_t wlen)
{
	static const u8 empty[REC_SIZE];
	unsigned int i, j;

	for (i = 0; i < SPL_VOL_IDS; i++) {
		const u8 *r = t + i * REC_SIZE;
		u32 reserved = be32(r), align = be32(r + 4), pad = be32(r + 8);
		unsigned int len = (unsigned int)(r[14] << 8 | r[15]);

		if (ubi_crc(r, REC_CRC_LEN) != be32(r + REC_CRC_LEN)) {
			snprintf(why, wlen, "record %u: bad CRC", i);
			return -EBADMSG;
		}
		if (!reserved) {
			if (memcmp(r, empty, REC_CRC_LEN)) {
				snprintf(why, wlen, "record %u: empty but not zero", i);
				return -EINVAL;
			}
			continue;
		}
		if ((int)reserved < 0 || (int)align <= 0 || (int)pad < 0 ||
		    align > s->leb_size || (align != 1 && align % s->vid_off) ||
		    pad != s->leb_size % align || (r[12] != VID_DYNAMIC &&
		    r[12] != VID_STATIC) || r[13] > 1 || len > NAME_MAX_LEN ||
		    !r[16] || strnlen((const char *)r + 16, len + 1) != len) {
			snprintf(why, wlen, "record %u: inconsistent", i);
			return -EINVAL;
		}
	}
	for (i = 0; i + 1 < SPL_VOL_IDS; i++) {
		for (j = i + 1; j < SPL_VOL_IDS; j++) {
			const u8 *a = t + i * REC_SIZE, *b = t + j * REC_SIZE;
			unsigned int la = (unsigned int)(a[14] << 8 | a[15]);

			if (la && la == (unsigned int)(b[14] << 8 | b[15]) &&
			    !memcmp(a + 16, b + 16, la)) {
				snprintf(why, wlen, "records %u and %u have the same name", i, j);
				return -EINVAL;
			}
		}
	}
	return 0;
}

static void scan_layout(struct scan *s, u32 pnum, bool quiet)
{
	char why[128];

	if (peb_read(s, pnum, s->leb_start, s->vtbl, sizeof(s->vtbl))) {
		s->layout_bad++;
		return;
	}
	if (vtbl_check(s, s->vtbl, why, sizeof(why))) {
		s->layout_bad++;
		if (!quiet)
			bm_say(s->c->rep, "ubi", "volume table in PEB %u rejected: %s",
			       pnum, why);
		return;
	}
	s->vtbl_valid = true;
	s->full = malloc(MAX_VOLUMES * REC_SIZE);
	if (s->full && peb_read(s, pnum, s->leb_start, s->full,
				MAX_VOLUMES * REC_SIZE)) {
		free(s->full);
		s->full = NULL;
	}
}

static void scan_peb(struct scan *s, u32 pnum, bool quiet)
{
	struct peb *p = &s->peb[pnum];
	u32 vol_id, lnum;
	struct vol *v;

	if (bm_nand_block_bad(s->c, (s->start / s->peb_size) + pnum)) {
		s->bad++;
		p->corrupt = true;
		return;
	}
	if (peb_read(s, pnum, s->vid_off, p->vh, VID_SIZE) ||
	    be32(p->vh) != VID_MAGIC ||
	    ubi_crc(p->vh, VID_CRC_LEN) != be32(p->vh + VID_CRC_LEN)) {
		p->corrupt = true;
		return;
	}
	vol_id = be32(p->vh + 8);
	lnum = be32(p->vh + 12);
	if (vol_id == LAYOUT_VOL) {
		if (!s->vtbl_valid)
			scan_layout(s, pnum, quiet);
		return;
	}
	if (vol_id >= SPL_VOL_IDS || p->vh[5] != VID_STATIC ||
	    lnum >= SPL_MAX_LEBS)
		return;
	v = &s->vol[vol_id];
	if (v->found[lnum]) {
		if (be64(s->peb[v->l2p[lnum]].vh + 40) < be64(p->vh + 40))
			v->l2p[lnum] = pnum;
		return;
	}
	v->found[lnum] = true;
	v->l2p[lnum] = pnum;
	if (lnum > v->last_block)
		v->last_block = lnum;
}

/* the record index BL2 picks for @name; @exact = MTK-ATF-2025 rule */
static int lookup(const struct scan *s, const char *name, bool exact)
{
	static const u8 zero[SPL_VOL_IDS * REC_SIZE];
	const u8 *t = s->vtbl_valid ? s->vtbl : zero;
	unsigned int j;

	for (j = 0; j < SPL_VOL_IDS; j++) {
		const u8 *r = t + j * REC_SIZE;
		unsigned int len = (unsigned int)(r[14] << 8 | r[15]);

		if (strncmp(name, (const char *)r + 16, len))
			continue;
		if (exact && strlen(name) != len)
			continue;
		return (int)j;
	}
	return -1;
}

/* why the volume table has no usable @name (messages only) */
static void explain_missing(struct scan *s, const char *name, char *buf,
			    size_t len)
{
	unsigned int j;

	snprintf(buf, len, "no static UBI volume named %s with an id below 16",
		 name);
	if (!s->full)
		return;
	for (j = 0; j < MAX_VOLUMES; j++) {
		const u8 *r = s->full + j * REC_SIZE;
		unsigned int l = (unsigned int)(r[14] << 8 | r[15]);

		if (!be32(r) || l != strlen(name) || memcmp(r + 16, name, l))
			continue;
		if (j >= SPL_VOL_IDS)
			snprintf(buf, len,
				 "UBI volume %s has id %u: BL2 tracks volume ids 0-15 only",
				 name, j);
		else if (r[12] != VID_STATIC)
			snprintf(buf, len,
				 "UBI volume %s (id %u) is dynamic: BL2 loads static volumes only",
				 name, j);
		return;
	}
}

/* ubi_load_block(): returns the data length or a negative error */
static long load_block(struct scan *s, u32 vol_id, u32 lnum, u32 last,
		       u8 *dst, bool quiet)
{
	struct vol *v = &s->vol[vol_id];
	struct bm_report *r = s->c->rep;
	u32 pnum, dlen;

	for (;;) {
		const u8 *vh;
		u32 best = 0, i;
		bool any = false;

		if (!v->found[lnum])
			return -ENOENT;
		pnum = v->l2p[lnum];
		vh = s->peb[pnum].vh;
		if (s->peb[pnum].corrupt)
			goto find_other;
		if (be32(vh + 24) != last) {
			if (!quiet)
				bm_say(r, "ubi", "vol %u LEB %u PEB %u: used_ebs %u but the volume has %u LEBs (Block count mismatch)",
				       vol_id, lnum, pnum, be32(vh + 24), last);
			s->peb[pnum].corrupt = true;
			goto find_other;
		}
		dlen = be32(vh + 20);
		if (dlen > s->leb_size ||
		    peb_read(s, pnum, s->leb_start, dst, dlen) ||
		    ubi_crc(dst, dlen) != be32(vh + 32)) {
			if (!quiet)
				bm_say(r, "ubi", "vol %u LEB %u PEB %u: data CRC failure",
				       vol_id, lnum, pnum);
			s->peb[pnum].corrupt = true;
			goto find_other;
		}
		return dlen;
find_other:
		v->found[lnum] = false;
		for (i = 0; i < s->pebs; i++) {
			const u8 *t = s->peb[i].vh;

			if (s->peb[i].corrupt || be32(t + 8) != vol_id ||
			    be32(t + 12) != lnum)
				continue;
			if (!any || be64(s->peb[best].vh + 40) < be64(t + 40))
				best = i;
			any = true;
		}
		if (any) {
			v->found[lnum] = true;
			v->l2p[lnum] = best;
			if (!quiet)
				bm_say(r, "ubi", "vol %u LEB %u: trying PEB %u (sqnum %llu)",
				       vol_id, lnum, best,
				       (unsigned long long)be64(s->peb[best].vh + 40));
		}
	}
}

int bm_ubi_load(struct bm_ctx *c, const char *name, bool quiet, u8 **data,
		size_t *len, char *where, size_t wlen, char *err,
		size_t errlen)
{
	const struct bm_profile *p = c->prof;
	const struct bm_nand_geo *g = &c->src->nand;
	struct scan *s;
	int id23, id25, ret = 0;
	u32 pnum, last, lnum;
	u8 *buf = NULL;
	size_t got = 0;

	*data = NULL;
	*len = 0;
	if (p->ubi_start % g->block || p->ubi_end > g->size ||
	    p->ubi_end <= p->ubi_start)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "UBI region 0x%llx..0x%llx does not fit the chip",
				    (unsigned long long)p->ubi_start,
				    (unsigned long long)p->ubi_end);
	s = calloc(1, sizeof(*s));
	if (!s)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	s->c = c;
	s->start = p->ubi_start;
	s->peb_size = g->block;
	s->pebs = (u32)((p->ubi_end - p->ubi_start) / g->block);
	s->vid_off = g->page;
	s->leb_start = 2 * g->page;
	s->leb_size = s->peb_size - s->leb_start;
	if (s->pebs > SPL_MAX_PEBS || s->peb_size > SPL_MAX_PEB) {
		ret = mtk_fmt_fail(err, errlen, E2BIG,
				   "UBI region of %u PEBs of %u KiB exceeds BL2's UBI limits (4096 PEBs, 256 KiB)",
				   s->pebs, s->peb_size >> 10);
		goto out;
	}
	s->peb = calloc(s->pebs, sizeof(*s->peb));
	if (!s->peb) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	for (pnum = 0; pnum < s->pebs; pnum++)
		scan_peb(s, pnum, quiet);
	if (s->bad && !quiet)
		bm_strict(c->rep,
			  "%u PEB(s) of the UBI region are marked bad and are treated as unreadable (whether BL2's UBI reader reads marked blocks is not documented)",
			  s->bad);

	id25 = lookup(s, name, true);
	/* dual FIP exists only in MTK-ATF-2025: its rule alone applies */
	id23 = p->dual_fip ? id25 : lookup(s, name, false);
	if (!s->vtbl_valid) {
		ret = mtk_fmt_fail(err, errlen, EBADMSG,
				   "no valid UBI volume table (%u layout PEB(s) rejected): BL2 cannot find volume %s",
				   s->layout_bad, name);
		goto out;
	}
	if (id23 != id25) {
		if (!quiet)
			bm_strict(c->rep,
				  "BL2 builds differ in UBI name matching (reference §3.4): MTK-ATF-2023 picks id %d for \"%s\", MTK-ATF-2025 picks id %d; the model requires both to agree",
				  id23, name, id25);
		ret = -EINVAL;
		if (id25 >= 0)
			mtk_fmt_fail(err, errlen, EINVAL,
				     "an older BL2 (MTK-ATF-2023 name matching) would load UBI volume id %d instead of %s (id %d): an empty or prefix-named volume table record comes first",
				     id23, name, id25);
		else
			explain_missing(s, name, err, errlen);
		goto out;
	}
	if (id25 < 0) {
		explain_missing(s, name, err, errlen);
		ret = -ENOENT;
		goto out;
	}

	last = s->vol[id25].last_block + 1;
	buf = malloc((size_t)last * s->leb_size);
	if (!buf) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	for (lnum = 0; lnum < last; lnum++) {
		long r = load_block(s, (u32)id25, lnum, last, buf + got, quiet);

		if (r < 0) {
			const u8 *rec = s->vtbl + id25 * REC_SIZE;

			if (!lnum && !s->vol[id25].found[0] &&
			    rec[12] != VID_STATIC)
				explain_missing(s, name, err, errlen);
			else
				mtk_fmt_fail(err, errlen, EBADMSG,
					     "UBI volume %s (id %d): LEB %u of %u has no intact copy (data CRC, used_ebs or missing)",
					     name, id25, lnum, last);
			ret = -EBADMSG;
			goto out;
		}
		got += (size_t)r;
	}
	snprintf(where, wlen, "UBI volume \"%s\" (id %d, static, %u LEB%s, %zu bytes)",
		 name, id25, last, last == 1 ? "" : "s", got);
	*data = buf;
	*len = got;
	buf = NULL;
out:
	free(buf);
	if (s) {
		free(s->full);
		free(s->peb);
	}
	free(s);
	return ret;
}
