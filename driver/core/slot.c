// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: slots. The lazy `state` and `info`: the slot is read and
 * the format checks run only when one of them is read, never at bind; the
 * verify of a component's staged image (the same checks; staging it is
 * image.c). Parsing of `location` is location.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "formats/bl2.h"
#include "formats/board.h"
#include "formats/fip.h"
#include "mtk_bootmedia.h"

/* largest slot content read for the checks (a FIP is a few MiB) */
#define MTK_BM_READ_MAX		(8U << 20)
/* data slots: only this much is read to tell empty from used */
#define MTK_BM_READ_DATA	(64U << 10)

/* what an image holds, as the boot chain would see it */
struct mtk_bm_check {
	char err[256];		/* the reason of a failure; FIP: the board check */
	char compat[512];	/* running board */
	char bootconf[96];
	union {
		struct mtk_bl2_info bl2;
		struct {
			struct mtk_fip_info fip;
			struct mtk_board_id id;
		};
	};
};

static bool mtk_bm_all(const u8 *p, size_t n, u8 v)
{
	return n && p[0] == v && !memcmp(p, p + 1, n - 1);
}

static enum mtk_medium mtk_bm_fmt_medium(enum mtk_bm_type t)
{
	switch (t) {
	case MTK_BM_TYPE_SPI_NAND:
		return MTK_MEDIUM_SPI_NAND;
	case MTK_BM_TYPE_SPI_NOR:
		return MTK_MEDIUM_SPI_NOR;
	case MTK_BM_TYPE_EMMC:
		return MTK_MEDIUM_EMMC;
	default:
		return MTK_MEDIUM_UNKNOWN;
	}
}

static char *board;
module_param(board, charp, 0444);
MODULE_PARM_DESC(board,
		 "Board identity (DT root compatible list, space separated) for systems without a device tree, e.g. \"bananapi,bpi-r3mini mediatek,mt7986a\"");

/**
 * mtk_bm_board_override() - board identity given on the module command line
 *
 * Return: the string of the "board" module parameter, or NULL when it is
 * not set. The device tree, when present, takes precedence (see board.c).
 */
const char *mtk_bm_board_override(void)
{
	return board && *board ? board : NULL;
}

/*
 * running board: DT root compatible, or the board= parameter; the
 * bootconf U-Boot passed in /chosen/u-boot,bootconf where present
 */
static void mtk_bm_running(struct mtk_board_running *run, struct mtk_bm_check *c)
{
	struct device_node *np = of_find_node_by_path("/");
	const char *s;
	int i, n = 0;

	run->compatible = mtk_bm_board_override();
	run->bootconf = NULL;
	if (!np)
		return;
	for (i = 0; !of_property_read_string_index(np, "compatible", i, &s); i++)
		n += scnprintf(c->compat + n, sizeof(c->compat) - n, "%s%s", i ? " " : "", s);
	of_node_put(np);
	if (n)
		run->compatible = c->compat;
	np = of_find_node_by_path("/chosen");
	if (np && !of_property_read_string(np, "u-boot,bootconf", &s) && *s) {
		strscpy(c->bootconf, s, sizeof(c->bootconf));
		run->bootconf = c->bootconf;
	}
	of_node_put(np);
}

/*
 * The format checks of @kind for the bound medium and the running board;
 * @sha: a FIP's SHA-256 too (c->fip.sha256, for a summary or a result).
 * Return: 0 (FIP: c->err says how the board matched), or a negative errno
 * with the reason in c->err.
 */
