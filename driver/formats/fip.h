/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fip.h - TF-A Firmware Image Package (FIP) table of contents.
 */
#ifndef MTK_FIP_H
#define MTK_FIP_H

#include "fmt.h"

#define MTK_FIP_TOC_NAME	0xaa640001U
#define MTK_FIP_HDR_SIZE	16
#define MTK_FIP_ENTRY_SIZE	40
#define MTK_FIP_MAX_ENTRIES	32
/* MediaTek checksum payload: u32 len, u32 crc32, u8 sha256[32] */
#define MTK_FIP_CHECKSUM_SIZE	40

enum mtk_fip_image {
	MTK_FIP_UNKNOWN = 0,
	MTK_FIP_BL31,
	MTK_FIP_BL33,
	MTK_FIP_BL32,
	MTK_FIP_CHECKSUM,
	MTK_FIP_OTHER,		/* a known TF-A UUID without a special role */
};

struct mtk_fip_entry {
	u8 uuid[16];
	u64 offset;
	u64 size;
	u64 flags;
	enum mtk_fip_image kind;
};

/*
 * The result of mtk_fip_parse(). About 1.8 KiB: kernel callers allocate it,
 * they do not put it on the stack.
 */
struct mtk_fip_info {
	u32 serial;
	u64 flags;
	unsigned int nr_entries;	/* without the terminator */
	struct mtk_fip_entry entry[MTK_FIP_MAX_ENTRIES];
	u64 toc_end;		/* end of the ToC, terminator included */
	u64 end;		/* terminator offset, or the last payload end */
	int bl31;		/* entry index, -1 when absent */
	int bl33;
	int checksum;		/* MediaTek checksum entry, -1 when absent */
	u32 checksum_crc;	/* the verified CRC32 when checksum >= 0 */
	u8 sha256[MTK_SHA256_LEN];	/* of the whole buffer given */
};

/**
 * mtk_fip_parse() - check a FIP and describe it
 * @buf: the image
 * @len: its length (trailing padding after the FIP is allowed)
 * @fi: filled in on success (and partially on failure)
 * @err: receives a specific message on failure; may be NULL
 * @errlen: size of @err
 *
 * Checks the ToC header (name, non-zero serial), every entry against the
 * image bounds, the ToC and the other entries, duplicate UUIDs, that BL31
 * and BL33 are present, and the MediaTek checksum entry when present.
 *
 * Return: 0, or -EINVAL (not a FIP, bad layout), -EOVERFLOW (offset
 * arithmetic overflows), -ENODATA (truncated), -ENOENT (BL31 or BL33
 * missing), -EBADMSG (checksum mismatch), -E2BIG (too many entries or
 * image too large).
 */
MTK_BM_LOCAL int mtk_fip_parse(const u8 *buf, size_t len, struct mtk_fip_info *fi,
			       char *err, size_t errlen);

/*
 * mtk_fip_parse() without the SHA-256 of the image (fi->sha256 zero): the
 * same checks, for callers that show no summary (a slot's state, a verify
 * whose result needs no hash), 15-20 ms less per MiB under QEMU TCG
 */
MTK_BM_LOCAL int mtk_fip_check(const u8 *buf, size_t len, struct mtk_fip_info *fi,
			       char *err, size_t errlen);

/**
 * mtk_fip_extent() - how far BL2 reads a FIP: its ToC and the entries it lists
 * @buf: the start of the image (the ToC must be complete in it)
 * @len: bytes in @buf
 * @end: receives the end of the ToC, of the last entry and the terminator's
 *       offset, whichever is furthest
 *
 * Only the ToC is looked at: mtk_fip_parse() checks the rest.
 *
 * Return: 0, -EINVAL (not a FIP ToC), -ENODATA (the ToC does not end within
 * @len), -E2BIG (too many entries) or -EOVERFLOW.
 */
MTK_BM_LOCAL int mtk_fip_extent(const u8 *buf, size_t len, u64 *end);

/* Short name of an image UUID ("BL31", "BL33", ...), or NULL if unknown */
MTK_BM_LOCAL const char *mtk_fip_uuid_name(const u8 *uuid);

/* Format "8-4-4-4-12" as the bytes lie on disk; @out has 37 bytes */
MTK_BM_LOCAL void mtk_fip_uuid_str(const u8 *uuid, char *out);

/**
 * mtk_fip_summary() - one line per fact, "key: value", for status/info
 * Return: the length written (snprintf semantics, truncated to @len).
 */
MTK_BM_LOCAL int mtk_fip_summary(const struct mtk_fip_info *fi, char *buf, size_t len);

#endif /* MTK_FIP_H */
