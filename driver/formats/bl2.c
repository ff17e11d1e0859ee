// SPDX-License-Identifier: GPL-2.0-only
/*
 * bl2.c - MediaTek BootROM images (BL2): the device header the BootROM
 * reads first (NOR/eMMC/SD generic header with BRLYT, or one of the
 * SPI-NAND header families), the GFH ("MMM") FILE_INFO block that follows
 * it and the SHA-256 that ends the image. All little-endian.
 */
#include "bl2.h"

#define GEN_HDR_SIZE		0x600
#define BRLYT_OFF		0x200
#define BRLYT_MAGIC		0x42424242U
#define BRLYT_TYPE_NAND		0x10002
#define BRLYT_TYPE_EMMC		0x10005
#define BRLYT_TYPE_NOR		0x10007
#define BRLYT_TYPE_SDMMC	0x10008
#define BRLYT_TYPE_SNAND	0x10009
#define SPIM_CRC_OFF		0x4e
#define HSM20_CONFIG		0x00100000U
#define GFH_FILE_INFO_SIZE	0x38
#define GFH_BROM_CFG_OFF	0x44
#define GFH_BROM_CFG_ARM64	0x1000U

struct gen_name {
	const char *name;
	u32 type;
	enum mtk_bl2_header hdr;
	enum mtk_medium medium;
};

static const struct gen_name gen_names[] = {
	{ "SF_BOOT", BRLYT_TYPE_NOR, MTK_BL2_HDR_NOR, MTK_MEDIUM_SPI_NOR },
	{ "EMMC_BOOT", BRLYT_TYPE_EMMC, MTK_BL2_HDR_EMMC, MTK_MEDIUM_EMMC },
	{ "SDMMC_BOOT", BRLYT_TYPE_SDMMC, MTK_BL2_HDR_SD, MTK_MEDIUM_SD },
};

static const char *brlyt_type_name(u32 type)
{
	switch (type) {
	case BRLYT_TYPE_NAND:
		return "NAND";
	case BRLYT_TYPE_EMMC:
		return "eMMC";
	case BRLYT_TYPE_NOR:
		return "NOR";
	case BRLYT_TYPE_SDMMC:
		return "SD";
	case BRLYT_TYPE_SNAND:
		return "SPI-NAND";
	default:
		return "unknown";
	}
}

u16 mtk_bl2_spim_crc16(const u8 *p, size_t len)
{
	u16 crc = 0x4f4e;
	unsigned int b;

	while (len--) {
		crc ^= (u16)(*p++ << 8);
		for (b = 0; b < 8; b++)
			crc = (crc & 0x8000) ? (u16)((crc << 1) ^ 0x8005) :
					       (u16)(crc << 1);
	}
	return crc;
}

static bool page_size_ok(u32 ps)
{
	return ps >= 512 && ps <= 16384 && !(ps & (ps - 1));
}

/* A BRLYT block at @off; returns its type or a negative errno */
static int check_brlyt(const u8 *buf, size_t len, size_t off,
		       u32 *hsize, u32 *tsize, char *err, size_t errlen)
{
	const u8 *b;
	u32 magic;

	if (!mtk_fmt_in_bounds(off, 0x24, len))
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "BL2 truncated: the BRLYT block at 0x%zx is past the image end 0x%zx",
				    off, len);
	b = buf + off;
	if (memcmp(b, "BRLYT", 6))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 has no BRLYT block at 0x%zx", off);
	if (mtk_get_le32(b + 8) != 1)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 BRLYT version %u, expected 1",
				    mtk_get_le32(b + 8));
	magic = mtk_get_le32(b + 0x14);
	if (magic != BRLYT_MAGIC)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 BRLYT magic 0x%08x, expected 0x%08x",
				    magic, BRLYT_MAGIC);
	*hsize = mtk_get_le32(b + 0xc);
	*tsize = mtk_get_le32(b + 0x10);
	return (int)(mtk_get_le32(b + 0x18) & 0x7fffffff);
}