static int mtk_bm_fmt_check(struct mtk_bm_medium *m, enum mtk_bm_kind kind,
			    const u8 *data, size_t got, struct mtk_bm_check *c,
			    bool force, bool sha)
{
	struct mtk_board_running run = {};
	enum mtk_board_verdict v;
	int ret;

	if (kind == MTK_BM_KIND_BL2) {
		struct mtk_bl2_target t = {
			.medium = mtk_bm_fmt_medium(m->type),
			.page_size = m->type == MTK_BM_TYPE_SPI_NAND ? m->writesize : 0,
			.spare_size = m->type == MTK_BM_TYPE_SPI_NAND ? m->oobsize : 0,
		};

		/* the SoC: the "mediatek,mtNNNN" entry of the running compatible */
		mtk_bm_running(&run, c);
		if (run.compatible)
			t.soc = strstr(run.compatible, "mediatek,mt");

		ret = mtk_bl2_parse(data, got, &c->bl2, c->err, sizeof(c->err));
		if (!ret)
			ret = mtk_bl2_check_target(&c->bl2, &t, c->err, sizeof(c->err));
		return ret;
	}
	if (kind != MTK_BM_KIND_FIP)
		return 0;
	if (sha)
		ret = mtk_fip_parse(data, got, &c->fip, c->err, sizeof(c->err));
	else
		ret = mtk_fip_check(data, got, &c->fip, c->err, sizeof(c->err));
	if (ret)
		return ret;
	if (mtk_board_fip_has_xz(data, got, &c->fip)) {
		/* BL2 unpacks xz images: read the identity from the unpacked one */
		u8 *xz = kvmalloc(MTK_XZ_MAX_OUT, GFP_KERNEL);

		if (!xz)
			return mtk_fmt_fail(c->err, sizeof(c->err), ENOMEM,
					    "no memory to unpack the FIP's xz images");
		ret = mtk_board_from_fip(data, got, &c->fip, &c->id, xz,
					 MTK_XZ_MAX_OUT, c->err, sizeof(c->err));
		kvfree(xz);
	} else {
		ret = mtk_board_from_fip(data, got, &c->fip, &c->id, NULL, 0,
					 c->err, sizeof(c->err));
	}
	if (ret)
		return ret;
	mtk_bm_running(&run, c);
	run.medium = mtk_bm_fmt_medium(m->type);
	return mtk_board_check(&c->id, &run, force, &v, c->err, sizeof(c->err));
}

/* why the component's engine refuses a FIP the format checks pass, or NULL */
static const char *mtk_bm_fip_refused(struct mtk_bm_component *comp, int checksum)
{
	const struct mtk_bm_engine *eng = mtk_bm_engine(comp);

	return eng && eng->fip_refused ? eng->fip_refused(checksum) : NULL;
}

/*
 * "valid" and, for info, the summary of the check @c found (of an image of
 * @kind the checks accepted)
 */
static int mtk_bm_valid_text(enum mtk_bm_kind kind, const struct mtk_bm_check *c,
			     char *buf, size_t len, bool info)
{
	int n = scnprintf(buf, len, "valid\n");

	if (!info || (kind != MTK_BM_KIND_BL2 && kind != MTK_BM_KIND_FIP))
		return n;	/* data: protected and backed up, no format */
	if (kind == MTK_BM_KIND_BL2)
		return n + mtk_bl2_summary(&c->bl2, buf + n, len - n);
	n += mtk_fip_summary(&c->fip, buf + n, len - n);
	n = min_t(int, n, len);
	n += mtk_board_summary(&c->id, buf + n, len - n);
	n = min_t(int, n, len);
	n += scnprintf(buf + n, len - n, "board_check: %s\n", c->err);
	return n;
}

static int mtk_bm_check(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			const u8 *data, size_t got, struct mtk_bm_check *c,
			char *buf, size_t len, bool info)
{
	enum mtk_bm_kind kind = s->comp->kind;
	const char *why;

	if (mtk_bm_fmt_check(m, kind, data, got, c, true, info))
		return scnprintf(buf, len, "invalid: %s\n", c->err);
	why = kind == MTK_BM_KIND_FIP ? mtk_bm_fip_refused(s->comp, c->fip.checksum) : NULL;
	if (why)
		return scnprintf(buf, len, "invalid: %s\n", why);
	/* info: the summary of the same check after the verdict */
	return mtk_bm_valid_text(kind, c, buf, len, info);
}

/**
 * mtk_bm_slot_size() - size of a slot of a bound medium
 * @s: the slot (medium lock held)
 * @capacity: UBI: what the volume can hold, not the data in it
 * @err: receives the reason when the size is not known
 * @errlen: size of @err
 *
 * Return: the size in bytes, or 0.
 */
u64 mtk_bm_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
		     size_t errlen)
{
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);

	if (!media) {
		strscpy(err, "no location", errlen);
		return 0;
	}
	return media->slot_size(s, capacity, err, errlen);
}

/**
 * mtk_bm_slot_read() - read the start of a slot of a bound medium
 * @s: the slot (medium lock held)
 * @buf: receives the data
 * @len: bytes wanted (a multiple of 512)
 * @got: receives the number of bytes read
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 * Return: 0 or a negative errno.
 */
int mtk_bm_slot_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		     char *err, size_t errlen)
{
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);

	*got = 0;
	if (!media)
		return mtk_fmt_fail(err, errlen, EINVAL, "no location");
	return media->slot_read(s, buf, len, got, err, errlen);
}

