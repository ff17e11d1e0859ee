/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * xzfmt.h - xz-compressed FIP images (BL31, BL33): MediaTek's BL2
 * decompresses any FIP image that starts with the xz magic, and OpenWrt
 * builds some FIPs that way (FIP_COMPRESS: xz -C crc32).
 */
#ifndef MTK_XZFMT_H
#define MTK_XZFMT_H

#include "fmt.h"

/* TF-A's image size limit on these SoCs: no image decompresses to more */
#define MTK_XZ_MAX_OUT		(2U << 20)
#define MTK_XZ_HDR_SIZE		12

/* does @p start with the xz stream magic? */
MTK_BM_LOCAL bool mtk_xz_is(const u8 *p, size_t len);

/**
 * mtk_xz_unpack() - check one xz stream and decompress it
 * @in, @len: the stream (zero padding after it is allowed)
 * @out, @cap: the output buffer; at most min(@cap, MTK_XZ_MAX_OUT) bytes
 *	are written
 * @out_len: receives the decompressed size
 *
 * Checks the stream header and footer, that the check is CRC32 (what BL2
 * verifies), and the size its index declares against the cap before
 * decompressing anything; then decompresses in one call (the kernel's
 * lib/xz in the module, liblzma in userspace builds), which verifies the
 * data and its CRC32.
 *
 * Return: 0, or -ENODATA (truncated), -EINVAL (not xz, damaged header,
 * footer or index), -EOPNOTSUPP (check other than CRC32, unsupported
 * filter), -E2BIG (decompresses to more than the cap), -EBADMSG (data or
 * CRC32 do not match), -ENOMEM; @err says which.
 */
MTK_BM_LOCAL int mtk_xz_unpack(const u8 *in, size_t len, u8 *out, size_t cap,
			       size_t *out_len, char *err, size_t errlen);

#endif /* MTK_XZFMT_H */
