/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the switch engines, one file each, and what the two
 * bspconf engines share. The core finds them only through mtk_bm_engines[]
 * (table.c); struct mtk_bm_engine is declared in core/mtk_bootmedia.h.
 */
#ifndef MTK_BM_ENGINE_H
#define MTK_BM_ENGINE_H

#include "core/mtk_bootmedia.h"

extern const struct mtk_bm_engine mtk_bm_engine_single;
extern const struct mtk_bm_engine mtk_bm_engine_rom_copies;
extern const struct mtk_bm_engine mtk_bm_engine_extcsd;
extern const struct mtk_bm_engine mtk_bm_engine_gpt;
extern const struct mtk_bm_engine mtk_bm_engine_ubi;
extern const struct mtk_bm_engine mtk_bm_engine_bspconf_emmc;
extern const struct mtk_bm_engine mtk_bm_engine_bspconf_ubi;

/* bspconf_emmc.c: the bspconf engine (eMMC; UBI through bspconf_ubi.c) */
struct mtk_bm_slot *mtk_bm_dualfip_rec_slot(struct mtk_bm_medium *m);
struct mtk_bm_slot *mtk_bm_dualfip_active(struct mtk_bm_component *c, char *err,
					  size_t errlen);
int mtk_bm_dualfip_commit(struct mtk_bm_component *c, struct mtk_bm_slot *s, char *err,
			  size_t errlen);
int mtk_bm_dualfip_engine_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
				 char *err, size_t errlen);
int mtk_bm_dualfip_refuse_stage(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				char *err, size_t errlen);
int mtk_bm_dualfip_activate(struct mtk_bm_component *c, struct mtk_bm_slot *act,
			    struct mtk_bm_slot *s, char *err, size_t errlen);
const char *mtk_bm_dualfip_fip_refused(int checksum);

/* bspconf_ubi.c: bspconf records in static UBI volumes bspconf1/bspconf2 */
struct mtk_bspconf;
bool mtk_bm_dualfip_ubi(struct mtk_bm_medium *m);
int mtk_bm_dualfip_ubi_load(struct mtk_bm_medium *m, u8 *const copy[2], size_t size,
			    size_t len[2]);
int mtk_bm_dualfip_ubi_pend(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			    unsigned int fip_slot, int target, const u8 *old, size_t old_len,
			    struct mtk_bspconf *next, char *err, size_t errlen);
void mtk_bm_dualfip_ubi_recheck(struct mtk_bm_component *c);
void mtk_bm_dualfip_ubi_clear(struct mtk_bm_component *c);
ssize_t mtk_bm_dualfip_ubi_record(struct mtk_bm_component *c, void *buf, size_t len);
int mtk_bm_dualfip_ubi_volume(struct mtk_bm_component *c, char *buf, size_t len);

#endif /* MTK_BM_ENGINE_H */
