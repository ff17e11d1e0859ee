// SPDX-License-Identifier: GPL-2.0-only
/*
 * emmc.c - eMMC rules for BL2: EXT_CSD PARTITION_CONFIG [179] picks the
 * boot area, BL2 sits at its offset 0 (reference §6.5).
 */
#include <stdlib.h>

#include "bm.h"
#include "bl2.h"

#define EXT_CSD_PART_CONFIG	179
#define EXT_CSD_BOOT_MULT	226
#define BL2_MAX			0x100000	/* MTK SDK writes at most 1 MiB */

int bm_emmc_bl2(struct bm_ctx *c)
{
	struct mtk_bl2_target t = {
		.medium = MTK_MEDIUM_EMMC,
		.soc = c->prof->soc[0] ? c->prof->soc : NULL,
	};
	struct bm_report *r = c->rep;
	struct mtk_bl2_info bi;
	enum bm_medium area;
	u8 ext[512], *buf;
	char why[256], sum[1024];
	unsigned int ack, en;
	size_t len;
	int ret;

	if (bm_read(c->src, BM_EMMC_EXT_CSD, 0, ext, sizeof(ext)))
		return bm_fail(r, "dump /sys/kernel/debug/mmcsim/ext_csd (or the card's EXT_CSD) too",
			       "no EXT_CSD in the dump: cannot tell which boot area the BootROM reads");
	ack = (ext[EXT_CSD_PART_CONFIG] >> 6) & 1;
	en = (ext[EXT_CSD_PART_CONFIG] >> 3) & 7;
	bm_say(r, "ext_csd", "PARTITION_CONFIG 0x%02x: BOOT_ACK %u, BOOT_PARTITION_ENABLE %u (%s)",
	       ext[EXT_CSD_PART_CONFIG], ack, en,
	       en == 0 ? "not enabled" : en == 1 ? "boot0" : en == 2 ? "boot1" :
	       en == 7 ? "user area" : "reserved");
	switch (en) {
	case 1:
		area = BM_EMMC_BOOT0;
		break;
	case 2:
		if (!c->prof->boot1_honoured) {
			bm_strict(r, "no source says the MediaTek BootROM loads BL2 from boot1 (Documentation/real-boards.md, eMMC BL2 and boot1): BOOT_PARTITION_ENABLE = boot1 counts as will not boot unless the board's profile states boot.emmc-boot1 honoured");
			return bm_fail(r, "mtk-bootmedia boot-partition boot0 (with a valid BL2 in boot0)",
				       "EXT_CSD enables boot1, and the BootROM is only known to load BL2 from boot0");
		}
		bm_strict(r, "boot.emmc-boot1 honoured: the board's profile states that its BootROM loads BL2 from boot1 when it is enabled (no source says so of the MediaTek BootROM; no real board's profile states it)");
		area = BM_EMMC_BOOT1;
		break;
	case 0:
		bm_strict(r, "whether the BootROM reads boot0 with boot disabled in EXT_CSD is not documented: counted as will not boot");
		return bm_fail(r, "mtk-bootmedia boot-partition boot0",
			       "eMMC boot is not enabled in EXT_CSD (BOOT_PARTITION_ENABLE 0)");
	default:
		return bm_fail(r, "mtk-bootmedia boot-partition boot0",
			       "EXT_CSD BOOT_PARTITION_ENABLE %u: the BootROM loads BL2 from boot0 only", en);
	}
	if (!ack) {
		bm_strict(r, "every known writer sets BOOT_ACK 1 (reference §6.5); whether the BootROM boots without the ack is not documented: counted as will not boot");
		return bm_fail(r, "set BOOT_ACK: mtk-bootmedia boot-partition boot0 (writes ack 1)",
			       "EXT_CSD BOOT_ACK is 0");
	}
	len = c->src->size[area];
	if (!len)
		return bm_fail(r, "dump the eMMC boot areas too",
			       "the dump has no %s", area == BM_EMMC_BOOT0 ? "boot0" : "boot1");
	if (len > BL2_MAX)
		len = BL2_MAX;
	buf = malloc(len);
	if (!buf)
		return bm_fail(r, NULL, "out of memory");
	ret = bm_read(c->src, area, 0, buf, len);
	if (!ret)
		ret = mtk_bl2_parse(buf, len, &bi, why, sizeof(why));
	else
		snprintf(why, sizeof(why), "read error %d", ret);
	free(buf);
	if (!ret)
		ret = mtk_bl2_check_target(&bi, &t, why, sizeof(why));
	if (ret)
		return bm_fail(r, "write a good eMMC BL2: mtk-bootmedia install bl2 FILE (or over UART)",
			       "no valid BL2 at offset 0 of %s: %s",
			       area == BM_EMMC_BOOT0 ? "boot0" : "boot1", why);
	bm_say(r, "bl2", "eMMC %s offset 0 (%s header)",
	       area == BM_EMMC_BOOT0 ? "boot0" : "boot1", bi.header_name);
	mtk_bl2_summary(&bi, sum, sizeof(sum));
	bm_say_block(r, "bl2", sum);
	return 0;
}