/**
 * mtk_bm_slot_valid() - does the slot hold an image the checks accept?
 * @s: the slot (medium lock held)
 * @why: receives the state line ("valid", "empty", "invalid: ...")
 * @len: size of @why
 */
bool mtk_bm_slot_valid(struct mtk_bm_slot *s, char *why, size_t len)
{
	int n = mtk_bm_slot_state(s, false, why, len);

	if (n < 0) {
		mtk_fmt_msg(why, len, "cannot be read (%pe)", ERR_PTR(n));
		return false;
	}
	strim(why);
	return !strcmp(why, "valid");
}

/*
 * "name: <current name>" of a gpt: or ubi: slot, which a switch may have
 * changed since the location was written
 */
static int mtk_bm_slot_name_line(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
				 char *buf, size_t len)
{
	const struct mtk_bm_media *media = mtk_bm_media_of_slot(s);
	char name[128] = "";

	if (media && media->slot_name && !media->slot_name(s, name, sizeof(name)))
		return scnprintf(buf, len, "name: %s\n", name);
	return 0;
}

/*
 * FIP slots: bytes read first, to find how far the ToC reaches (a ToC of
 * MTK_FIP_MAX_ENTRIES entries takes 1.3 KiB)
 */
#define MTK_BM_READ_TOC		4096U

/*
 * The slot read back as exactly the staged FIP a verify accepted (every
 * byte compared, not a checksum): what that verify found is what the
 * checks of these bytes find (they depend only on the bytes, the kind, the
 * engine and the running board). Issue 17: the helper writes a UBI volume
 * itself, then reads its info once; the checks are not run a second time.
 */
static const char *mtk_bm_slot_as_staged(struct mtk_bm_slot *s, const u8 *data, size_t len)
{
	struct mtk_bm_component *c = s->comp;

	if (!c->image_info || !c->image || c->image_info_kind != c->kind ||
	    c->image_info_sw != c->sw || len != c->image_len || memcmp(data, c->image, len))
		return NULL;
	return c->image_info;
}

/*
 * How much of a FIP slot to read: the ToC and the entries it covers (what
 * BL2 reads), from its first MTK_BM_READ_TOC bytes in @head; @want when
 * they are not a complete ToC (the full checks then say why).
 */
static size_t mtk_bm_fip_want(const u8 *head, size_t got, size_t want, u64 *extent)
{
	*extent = 0;
	/* an erased or zeroed slot: its start says so */
	if (mtk_bm_all(head, got, 0xff) || mtk_bm_all(head, got, 0x00))
		return got;
	if (mtk_fip_extent(head, got, extent) || !*extent || *extent > want)
		return want;
	return min_t(u64, round_up(*extent, 512), want);
}

/**
 * mtk_bm_slot_state() - `state` (@info false) or `info` of a slot
 * @s: the slot (medium lock held)
 * @info: the full description instead of the one-line state
 * @buf: receives the text
 * @len: size of @buf
 *
 * Return: bytes written to @buf, or a negative errno (not bound: -ENODEV).
 */