static int parse_generic(const u8 *buf, size_t len, struct mtk_bl2_info *bi,
			 u64 *extent, char *err, size_t errlen)
{
	const struct gen_name *g = NULL;
	u32 hsize, tsize;
	unsigned int i;
	int type;

	for (i = 0; i < ARRAY_SIZE(gen_names); i++) {
		size_t n = strlen(gen_names[i].name) + 1;

		if (!memcmp(buf, gen_names[i].name, n))
			g = &gen_names[i];
	}
	if (!g)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "not a MediaTek BL2: unknown device header");
	if (mtk_get_le32(buf + 0xc) != 1 || mtk_get_le32(buf + 0x10) != 0x200)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 %s header: version %u size 0x%x, expected 1 and 0x200",
				    g->name, mtk_get_le32(buf + 0xc),
				    mtk_get_le32(buf + 0x10));
	type = check_brlyt(buf, len, BRLYT_OFF, &hsize, &tsize, err, errlen);
	if (type < 0)
		return type;
	if ((u32)type != g->type)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 header is %s but its BRLYT type is 0x%x (%s)",
				    g->name, type, brlyt_type_name((u32)type));
	if (hsize < GEN_HDR_SIZE || tsize < hsize)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 BRLYT sizes are inconsistent: header 0x%x, total 0x%x",
				    hsize, tsize);
	bi->header = g->hdr;
	bi->medium = g->medium;
	bi->header_name = g->name;
	bi->socs = "MT7622/MT7629/MT7981/MT7986/MT7987/MT7988";
	bi->hdr_offset = hsize - GEN_HDR_SIZE;
	bi->gfh_offset = GEN_HDR_SIZE;
	*extent = (u64)tsize - bi->hdr_offset;
	return 0;
}

static int parse_nand(const u8 *buf, size_t len, struct mtk_bl2_info *bi,
		      u64 *extent, char *err, size_t errlen)
{
	if (!memcmp(buf, "BOOTLOADER!", 12)) {
		u32 hsize, tsize;
		int type;

		if (memcmp(buf + 12, "V006", 4) || memcmp(buf + 16, "NFIINFO", 8))
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 BOOTLOADER! header without V006/NFIINFO");
		bi->header = MTK_BL2_HDR_NAND_AP;
		bi->header_name = "BOOTLOADER!";
		bi->socs = "MT7622/MT7629";
		bi->page_size = mtk_get_le16(buf + 0x1a);
		bi->spare_size = mtk_get_le16(buf + 0x1e);
		if (!page_size_ok(bi->page_size))
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 NAND header: page size %u is not valid",
					    bi->page_size);
		type = check_brlyt(buf, len, bi->page_size, &hsize, &tsize,
				   err, errlen);
		if (type < 0)
			return type;
		if (type != BRLYT_TYPE_SNAND && type != BRLYT_TYPE_NAND)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 NAND header but its BRLYT type is 0x%x (%s)",
					    type, brlyt_type_name((u32)type));
		if (hsize != 2 || tsize < hsize)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 BRLYT sizes are inconsistent: header %u pages, total %u pages",
					    hsize, tsize);
		bi->gfh_offset = 2 * bi->page_size;
		*extent = (u64)tsize * bi->page_size;
	} else if (!memcmp(buf, "NANDCFG!", 8)) {
		u32 config = mtk_get_le32(buf + 0xc);

		if (mtk_get_le32(buf + 8) != 1)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 NANDCFG! header version %u, expected 1",
					    mtk_get_le32(buf + 8));
		if (config == 0) {
			bi->header = MTK_BL2_HDR_NAND_HSM;
			bi->socs = "MT7981/MT7986";
		} else if (config == HSM20_CONFIG) {
			bi->header = MTK_BL2_HDR_NAND_HSM20;
			bi->socs = "MT7988";
		} else {
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 NANDCFG! header with unknown config 0x%x",
					    config);
		}
		bi->header_name = "NANDCFG!";
		bi->page_size = mtk_get_le32(buf + 0x20);
		bi->spare_size = mtk_get_le32(buf + 0x24);
	} else if (!memcmp(buf, "SPINAND!", 8)) {
		u16 want = mtk_get_le16(buf + SPIM_CRC_OFF);
		u16 crc = mtk_bl2_spim_crc16(buf, SPIM_CRC_OFF);

		if (mtk_get_le32(buf + 8) != 1)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "BL2 SPINAND! header version %u, expected 1",
					    mtk_get_le32(buf + 8));
		if (crc != want)
			return mtk_fmt_fail(err, errlen, EBADMSG,
					    "BL2 SPINAND! header CRC16 is 0x%04x, computed 0x%04x",
					    want, crc);
		bi->header = MTK_BL2_HDR_NAND_SPIM;
		bi->header_name = "SPINAND!";
		bi->socs = "MT7981/MT7986/MT7987/MT7988";
		bi->page_size = mtk_get_le32(buf + 0x10);
		bi->spare_size = mtk_get_le32(buf + 0x14);
	} else {
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "not a MediaTek BL2: unknown device header");
	}
	if (!page_size_ok(bi->page_size))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 %s header: page size %u is not valid",
				    bi->header_name, bi->page_size);
	if (bi->spare_size > bi->page_size)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 %s header: spare size %u is not valid",
				    bi->header_name, bi->spare_size);
	if (bi->header != MTK_BL2_HDR_NAND_AP) {
		bi->gfh_offset = bi->page_size;
		*extent = U64_MAX;
	}
	bi->medium = MTK_MEDIUM_SPI_NAND;
	return 0;
}

