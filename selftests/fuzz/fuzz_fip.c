// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: FIP ToC parser, board identity of its BL33, summary */
#include "fip.h"
#include "board.h"

static struct mtk_fip_info fi;
static u8 xzbuf[MTK_XZ_MAX_OUT];

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	static const struct mtk_board_running run[] = {
		{ "bananapi,bpi-r3mini mediatek,mt7986a", NULL, MTK_MEDIUM_SPI_NAND },
		{ "linksys,e8450-ubi mediatek,mt7622", "config-mt7622-linksys-e8450-ubi",
		  MTK_MEDIUM_UNKNOWN },
		{ NULL, NULL, MTK_MEDIUM_EMMC },
	};
	struct mtk_board_id id;
	enum mtk_board_verdict v;
	char err[160], sum[2048];
	unsigned int i, j;

	if (mtk_fip_parse(data, len, &fi, err, sizeof(err)))
		return 0;
	/* invariants of an accepted FIP */
	if (fi.bl31 < 0 || fi.bl33 < 0 || fi.nr_entries > MTK_FIP_MAX_ENTRIES ||
	    fi.end > len)
		__builtin_trap();
	for (i = 0; i < fi.nr_entries; i++) {
		const struct mtk_fip_entry *e = &fi.entry[i];

		if (e->offset > len || e->size > len - e->offset)
			__builtin_trap();
		for (j = 0; j < i; j++)
			if (e->size && fi.entry[j].size &&
			    e->offset < fi.entry[j].offset + fi.entry[j].size &&
			    fi.entry[j].offset < e->offset + e->size)
				__builtin_trap();
	}
	mtk_fip_summary(&fi, sum, sizeof(sum));
	mtk_fip_summary(&fi, sum, 7);
	if (mtk_board_from_fip(data, len, &fi, &id, xzbuf, sizeof(xzbuf), err,
			       sizeof(err)))
		return 0;
	mtk_board_summary(&id, sum, sizeof(sum));
	for (i = 0; i < sizeof(run) / sizeof(run[0]); i++) {
		int r = mtk_board_check(&id, &run[i], i & 1, &v, err, sizeof(err));

		if ((r == 0) != (v == MTK_BOARD_MATCH ||
				 (v == MTK_BOARD_UNKNOWN && (i & 1))))
			__builtin_trap();
	}
	return 0;
}
