// SPDX-License-Identifier: GPL-2.0-only
/*
 * nand.c - SPI-NAND rules: bad-block marks, the BootROM's scan of the BL2
 * copies, and BL2's raw FIP window with bad blocks skipped.
 */
#include <stdlib.h>

#include "bm.h"
#include "bl2.h"

/*
 * A block is bad when the first spare byte of its first page is not 0xff
 * (the large-page marker position Linux and nandsim use). Unreadable
 * spare counts as bad.
 */
bool bm_nand_block_bad(struct bm_ctx *c, u64 block)
{
	const struct bm_nand_geo *g = &c->src->nand;
	u64 page = block * (g->block / g->page);
	u8 b;

	if (!g->oob)
		return false;
	if (bm_read(c->src, BM_NAND_OOB, page * g->oob, &b, 1))
		return true;
	return b != 0xff;
}

/* first bad block in [off, off + len), or -1 */
static long long first_bad(struct bm_ctx *c, u64 off, u64 len)
{
	u64 bs = c->src->nand.block, b;

	for (b = off / bs; len && b <= (off + len - 1) / bs; b++)
		if (bm_nand_block_bad(c, b))
			return (long long)b;
	return -1;
}

/*
 * @len bytes of the copy at @off: strict, the blocks as they are; lenient
 * (boot.bl2-bad-blocks skip), bad blocks after the first skipped as
 * MediaTek's SDK writer assumes the BootROM does. *@skipped counts them.
 */
static int read_copy(struct bm_ctx *c, u64 off, u8 *buf, u64 len, unsigned int *skipped)
{
	const struct bm_nand_geo *g = &c->src->nand;
	u64 got = 0, n;
	int ret;

	*skipped = 0;
	if (!c->prof->bl2_bb_skip)
		return bm_read(c->src, BM_NAND, off, buf, len);
	while (got < len) {
		if (off >= g->size)
			return -ENOSPC;
		if (bm_nand_block_bad(c, off / g->block)) {
			(*skipped)++;
			off = (off / g->block + 1) * g->block;
			continue;
		}
		n = g->block - off % g->block;
		if (n > len - got)
			n = len - got;
		ret = bm_read(c->src, BM_NAND, off, buf + got, n);
		if (ret)
			return ret;
		got += n;
		off += n;
	}
	return 0;
}

static int check_copy(struct bm_ctx *c, u64 off, u64 win, struct mtk_bl2_info *bi,
		      char *why, size_t wlen)
{
	const struct bm_nand_geo *g = &c->src->nand;
	struct mtk_bl2_target t = {
		.medium = MTK_MEDIUM_SPI_NAND,
		.page_size = g->page,
		.spare_size = g->oob,
		.nand_if = (enum mtk_nand_if)c->prof->nand_if,
		.soc = c->prof->soc[0] ? c->prof->soc : NULL,
	};
	unsigned int skipped;
	long long bad;
	u8 *buf;
	int ret;

	if (bm_nand_block_bad(c, off / g->block)) {
		snprintf(why, wlen, "block %llu is marked bad",
			 (unsigned long long)(off / g->block));
		return -EIO;
	}
	buf = malloc(win);
	if (!buf) {
		snprintf(why, wlen, "out of memory");
		return -ENOMEM;
	}
	ret = read_copy(c, off, buf, win, &skipped);
	if (ret) {
		snprintf(why, wlen, "read error %d", ret);
		free(buf);
		return ret;
	}
	ret = mtk_bl2_parse(buf, win, bi, why, wlen);
	free(buf);
	if (ret)
		return ret;
	bad = c->prof->bl2_bb_skip ? -1 : first_bad(c, off, bi->end);
	if (c->prof->bl2_bb_skip && skipped)
		bm_strict(c->rep,
			  "boot.bl2-bad-blocks skip: the window of the copy at 0x%llx is read over %u bad block(s), as MediaTek's SDK writer assumes the BootROM does (no source documents it)",
			  (unsigned long long)off, skipped);
	if (bad >= 0) {
		snprintf(why, wlen,
			 "block %lld inside the copy is marked bad (strict: no skipping inside a copy)",
			 bad);
		return -EIO;
	}
	return mtk_bl2_check_target(bi, &t, why, wlen);
}

