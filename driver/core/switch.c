// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the switch engines. `stage` writes the staged image to a
 * slot through mtk_bm_slot_write(); `active` reads which slot the boot
 * chain uses next and, written, commits the switch:
 *
 *   single      one slot, written in place; the old content is kept in
 *               memory and written back if the new one does not read back
 *               (only when the write changed something)
 *   rom-copies  BL2 copies the BootROM scans in chip offset order: one copy
 *               at a time, its header block erased first and programmed
 *               last, never the last valid copy
 *   extcsd      eMMC boot0/boot1: one CMD6 of PARTITION_CONFIG
 *   gpt         GPT partitions: the names are swapped (gpt.c)
 *   ubi         static UBI volumes: the helper writes and renames (ubi.c
 *               re-checks); `stage` and `active` writes are refused
 *   bspconf     MediaTek dual FIP: the record names the slot (bspconf_emmc.c);
 *               on UBI the helper writes the FIP and the record the
 *               kernel composed (bspconf_ubi.c)
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "formats/fmt.h"
#include "mtk_bootmedia.h"

static const char mtk_bm_single_risk[] =
	"in place: a power cut during this write could have bricked the board (UART recovery)";
#define MTK_BM_WHY_LEN		160

static const char * const mtk_bm_switch_names[] = {
	[MTK_BM_SW_NONE] = "none",
	[MTK_BM_SW_SINGLE] = "single",
	[MTK_BM_SW_ROM_COPIES] = "rom-copies",
	[MTK_BM_SW_EXTCSD] = "extcsd",
	[MTK_BM_SW_GPT] = "gpt",
	[MTK_BM_SW_UBI] = "ubi",
	[MTK_BM_SW_BSPCONF] = "bspconf",
};

const char *mtk_bm_switch_name(enum mtk_bm_switch sw)
{
	return sw < ARRAY_SIZE(mtk_bm_switch_names) ? mtk_bm_switch_names[sw] : "?";
}

int mtk_bm_switch_parse(const char *str, enum mtk_bm_switch *sw)
{
	int i = match_string(mtk_bm_switch_names, ARRAY_SIZE(mtk_bm_switch_names), str);

	if (i < 0)
		return -EINVAL;
	*sw = i;
	return 0;
}

static const char *mtk_bm_slot_name(struct mtk_bm_slot *s)
{
	return config_item_name(&s->group.cg_item);
}

static struct mtk_bm_slot *mtk_bm_find_slot(struct mtk_bm_component *c, const char *name)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &c->medium->slots, node)
		if (s->comp == c && !strcmp(mtk_bm_slot_name(s), name))
			return s;
	return NULL;
}

/* where a copy starts on the chip (partition offset + slot offset) */
static u64 mtk_bm_chip_offset(struct mtk_bm_slot *s)
{
	return mtk_bm_mtd_chip_offset(s) + s->loc.offset;
}

static int mtk_bm_cmp_offset(const void *a, const void *b)
{
	struct mtk_bm_slot *x = *(struct mtk_bm_slot * const *)a;
	struct mtk_bm_slot *y = *(struct mtk_bm_slot * const *)b;
	u64 ox = mtk_bm_chip_offset(x), oy = mtk_bm_chip_offset(y);

	return ox < oy ? -1 : ox > oy;
}

/*
 * The slots of @c in the order the BootROM reads them (chip offsets), in
 * *@vp (kmalloc'd, the caller frees it); returns how many, or -ENOMEM.
 */
static int mtk_bm_copies(struct mtk_bm_component *c, struct mtk_bm_slot ***vp)
{
	struct mtk_bm_slot *s, **v;
	int n = 0;

	list_for_each_entry(s, &c->medium->slots, node)
		if (s->comp == c)
			n++;
	v = kmalloc_array(max(n, 1), sizeof(*v), GFP_KERNEL);
	*vp = v;
	if (!v)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(s, &c->medium->slots, node)
		if (s->comp == c)
			v[n++] = s;
	sort(v, n, sizeof(*v), mtk_bm_cmp_offset, NULL);
	return n;
}

