/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bspconf.h - the MediaTek dual-FIP state record ("bspconf", version 1),
 * as BL2 and U-Boot of the MediaTek SDK read and write it.
 */
#ifndef MTK_BSPCONF_H
#define MTK_BSPCONF_H

#include "fmt.h"

#define MTK_BSPCONF_SIZE	88
#define MTK_BSPCONF_VER		1
#define MTK_BSPCONF_MIN_LEN	12	/* crc, len, ver */

struct mtk_bsp_image_info {
	u32 invalid;
	u32 size;
	u32 crc32;
	u32 upd_cnt;
};

struct mtk_bspconf {
	u32 crc;
	u32 len;
	u32 ver;
	u32 upd_cnt;
	u32 current_fip_slot;
	struct mtk_bsp_image_info fip[2];
	u32 current_image_slot;
	struct mtk_bsp_image_info image[2];
};

/**
 * mtk_bspconf_decode() - check one stored copy and decode it
 *
 * The CRC32 (zlib) covers bytes [4, len). A record shorter than 88 bytes is
 * zero-extended; a newer version is rejected.
 *
 * Return: 0, -ENODATA (too short), -EBADMSG (CRC), -EINVAL (len, version
 * or slot out of range).
 */
MTK_BM_LOCAL int mtk_bspconf_decode(const u8 *buf, size_t len, struct mtk_bspconf *c,
				    char *err, size_t errlen);

/* Serialise @c into @out (88 bytes): sets len, ver and crc in @c too */
MTK_BM_LOCAL void mtk_bspconf_encode(struct mtk_bspconf *c, u8 *out);

/* Is update counter @a newer than @b? Higher wins; 0 beats U32_MAX. */
MTK_BM_LOCAL bool mtk_bspconf_newer(u32 a, u32 b);

/**
 * mtk_bspconf_select() - pick the copy BL2 will use
 * @which: receives 0 or 1 (the copy decoded into @c), -1 if none is valid
 * @valid: receives a bit mask of the valid copies (bit 0 = copy 1); may be
 *         NULL
 *
 * Return: 0, or the error of copy 1 when neither copy is valid (@err names
 * both).
 */
MTK_BM_LOCAL int mtk_bspconf_select(const u8 *c1, size_t len1, const u8 *c2, size_t len2,
				    struct mtk_bspconf *c, int *which, unsigned int *valid,
				    char *err, size_t errlen);

/**
 * mtk_bspconf_switch_fip() - the record that makes @slot the next FIP
 * @cur: the record in use
 * @slot: 0 or 1
 * @size, @crc: size and zlib CRC32 of the FIP written to @slot
 * @next: receives the new record (encode it, then write it to the copy
 *        that is not in use)
 *
 * Return: 0 or -EINVAL.
 */
MTK_BM_LOCAL int mtk_bspconf_switch_fip(const struct mtk_bspconf *cur, unsigned int slot,
					u32 size, u32 crc, struct mtk_bspconf *next,
					char *err, size_t errlen);

/* userspace only (bootmodel, fuzzers): not in the module */
#ifndef __KERNEL__
int mtk_bspconf_summary(const struct mtk_bspconf *c, char *buf, size_t len);
#endif

#endif /* MTK_BSPCONF_H */
