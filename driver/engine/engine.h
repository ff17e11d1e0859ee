/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the switch engines, one file each (the two bspconf engines
 * share bspconf.c, bspconf.h). The core finds them only through mtk_bm_engines[]
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

/* bspconf_ubi.c: `record` and `record_volume` of a component (configfs) */
MTK_BM_LOCAL ssize_t mtk_bm_dualfip_ubi_record(struct mtk_bm_component *c, void *buf, size_t len);
MTK_BM_LOCAL int mtk_bm_dualfip_ubi_volume(struct mtk_bm_component *c, char *buf, size_t len);

#endif /* MTK_BM_ENGINE_H */
