// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the extcsd switch engine. BL2 lives in the eMMC boot
 * partitions boot0 and boot1; the BootROM reads the one BOOT_PARTITION_ENABLE
 * of EXT_CSD PARTITION_CONFIG [179] names. `active` is read from EXT_CSD and
 * written with one CMD6 (media/emmc.c), then read back.
 *
 * No source says that the MediaTek BootROM loads BL2 from boot1 when
 * BOOT_PARTITION_ENABLE names it (Documentation/real-boards.md, "eMMC BL2
 * and boot1"); every MediaTek and OpenWrt writer enables boot0. So the
 * engine writes nothing (stage, or a switch to boot1: -EOPNOTSUPP) unless
 * the medium states boot1_honoured, which the helper sets from the board
 * profile key boot.emmc-boot1 honoured. A switch back to boot0, the
 * documented enable, is always allowed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>

#include "core/mtk_bootmedia.h"
#include "engine.h"
#include "formats/fmt.h"

/*
 * The slot the card boots from. 0 with *act set (NULL: none of @c's slots
 * is enabled, which is known), or the error of EXT_CSD read: unknown.
 */
static int mtk_bm_extcsd_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
				char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;
	struct mtk_bm_slot *s;
	int ret, sel;
	u8 *ext;

	*act = NULL;
	ext = kmalloc(512, GFP_KERNEL);
	if (!ext)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	ret = mtk_bm_emmc_read_ext_csd(m, ext);
	sel = ret ? 0 : (ext[179] >> 3) & 7;
	kfree(ext);
	if (ret) {
		mtk_fmt_msg(err, errlen, "cannot read EXT_CSD (%pe)", ERR_PTR(ret));
		return ret;
	}
	list_for_each_entry(s, &m->slots, node) {
		if (s->comp == c && s->loc.type == MTK_BM_LOC_EMMC_BOOT &&
		    s->loc.boot + 1 == sel) {
			*act = s;
			return 0;
		}
	}
	mtk_fmt_msg(err, errlen, "the card boots from %s, no slot of %s is there",
		    sel == 7 ? "the user area" : sel == 0 ? "nothing (boot disabled)" :
		    sel == 1 ? "boot0" : sel == 2 ? "boot1" : "a reserved value",
		    config_item_name(&c->group.cg_item));
	return 0;
}

/*
 * the refusal of a medium that does not state boot1_honoured: @err for
 * result ("<op>: <err>"), the same line in the kernel log
 */
static int mtk_bm_extcsd_unproven(struct mtk_bm_component *c, const char *op,
				  const char *what, char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;

	mtk_fmt_msg(err, errlen,
		    "%srefused: boot1_honoured is 0 (no source says the MediaTek BootROM loads BL2 from boot1): nothing written; use switch single",
		    what);
	pr_warn("%s/%s: %s: %s\n", config_item_name(&m->group.cg_item),
		config_item_name(&c->group.cg_item), op, err);
	return -EOPNOTSUPP;
}

static int mtk_bm_extcsd_refuse_stage(struct mtk_bm_component *c, struct mtk_bm_slot *s,
				      char *err, size_t errlen)
{
	if (READ_ONCE(c->medium->boot1_honoured))
		return 0;
	return mtk_bm_extcsd_unproven(c, "stage", "", err, errlen);
}

static int mtk_bm_extcsd_refuse_activate(struct mtk_bm_component *c, struct mtk_bm_slot *s,
					 char *err, size_t errlen)
{
	struct mtk_bm_component *dc = s->loc.type == MTK_BM_LOC_EMMC_BOOT ?
		mtk_bm_boot_area_data(c->medium, s->loc.boot) : NULL;

	/* a boot area that holds data is never enabled (as boot_partition) */
	if (dc) {
		mtk_fmt_msg(err, errlen,
			    "boot%d refused: it holds %s (kind data), not BL2: nothing written",
			    s->loc.boot, config_item_name(&dc->group.cg_item));
		return -EPERM;
	}
	if (READ_ONCE(c->medium->boot1_honoured) ||
	    (s->loc.type == MTK_BM_LOC_EMMC_BOOT && s->loc.boot == 0))
		return 0;
	return mtk_bm_extcsd_unproven(c, "active", "a switch to boot1 ", err, errlen);
}

static int mtk_bm_extcsd_activate(struct mtk_bm_component *c, struct mtk_bm_slot *act,
				  struct mtk_bm_slot *s, char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;
	int ret;
	u8 *ext;

	ret = mtk_bm_emmc_set_boot(m, s->loc.boot + 1, -1);
	if (ret) {
		strscpy(err, m->status, errlen);
		return ret;
	}
	ext = kmalloc(512, GFP_KERNEL);
	ret = ext ? mtk_bm_emmc_read_ext_csd(m, ext) : -ENOMEM;
	if (!ret && ((ext[179] >> 3) & 7) != s->loc.boot + 1)
		ret = -EIO;
	kfree(ext);
	if (ret)
		mtk_fmt_msg(err, errlen, "EXT_CSD does not show boot%d after the switch",
			    s->loc.boot);
	return ret;
}

const struct mtk_bm_engine mtk_bm_engine_extcsd = {
	.name = "extcsd",
	.flags = MTK_BM_ENG_INACTIVE,
	.stage_note = "inactive slot; write it to active to switch",
	.active = mtk_bm_extcsd_active,
	.refuse_stage = mtk_bm_extcsd_refuse_stage,
	.refuse_activate = mtk_bm_extcsd_refuse_activate,
	.activate = mtk_bm_extcsd_activate,
};
