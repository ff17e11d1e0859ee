/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: what the two bspconf engines share (bspconf.c): the record
 * read and chosen as BL2 does, the active slot, the commit. Where the
 * record is kept is each engine's: a GPT partition (bspconf_emmc.c) or two
 * static UBI volumes (bspconf_ubi.c), given by its struct mtk_bm_bspconf_store
 * in the engine's data.
 */
#ifndef MTK_BM_ENGINE_BSPCONF_H
#define MTK_BM_ENGINE_BSPCONF_H

#include "engine.h"
#include "formats/bspconf.h"

#define MTK_BM_SECTOR	512

/* the record as read: both copies, and the one BL2 uses */
struct mtk_bm_dualfip {
	u64 first, nr;			/* GPT: the record partition, in LBAs */
	u8 *copy[2];			/* one block each, sector aligned */
	size_t len[2];			/* bytes of each copy (UBI: of its volume) */
	struct mtk_bspconf cur;
	int which;			/* copy in use, -1 none */
	unsigned int valid;
	char why[128];
};

struct mtk_bm_bspconf_store {
	/* read both copies into @d (copy, len; GPT: first, nr) */
	int (*load)(struct mtk_bm_medium *m, struct mtk_bm_dualfip *d, char *err,
		    size_t errlen);
	/*
	 * put @next in copy @target (not in use), which makes bspconf slot
	 * @idx (slot @s) current: 0 with a note in @err, MTK_BM_PENDING (the
	 * helper writes it) or a negative errno
	 */
	int (*commit)(struct mtk_bm_component *c, struct mtk_bm_slot *s,
		      struct mtk_bm_dualfip *d, unsigned int idx, int target,
		      struct mtk_bspconf *next, char *err, size_t errlen);
};

/* bspconf.c: the hooks of both engines */
MTK_BM_LOCAL struct mtk_bm_slot *mtk_bm_dualfip_rec_slot(struct mtk_bm_medium *m);
MTK_BM_LOCAL int mtk_bm_dualfip_engine_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
					      char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_dualfip_refuse_stage(struct mtk_bm_component *c, struct mtk_bm_slot *s,
					     char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_dualfip_activate(struct mtk_bm_component *c, struct mtk_bm_slot *act,
					 struct mtk_bm_slot *s, char *err, size_t errlen);
MTK_BM_LOCAL const char *mtk_bm_dualfip_fip_refused(int checksum);

#endif /* MTK_BM_ENGINE_BSPCONF_H */