int bm_nand_bl2(struct bm_ctx *c)
{
	const struct bm_profile *p = c->prof;
	const struct bm_nand_geo *g = &c->src->nand;
	struct mtk_bl2_info bi, chosen_bi;
	char why[256], sum[1024];
	int chosen = -1;
	unsigned int i, nvalid = 0;

	if (!p->nscan)
		return bm_fail(c->rep, "add boot.bl2-scan to the board profile",
			       "the profile names no BL2 copy positions (nand.write or boot.bl2-scan)");
	bm_strict(c->rep,
		  "the BootROM's BL2 search limit and step are not documented (reference §6.5): only the %u position(s) %s are taken as copies, in that order, the first valid one runs",
		  p->nscan, p->scan_from_profile ? "of boot.bl2-scan" :
						   "where the profile writes BL2");
	for (i = 0; i < p->nscan; i++) {
		u64 off = p->scan[i], win;

		if (i + 1 < p->nscan && p->scan[i + 1] > off)
			win = p->scan[i + 1] - off;
		else if (i > 0 && off > p->scan[i - 1])
			win = off - p->scan[i - 1];
		else
			win = 4ULL * g->block;
		if (win > 4ULL * g->block && win > 0x100000)
			win = 0x100000;
		if (off % g->page || off >= g->size) {
			bm_say(c->rep, "bl2-copy", "%u at 0x%llx: invalid: not a page of the chip",
			       i, (unsigned long long)off);
			continue;
		}
		if (win > g->size - off)
			win = g->size - off;
		if (check_copy(c, off, win, &bi, why, sizeof(why))) {
			bm_say(c->rep, "bl2-copy", "%u at 0x%llx: invalid: %s", i,
			       (unsigned long long)off, why);
			continue;
		}
		nvalid++;
		bm_say(c->rep, "bl2-copy", "%u at 0x%llx: valid %s BL2, %llu bytes", i,
		       (unsigned long long)off, bi.header_name,
		       (unsigned long long)bi.end);
		if (chosen < 0) {
			chosen = (int)i;
			chosen_bi = bi;
		}
	}
	if (chosen < 0)
		return bm_fail(c->rep,
			       "write a good BL2 copy (mtk-bootmedia install bl2, or over UART)",
			       "no valid BL2 copy at any of the %u positions the BootROM reads: the SoC will not start BL2",
			       p->nscan);
	bm_say(c->rep, "bl2", "SPI-NAND copy %d at 0x%llx (%s header, %u of %u copies valid)",
	       chosen, (unsigned long long)p->scan[chosen],
	       chosen_bi.header_name, nvalid, p->nscan);
	mtk_bl2_summary(&chosen_bi, sum, sizeof(sum));
	bm_say_block(c->rep, "bl2", sum);
	return 0;
}

int bm_nand_raw_fip(struct bm_ctx *c, u8 **fip, size_t *len, char *where,
		    size_t wlen)
{
	const struct bm_profile *p = c->prof;
	const struct bm_nand_geo *g = &c->src->nand;
	u64 off = p->raw_off, end = p->raw_off + p->raw_size, got = 0;
	unsigned int skipped = 0;
	u8 *buf;

	if (!p->raw_size || p->raw_off % g->block || end > g->size ||
	    end < p->raw_off)
		return bm_fail(c->rep, "fix boot.fip in the board profile",
			       "raw FIP window 0x%llx+0x%llx is not block-aligned inside the chip",
			       (unsigned long long)p->raw_off,
			       (unsigned long long)p->raw_size);
	buf = malloc(p->raw_size);
	if (!buf)
		return bm_fail(c->rep, NULL, "out of memory");
	/* BL2's nand_adjust_offset(): skip bad blocks, never past the end */
	for (; off < end; off += g->block) {
		if (bm_nand_block_bad(c, off / g->block)) {
			skipped++;
			continue;
		}
		if (bm_read(c->src, BM_NAND, off, buf + got, g->block)) {
			free(buf);
			return bm_fail(c->rep, NULL, "read error in the FIP window at 0x%llx",
				       (unsigned long long)off);
		}
		got += g->block;
	}
	snprintf(where, wlen, "raw SPI-NAND 0x%llx+0x%llx (%u bad block%s skipped)",
		 (unsigned long long)p->raw_off,
		 (unsigned long long)p->raw_size, skipped,
		 skipped == 1 ? "" : "s");
	*fip = buf;
	*len = got;
	return 0;
}