/* one slot exactly (single) */
static struct mtk_bm_slot *mtk_bm_only_slot(struct mtk_bm_component *c, char *err,
					    size_t errlen)
{
	struct mtk_bm_slot *s, *only = NULL;
	int n = 0;

	list_for_each_entry(s, &c->medium->slots, node) {
		if (s->comp == c) {
			only = s;
			n++;
		}
	}
	if (n != 1) {
		snprintf(err, errlen, "switch single needs exactly one slot, %s has %d",
			 config_item_name(&c->group.cg_item), n);
		return NULL;
	}
	return only;
}

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
		snprintf(err, errlen, "cannot read EXT_CSD (%pe)", ERR_PTR(ret));
		return ret;
	}
	list_for_each_entry(s, &m->slots, node) {
		if (s->comp == c && s->loc.type == MTK_BM_LOC_EMMC_BOOT &&
		    s->loc.boot + 1 == sel) {
			*act = s;
			return 0;
		}
	}
	snprintf(err, errlen, "the card boots from %s, no slot of %s is there",
		 sel == 7 ? "the user area" : sel == 0 ? "nothing (boot disabled)" :
		 sel == 1 ? "boot0" : sel == 2 ? "boot1" : "a reserved value",
		 config_item_name(&c->group.cg_item));
	return 0;
}

/*
 * The slot whose GPT entry is named "fip" (the first entry by index, as
 * BL2 takes it). Every slot's entry must resolve: an entry renamed or
 * removed outside, or an unreadable GPT, leaves the answer unknown (the
 * error), since that slot may be the one BL2 loads.
 */
static int mtk_bm_gpt_active(struct mtk_bm_component *c, struct mtk_bm_slot **act,
			     char *err, size_t errlen)
{
	struct mtk_bm_slot *s;
	char name[40];
	u64 first, nr;
	int ret;

	*act = NULL;
	list_for_each_entry(s, &c->medium->slots, node) {
		if (s->comp != c || s->loc.type != MTK_BM_LOC_GPT)
			continue;
		ret = mtk_bm_gpt_slot(c->medium, s, &first, &nr, name, sizeof(name), err,
				      errlen);
		if (ret) {
			*act = NULL;
			return ret;
		}
		if (!strcmp(name, MTK_BM_BOOT_NAME) &&
		    (!*act || s->gpt_index < (*act)->gpt_index))
			*act = s;
	}
	if (!*act)
		snprintf(err, errlen, "no slot of %s is the GPT partition named %s",
			 config_item_name(&c->group.cg_item), MTK_BM_BOOT_NAME);
	return 0;
}

/**
 * mtk_bm_active_get() - which slot the boot chain uses next, from the media
 * @c: the component (medium lock held, medium bound)
 * @act: receives the slot, or NULL when none of @c's slots is used (known)
 * @err: receives the reason when there is none or it is not known
 * @errlen: size of @err
 *
 * Return: 0 when known (even as none), or a negative errno when it cannot
 * be determined (the media could not be read, a slot's GPT entry changed
 * outside, no usable bspconf record): callers that write must then write
 * no slot.
 */
int mtk_bm_active_get(struct mtk_bm_component *c, struct mtk_bm_slot **act, char *err,
		      size_t errlen)
{
	struct mtk_bm_slot **v;
	char why[MTK_BM_WHY_LEN];
	int i, n;

	*act = NULL;
	switch (c->sw) {
	case MTK_BM_SW_SINGLE:
		*act = mtk_bm_only_slot(c, err, errlen);
		return *act ? 0 : -EINVAL;
	case MTK_BM_SW_ROM_COPIES:
		n = mtk_bm_copies(c, &v);
		if (n < 0)
			return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		for (i = 0; i < n && !*act; i++)
			if (mtk_bm_slot_valid(v[i], why, sizeof(why)))
				*act = v[i];
		kfree(v);
		if (!*act)
			snprintf(err, errlen, "no slot holds a valid copy");
		return 0;
	case MTK_BM_SW_EXTCSD:
		return mtk_bm_extcsd_active(c, act, err, errlen);
	case MTK_BM_SW_GPT:
		return mtk_bm_gpt_active(c, act, err, errlen);
	case MTK_BM_SW_UBI:
		*act = mtk_bm_ubi_active(c, err, errlen);
		return *act ? 0 : -ENOENT;
	case MTK_BM_SW_BSPCONF:
		*act = mtk_bm_dualfip_active(c, err, errlen);
		return *act ? 0 : -EBUSY;
	default:
		snprintf(err, errlen, "no switch type set (write one to switch)");
		return -EOPNOTSUPP;
	}
}

