// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: GPT parse of a small disk image, rename, serialise */
#include <stdlib.h>
#include "gptfmt.h"

/* recompute the CRCs a hostile input got wrong, to reach the deeper checks */
static void fix_crcs(u8 *d, size_t len, u64 lba)
{
	u8 *h = d + lba * 512;
	u64 elba = mtk_get_le64(h + 72);
	u64 bytes = (u64)mtk_get_le32(h + 80) * mtk_get_le32(h + 84);
	u32 hs = mtk_get_le32(h + 12);

	if (bytes <= MTK_GPT_MAX_ARRAY && elba < len / 512 &&
	    bytes <= len - elba * 512)
		mtk_put_le32(h + 88, mtk_fmt_crc32(0, d + elba * 512, bytes));
	if (hs >= 92 && hs <= 512) {
		mtk_put_le32(h + 16, 0);
		mtk_put_le32(h + 16, mtk_fmt_crc32(0, h, hs));
	}
}

static int one(const u8 *data, size_t len);

/* an odd length selects "fix the CRCs first" on the even-sized rest */
int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	u8 *d;

	if (!(len & 1) || len < 1536)
		return one(data, len);
	len--;
	d = malloc(len);
	if (!d)
		return 0;
	memcpy(d, data, len);
	fix_crcs(d, len, 1);
	fix_crcs(d, len, len / 512 - 1);
	one(d, len);
	free(d);
	return 0;
}

static int one(const u8 *data, size_t len)
{
	struct mtk_gpt g, g2;
	struct mtk_gpt_part p;
	char err[200], sum[4096];
	unsigned int i;
	u8 *copy;
	int a, b;

	if (len >= 1024) {
		struct mtk_gpt_header h;

		mtk_gpt_parse_header(data + 512, 512, 1, len / 512, &h, err,
				     sizeof(err));
	}
	if (mtk_gpt_parse_disk(data, len, 512, &g, err, sizeof(err)))
		return 0;
	mtk_gpt_summary(&g, sum, sizeof(sum));
	for (i = 0; i < g.primary.num_entries; i++)
		mtk_gpt_get_part(&g.primary, g.pents, i, &p);
	a = mtk_gpt_find(&g.primary, g.pents, "fip");
	b = mtk_gpt_find(&g.primary, g.pents, "fip2");
	if (a < 0 || b < 0)
		return 0;
	/*
	 * fip and fip2 renamed on a copy as a tool outside the module does it
	 * (sgdisk -c: names set, CRCs and headers rewritten); it must parse again
	 */
	copy = malloc(len);
	if (!copy)
		return 0;
	memcpy(copy, data, len);
	{
		struct mtk_gpt_header ph = g.primary, bh = g.backup;
		u8 *pe = copy + ph.entries_lba * 512, *be = copy + bh.entries_lba * 512;

		mtk_gpt_set_name(&bh, be, a, "fip2", NULL, 0);
		mtk_gpt_set_name(&bh, be, b, "fip", NULL, 0);
		mtk_gpt_serialise(&bh, be, copy + bh.current_lba * 512, 512);
		mtk_gpt_set_name(&ph, pe, a, "fip2", NULL, 0);
		mtk_gpt_set_name(&ph, pe, b, "fip", NULL, 0);
		mtk_gpt_serialise(&ph, pe, copy + 512, 512);
	}
	/* entries and headers may share sectors in a hostile disk: only check
	 * that the parser copes with whatever came out */
	mtk_gpt_parse_disk(copy, len, 512, &g2, err, sizeof(err));
	free(copy);
	return 0;
}
