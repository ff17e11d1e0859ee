/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bl2.h - MediaTek BootROM images (BL2): device headers, GFH, SHA-256.
 */
#ifndef MTK_BL2_H
#define MTK_BL2_H

#include "fmt.h"

enum mtk_bl2_header {
	MTK_BL2_HDR_NOR = 1,	/* "SF_BOOT" + BRLYT 0x10007 */
	MTK_BL2_HDR_EMMC,	/* "EMMC_BOOT" + BRLYT 0x10005 */
	MTK_BL2_HDR_SD,		/* "SDMMC_BOOT" + BRLYT 0x10008 */
	MTK_BL2_HDR_NAND_AP,	/* "BOOTLOADER!"/NFIINFO, MT7622/MT7629 */
	MTK_BL2_HDR_NAND_HSM,	/* "NANDCFG!" config 0, MT7981/MT7986 SNFI */
	MTK_BL2_HDR_NAND_HSM20,	/* "NANDCFG!" config 0x00100000, MT7988 SNFI */
	MTK_BL2_HDR_NAND_SPIM,	/* "SPINAND!" with CRC16, MT798x SPIM */
};

/* SPI-NAND controller the BootROM reads through */
enum mtk_nand_if {
	MTK_NAND_IF_ANY = 0,	/* not known: do not check */
	MTK_NAND_IF_SPIM,	/* SPI master (spim-nand) */
	MTK_NAND_IF_SNFI,	/* serial NAND flash interface */
};

#define MTK_GFH_SIZE		0x300
#define MTK_GFH_FLASH_GEN	5	/* NOR, eMMC, SD */
#define MTK_GFH_FLASH_NAND	2

struct mtk_bl2_info {
	enum mtk_bl2_header header;
	enum mtk_medium medium;
	const char *header_name;	/* "EMMC_BOOT", "SPINAND!", ... */
	const char *socs;		/* SoCs the header family fits */
	u32 page_size;			/* NAND only */
	u32 spare_size;			/* NAND only */
	u32 hdr_offset;			/* SD/eMMC/NOR "hdroffset" */
	u32 gfh_offset;
	u32 gfh_total;			/* GFH + code + SHA-256 */
	u32 load_addr;
	u8 flash_type;
	bool arm64;
	u64 end;			/* gfh_offset + gfh_total */
	u8 sha256[MTK_SHA256_LEN];	/* the trailer (verified) */
};

/* What the image will be written to */
struct mtk_bl2_target {
	enum mtk_medium medium;
	u32 page_size;		/* NAND: writesize of the MTD, 0 = unknown */
	u32 spare_size;		/* NAND: oobsize of the MTD, 0 = unknown */
	enum mtk_nand_if nand_if;
	const char *soc;	/* e.g. "mediatek,mt7986a" or NULL */
};

/**
 * mtk_bl2_parse() - check a BootROM image and describe it
 *
 * Checks the device header (name, version, BRLYT magic and type; NAND page
 * and spare size; SPIM CRC16), the GFH FILE_INFO block ("MMM", flash type
 * consistent with the header) and the trailing SHA-256.
 *
 * Return: 0, -EINVAL (unknown or inconsistent header), -ENODATA
 * (truncated), -EBADMSG (CRC16 or SHA-256 mismatch), -E2BIG.
 */
MTK_BM_LOCAL int mtk_bl2_parse(const u8 *buf, size_t len, struct mtk_bl2_info *bi,
			       char *err, size_t errlen);

/**
 * mtk_bl2_check_target() - may this BL2 be written to @t?
 *
 * Return: 0, or -EMEDIUMTYPE (another medium, e.g. "BL2 for eMMC cannot be
 * written to SPI-NAND"), -EINVAL (NAND geometry, controller or SoC family
 * does not match).
 */
MTK_BM_LOCAL int mtk_bl2_check_target(const struct mtk_bl2_info *bi,
				      const struct mtk_bl2_target *t,
				      char *err, size_t errlen);

MTK_BM_LOCAL int mtk_bl2_summary(const struct mtk_bl2_info *bi, char *buf, size_t len);

/* CRC16 of the SPIM header: poly 0x8005, init 0x4f4e, MSB first */
MTK_BM_LOCAL u16 mtk_bl2_spim_crc16(const u8 *p, size_t len);

#endif /* MTK_BL2_H */
