// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/formats/bl2.c: the BL2 images of every medium and
 * header, the target checks, hostile variants.
 */
#include "unit.h"
#include "bl2.h"
#include "board.h"

struct bl2_case {
	const char *img;
	enum mtk_medium medium;
	enum mtk_bl2_header hdr;
	u32 page, spare;
};

static const struct bl2_case bl2_cases[] = {
	{ "bl2-spim-nand-2k64.img", NAND, MTK_BL2_HDR_NAND_SPIM, 2048, 64 },
	{ "bl2-snand-2k64.img", NAND, MTK_BL2_HDR_NAND_AP, 2048, 64 },
	{ "bl2-hsm-2k64.img", NAND, MTK_BL2_HDR_NAND_HSM, 2048, 64 },
	{ "bl2-emmc.img", EMMC, MTK_BL2_HDR_EMMC, 0, 0 },
	{ "bl2-sdmmc.img", MTK_MEDIUM_SD, MTK_BL2_HDR_SD, 0, 0 },
	{ "bl2-nor.img", MTK_MEDIUM_SPI_NOR, MTK_BL2_HDR_NOR, 0, 0 },
	{ "bl2-hsm20-2k64.img", NAND, MTK_BL2_HDR_NAND_HSM20, 2048, 64 },
	{ "bl2-spim-nand-4k256.img", NAND, MTK_BL2_HDR_NAND_SPIM, 4096, 256 },
	{ "bl2-snand-4k256.img", NAND, MTK_BL2_HDR_NAND_AP, 4096, 224 },
	{ "bl2-sdmmc-hdroffset.img", MTK_MEDIUM_SD, MTK_BL2_HDR_SD, 0, 0 },
	{ "bl2-emmc-arm32.img", EMMC, MTK_BL2_HDR_EMMC, 0, 0 },
};

struct target_case {
	const char *img;
	enum mtk_medium medium;
	u32 page, spare;
	enum mtk_nand_if nif;
	const char *soc;
	int ret;
	const char *msg;
};

