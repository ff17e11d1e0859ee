// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: `stage` and `active`, through the component's switch
 * engine. `stage` writes the staged image to a slot through
 * mtk_bm_slot_write(); `active` reads which slot the boot chain uses next
 * and, written, commits the switch. What differs between engines is in
 * their struct mtk_bm_engine (engine/, listed in engine/table.c): this file
 * never names one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "formats/fip.h"
#include "formats/fmt.h"
#include "mtk_bootmedia.h"

/**
 * mtk_bm_switch_parse() - the engine a `switch` value names
 * @str: the value ("none" for no engine)
 * @sw: receives the first engine of that name, or NULL for none
 *
 * Return: 0, or -EINVAL for an unknown name.
 */
int mtk_bm_switch_parse(const char *str, const struct mtk_bm_engine **sw)
{
	const struct mtk_bm_engine *const *e;

	if (!strcmp(str, "none")) {
		*sw = NULL;
		return 0;
	}
	for (e = mtk_bm_engines; *e; e++) {
		if (!strcmp((*e)->name, str)) {
			*sw = *e;
			return 0;
		}
	}
	return -EINVAL;
}

/* "none, single, ... or bspconf": the values `switch` takes */
void mtk_bm_switch_names(char *buf, size_t len)
{
	const struct mtk_bm_engine *const *e, *const *d;
	size_t n = scnprintf(buf, len, "none");
	const char *last = NULL;

	for (e = mtk_bm_engines; *e; e++) {
		for (d = mtk_bm_engines; d < e && strcmp((*d)->name, (*e)->name); d++)
			;
		if (d < e)
			continue;	/* a name seen before */
		if (last)
			n += scnprintf(buf + n, len - n, ", %s", last);
		last = (*e)->name;
	}
	if (last)
		scnprintf(buf + n, len - n, " or %s", last);
}

const char *mtk_bm_switch_name(const struct mtk_bm_engine *sw)
{
	return sw ? sw->name : "none";
}

/**
 * mtk_bm_engine() - the engine of a component
 * @c: the component (medium lock held)
 *
 * Return: of the engines named by `switch`, the first that accepts @c, or
 * NULL (no switch set).
 */
const struct mtk_bm_engine *mtk_bm_engine(struct mtk_bm_component *c)
{
	const struct mtk_bm_engine *const *e;
	const struct mtk_bm_engine *sw = c->sw;

	if (!sw)
		return NULL;
	for (e = mtk_bm_engines; *e; e++)
		if (!strcmp((*e)->name, sw->name) && (!(*e)->match || (*e)->match(c)))
			return *e;
	return sw;
}

/* drop what any engine keeps for the helper (a new switch, unbind) */
void mtk_bm_engine_clear(struct mtk_bm_component *c)
{
	const struct mtk_bm_engine *const *e;

	for (e = mtk_bm_engines; *e; e++)
		if ((*e)->clear)
			(*e)->clear(c);
}

const char *mtk_bm_slot_name(struct mtk_bm_slot *s)
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
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);

	return (media && media->slot_offset ? media->slot_offset(s) : 0) + s->loc.offset;
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
int mtk_bm_copies(struct mtk_bm_component *c, struct mtk_bm_slot ***vp)
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
	const struct mtk_bm_engine *eng = mtk_bm_engine(c);

	*act = NULL;
	if (!eng) {
		mtk_fmt_msg(err, errlen, "no switch type set (write one to switch)");
		return -EOPNOTSUPP;
	}
	return eng->active(c, act, err, errlen);
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

/*
 * write + a format check of what the slot now holds; with @keep
 * (MTK_BM_W_KEEP_OLD, switch single on MTD) the staged buffer is lent to
 * the writer and holds old content after a success: what the proof needs
 * of it is taken before
 */