static int parse_gfh(const u8 *buf, size_t len, struct mtk_bl2_info *bi,
		     u64 extent, char *err, size_t errlen)
{
	const u8 *g = buf + bi->gfh_offset;
	u32 hdr_size, sig_size;
	u8 sha[MTK_SHA256_LEN];
	u8 want_flash;

	if (!mtk_fmt_in_bounds(bi->gfh_offset, MTK_GFH_SIZE, len))
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "BL2 truncated: the GFH at 0x%x needs 0x%x bytes, the image ends at 0x%zx",
				    bi->gfh_offset, MTK_GFH_SIZE, len);
	if (memcmp(g, "MMM\x01", 4) || memcmp(g + 8, "FILE_INFO", 10) ||
	    mtk_get_le16(g + 4) != GFH_FILE_INFO_SIZE)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 has no GFH FILE_INFO (\"MMM\") block at 0x%x",
				    bi->gfh_offset);
	bi->flash_type = g[0x1a];
	bi->load_addr = mtk_get_le32(g + 0x1c);
	bi->gfh_total = mtk_get_le32(g + 0x20);
	hdr_size = mtk_get_le32(g + 0x28);
	sig_size = mtk_get_le32(g + 0x2c);
	want_flash = bi->medium == MTK_MEDIUM_SPI_NAND ? MTK_GFH_FLASH_NAND :
							 MTK_GFH_FLASH_GEN;
	if (bi->flash_type != want_flash)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 %s header but GFH flash type %u (expected %u)",
				    bi->header_name, bi->flash_type, want_flash);
	if (g[0x1b] != 1 || sig_size != MTK_SHA256_LEN)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 GFH signature type %u size %u: only SHA-256 (1, 32) is supported",
				    g[0x1b], sig_size);
	if (hdr_size != MTK_GFH_SIZE ||
	    bi->gfh_total < (u64)MTK_GFH_SIZE + MTK_SHA256_LEN)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 GFH sizes are inconsistent: header 0x%x, total 0x%x",
				    hdr_size, bi->gfh_total);
	bi->end = (u64)bi->gfh_offset + bi->gfh_total;
	if (bi->end > len)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "BL2 truncated: it ends at 0x%llx, the image ends at 0x%zx",
				    (unsigned long long)bi->end, len);
	if (bi->end > extent)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 GFH ends at 0x%llx, past the 0x%llx bytes its device header announces",
				    (unsigned long long)bi->end,
				    (unsigned long long)extent);
	if (!memcmp(g + GFH_BROM_CFG_OFF, "MMM", 3))
		bi->arm64 = mtk_get_le32(g + GFH_BROM_CFG_OFF + 8) &
			    GFH_BROM_CFG_ARM64;
	memcpy(bi->sha256, buf + bi->end - MTK_SHA256_LEN, MTK_SHA256_LEN);
	mtk_fmt_sha256(g, bi->gfh_total - MTK_SHA256_LEN, sha);
	if (memcmp(sha, bi->sha256, MTK_SHA256_LEN))
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "BL2 SHA-256 at 0x%llx does not match its content",
				    (unsigned long long)(bi->end - MTK_SHA256_LEN));
	return 0;
}

int mtk_bl2_parse(const u8 *buf, size_t len, struct mtk_bl2_info *bi,
		  char *err, size_t errlen)
{
	u64 extent = 0;
	int ret;

	memset(bi, 0, sizeof(*bi));
	if (len > MTK_FMT_MAX_IMAGE)
		return mtk_fmt_fail(err, errlen, E2BIG,
				    "BL2 image of %zu bytes is larger than the %u MiB limit",
				    len, MTK_FMT_MAX_IMAGE >> 20);
	if (len < 0x80)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "BL2 truncated: %zu bytes, a device header needs more",
				    len);
	if (buf[0] == 'B' || buf[0] == 'N' || (buf[0] == 'S' && buf[1] == 'P'))
		ret = parse_nand(buf, len, bi, &extent, err, errlen);
	else
		ret = parse_generic(buf, len, bi, &extent, err, errlen);
	if (ret)
		return ret;
	return parse_gfh(buf, len, bi, extent, err, errlen);
}