static const struct target_case target_cases[] = {
	{ "bl2-emmc.img", NAND, 2048, 64, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for eMMC cannot be written to SPI-NAND" },
	{ "bl2-spim-nand-2k64.img", EMMC, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SPI-NAND cannot be written to eMMC" },
	{ "bl2-nor.img", MTK_MEDIUM_SD, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SPI-NOR cannot be written to SD" },
	{ "bl2-sdmmc.img", EMMC, 0, 0, MTK_NAND_IF_ANY, NULL, -EMEDIUMTYPE, "=BL2 for SD cannot be written to eMMC" },
	{ "bl2-emmc.img", EMMC, 0, 0, MTK_NAND_IF_ANY, "mediatek,mt7986a", 0, "" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SPIM, "mediatek,mt7986a", 0, "" },
	{ "bl2-spim-nand-2k64.img", NAND, 4096, 256, MTK_NAND_IF_ANY, NULL, -EINVAL, "pages of 2048+64 bytes, the flash has 4096+256" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 128, MTK_NAND_IF_ANY, NULL, -EINVAL, "2048+64" },
	{ "bl2-spim-nand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, NULL, -EINVAL, "through SNFI" },
	{ "bl2-hsm-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SPIM, NULL, -EINVAL, "through SPIM" },
	{ "bl2-hsm-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, "mediatek,mt7981", 0, "" },
	{ "bl2-snand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7986a", -EINVAL, "for MT7622/MT7629, this SoC is MT7986" },
	{ "bl2-snand-2k64.img", NAND, 2048, 64, MTK_NAND_IF_SNFI, "mediatek,mt7622", 0, "" },
	{ "bl2-snand-4k256.img", NAND, 4096, 256, MTK_NAND_IF_ANY, "mediatek,mt7622", 0, "" },
	{ "bl2-hsm20-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7986a", -EINVAL, "MT7988" },
	{ "bl2-hsm20-2k64.img", NAND, 2048, 64, MTK_NAND_IF_ANY, "mediatek,mt7988a", 0, "" },
	{ "bl2-spim-nand-4k256.img", NAND, 4096, 256, MTK_NAND_IF_SPIM, "mediatek,mt7988a", 0, "" },
};

void test_bl2(void)
{
	struct mtk_bl2_info bi;
	struct mtk_bl2_target t;
	unsigned int i;
	char sum[1024];
	size_t len;
	u8 *b, *m;
	int r;

	for (i = 0; i < ARRAY_SIZE(bl2_cases); i++) {
		const struct bl2_case *c = &bl2_cases[i];

		b = load(c->img, &len);
		if (!b) {
			skip(c->img);
			continue;
		}
		r = mtk_bl2_parse(b, len, &bi, err, sizeof(err));
		ok(!r && bi.medium == c->medium && bi.header == c->hdr &&
		   bi.page_size == c->page && bi.spare_size == c->spare &&
		   bi.load_addr == 0x200d00 && bi.end <= len,
		   "mkimage BL2 %s: %s %s %u+%u", c->img,
		   mtk_medium_name(bi.medium), bi.header_name ? bi.header_name : "?",
		   bi.page_size, bi.spare_size);
		if (!strcmp(c->img, "bl2-sdmmc-hdroffset.img"))
			ok(bi.hdr_offset == 0x80000, "hdroffset 0x80000 recognised");
		if (!strcmp(c->img, "bl2-emmc-arm32.img"))
			ok(!bi.arm64, "BL2 without arm64=1: not ARM64");
		if (!strcmp(c->img, "bl2-emmc.img")) {
			mtk_bl2_summary(&bi, sum, sizeof(sum));
			ok(strstr(sum, "medium: eMMC") && strstr(sum, "arm64: yes"),
			   "BL2 summary");
		}
		free(b);
	}

	for (i = 0; i < ARRAY_SIZE(target_cases); i++) {
		const struct target_case *c = &target_cases[i];
		bool msg_ok;

		b = load(c->img, &len);
		if (!b || mtk_bl2_parse(b, len, &bi, err, sizeof(err))) {
			skip(c->img);
			free(b);
			continue;
		}
		memset(&t, 0, sizeof(t));
		t.medium = c->medium;
		t.page_size = c->page;
		t.spare_size = c->spare;
		t.nand_if = c->nif;
		t.soc = c->soc;
		err[0] = 0;
		r = mtk_bl2_check_target(&bi, &t, err, sizeof(err));
		msg_ok = c->msg[0] == '=' ? !strcmp(err, c->msg + 1) : has(c->msg);
		ok(r == c->ret && msg_ok, "BL2 %s to %s %u+%u %s: %d \"%s\"", c->img,
		   mtk_medium_name(c->medium), c->page, c->spare,
		   c->soc ? c->soc : "", r, err);
		free(b);
	}

#define MUTATE(img, desc, want, substr, stmt)				\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		r = mtk_bl2_parse(m, len, &bi, err, sizeof(err));	\
		ok(r == (want) && has(substr), "BL2 %s %s: %d (%s)", img, desc, \
		   r, err);						\
	} while (0)
#define CUT(img, n)							\
	do {								\
		r = mtk_bl2_parse(b, (n), &bi, err, sizeof(err));	\
		ok(r == -ENODATA, "BL2 %s truncated to 0x%zx: -ENODATA (%s)", \
		   img, (size_t)(n), err);				\
	} while (0)

	b = load("bl2-emmc.img", &len);
	if (b) {
		m = malloc(len);
		CUT("emmc", 0);
		CUT("emmc", 0x7f);
		CUT("emmc", 0x210);
		CUT("emmc", 0x600);
		CUT("emmc", 0x8ff);
		CUT("emmc", len - 1);
		MUTATE("emmc", "unknown name", -EINVAL, "unknown device header", m[0] = 'X');
		MUTATE("emmc", "bad header version", -EINVAL, "version", m[0xc] = 2);
		MUTATE("emmc", "no BRLYT", -EINVAL, "no BRLYT", m[0x200] = 'X');
		MUTATE("emmc", "bad BRLYT magic", -EINVAL, "magic", m[0x214] ^= 1);
		MUTATE("emmc", "BRLYT type NOR", -EINVAL, "BRLYT type is 0x10007 (NOR)",
		       mtk_put_le32(m + 0x218, 0x10007));
		MUTATE("emmc", "BRLYT header size 0", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x20c, 0));
		MUTATE("emmc", "no GFH", -EINVAL, "no GFH", m[0x600] = 'X');
		MUTATE("emmc", "GFH flash type NAND", -EINVAL, "flash type 2",
		       m[0x61a] = 2);
		MUTATE("emmc", "GFH total size 0xffffffff", -ENODATA, "truncated",
		       mtk_put_le32(m + 0x620, 0xffffffff));
		MUTATE("emmc", "GFH total size too small", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x620, 0x10));
		MUTATE("emmc", "GFH signature type 0", -EINVAL, "SHA-256",
		       m[0x61b] = 0);
		MUTATE("emmc", "payload byte flipped", -EBADMSG, "SHA-256",
		       m[0x1000] ^= 0x80);
		MUTATE("emmc", "trailer byte flipped", -EBADMSG, "SHA-256",
		       m[len - 1] ^= 1);
		MUTATE("emmc", "BRLYT total smaller than the GFH", -EINVAL, "announces",
		       mtk_put_le32(m + 0x210, 0x1000));
		free(m);
		free(b);
	} else {
		skip("BL2 eMMC hostile variants");
	}

	b = load("bl2-spim-nand-2k64.img", &len);
	if (b) {
		m = malloc(len);
		CUT("spim", 0x50);
		CUT("spim", 0x800);
		CUT("spim", 0xaff);
		CUT("spim", len - 1);
		MUTATE("spim", "header byte flipped", -EBADMSG, "CRC16", m[0x10] ^= 1);
		MUTATE("spim", "CRC16 flipped", -EBADMSG, "CRC16", m[0x4e] ^= 1);
		MUTATE("spim", "page size 3000 (CRC fixed)", -EINVAL, "page size 3000",
		       (mtk_put_le32(m + 0x10, 3000),
			m[0x4e] = mtk_bl2_spim_crc16(m, 0x4e) & 0xff,
			m[0x4f] = mtk_bl2_spim_crc16(m, 0x4e) >> 8));
		MUTATE("spim", "page size 4096 (CRC fixed)", -EINVAL, "no GFH",
		       (mtk_put_le32(m + 0x10, 4096),
			m[0x4e] = mtk_bl2_spim_crc16(m, 0x4e) & 0xff,
			m[0x4f] = mtk_bl2_spim_crc16(m, 0x4e) >> 8));
		MUTATE("spim", "GFH flash type GEN", -EINVAL, "flash type 5",
		       m[0x81a] = 5);
		MUTATE("spim", "version 2", -EINVAL, "version 2", m[8] = 2);
		free(m);
		free(b);
	} else {
		skip("BL2 SPIM hostile variants");
	}

	b = load("bl2-snand-2k64.img", &len);
	if (b) {
		m = malloc(len);
		CUT("ap", 0x810);
		CUT("ap", 0x1000);
		MUTATE("ap", "BRLYT type eMMC", -EINVAL, "BRLYT type is 0x10005",
		       mtk_put_le32(m + 0x818, 0x10005));
		MUTATE("ap", "page size 0", -EINVAL, "page size 0",
		       (m[0x1a] = 0, m[0x1b] = 0));
		MUTATE("ap", "no NFIINFO", -EINVAL, "NFIINFO", m[16] = 'X');
		MUTATE("ap", "BRLYT header pages 3", -EINVAL, "inconsistent",
		       mtk_put_le32(m + 0x80c, 3));
		free(m);
		free(b);
	} else {
		skip("BL2 AP hostile variants");
	}

	b = load("bl2-hsm-2k64.img", &len);
	if (b) {
		m = malloc(len);
		MUTATE("hsm", "unknown config", -EINVAL, "config 0x5",
		       mtk_put_le32(m + 0xc, 5));
		MUTATE("hsm", "spare larger than the page", -EINVAL, "spare size",
		       mtk_put_le32(m + 0x24, 4096));
		free(m);
		free(b);
	} else {
		skip("BL2 HSM hostile variants");
	}
#undef MUTATE
#undef CUT
}