/**
 * mtk_bm_active_slot() - the slot the boot chain uses next, from the media
 * @c: the component (medium lock held, medium bound)
 * @err: receives why there is none
 * @errlen: size of @err
 *
 * Return: the slot, or NULL with the reason in @err (none, or not known:
 * mtk_bm_active_get() tells the two apart).
 */
struct mtk_bm_slot *mtk_bm_active_slot(struct mtk_bm_component *c, char *err,
				       size_t errlen)
{
	struct mtk_bm_slot *s;

	mtk_bm_active_get(c, &s, err, errlen);
	return s;
}

/**
 * mtk_bm_active_show() - `active`: "<slot>" or "none (<why>)"
 * @c: the component (medium lock held)
 * @buf: receives the text
 * @len: size of @buf
 *
 * Return: the length of the text.
 */
int mtk_bm_active_show(struct mtk_bm_component *c, char *buf, size_t len)
{
	struct mtk_bm_medium *m = c->medium;
	char err[MTK_BM_WHY_LEN] = "";
	struct mtk_bm_slot *s;

	if (!m->enabled || READ_ONCE(m->gone))
		return scnprintf(buf, len, "none (medium not bound)\n");
	s = mtk_bm_active_slot(c, err, sizeof(err));
	if (!s)
		return scnprintf(buf, len, "none (%s)\n", err);
	return scnprintf(buf, len, "%s\n", mtk_bm_slot_name(s));
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

/* write + a format check of what the slot now holds */
static int mtk_bm_stage_one(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			    unsigned int flags, char *err, size_t errlen)
{
	char why[MTK_BM_WHY_LEN];
	int ret;

	ret = mtk_bm_slot_write(s, c->image, c->image_len, flags, err, errlen);
	if (ret)
		return ret;
	if (c->kind == MTK_BM_KIND_DATA || mtk_bm_slot_valid(s, why, sizeof(why)))
		return 0;
	/* removed between the write and the check: not an I/O error */
	if (READ_ONCE(c->medium->gone))
		return mtk_fmt_fail(err, errlen, ENODEV,
				    "slot %s was written and read back, then the device went away",
				    mtk_bm_slot_name(s));
	return mtk_fmt_fail(err, errlen, EIO, "slot %s reads back as %s",
			    mtk_bm_slot_name(s), why);
}

/* single: keep the old content, write, put the old content back on failure */
static int mtk_bm_stage_single(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			       char *err, size_t errlen)
{
	struct mtk_bm_medium *m = c->medium;
	size_t unit = m->type == MTK_BM_TYPE_EMMC ? 512 : m->erasesize;
	size_t keep = round_up(c->image_len, unit), got = 0;
	char err2[MTK_BM_WHY_LEN];
	u8 *old;
	int ret, ret2;

	old = vmalloc(keep);
	if (!old)
		return mtk_fmt_fail(err, errlen, ENOMEM, "no memory to keep the old image");
	ret = mtk_bm_slot_read(s, old, keep, &got, err, errlen);
	if (ret)
		goto out;
	c->touched = false;
	ret = mtk_bm_stage_one(c, s, MTK_BM_W_FIRST_BLOCK_LAST, err, errlen);
	/* nothing changed on the media (refused before the first write): keep it */
	if (!ret || ret == -ENODEV || !c->touched)
		goto out;
	ret2 = mtk_bm_slot_write(s, old, got, MTK_BM_W_FIRST_BLOCK_LAST, err2, sizeof(err2));
	if (ret2)
		snprintf(err + strlen(err), errlen - strlen(err),
			 "; writing the old image back failed too (%.80s): the board may not boot, recover over UART",
			 err2);
	else
		snprintf(err + strlen(err), errlen - strlen(err),
			 "; the old image was written back");
out:
	vfree(old);
	return ret;
}

static int mtk_bm_stage_copies(struct mtk_bm_component *c, struct mtk_bm_slot *only,
			       char *err, size_t errlen)
{
	struct mtk_bm_slot **v;
	int i, n = mtk_bm_copies(c, &v), ret = 0;

	if (n < 0)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	/* the copies the BootROM reads later first, the first copy last */
	for (i = n - 1; i >= 0 && !ret; i--) {
		if (only && v[i] != only)
			continue;
		if (mtk_bm_last_copy(v, n, v[i]))
			ret = mtk_fmt_fail(err, errlen, EBUSY,
					   "slot %s holds the only valid copy: write another slot first (or stage all)",
					   mtk_bm_slot_name(v[i]));
		else
			ret = mtk_bm_stage_one(c, v[i], MTK_BM_W_FIRST_BLOCK_LAST, err, errlen);
	}
	kfree(v);
	return ret;
}

/**
 * mtk_bm_stage() - `stage`: write the staged image to a slot
 * @c: the component (medium lock held)
 * @arg: "<slot>", "<slot> force", "all" (rom-copies)
 *
 * Return: 0 or a negative errno; the outcome is in `result`.
 */
int mtk_bm_stage(struct mtk_bm_component *c, const char *arg)
{
	struct mtk_bm_medium *m = c->medium;
	char name[64], err[MTK_BM_STATUS_LEN - 64] = "", *sp;
	struct mtk_bm_slot *s = NULL, *act;
	bool force = false, all;
	const char *how;
	u64 size;
	int ret;

	c->generation++;
	strscpy(name, arg, sizeof(name));
	sp = strchr(name, ' ');
	if (sp) {
		*sp++ = '\0';
		if (strcmp(sp, "force"))
			return mtk_bm_comp_result(c, -EINVAL,
						  "stage: expected <slot> or <slot> force");
		force = true;
	}
	all = !strcmp(name, "all");
	if (!c->image)
		return mtk_bm_comp_result(c, -ENODATA,
					  "stage: no image staged (write one to image first)");
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV, "stage: medium not bound");
	switch (c->sw) {
	case MTK_BM_SW_NONE:
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "stage: no switch type set (write one to switch)");
	case MTK_BM_SW_UBI:
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "stage: the kernel cannot write static UBI volumes: use mtk-bootmedia install (ubiupdatevol + ubirename)");
	default:
		break;
	}
	s = mtk_bm_find_slot(c, name);
	if (c->sw == MTK_BM_SW_BSPCONF && s && s->loc.type == MTK_BM_LOC_UBI)
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "stage: the kernel cannot write static UBI volumes: use mtk-bootmedia install %s FILE (ubiupdatevol, then the bspconf record)",
					  config_item_name(&c->group.cg_item));
	if (all && c->sw != MTK_BM_SW_ROM_COPIES)
		return mtk_bm_comp_result(c, -EINVAL, "stage: all is for switch rom-copies only");
	if (!all) {
		s = mtk_bm_find_slot(c, name);
		if (!s)
			return mtk_bm_comp_result(c, -ENOENT, "stage: no slot %s", name);
		size = mtk_bm_slot_size(s, true, err, sizeof(err));
		if (c->image_len > size)
			return mtk_bm_comp_result(c, -EFBIG,
						  "stage: image of %zu bytes, slot %s holds %llu",
						  c->image_len, name, (unsigned long long)size);
	}
	if (c->kind != MTK_BM_KIND_DATA) {
		ret = mtk_bm_image_verify(c, force);
		if (ret)
			return ret;	/* result has the reason */
	}
	if (c->sw == MTK_BM_SW_EXTCSD || c->sw == MTK_BM_SW_GPT ||
	    c->sw == MTK_BM_SW_BSPCONF) {
		ret = mtk_bm_active_get(c, &act, err, sizeof(err));
		/* no usable record: BL2 may load either slot */
		if (ret && c->sw == MTK_BM_SW_BSPCONF)
			return mtk_bm_comp_result(c, -EBUSY,
						  "stage: which slot BL2 loads is not known (%s): not writing either",
						  err);
		/* fail closed: the slot that boots may be the one asked for */
		if (ret)
			return mtk_bm_comp_result(c, ret,
						  "stage: which slot the boot chain uses is not known (%s): not writing any slot",
						  err);
		if (act == s)
			return mtk_bm_comp_result(c, -EBUSY,
						  "stage: slot %s is active: stage the other slot, then switch",
						  name);
	}
	if (c->sw == MTK_BM_SW_SINGLE && mtk_bm_only_slot(c, err, sizeof(err)) != s)
		return mtk_bm_comp_result(c, -EINVAL, "stage: %s", err);

	err[0] = '\0';
	if (c->sw == MTK_BM_SW_SINGLE)
		ret = mtk_bm_stage_single(c, s, err, sizeof(err));
	else if (c->sw == MTK_BM_SW_ROM_COPIES)
		ret = mtk_bm_stage_copies(c, s, err, sizeof(err));
	else
		ret = mtk_bm_stage_one(c, s, 0, err, sizeof(err));
	if (ret)
		return mtk_bm_comp_result(c, ret, "stage %s: %s", name, err);
	if (c->sw == MTK_BM_SW_SINGLE)
		how = mtk_bm_single_risk;
	else if (c->sw == MTK_BM_SW_ROM_COPIES)
		how = "one copy at a time";
	else
		how = "inactive slot; write it to active to switch";
	return mtk_bm_comp_result(c, 0, "stage %s: %zu bytes written and read back (%s)",
				  name, c->image_len, how);
}

