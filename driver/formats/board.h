/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * board.h - which board (and medium) a FIP's U-Boot was built for, and
 * whether that is the running board.
 */
#ifndef MTK_BOARD_H
#define MTK_BOARD_H

#include "fmt.h"
#include "fip.h"
#include "xzfmt.h"

#define MTK_BOARD_STR	128

/* Identity found in a BL33 (U-Boot) image. About 800 bytes. */
struct mtk_board_id {
	bool has_fdt;		/* an embedded FDT with a root compatible */
	bool has_env;		/* a default environment with bootconf= */
	bool medium_conflict;	/* the medium signals disagree */
	const char *opaque;	/* "xz-compressed"/"encrypted": unreadable */
	const char *medium_from;	/* the signal the medium came from */
	u32 xz_size;		/* BL33 was xz: its decompressed size */
	char compatible[MTK_BOARD_STR];	/* FDT root compatible, space-separated */
	char model[64];			/* FDT root model */
	char bootconf[96];		/* env bootconf= */
	char bootmenu_title[96];	/* env bootmenu_title=, ANSI sequences removed */
	char bootfile_fip[MTK_BOARD_STR];	/* env bootfile_fip= */
	char boot[32];			/* the boot_* script bootcmd runs */
	enum mtk_medium medium;		/* from all of the above */
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
 * "bootmenu_title=", "bootfile_fip=", "bootcmd=") and for the last
 * well-formed FDT whose root node has a "compatible" property. An
 * xz-compressed image is decompressed into @scratch first (at most
 * @scratch_len bytes, MTK_XZ_MAX_OUT is enough); without @scratch it is
 * left opaque.
 *
 * Return: 0 (even when nothing was found: see has_env/has_fdt), -E2BIG,
 * or the error of mtk_xz_unpack() for a damaged or hostile xz stream.
 */
MTK_BM_LOCAL int mtk_board_from_uboot(const u8 *bl33, size_t len, struct mtk_board_id *id,
				      u8 *scratch, size_t scratch_len, char *err,
				      size_t errlen);

/*
 * The same on the BL33 of a FIP that mtk_fip_parse() accepted; an
 * xz-compressed BL31 is decompressed (into @scratch) and refused when
 * damaged, as BL2 would refuse to start it.
 */
MTK_BM_LOCAL int mtk_board_from_fip(const u8 *fip, size_t len,
				    const struct mtk_fip_info *fi, struct mtk_board_id *id,
				    u8 *scratch, size_t scratch_len, char *err,
				    size_t errlen);

/* Does this FIP carry an xz-compressed BL31 or BL33 (needs @scratch)? */
MTK_BM_LOCAL bool mtk_board_fip_has_xz(const u8 *fip, size_t len,
				       const struct mtk_fip_info *fi);

/**
 * mtk_board_check() - compare an image's identity with the running board
 * @force: accept an image whose board cannot be determined
 * @verdict: receives match, mismatch or unknown
 * @msg: receives the reason in any case (e.g. "FIP for bananapi,bpi-r3,
 *       this board is bananapi,bpi-r3mini")
 *
 * A bootconf is a board identity only when it has the shape of a board's
 * FIT configuration ("config-mt7986a-bananapi-bpi-r3-mini"); "config-1",
 * which many MT7622/MT798x builds use, names no board. When the image and
 * the running board both carry one, they must agree, whatever else
 * matched (the BPI-R4 and R4-PoE U-Boots share one control DT). When the
 * FIP is offered to a known medium, its own medium must be known too.
 *
 * Return: 0 for a match, or for unknown when @force is set (the message
 * says so); -EINVAL for a mismatch (never overridden by @force); -ENODATA
 * for unknown without @force.
 */
MTK_BM_LOCAL int mtk_board_check(const struct mtk_board_id *id,
				 const struct mtk_board_running *run, bool force,
				 enum mtk_board_verdict *verdict, char *msg, size_t msglen);

/* "board:", "compatible:", "bootconf:", "medium:" lines for info/status */
MTK_BM_LOCAL int mtk_board_summary(const struct mtk_board_id *id, char *buf, size_t len);

#endif /* MTK_BOARD_H */
