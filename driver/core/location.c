// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the kinds of components and the parsing of a slot's
 * `location` (mtd:, ubi:, emmc:, gpt:).
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include "formats/fmt.h"
#include "mtk_bootmedia.h"

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

/**
 * mtk_bm_boot_area_data() - the data component in an eMMC boot area
 * @m: the medium (lock held)
 * @boot: 0 for boot0, 1 for boot1
 *
 * A boot area a component of kind data has a slot in holds data, not BL2
 * (BPI-R3 Mini: the EN8811H PHY firmware in boot1): the BootROM must never
 * be pointed at it, forced or not. Kind and location change only while
 * the medium is not bound.
 *
 * Return: that component, or NULL.
 */
struct mtk_bm_component *mtk_bm_boot_area_data(struct mtk_bm_medium *m, int boot)
{
	struct mtk_bm_slot *s;

	list_for_each_entry(s, &m->slots, node)
		if (s->loc.type == MTK_BM_LOC_EMMC_BOOT && s->loc.boot == boot &&
		    READ_ONCE(s->comp->kind) == MTK_BM_KIND_DATA)
			return s->comp;
	return NULL;
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

/**
 * mtk_bm_check_location() - a location written to a slot of @m
 * @m: the medium, not bound (lock held)
 * @str: the location
 * @loc: receives it parsed
 * @why: the reason of a refusal
 * @len: size of @why
 *
 * Parsed, and what can be told before bind asked of the backend of its
 * type (an mtd: partition not in use); bind checks again.
 *
 * Return: 0, or a negative errno with the reason in @why.
 */
int mtk_bm_check_location(struct mtk_bm_medium *m, const char *str,
			  struct mtk_bm_location *loc, char *why, size_t len)
{
	int ret = mtk_bm_parse_location(str, loc, why, len);

	return ret ?: mtk_bm_media_check_location(m, loc, why, len);
}