int mtk_bm_stage_one(struct mtk_bm_component *c, struct mtk_bm_slot *s,
		     unsigned int flags, struct mtk_bm_keep *keep, char *err, size_t errlen)
{
	struct mtk_bm_witness w0, w1;
	char why[MTK_BM_WHY_LEN];
	bool fip = false, wit;
	u64 extent;
	u32 crc = 0;
	int ret;

	if (c->kind == MTK_BM_KIND_FIP && !mtk_fip_extent(c->image, c->image_len, &extent) &&
	    extent && extent <= c->image_len) {
		fip = true;
		crc = mtk_fmt_crc32(0, c->image, extent);
	}
	wit = !mtk_bm_slot_witness(s, &w0);
	if (keep)
		ret = mtk_bm_slot_write_keep(s, keep, c->image_len, flags, err, errlen);
	else
		ret = mtk_bm_slot_write(s, c->image, c->image_len, flags, err, errlen);
	if (ret)
		return ret;
	/* test build only (race=stage): another writer's write lands here */
	mtk_bm_test_sleep("stage");
	/*
	 * The witness holds for the bytes written only when this write was
	 * the only one to the slot's device meanwhile (the count moved by
	 * exactly the padded image: a writer racing the write and its
	 * read-back, while a boot disk's read-only flag was lifted for it,
	 * moves it further) and the slot did not move.
	 */
	wit = wit && !mtk_bm_slot_witness(s, &w1) && w1.start == w0.start &&
	      w1.len == w0.len && w1.writes - w0.writes == round_up(c->image_len, 512);
	/*
	 * A FIP: the image passed verify and mtk_bm_write() read every byte
	 * back and compared it, the ToC and all it covers included, so the
	 * slot holds exactly these bytes. They are recorded as the slot's
	 * proof and not read a third time: no second image-sized buffer while
	 * the staged one is held (issue 17). `state` still reads them all and
	 * compares the CRC32; `active` does not while the witness says nothing
	 * wrote the slot since (core/proof.c). Other kinds get the format checks
	 * of what the slot now holds.
	 */
	if (fip) {
		mtk_bm_slot_prove_crc(s, extent, crc, wit ? &w1 : NULL);
		return 0;
	}
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

#ifdef MTK_BM_TEST_KNOBS
static char *break_order = "";
module_param(break_order, charp, 0644);
MODULE_PARM_DESC(break_order,
		 "TEST BUILD ONLY: an engine whose write order is broken (extcsd, gpt: the switch before the data; bspconf: the active slot written in place; rom-copies: the last valid copy written over)");

bool mtk_bm_test_break(const char *engine)
{
	bool hit;

	/* a write of the parameter frees the string it replaces: read under its lock */
	kernel_param_lock(THIS_MODULE);
	hit = break_order && sysfs_streq(break_order, engine);
	kernel_param_unlock(THIS_MODULE);
	return hit;
}
#endif

/**
 * mtk_bm_stage() - `stage`: write the staged image to a slot
 * @c: the component (medium lock held)
 * @arg: "<slot>", "<slot> force", "<slot> check", "all" (rom-copies)
 *
 * "<slot> check" makes every check of "<slot>", the good blocks the image
 * needs included, and writes nothing (the image stays staged).
 *
 * Return: 0 or a negative errno; the outcome is in `result`.
 */
int mtk_bm_stage(struct mtk_bm_component *c, const char *arg)
{
	struct mtk_bm_medium *m = c->medium;
	char name[64], err[MTK_BM_REASON_LEN - 64] = "", *sp;
	const struct mtk_bm_engine *eng;
	struct mtk_bm_slot *s = NULL, *act = NULL;
	bool force = false, check = false, all;
	size_t len;
	u64 size;
	int ret;
	/*
	 * a verify of this image ran and nothing changed since (a new image,
	 * switch, stage, active, unbind: each bumps generation)
	 */
	bool checked = c->image && c->verified && c->verified == c->generation;

	c->generation++;
	strscpy(name, arg, sizeof(name));
	sp = strchr(name, ' ');
	if (sp) {
		*sp++ = '\0';
		force = !strcmp(sp, "force");
		check = !strcmp(sp, "check");
		if (!force && !check)
			return mtk_bm_comp_result(c, -EINVAL,
						  "stage: expected <slot>, <slot> force or <slot> check");
	}
	all = !strcmp(name, "all");
	if (all && check)
		return mtk_bm_comp_result(c, -EINVAL, "stage: check is for one slot");
	if (!c->image)
		return mtk_bm_comp_result(c, -ENODATA,
					  "stage: no image staged (write one to image first)");
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV, "stage: medium not bound");
	eng = mtk_bm_engine(c);
	if (!eng)
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "stage: no switch type set (write one to switch)");
	s = mtk_bm_find_slot(c, name);
	if (eng->refuse_stage) {
		ret = eng->refuse_stage(c, s, err, sizeof(err));
		if (ret)
			return mtk_bm_comp_result(c, ret, "stage: %s", err);
	}
	if (all && !(eng->flags & MTK_BM_ENG_STAGE_ALL))
		return mtk_bm_comp_result(c, -EINVAL, "stage: all is for switch rom-copies only");
	if (!all) {
		if (!s)
			return mtk_bm_comp_result(c, -ENOENT, "stage: no slot %s", name);
		size = mtk_bm_slot_size(s, true, err, sizeof(err));
		if (c->image_len > size)
			return mtk_bm_comp_result(c, -EFBIG,
						  "stage: image of %zu bytes, slot %s holds %llu",
						  c->image_len, name, (unsigned long long)size);
	}
	/* the checks of verify, unless that verify is what the caller just ran */
	if (c->kind != MTK_BM_KIND_DATA && !(checked && (force || !c->verified_force))) {
		ret = mtk_bm_image_verify(c, force);
		if (ret)
			return ret;	/* result has the reason */
	}
	if (eng->flags & MTK_BM_ENG_INACTIVE) {
		ret = mtk_bm_active_get(c, &act, err, sizeof(err));
		/* e.g. no usable bspconf record: BL2 may load either slot */
		if (ret && (eng->flags & MTK_BM_ENG_BL2_PICKS))
			return mtk_bm_comp_result(c, -EBUSY,
						  "stage: which slot BL2 loads is not known (%s): not writing either",
						  err);
		/* fail closed: the slot that boots may be the one asked for */
		if (ret)
			return mtk_bm_comp_result(c, ret,
						  "stage: which slot the boot chain uses is not known (%s): not writing any slot",
						  err);
		/* test build only: bspconf writes the slot BL2 loads, in place */
		if (act == s && !((eng->flags & MTK_BM_ENG_BL2_PICKS) &&
				  mtk_bm_test_break(eng->name)))
			return mtk_bm_comp_result(c, -EBUSY,
						  "stage: slot %s is active: stage the other slot, then switch",
						  name);
	}
	if (eng->check_stage) {
		ret = eng->check_stage(c, s, err, sizeof(err));
		if (ret)
			return mtk_bm_comp_result(c, ret, "stage: %s", err);
	}

	err[0] = '\0';
	/* the blocks the write would take (NAND): found, nothing written */
	if (check) {
		ret = mtk_bm_slot_write(s, c->image, c->image_len, MTK_BM_W_PLAN, err,
					sizeof(err));
		if (ret)
			return mtk_bm_comp_result(c, ret, "stage %s check: %s", name, err);
		return mtk_bm_comp_result(c, 0,
					  "stage %s check: %zu bytes would be written (nothing written)",
					  name, c->image_len);
	}
	/* test build only: the switch before the data (a negative control) */
	if ((eng->flags & MTK_BM_ENG_INACTIVE) && !(eng->flags & MTK_BM_ENG_BL2_PICKS) &&
	    eng->activate && mtk_bm_test_break(eng->name)) {
		ret = eng->activate(c, act, s, err, sizeof(err));
		if (ret < 0)
			return mtk_bm_comp_result(c, ret, "stage %s: broken order: %s", name, err);
		err[0] = '\0';
	}
	if (eng->stage)
		ret = eng->stage(c, s, err, sizeof(err));
	else
		ret = mtk_bm_stage_one(c, s, 0, NULL, err, sizeof(err));
	if (ret)
		return mtk_bm_comp_result(c, ret, "stage %s: %s", name, err);
	/*
	 * written, read back and checked: `active` needs the slot, not the
	 * kernel's copy, which is freed now rather than at unbind. rom-copies
	 * keeps it: its copies may be staged one by one.
	 */
	if (eng->flags & MTK_BM_ENG_STAGE_ALL)
		return mtk_bm_comp_result(c, 0, "stage %s: %zu bytes written and read back (%s)",
					  name, c->image_len, eng->stage_note);
	len = c->image_len;
	mtk_bm_image_drop(c);
	return mtk_bm_comp_result(c, 0,
				  "stage %s: %zu bytes written and read back (%s); staged image dropped",
				  name, len, eng->stage_note);
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
	char err[MTK_BM_REASON_LEN - 64] = "", why[MTK_BM_WHY_LEN];
	const struct mtk_bm_engine *eng;
	struct mtk_bm_slot *s, *act;
	int ret;

	c->generation++;
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV, "active: medium not bound");
	s = mtk_bm_find_slot(c, name);
	if (!s)
		return mtk_bm_comp_result(c, -ENOENT, "active: no slot %s", name);
	/* a new switch replaces a record the helper has not written yet */
	mtk_bm_engine_clear(c);
	act = mtk_bm_active_slot(c, err, sizeof(err));
	if (act == s)
		return mtk_bm_comp_result(c, 0, "active: %s is already active", name);
	eng = mtk_bm_engine(c);
	if (!eng)
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "active: no switch type set (write one to switch)");
	if (eng->refuse_activate) {
		ret = eng->refuse_activate(c, s, why, sizeof(why));
		if (ret)
			return mtk_bm_comp_result(c, ret, "active: %s", why);
	}
	if (!eng->activate)
		return mtk_bm_comp_result(c, -EINVAL, "active: switch %s has nothing to switch",
					  eng->name);
	/*
	 * what BL2 will read there passed the checks: proven by the stage (or
	 * a full check) and not written since, or read and checked now
	 */
	if (!mtk_bm_slot_unchanged(s) && !mtk_bm_slot_valid(s, why, sizeof(why)))
		return mtk_bm_comp_result(c, -EINVAL,
					  "active: slot %s is %s: stage a good image there first",
					  name, why);
	ret = eng->activate(c, act, s, err, sizeof(err));
	if (ret == MTK_BM_PENDING)
		return mtk_bm_comp_result(c, 0, "active: %s pending (was %s); %s", name,
					  act ? mtk_bm_slot_name(act) : "none", err);
	if (ret)
		return mtk_bm_comp_result(c, ret, "active: %s", err);
	return mtk_bm_comp_result(c, 0, "active: %s (was %s)%s%s", name,
				  act ? mtk_bm_slot_name(act) : "none", err[0] ? "; " : "", err);
}
