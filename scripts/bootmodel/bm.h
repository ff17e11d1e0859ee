/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * bm.h - the boot model: decide, as the MediaTek BootROM and BL2 would,
 * which BL2 and which FIP run from a set of boot media.
 *
 * Layers (one small file each):
 *   src_dump.c   input: "read N bytes of medium M at offset O" from a dump
 *                directory (a live-device backend plugs in the same way)
 *   profile.c    board profile (selftests/boards/NAME.board), boot.* keys
 *   report.c     what the model prints: facts, strict readings, verdict
 *   nand.c       SPI-NAND: bad blocks, BootROM BL2 copy scan, raw FIP
 *   ubi.c        SPI-NAND: BL2's UBI loader (ubispl rules)
 *   emmc.c       eMMC: EXT_CSD boot partition, BL2 in boot0/boot1
 *   gpt.c        eMMC: the GPT as BL2 (two revisions), U-Boot, Linux read it
 *   dualfip.c    MediaTek dual FIP: bspconf records, slot choice
 *   fipcheck.c   FIP as BL2 takes it, board identity (driver/formats/board.c)
 *   decide.c     the chain: strap -> BL2 -> FIP -> verdict
 *
 * The rule code only uses the format code of driver/ and struct bm_src, so
 * the helper's `doctor` can link the same files with a live backend.
 */
#ifndef MTK_BM_H
#define MTK_BM_H

#include "fmt.h"
#include <stdarg.h>

/* ---- input layer ---- */

enum bm_medium {
	BM_NAND,	/* SPI-NAND page data, flash offsets (OOB left out) */
	BM_NAND_OOB,	/* SPI-NAND spare bytes: page N at N * oob */
	BM_EMMC_BOOT0,
	BM_EMMC_BOOT1,
	BM_EMMC_USER,
	BM_EMMC_EXT_CSD,	/* the 512 bytes CMD8 returns */
	BM_NR_MEDIA,
};

struct bm_nand_geo {
	u32 page;	/* bytes of data per page */
	u32 oob;	/* spare bytes per page */
	u32 block;	/* bytes of data per erase block */
	u64 size;	/* bytes of data of the chip */
};

struct bm_src;

struct bm_src_ops {
	/* 0, -ERANGE (outside the medium), -ENOENT (absent), -EIO */
	int (*read)(struct bm_src *s, enum bm_medium m, u64 off, void *buf,
		    size_t len);
	void (*close)(struct bm_src *s);
};

struct bm_src {
	const struct bm_src_ops *ops;
	void *priv;
	u64 size[BM_NR_MEDIA];		/* 0 = medium absent */
	struct bm_nand_geo nand;	/* valid when size[BM_NAND] */
	char board[64];			/* profile name the dump names, or "" */
	char dir[512];			/* where it came from (messages) */
};

static inline int bm_read(struct bm_src *s, enum bm_medium m, u64 off,
			  void *buf, size_t len)
{
	if (!s->size[m])
		return -ENOENT;
	if (!mtk_fmt_in_bounds(off, len, s->size[m]))
		return -ERANGE;
	return s->ops->read(s, m, off, buf, len);
}

/* src_dump.c: open a dump directory (README.md); returns 0 or -errno */
int bm_dump_open(const char *dir, struct bm_src *s, char *err, size_t errlen);

/* src_live.c: the running system's devices (NULL/false = find them) */
struct bm_live_opts {
	const char *nand_mtd;	/* a partition of the SPI-NAND chip */
	const char *emmc_disk;	/* mmcblkN */
	const char *ext_csd;	/* file: 512 bytes or hex text */
	bool no_nand, no_emmc;
};

int bm_live_open(const struct bm_live_opts *o, struct bm_src *s, char *err,
		 size_t errlen);

/* ---- board profile ---- */

#define BM_MAX_SCAN	16
#define BM_MAX_PARTS	16