int mtk_bm_slot_state(struct mtk_bm_slot *s, bool info, char *buf, size_t len)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct mtk_bm_check *c;
	const char *staged;
	char err[160] = "";
	size_t want, got = 0;
	u64 size = 0, extent = 0;
	struct mtk_bm_witness w;
	bool wit, keep = false;
	u8 *data;
	int ret, n = 0;

	if (s->loc.type == MTK_BM_LOC_NONE)
		return scnprintf(buf, len, "invalid: no location\n");
	if (!m->enabled)
		return scnprintf(buf, len, "invalid: medium not bound (enable=0)\n");
	/*
	 * taken before the slot is read: a write during the read moves the
	 * count past it, and a switch then reads the slot again
	 */
	wit = !mtk_bm_slot_witness(s, &w);
	size = mtk_bm_slot_size(s, false, err, sizeof(err));
	if (!size) {
		s->proof.set = false;
		return scnprintf(buf, len, "invalid: %s\n", err[0] ? err : "slot has no size");
	}
	want = min_t(u64, size, s->comp->kind == MTK_BM_KIND_DATA ?
		     MTK_BM_READ_DATA : MTK_BM_READ_MAX);
	if (s->comp->kind == MTK_BM_KIND_FIP && want > MTK_BM_READ_TOC) {
		/* the ToC first: then only what it covers */
		data = kmalloc(MTK_BM_READ_TOC, GFP_KERNEL);
		if (!data)
			return -ENOMEM;
		ret = mtk_bm_slot_read(s, data, MTK_BM_READ_TOC, &got, err, sizeof(err));
		if (!ret)
			want = mtk_bm_fip_want(data, got, want, &extent);
		kfree(data);
		if (ret) {
			s->proof.set = false;
			return scnprintf(buf, len, "invalid: %s (%pe)\n", err, ERR_PTR(ret));
		}
	}
	data = vmalloc(want);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!data || !c) {
		ret = -ENOMEM;
		goto out;
	}
	ret = mtk_bm_slot_read(s, data, want, &got, err, sizeof(err));
	if (ret) {
		ret = scnprintf(buf, len, "invalid: %s (%pe)\n", err, ERR_PTR(ret));
		goto out;
	}
	/* the FIP itself, without the rest of the slot */
	if (extent && extent <= got)
		got = extent;
	if (info) {
		n = scnprintf(buf, len, "location: %s\nkind: %s\nsize: %llu\nread: %zu\n",
			      s->location_str, mtk_bm_kind_name(s->comp->kind),
			      (unsigned long long)size, got);
		n += mtk_bm_slot_name_line(m, s, buf + n, len - n);
	}
	if (mtk_bm_all(data, min_t(size_t, got, 4096), 0xff) ||
	    mtk_bm_all(data, min_t(size_t, got, 4096), 0x00) || !got) {
		ret = n + scnprintf(buf + n, len - n, info ? "state: empty\n" : "empty\n");
		goto out;
	}
	if (info)
		n += scnprintf(buf + n, len - n, "state: ");
	if (!info && extent == got && mtk_bm_slot_proven(s, data, got)) {
		/* the bytes read now: the witness taken before the read holds */
		s->proof.witnessed = wit;
		if (wit)
			s->proof.witness = w;
		keep = true;
		ret = n + scnprintf(buf + n, len - n, "valid\n");
		goto out;
	}
	staged = extent == got ? mtk_bm_slot_as_staged(s, data, got) : NULL;
	if (staged) {
		ret = n + scnprintf(buf + n, len - n, "%s", info ? staged : "valid\n");
		mtk_bm_slot_prove(s, data, got, wit ? &w : NULL);
		keep = true;
		goto out;
	}
	/* info: one check gives the verdict and the summary (issue 17) */
	ret = mtk_bm_check(m, s, data, got, c, buf + n, len - n, info);
	if (ret < 0)
		goto out;
	/* a BL2 copy whose read a bad block ended: say where */
	if (err[0] && ret > 1 && !strncmp(buf + n, "invalid: ", 9) &&
	    buf[n + ret - 1] == '\n')
		ret += scnprintf(buf + n + ret - 1, len - n - ret + 1, " (%s)\n", err) - 1;
	if (extent == got && !strncmp(buf + n, "valid\n", 6)) {
		mtk_bm_slot_prove(s, data, got, wit ? &w : NULL);
		keep = true;
	}
	ret = n + ret;
out:
	/* a proof holds only while a check finds its bytes valid */
	if (!keep)
		s->proof.set = false;
	kfree(c);
	vfree(data);
	return ret;
}

/**
 * mtk_bm_comp_result() - record the outcome of an image/verify for `result`
 * @c: the component (medium lock held)
 * @err: 0 for success, or a negative errno
 * @fmt: the summary or the specific reason
 *
 * The medium's status gets it too, prefixed with the component's name.
 *
 * Return: @err.
 */
int mtk_bm_comp_result(struct mtk_bm_component *c, int err, const char *fmt, ...)
{
	char msg[MTK_BM_RESULT_LEN - 24];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->ubi_rechecked = false;
	if (err)
		mtk_fmt_msg(c->result, sizeof(c->result), "error: %pe %s", ERR_PTR(err), msg);
	else
		mtk_fmt_msg(c->result, sizeof(c->result), "ok: %s", msg);
	return mtk_bm_set_status(c->medium, err, "%s: %s",
				 config_item_name(&c->group.cg_item), msg);
}

/*
 * Slots on UBI: the module cannot write static volumes, the helper does
 * (ubiupdatevol) and compares what it wrote with the image checked
 */
static bool mtk_bm_comp_on_ubi(struct mtk_bm_component *c)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &c->medium->slots, node)
		if (s->comp == c && s->loc.type == MTK_BM_LOC_UBI)
			return true;
	return false;
}

