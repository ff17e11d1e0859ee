// SPDX-License-Identifier: GPL-2.0-only
/* TEMPORARY STUB (lead's local build only; replaced by the real gpt.c) */
#include "fmt.h"
#include "mtk_bootmedia.h"

int mtk_bm_gpt_bind(struct mtk_bm_medium *m)
{
	return 0;
}

int mtk_bm_gpt_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
		    u64 *first_lba, u64 *nr_lbas, char *name, size_t namelen,
		    char *err, size_t errlen)
{
	return mtk_fmt_fail(err, errlen, EOPNOTSUPP, "gpt stub");
}

int mtk_bm_gpt_swap_names(struct mtk_bm_medium *m, struct mtk_bm_slot *a,
			  struct mtk_bm_slot *b, char *err, size_t errlen)
{
	return mtk_fmt_fail(err, errlen, EOPNOTSUPP, "gpt stub");
}
