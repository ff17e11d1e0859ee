// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the media backends (struct mtk_bm_media, medium.h): which
 * backend serves a medium, an area and a slot. The core asks here and never
 * names a backend.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/printk.h>

#include "backend.h"

/* a medium by its type: eMMC, else MTD (SPI NAND, SPI NOR, not known yet) */
static const struct mtk_bm_media *const mtk_bm_media_types[] = {
	[MTK_BM_TYPE_NONE] = &mtk_bm_media_mtd,
	[MTK_BM_TYPE_SPI_NAND] = &mtk_bm_media_mtd,
	[MTK_BM_TYPE_SPI_NOR] = &mtk_bm_media_mtd,
	[MTK_BM_TYPE_EMMC] = &mtk_bm_media_emmc,
};

/* a slot by its location type; none for a slot without a location */
static const struct mtk_bm_media *const mtk_bm_media_locs[] = {
	[MTK_BM_LOC_MTD] = &mtk_bm_media_mtd,
	[MTK_BM_LOC_UBI] = &mtk_bm_media_ubi,
	[MTK_BM_LOC_EMMC_BOOT] = &mtk_bm_media_emmc,
	[MTK_BM_LOC_GPT] = &mtk_bm_media_gpt,
};

/* an area by its type */
static const struct mtk_bm_media *const mtk_bm_media_areas[] = {
	[MTK_BM_AREA_MTD] = &mtk_bm_media_mtd,
	[MTK_BM_AREA_EMMC_BOOT] = &mtk_bm_media_emmc,
};

/* the backends layered on every bound medium, in attach order */
static const struct mtk_bm_media *const mtk_bm_media_layers[] = {
	&mtk_bm_media_ubi,
};

const struct mtk_bm_media *mtk_bm_media_of(const struct mtk_bm_medium *m)
{
	if (m->type < ARRAY_SIZE(mtk_bm_media_types) && mtk_bm_media_types[m->type])
		return mtk_bm_media_types[m->type];
	return &mtk_bm_media_mtd;
}

const struct mtk_bm_media *mtk_bm_media_of_area(const struct mtk_bm_area *a)
{
	if (a->type < ARRAY_SIZE(mtk_bm_media_areas) && mtk_bm_media_areas[a->type])
		return mtk_bm_media_areas[a->type];
	return &mtk_bm_media_mtd;
}

/* NULL for a slot without a location */
const struct mtk_bm_media *mtk_bm_media_of_slot(const struct mtk_bm_slot *s)
{
	if (s->loc.type < ARRAY_SIZE(mtk_bm_media_locs))
		return mtk_bm_media_locs[s->loc.type];
	return NULL;
}

/**
 * mtk_bm_media_attach() - attach the layered backends to a bound medium
 * @m: the medium, just bound and protected (lock held)
 * @failed: receives the name of the backend that failed
 *
 * Return: 0, or the error of the first that failed (the ones before it
 * stay attached: mtk_bm_media_detach() undoes them).
 */
int mtk_bm_media_attach(struct mtk_bm_medium *m, const char **failed)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(mtk_bm_media_layers); i++) {
		ret = mtk_bm_media_layers[i]->attach(m);
		if (ret) {
			*failed = mtk_bm_media_layers[i]->name;
			return ret;
		}
	}
	return 0;
}

/* undo mtk_bm_media_attach() at unbind (lock held) */
void mtk_bm_media_detach(struct mtk_bm_medium *m)
{
	int i;

	for (i = ARRAY_SIZE(mtk_bm_media_layers) - 1; i >= 0; i--)
		mtk_bm_media_layers[i]->detach(m);
}

/* every backend, in init order */
static const struct mtk_bm_media *const mtk_bm_media_all[] = {
	&mtk_bm_media_mtd,
	&mtk_bm_media_emmc,
	&mtk_bm_media_ubi,
	&mtk_bm_media_gpt,
};

/* undo the init of the first @n backends, last first */
static void mtk_bm_media_exit_n(int n)
{
	while (n-- > 0)
		if (mtk_bm_media_all[n]->exit)
			mtk_bm_media_all[n]->exit();
}

/**
 * mtk_bm_media_init() - module load: every backend's init (its notifiers)
 *
 * Return: 0, or the error of the first that failed, the ones before it
 * undone.
 */
int mtk_bm_media_init(void)
{
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(mtk_bm_media_all); i++) {
		if (!mtk_bm_media_all[i]->init)
			continue;
		ret = mtk_bm_media_all[i]->init();
		if (ret) {
			pr_err("cannot start the %s backend: %d\n", mtk_bm_media_all[i]->name, ret);
			mtk_bm_media_exit_n(i);
			return ret;
		}
	}
	return 0;
}

/* module unload: every backend's exit, in reverse order */
void mtk_bm_media_exit(void)
{
	mtk_bm_media_exit_n(ARRAY_SIZE(mtk_bm_media_all));
}

/**
 * mtk_bm_media_check_location() - may a slot of @m be at @loc?
 * @m: the medium, not bound (lock held)
 * @loc: the parsed location, being written to `location`
 * @why: the reason of a refusal
 * @len: size of @why
 *
 * What the backend of the location type can tell before bind (bind checks
 * again, with what needs the binding).
 *
 * Return: 0, or a negative errno with @why set.
 */
int mtk_bm_media_check_location(struct mtk_bm_medium *m, const struct mtk_bm_location *loc,
				char *why, size_t len)
{
	const struct mtk_bm_media *b = NULL;

	if (loc->type < ARRAY_SIZE(mtk_bm_media_locs))
		b = mtk_bm_media_locs[loc->type];
	return b && b->check_location ? b->check_location(m, loc, why, len) : 0;
}
