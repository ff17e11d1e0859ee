/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: declarations shared by the kernel-side files of the module.
 * The pure format code (fip.c, bl2.c, ...) does not include this header.
 */
#ifndef MTK_BOOTMEDIA_H
#define MTK_BOOTMEDIA_H

#define MTK_BM_NAME "mtk-bootmedia"

const char *mtk_bm_board_override(void);

#endif /* MTK_BOOTMEDIA_H */
