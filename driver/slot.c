// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: slots. Parsing of `location`, and the lazy `state` and
 * `info`: the slot is read and the format checks run only when one of them
 * is read, never at bind.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "bl2.h"
#include "board.h"
#include "fip.h"
#include "mtk_bootmedia.h"

/* largest slot content read for the checks (a FIP is a few MiB) */
#define MTK_BM_READ_MAX		(8U << 20)
/* data slots: only this much is read to tell empty from used */
#define MTK_BM_READ_DATA	(64U << 10)

enum mtk_bm_kind mtk_bm_kind_default(const char *name)
{
	if (!strncmp(name, "bl2", 3))
		return MTK_BM_KIND_BL2;
	if (!strncmp(name, "fip", 3))
		return MTK_BM_KIND_FIP;
	return MTK_BM_KIND_DATA;
}

const char *mtk_bm_kind_name(enum mtk_bm_kind k)
{
	switch (k) {
	case MTK_BM_KIND_BL2:
		return "bl2";
	case MTK_BM_KIND_FIP:
		return "fip";
	default:
		return "data";
	}
}

static bool mtk_bm_name_ok(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (!n || n > max)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return false;
	return true;
}

static int mtk_bm_parse_mtd(char *p, struct mtk_bm_location *loc, char *err,
			    size_t errlen)
{
	char *at = strchr(p, '@'), *plus;
	int ret;

	if (at) {
		*at++ = '\0';
		plus = strchr(at, '+');
		if (plus)
			*plus++ = '\0';
		ret = kstrtou64(at, 0, &loc->offset);
		if (ret)
			return mtk_fmt_fail(err, errlen, EINVAL, "offset \"%s\" is not a number",
					    at);
		if (plus) {
			ret = kstrtou64(plus, 0, &loc->length);
			if (ret || !loc->length)
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "length \"%s\" is not a positive number", plus);
			if (loc->offset + loc->length < loc->offset)
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "offset + length overflows");
		}
	}
	if (!mtk_bm_name_ok(p, 63) || strchr(p, '@'))
		return mtk_fmt_fail(err, errlen, EINVAL, "bad MTD partition name \"%s\"", p);
	strscpy(loc->name, p, sizeof(loc->name));
	loc->type = MTK_BM_LOC_MTD;
	return 0;
}

/**
 * mtk_bm_parse_location() - parse a slot location
 * @str: the text written to `location`
 * @loc: receives the parsed location
 * @err: receives the reason of a failure
 * @errlen: size of @err
 *
 *   mtd:<partition>[@<offset>[+<length>]]   (numbers: decimal or 0x hex)
 *   ubi:<ubi device number>:<volume name>
 *   emmc:boot0 | emmc:boot1
 *   gpt:<GPT partition name>
 *
 * Return: 0 or -EINVAL with the reason in @err.
 */
int mtk_bm_parse_location(const char *str, struct mtk_bm_location *loc,
			  char *err, size_t errlen)
{
	char buf[MTK_BM_LOCATION_LEN], *p;
	unsigned int num;

	memset(loc, 0, sizeof(*loc));
	if (strscpy(buf, str, sizeof(buf)) < 0)
		return mtk_fmt_fail(err, errlen, EINVAL, "location longer than %zu characters",
				    sizeof(buf) - 1);
	if (!strncmp(buf, "mtd:", 4))
		return mtk_bm_parse_mtd(buf + 4, loc, err, errlen);
	if (!strncmp(buf, "ubi:", 4)) {
		p = strchr(buf + 4, ':');
		if (!p)
			return mtk_fmt_fail(err, errlen, EINVAL, "expected ubi:<device>:<volume>");
		*p++ = '\0';
		if (kstrtouint(buf + 4, 10, &num) || num >= 32)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "UBI device \"%s\" is not a number below 32", buf + 4);
		if (!mtk_bm_name_ok(p, 127))
			return mtk_fmt_fail(err, errlen, EINVAL, "bad UBI volume name \"%s\"", p);
		loc->type = MTK_BM_LOC_UBI;
		loc->ubi_num = num;
		strscpy(loc->name, p, sizeof(loc->name));
		return 0;
	}
	if (!strncmp(buf, "emmc:", 5)) {
		if (strcmp(buf + 5, "boot0") && strcmp(buf + 5, "boot1"))
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "eMMC location \"%s\": expected emmc:boot0 or emmc:boot1",
					    buf);
		loc->type = MTK_BM_LOC_EMMC_BOOT;
		loc->boot = buf[9] - '0';
		return 0;
	}
	if (!strncmp(buf, "gpt:", 4)) {
		if (!mtk_bm_name_ok(buf + 4, 36))
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "GPT partition name \"%s\": 1 to 36 printable ASCII characters",
					    buf + 4);
		loc->type = MTK_BM_LOC_GPT;
		strscpy(loc->name, buf + 4, sizeof(loc->name));
		return 0;
	}
	return mtk_fmt_fail(err, errlen, EINVAL,
			    "location \"%.40s\": expected mtd:, ubi:, emmc: or gpt:", buf);
}