static unsigned int soc_number(const char *soc)
{
	const char *p = soc ? strstr(soc, "mt") : NULL;
	unsigned int n = 0, i;

	if (!p)
		return 0;
	for (i = 2; i < 6; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		n = n * 10 + (unsigned int)(p[i] - '0');
	}
	return n;
}

static bool soc_fits(enum mtk_bl2_header h, unsigned int soc)
{
	switch (h) {
	case MTK_BL2_HDR_NAND_AP:
		return soc == 7622 || soc == 7629;
	case MTK_BL2_HDR_NAND_HSM:
		return soc == 7981 || soc == 7986;
	case MTK_BL2_HDR_NAND_HSM20:
		return soc == 7988;
	case MTK_BL2_HDR_NAND_SPIM:
		return soc == 7981 || soc == 7986 || soc == 7987 || soc == 7988;
	default:
		return true;
	}
}

int mtk_bl2_check_target(const struct mtk_bl2_info *bi,
			 const struct mtk_bl2_target *t,
			 char *err, size_t errlen)
{
	unsigned int soc = soc_number(t->soc);

	if (t->medium != MTK_MEDIUM_UNKNOWN && t->medium != bi->medium)
		return mtk_fmt_fail(err, errlen, EMEDIUMTYPE,
				    "BL2 for %s cannot be written to %s",
				    mtk_medium_name(bi->medium),
				    mtk_medium_name(t->medium));
	if (soc && !soc_fits(bi->header, soc))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 with a %s header is for %s, this SoC is MT%u",
				    bi->header_name, bi->socs, soc);
	if (bi->medium != MTK_MEDIUM_SPI_NAND)
		return 0;
	/*
	 * The MT7622 (AP) header records the spare bytes its ECC layout uses
	 * (64, 112 or 224), not the chip's spare size (64, 120/128, 256).
	 */
	if ((t->page_size && t->page_size != bi->page_size) ||
	    (t->spare_size && bi->header != MTK_BL2_HDR_NAND_AP &&
	     t->spare_size != bi->spare_size) ||
	    (t->spare_size && bi->header == MTK_BL2_HDR_NAND_AP &&
	     t->spare_size < bi->spare_size))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 is built for SPI-NAND pages of %u+%u bytes, the flash has %u+%u",
				    bi->page_size, bi->spare_size,
				    t->page_size, t->spare_size);
	if (t->nand_if == MTK_NAND_IF_SPIM &&
	    bi->header != MTK_BL2_HDR_NAND_SPIM)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 has a %s (SNFI) header, this board boots SPI-NAND through SPIM",
				    bi->header_name);
	if (t->nand_if == MTK_NAND_IF_SNFI &&
	    bi->header == MTK_BL2_HDR_NAND_SPIM)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "BL2 has a SPINAND! (SPIM) header, this board boots SPI-NAND through SNFI");
	return 0;
}

int mtk_bl2_summary(const struct mtk_bl2_info *bi, char *buf, size_t len)
{
	size_t o = 0;
	unsigned int i;
	int w;

#define OUT(...)							\
	do {								\
		w = snprintf(buf + o, len > o ? len - o : 0, __VA_ARGS__); \
		if (w > 0)						\
			o += (size_t)w;					\
	} while (0)

	if (!len)
		return 0;
	buf[0] = '\0';
	OUT("format: bl2\nmedium: %s\nheader: %s\nsocs: %s\n",
	    mtk_medium_name(bi->medium), bi->header_name, bi->socs);
	if (bi->medium == MTK_MEDIUM_SPI_NAND)
		OUT("page: %u+%u\n", bi->page_size, bi->spare_size);
	if (bi->hdr_offset)
		OUT("hdroffset: 0x%x\n", bi->hdr_offset);
	OUT("size: %llu\nload: 0x%x\narm64: %s\nsha256: ",
	    (unsigned long long)bi->end, bi->load_addr,
	    bi->arm64 ? "yes" : "no");
	for (i = 0; i < MTK_SHA256_LEN; i++)
		OUT("%02x", bi->sha256[i]);
	OUT("\n");
#undef OUT
	return (int)(o < len ? o : len - 1);
}