/**
 * mtk_bm_activate() - `active` write: make @name the slot used next
 * @c: the component (medium lock held)
 * @name: the slot
 *
 * Return: 0 or a negative errno; the outcome is in `result`.
 */
int mtk_bm_activate(struct mtk_bm_component *c, const char *name)
{
	struct mtk_bm_medium *m = c->medium;
	char err[MTK_BM_STATUS_LEN - 64] = "", why[MTK_BM_WHY_LEN];
	struct mtk_bm_slot *s, *act;
	int ret;
	u8 *ext;

	c->generation++;
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV, "active: medium not bound");
	s = mtk_bm_find_slot(c, name);
	if (!s)
		return mtk_bm_comp_result(c, -ENOENT, "active: no slot %s", name);
	/* a new switch replaces a record the helper has not written yet */
	mtk_bm_dualfip_ubi_clear(c);
	act = mtk_bm_active_slot(c, err, sizeof(err));
	if (act == s)
		return mtk_bm_comp_result(c, 0, "active: %s is already active", name);
	switch (c->sw) {
	case MTK_BM_SW_EXTCSD:
	case MTK_BM_SW_GPT:
	case MTK_BM_SW_BSPCONF:
		break;
	case MTK_BM_SW_UBI:
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "active: the kernel has no UBI rename: use mtk-bootmedia activate %s %s (ubirename)",
					  config_item_name(&c->group.cg_item), name);
	case MTK_BM_SW_NONE:
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "active: no switch type set (write one to switch)");
	default:
		return mtk_bm_comp_result(c, -EINVAL, "active: switch %s has nothing to switch",
					  mtk_bm_switch_name(c->sw));
	}
	if (!mtk_bm_slot_valid(s, why, sizeof(why)))
		return mtk_bm_comp_result(c, -EINVAL,
					  "active: slot %s is %s: stage a good image there first",
					  name, why);
	if (c->sw == MTK_BM_SW_EXTCSD) {
		ret = mtk_bm_emmc_set_boot(m, s->loc.boot + 1, -1);
		if (ret)
			return mtk_bm_comp_result(c, ret, "active: %s", m->status);
		ext = kmalloc(512, GFP_KERNEL);
		ret = ext ? mtk_bm_emmc_read_ext_csd(m, ext) : -ENOMEM;
		if (!ret && ((ext[179] >> 3) & 7) != s->loc.boot + 1)
			ret = -EIO;
		kfree(ext);
		if (ret)
			return mtk_bm_comp_result(c, ret,
						  "active: EXT_CSD does not show boot%d after the switch",
						  s->loc.boot);
	} else if (c->sw == MTK_BM_SW_BSPCONF) {
		err[0] = '\0';
		ret = mtk_bm_dualfip_commit(c, s, err, sizeof(err));
		if (ret == MTK_BM_PENDING)
			return mtk_bm_comp_result(c, 0, "active: %s pending (was %s); %s", name,
						  act ? mtk_bm_slot_name(act) : "none", err);
		if (ret)
			return mtk_bm_comp_result(c, ret, "active: %s", err);
	} else {
		if (!act)
			return mtk_bm_comp_result(c, -EINVAL, "active: %s", err);
		ret = mtk_bm_gpt_swap_names(m, act, s, err, sizeof(err));
		if (ret)
			return mtk_bm_comp_result(c, ret, "active: %s", err);
	}
	return mtk_bm_comp_result(c, 0, "active: %s (was %s)%s%s", name,
				  act ? mtk_bm_slot_name(act) : "none", err[0] ? "; " : "", err);
}
