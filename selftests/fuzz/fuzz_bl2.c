// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: BL2 device headers, GFH, trailer, target checks */
#include <stdlib.h>
#include "bl2.h"

static int one(const u8 *data, size_t len);

/*
 * An odd length selects "fix the SPIM CRC16 and the SHA-256 trailer first"
 * on the rest, so mutations get past the integrity checks.
 */
int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	struct mtk_bl2_info bi;
	u8 *d;

	if (!(len & 1))
		return one(data, len);
	len--;
	d = malloc(len ? len : 1);
	if (!d)
		return 0;
	memcpy(d, data, len);
	if (len >= 0x50 && !memcmp(d, "SPINAND!", 8)) {
		u16 crc = mtk_bl2_spim_crc16(d, 0x4e);

		d[0x4e] = crc & 0xff;
		d[0x4f] = crc >> 8;
	}
	mtk_bl2_parse(d, len, &bi, NULL, 0);
	if (bi.gfh_total >= 0x300 + 32 && bi.gfh_offset &&
	    (u64)bi.gfh_offset + bi.gfh_total <= len)
		mtk_fmt_sha256(d + bi.gfh_offset, bi.gfh_total - 32,
			       d + bi.gfh_offset + bi.gfh_total - 32);
	one(d, len);
	free(d);
	return 0;
}

static int one(const u8 *data, size_t len)
{
	static const struct mtk_bl2_target t[] = {
		{ MTK_MEDIUM_SPI_NAND, 2048, 64, MTK_NAND_IF_SPIM, "mediatek,mt7986a" },
		{ MTK_MEDIUM_SPI_NAND, 4096, 256, MTK_NAND_IF_SNFI, "mediatek,mt7622" },
		{ MTK_MEDIUM_EMMC, 0, 0, MTK_NAND_IF_ANY, "mediatek,mt7988" },
		{ MTK_MEDIUM_UNKNOWN, 0, 0, MTK_NAND_IF_ANY, "x" },
	};
	struct mtk_bl2_info bi;
	char err[160], sum[1024];
	unsigned int i;

	if (mtk_bl2_parse(data, len, &bi, err, sizeof(err)))
		return 0;
	if (bi.end > len || bi.end < bi.gfh_offset + 0x300 + 32 ||
	    bi.medium == MTK_MEDIUM_UNKNOWN)
		__builtin_trap();
	mtk_bl2_summary(&bi, sum, sizeof(sum));
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		mtk_bl2_check_target(&bi, &t[i], err, sizeof(err));
	return 0;
}