/*
 * The sha256 of the staged FIP's bytes up to the end its ToC gives
 * (mtk_fip_extent(), as a slot's read stops there), in hex: what `info` of
 * a slot holding this FIP says, so the helper compares a volume it wrote
 * itself with the image checked (issue 17: no copy, no hash in the shell).
 * The digest goes to @sha, its hex to @hex; *@n gets the bytes hashed.
 */
static void mtk_bm_image_sha(const struct mtk_bm_component *c, u8 *sha, char *hex, size_t *n)
{
	u64 end;
	size_t i;

	*n = c->image_len;
	if (!mtk_fip_extent(c->image, c->image_len, &end) && end < c->image_len)
		*n = end;
	mtk_fmt_sha256(c->image, *n, sha);
	for (i = 0; i < MTK_SHA256_LEN; i++)
		snprintf(hex + 2 * i, 3, "%02x", sha[i]);
}

/*
 * Keep what a verify found of the staged FIP, as a slot's info prints it,
 * for a slot that reads back as the same bytes (mtk_bm_slot_as_staged());
 * without memory, nothing is kept and info runs the checks.
 */
static void mtk_bm_image_info_keep(struct mtk_bm_component *c, const struct mtk_bm_check *chk)
{
	char *text = kmalloc(PAGE_SIZE, GFP_KERNEL);
	int n;

	if (!text)
		return;
	n = mtk_bm_valid_text(c->kind, chk, text, PAGE_SIZE, true);
	c->image_info = kmemdup_nul(text, n, GFP_KERNEL);
	c->image_info_kind = c->kind;
	c->image_info_sw = c->sw;
	kfree(text);
}

/**
 * mtk_bm_image_verify() - `verify`: check the staged image, write nothing
 * @c: the component (medium lock held)
 * @force: accept a FIP whose board cannot be determined
 *
 * Return: 0 or a negative errno; the outcome is in `result`.
 */
int mtk_bm_image_verify(struct mtk_bm_component *c, bool force)
{
	struct mtk_bm_medium *m = c->medium;
	const char *medium = mtk_medium_name(mtk_bm_fmt_medium(m->type));
	char hex[2 * MTK_SHA256_LEN + 1] = "", note[96] = "";
	struct mtk_bm_check *chk;
	bool sha = c->kind == MTK_BM_KIND_FIP && mtk_bm_comp_on_ubi(c);
	const char *why;
	size_t hashed = 0;
	int ret;

	c->generation++;
	kfree(c->image_info);
	c->image_info = NULL;
	if (!c->image)
		return mtk_bm_comp_result(c, -ENODATA,
					  "verify: no image staged (write one to image first)");
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV, "verify: medium not bound");
	if (c->kind != MTK_BM_KIND_BL2 && c->kind != MTK_BM_KIND_FIP)
		return mtk_bm_comp_result(c, -EOPNOTSUPP,
					  "verify: kind %s has no format to check",
					  mtk_bm_kind_name(c->kind));
	chk = kzalloc(sizeof(*chk), GFP_KERNEL);
	if (!chk)
		return mtk_bm_comp_result(c, -ENOMEM, "verify: out of memory");
	ret = mtk_bm_fmt_check(m, c->kind, c->image, c->image_len, chk, force, false);
	why = !ret && c->kind == MTK_BM_KIND_FIP ? mtk_bm_fip_refused(c, chk->fip.checksum) : NULL;
	if (why)
		ret = mtk_fmt_fail(chk->err, sizeof(chk->err), EINVAL, "%s", why);
	if (!ret) {
		/* stage reuses this verdict while nothing changed */
		c->verified = c->generation;
		c->verified_force = force;
		if (sha) {
			mtk_bm_image_sha(c, chk->fip.sha256, hex, &hashed);
			mtk_fmt_msg(note, sizeof(note), " (sha256 %s of %zu)", hex, hashed);
			/* the FIP is the whole image: a slot holding it reads it all */
			if (hashed == c->image_len)
				mtk_bm_image_info_keep(c, chk);
		}
	}
	if (ret)
		mtk_bm_comp_result(c, ret, "%s", chk->err);
	else if (c->kind == MTK_BM_KIND_BL2)
		mtk_bm_comp_result(c, 0, "BL2 (%s header), %zu bytes, fits this %s",
				   chk->bl2.header_name, c->image_len, medium);
	else
		mtk_bm_comp_result(c, 0, "FIP, %zu bytes%s, for this %s: %s%s",
				   c->image_len, note, medium, chk->err,
				   force ? " (verify forced)" : "");
	kfree(chk);
	return ret;
}
