/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: what gpt.c (gpt: slots) and gpt_swap.c (the GPT switch)
 * share; the files of driver/media/ only.
 */
#ifndef MTK_BM_MEDIA_GPT_H
#define MTK_BM_MEDIA_GPT_H

#include "compat.h"
#include "formats/gptfmt.h"
#include "medium.h"

#define MTK_BM_GPT_REPAIR \
	"repair with sgdisk -e /dev/%s (rebuilds the bad copy from the good one) or restore the GPT from a backup"

/* One copy of the GPT as read from the disk */
struct mtk_bm_gpt_copy {
	struct mtk_gpt_header h;
	u8 *ents;		/* the entry array's sectors */
	size_t ebytes;		/* the array rounded up to whole sectors */
};

MTK_BM_LOCAL void mtk_bm_gpt_free(struct mtk_bm_gpt_copy *c);
/* Read and check the GPT header at @lba and its entry array (CRCs) */
MTK_BM_LOCAL int mtk_bm_gpt_read(struct block_device *bdev, u64 lba, struct mtk_bm_gpt_copy *c,
				 char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_gpt_open(struct mtk_bm_medium *m, struct mtk_bm_bdev *b, char *err,
				 size_t errlen);
MTK_BM_LOCAL int mtk_bm_gpt_entry(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
				  const struct mtk_bm_gpt_copy *c, struct mtk_gpt_part *p,
				  char *err, size_t errlen);

/* gpt_swap.c, also for gpt_add.c */
/* one write of @len bytes at @lba through m->write (FUA, read back) */
MTK_BM_LOCAL int mtk_bm_gpt_put(struct mtk_bm_medium *m, u64 lba, const void *buf, size_t len,
				const char *what, char *err, size_t errlen);
/* does the sector at @lba start with a GPT header signature? */
MTK_BM_LOCAL bool mtk_bm_gpt_signed(struct block_device *bdev, u64 lba);
/* re-read the partitions like BLKRRPART; @err gets @done and what happened */
MTK_BM_LOCAL void mtk_bm_gpt_rescan(struct mtk_bm_medium *m, const char *done, char *err,
				    size_t errlen);

#endif /* MTK_BM_MEDIA_GPT_H */
