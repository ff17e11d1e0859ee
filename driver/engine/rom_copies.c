// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the rom-copies switch engine. The BootROM scans the BL2
 * copies of a SPI-NAND in chip offset order and runs the first valid one:
 * `stage` writes one copy at a time, its header block erased first and
 * programmed last, the copies read later first, and never the last valid
 * copy; `stage all` first checks that every copy fits the good blocks at
 * the start of its slot (none across a bad block) and writes none if one
 * does not. `active` is the first valid copy; there is nothing to switch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>

#include "core/mtk_bootmedia.h"
#include "engine.h"
#include "formats/fmt.h"

static int mtk_bm_rom_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
			     char *err, size_t errlen)
{
	struct mtk_bm_slot **v;
	char why[MTK_BM_WHY_LEN];
	int i, n = mtk_bm_copies(c, &v);

	if (n < 0)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	for (i = 0; i < n && !*act; i++)
		if (mtk_bm_slot_valid(v[i], why, sizeof(why)))
			*act = v[i];
	kfree(v);
	if (!*act)
		mtk_fmt_msg(err, errlen, "no slot holds a valid copy");
	return 0;
}

/* would writing @s leave no valid copy while it is written? (@v: n copies) */
static bool mtk_bm_last_copy(struct mtk_bm_slot **v, int n, struct mtk_bm_slot *s)
{
	char why[MTK_BM_WHY_LEN];
	bool any = false, other = false;
	int i;

	for (i = 0; i < n; i++) {
		if (!mtk_bm_slot_valid(v[i], why, sizeof(why)))
			continue;
		any = true;
		if (v[i] != s)
			other = true;
	}
	return any && !other;
}

/* @only: one slot, or NULL for `stage all` */
static int mtk_bm_stage_copies(struct mtk_bm_component *c, struct mtk_bm_slot *only,
			       char *err, size_t errlen)
{
	char why[MTK_BM_WHY_LEN];
	struct mtk_bm_slot **v;
	int i, n = mtk_bm_copies(c, &v), ret = 0;

	if (n < 0)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	/*
	 * `stage all`: every copy must fit its slot's good blocks before any
	 * is written (a bad block inside a copy is refused): all or nothing
	 */
	for (i = 0; i < n && !only && !ret; i++) {
		ret = mtk_bm_slot_write(v[i], c->image, c->image_len, MTK_BM_W_PLAN, why,
					sizeof(why));
		if (ret)
			mtk_fmt_fail(err, errlen, -ret, "copy %s: %s", mtk_bm_slot_name(v[i]), why);
	}
	/* the copies the BootROM reads later first, the first copy last */
	for (i = n - 1; i >= 0 && !ret; i--) {
		if (only && v[i] != only)
			continue;
		/* test build only: break_order=rom-copies writes over the last valid copy */
		if (mtk_bm_last_copy(v, n, v[i]) && !mtk_bm_test_break("rom-copies"))
			ret = mtk_fmt_fail(err, errlen, EBUSY,
					   "slot %s holds the only valid copy: write another slot first (or stage all)",
					   mtk_bm_slot_name(v[i]));
		else
			ret = mtk_bm_stage_one(c, v[i], MTK_BM_W_FIRST_BLOCK_LAST, NULL, err,
					       errlen);
	}
	kfree(v);
	return ret;
}

const struct mtk_bm_engine mtk_bm_engine_rom_copies = {
	.name = "rom-copies",
	.flags = MTK_BM_ENG_STAGE_ALL,
	.stage_note = "one copy at a time",
	.active = mtk_bm_rom_active,
	.stage = mtk_bm_stage_copies,
};
