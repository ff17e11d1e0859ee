/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: what the media backends share among themselves (the files
 * of driver/media/ only); the layers above go through struct mtk_bm_media.
 */
#ifndef MTK_BM_BACKEND_H
#define MTK_BM_BACKEND_H

#include "medium.h"

#define MTK_BM_SECTOR	512

extern const struct mtk_bm_media mtk_bm_media_mtd;
extern const struct mtk_bm_media mtk_bm_media_emmc;
extern const struct mtk_bm_media mtk_bm_media_ubi;
extern const struct mtk_bm_media mtk_bm_media_gpt;

/* mtd.c */
MTK_BM_LOCAL int mtk_bm_mtd_set_writeable(struct mtk_bm_area *a, bool writeable);
MTK_BM_LOCAL bool mtk_bm_mtd_writeable(struct mtk_bm_area *a);

/* mtd_slot.c: mtd: slots */
MTK_BM_LOCAL int mtk_bm_mtd_check_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s);
MTK_BM_LOCAL u64 mtk_bm_mtd_chip_offset(struct mtk_bm_slot *s);
MTK_BM_LOCAL u64 mtk_bm_mtd_size(struct mtk_bm_slot *s, bool capacity, char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_mtd_target(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
				   size_t errlen);

/* mtd_io.c: reads of mtd: slots, the MTD part of the one write path */
MTK_BM_LOCAL int mtk_bm_mtd_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
				 char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_mtd_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
				  size_t errlen);

/* block.c: emmc: and gpt: slots, the eMMC part of the one write path */
MTK_BM_LOCAL u64 mtk_bm_block_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
					size_t errlen);
MTK_BM_LOCAL int mtk_bm_block_slot_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
					char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_block_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
				    size_t errlen);
MTK_BM_LOCAL int mtk_bm_block_slot_witness(struct mtk_bm_slot *s, struct mtk_bm_witness *w);
MTK_BM_LOCAL int mtk_bm_block_check_free(struct mtk_bm_medium *m, struct gendisk *disk, bool gpt,
					 const char *name, sector_t start, char *why, size_t len);

/* emmc.c: the power-on write protection of the boot areas is on */
MTK_BM_LOCAL bool mtk_bm_emmc_wp_locked(struct mtk_bm_medium *m);

/* emmc_card.c: BOOT_WP power-on protection of both boot areas */
MTK_BM_LOCAL int mtk_bm_emmc_boot_wp(struct mtk_bm_medium *m);

/* emmc.c: the `location` check of emmc: and gpt: locations */
MTK_BM_LOCAL int mtk_bm_emmc_check_location(struct mtk_bm_medium *m,
					    const struct mtk_bm_location *loc,
					    char *why, size_t len);

/* gpt.c */
MTK_BM_LOCAL int mtk_bm_gpt_bind(struct mtk_bm_medium *m);

#endif /* MTK_BM_BACKEND_H */
