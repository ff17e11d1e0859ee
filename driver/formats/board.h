/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * board.h - which board (and medium) a FIP's U-Boot was built for, and
 * whether that is the running board.
 */
#ifndef MTK_BOARD_H
#define MTK_BOARD_H

#include "fmt.h"
#include "fip.h"

#define MTK_BOARD_STR	128

/* Identity found in a BL33 (U-Boot) image. About 700 bytes. */
struct mtk_board_id {
	bool has_fdt;		/* an embedded FDT with a root compatible */
	bool has_env;		/* a default environment with bootconf= */
	const char *opaque;	/* "xz-compressed"/"encrypted": unreadable */
	char compatible[MTK_BOARD_STR];	/* FDT root compatible, space-separated */
	char model[64];			/* FDT root model */
	char bootconf[96];		/* env bootconf= */
	char bootmenu_title[96];	/* env bootmenu_title= */
	char bootfile_fip[MTK_BOARD_STR];	/* env bootfile_fip= */
	enum mtk_medium medium;		/* from bootmenu_title / bootfile_fip */
};

/* The running board, as the caller knows it */
struct mtk_board_running {
	/* DT root compatible or the "board" override, space-separated */
	const char *compatible;
	/* /chosen/u-boot,bootconf, or NULL */
	const char *bootconf;
	/* the medium the FIP is going to, or MTK_MEDIUM_UNKNOWN */
	enum mtk_medium medium;
};

enum mtk_board_verdict {
	MTK_BOARD_UNKNOWN = 0,
	MTK_BOARD_MATCH,
	MTK_BOARD_MISMATCH,
};

/**
 * mtk_board_from_uboot() - read the identity embedded in a U-Boot image
 *
 * Looks for the default environment (NUL-separated "bootconf=",
 * "bootmenu_title=", "bootfile_fip=") and for the last well-formed FDT
 * whose root node has a "compatible" property.
 *
 * Return: 0 (even when nothing was found: see has_env/has_fdt), or -E2BIG.
 */
int mtk_board_from_uboot(const u8 *bl33, size_t len, struct mtk_board_id *id,
			 char *err, size_t errlen);

/* The same on the BL33 of a FIP that mtk_fip_parse() accepted */
int mtk_board_from_fip(const u8 *fip, size_t len,
		       const struct mtk_fip_info *fi, struct mtk_board_id *id,
		       char *err, size_t errlen);

/**
 * mtk_board_check() - compare an image's identity with the running board
 * @force: accept an image whose board cannot be determined
 * @verdict: receives match, mismatch or unknown
 * @msg: receives the reason in any case (e.g. "FIP for bananapi,bpi-r3,
 *       this board is bananapi,bpi-r3mini")
 *
 * Return: 0 for a match, or for unknown when @force is set (the message
 * says so); -EINVAL for a mismatch (never overridden by @force); -ENODATA
 * for unknown without @force.
 */
int mtk_board_check(const struct mtk_board_id *id,
		    const struct mtk_board_running *run, bool force,
		    enum mtk_board_verdict *verdict, char *msg, size_t msglen);

/* "board:", "compatible:", "bootconf:", "medium:" lines for info/status */
int mtk_board_summary(const struct mtk_board_id *id, char *buf, size_t len);

#endif /* MTK_BOARD_H */