enum bm_fip_loc {
	BM_FIP_DEFAULT = 0,
	BM_FIP_UBI,	/* static UBI volume "fip" */
	BM_FIP_RAW,	/* raw window on SPI-NAND, bad blocks skipped */
	BM_FIP_GPT,	/* eMMC GPT partition "fip" */
};

struct bm_profile {
	char name[64];
	char compatible[256];
	char soc[64];		/* "mediatek,mt7986a" (boot.soc or compatible) */
	bool has_nand, has_emmc;
	struct bm_nand_geo geo;
	struct {
		char name[32];
		u64 off, size;
	} part[BM_MAX_PARTS];
	unsigned int nparts;
	u64 scan[BM_MAX_SCAN];	/* BL2 copy positions, chip offsets */
	unsigned int nscan;
	bool scan_from_profile;	/* boot.bl2-scan given */
	enum mtk_medium strap;	/* boot.strap */
	int nand_if;		/* enum mtk_nand_if */
	enum bm_fip_loc nand_fip;
	u64 raw_off, raw_size;	/* boot.fip raw:OFF+SIZE */
	u64 ubi_start, ubi_end;	/* boot.ubi-start / boot.ubi-end */
	bool dual_fip;		/* boot.dual-fip 1 */
	bool boot1_honoured;	/* boot.emmc-boot1 honoured */
	bool bl2_bb_skip;	/* boot.bl2-bad-blocks skip */
	int bl2_gpt;		/* boot.bl2-gpt: 0 both, 1 new, 2 old */
};

int bm_profile_load(const char *path, struct bm_profile *p, char *err,
		    size_t errlen);

/* ---- report ---- */

struct bm_report {
	FILE *out;
	unsigned int nstrict;
	bool failed;
	char reason[512];
	char fix[256];
};

void bm_say(struct bm_report *r, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* an uncertainty resolved the strict way: "strict: ..." */
void bm_strict(struct bm_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* the first call sets the verdict "will not boot: REASON"; returns -1 */
int bm_fail(struct bm_report *r, const char *fix, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* the multi-line summaries of driver/ as "PREFIX.key: value" lines */
void bm_say_block(struct bm_report *r, const char *prefix, const char *text);

/* ---- rules ---- */

struct bm_ctx {
	struct bm_src *src;
	const struct bm_profile *prof;
	struct bm_report *rep;
	bool accept_unknown_board;
};

/* nand.c */
bool bm_nand_block_bad(struct bm_ctx *c, u64 block);
int bm_nand_bl2(struct bm_ctx *c);
int bm_nand_raw_fip(struct bm_ctx *c, u8 **fip, size_t *len, char *where,
		    size_t wlen);

/* ubi.c: load the static volume BL2 would load for @name */
int bm_ubi_load(struct bm_ctx *c, const char *name, bool quiet, u8 **data,
		size_t *len, char *where, size_t wlen, char *err,
		size_t errlen);

/* emmc.c */
int bm_emmc_bl2(struct bm_ctx *c);

/* gpt.c: find partition @name as BL2 does and read it (up to @max) */
int bm_gpt_load(struct bm_ctx *c, const char *name, bool quiet, size_t max,
		u8 **data, size_t *len, char *where, size_t wlen, char *err,
		size_t errlen);

/* fipcheck.c: is this what BL2 accepts as a FIP, and for this board? */
int bm_fip_check(struct bm_ctx *c, const u8 *fip, size_t len,
		 const char *where, bool dual, char *err, size_t errlen);
int bm_fip_board(struct bm_ctx *c, const u8 *fip, size_t len,
		 enum mtk_medium medium);

/* dualfip.c */
int bm_dual_fip(struct bm_ctx *c, enum mtk_medium medium);

/* decide.c */
int bm_decide(struct bm_ctx *c, enum mtk_medium medium);

/* the largest FIP any BL2 here loads (DUAL_FIP_BUF_SIZE) */
#define BM_FIP_MAX	(16U << 20)

#endif /* MTK_BM_H */
