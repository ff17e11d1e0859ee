/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the configfs ABI (driver/configfs/) as main.c and of.c
 * use it; attr.h is the attributes' plumbing inside driver/configfs/.
 */
#ifndef MTK_BM_CONFIGFS_H
#define MTK_BM_CONFIGFS_H

#include "core/mtk_bootmedia.h"

/* main.c */
MTK_BM_LOCAL struct config_group *mtk_bm_root_group(void);

/* medium.c, component.c, slot.c */
extern const struct config_item_type mtk_bm_root_type;
MTK_BM_LOCAL struct mtk_bm_medium *mtk_bm_medium_create(const char *name);
MTK_BM_LOCAL struct mtk_bm_component *mtk_bm_component_create(struct mtk_bm_medium *m,
							      const char *name);
MTK_BM_LOCAL void mtk_bm_medium_fixed(struct mtk_bm_medium *m);
MTK_BM_LOCAL void mtk_bm_component_fixed(struct mtk_bm_component *c);
MTK_BM_LOCAL struct mtk_bm_slot *mtk_bm_slot_create(struct mtk_bm_component *c,
						    const char *name);

/* of.c */
MTK_BM_LOCAL int mtk_bm_of_init(void);
MTK_BM_LOCAL void mtk_bm_of_exit(void);

#endif /* MTK_BM_CONFIGFS_H */