/* what the slot holds, as the boot chain would see it */
struct mtk_bm_check {
	char err[160];
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

/* running board: DT root compatible, or the board= parameter */
static int mtk_bm_running(struct mtk_board_running *run, char *buf, size_t len)
{
	struct device_node *root = of_find_node_by_path("/");
	const char *s;
	int i, n = 0;

	run->compatible = mtk_bm_board_override();
	run->bootconf = NULL;
	if (!root)
		return 0;
	for (i = 0; !of_property_read_string_index(root, "compatible", i, &s); i++)
		n += scnprintf(buf + n, len - n, "%s%s", i ? " " : "", s);
	of_node_put(root);
	if (n)
		run->compatible = buf;
	return 0;
}

static int mtk_bm_check(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			const u8 *data, size_t got, struct mtk_bm_check *c,
			char *buf, size_t len, bool info)
{
	enum mtk_bm_kind kind = s->comp->kind;
	int ret, n = 0;

	if (kind == MTK_BM_KIND_BL2) {
		struct mtk_bl2_target t = {
			.medium = mtk_bm_fmt_medium(m->type),
			.page_size = m->type == MTK_BM_TYPE_SPI_NAND ? m->writesize : 0,
			.spare_size = m->type == MTK_BM_TYPE_SPI_NAND ? m->oobsize : 0,
		};

		ret = mtk_bl2_parse(data, got, &c->bl2, c->err, sizeof(c->err));
		if (!ret)
			ret = mtk_bl2_check_target(&c->bl2, &t, c->err, sizeof(c->err));
		if (ret)
			return scnprintf(buf, len, "invalid: %s\n", c->err);
		if (!info)
			return scnprintf(buf, len, "valid\n");
		return mtk_bl2_summary(&c->bl2, buf, len);
	}
	if (kind == MTK_BM_KIND_FIP) {
		struct mtk_board_running run = {};
		enum mtk_board_verdict v;
		char *compat, msg[160];

		ret = mtk_fip_parse(data, got, &c->fip, c->err, sizeof(c->err));
		if (ret)
			return scnprintf(buf, len, "invalid: %s\n", c->err);
		ret = mtk_board_from_fip(data, got, &c->fip, &c->id, c->err, sizeof(c->err));
		if (ret)
			return scnprintf(buf, len, "invalid: %s\n", c->err);
		compat = kzalloc(512, GFP_KERNEL);
		if (!compat)
			return -ENOMEM;
		mtk_bm_running(&run, compat, 512);
		run.medium = mtk_bm_fmt_medium(m->type);
		ret = mtk_board_check(&c->id, &run, true, &v, msg, sizeof(msg));
		kfree(compat);
		if (ret)
			return scnprintf(buf, len, "invalid: %s\n", msg);
		if (!info)
			return scnprintf(buf, len, "valid\n");
		n = mtk_fip_summary(&c->fip, buf, len);
		n = min_t(int, n, len);
		n += mtk_board_summary(&c->id, buf + n, len - n);
		n = min_t(int, n, len);
		n += scnprintf(buf + n, len - n, "board_check: %s\n", msg);
		return n;
	}
	/* data: protected and backed up, no format */
	if (!info)
		return scnprintf(buf, len, "valid\n");
	return 0;
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
	char err[160] = "";
	size_t want, got = 0;
	u64 size = 0;
	u8 *data;
	int ret, n = 0;

	if (s->loc.type == MTK_BM_LOC_NONE)
		return scnprintf(buf, len, "invalid: no location\n");
	if (!m->enabled)
		return scnprintf(buf, len, "invalid: medium not bound (enable=0)\n");
	switch (s->loc.type) {
	case MTK_BM_LOC_MTD:
		size = mtk_bm_mtd_slot_size(s);
		break;
	case MTK_BM_LOC_UBI:
		size = mtk_bm_ubi_slot_size(s, err, sizeof(err));
		break;
	default:
		size = mtk_bm_emmc_slot_size(m, s, err, sizeof(err));
	}
	if (!size)
		return scnprintf(buf, len, "invalid: %s\n", err[0] ? err : "slot has no size");
	want = min_t(u64, size, s->comp->kind == MTK_BM_KIND_DATA ?
		     MTK_BM_READ_DATA : MTK_BM_READ_MAX);
	data = vmalloc(want);
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!data || !c) {
		ret = -ENOMEM;
		goto out;
	}
	switch (s->loc.type) {
	case MTK_BM_LOC_MTD:
		ret = mtk_bm_mtd_read(m, s, data, want, &got, err, sizeof(err));
		break;
	case MTK_BM_LOC_UBI:
		ret = mtk_bm_ubi_read(s, data, want, &got, err, sizeof(err));
		break;
	default:
		ret = mtk_bm_emmc_read(m, s, data, want, &got, err, sizeof(err));
	}
	if (ret) {
		ret = scnprintf(buf, len, "invalid: %s (%pe)\n", err, ERR_PTR(ret));
		goto out;
	}
	if (info) {
		n = scnprintf(buf, len, "location: %s\nkind: %s\nsize: %llu\nread: %zu\n",
			      s->location_str, mtk_bm_kind_name(s->comp->kind),
			      (unsigned long long)size, got);
	}
	if (mtk_bm_all(data, min_t(size_t, got, 4096), 0xff) ||
	    mtk_bm_all(data, min_t(size_t, got, 4096), 0x00) || !got) {
		ret = n + scnprintf(buf + n, len - n, info ? "state: empty\n" : "empty\n");
		goto out;
	}
	if (info)
		n += scnprintf(buf + n, len - n, "state: ");
	ret = mtk_bm_check(m, s, data, got, c, buf + n, len - n, false);
	if (ret < 0)
		goto out;
	if (info && !strncmp(buf + n, "valid\n", 6)) {
		n += ret;
		ret = mtk_bm_check(m, s, data, got, c, buf + n, len - n, true);
		if (ret < 0)
			goto out;
		n += ret;
	} else {
		n += ret;
	}
	ret = n;
out:
	kfree(c);
	vfree(data);
	return ret;
}
