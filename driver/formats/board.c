// SPDX-License-Identifier: GPL-2.0-only
/*
 * board.c - board identity of a FIP, from its BL33 (U-Boot): the default
 * environment compiled into it (bootconf=, bootmenu_title=, bootfile_fip=)
 * and the control FDT embedded in it (root "compatible" and "model").
 * The running board's identity comes from the caller: the DT root
 * compatible (or the "board" module parameter where there is no DT) and
 * /chosen/u-boot,bootconf.
 *
 * Identities are compared after normalisation (lower case, letters and
 * digits only), so "bananapi,bpi-r3mini" (a DT compatible) and
 * "config-mt7986a-bananapi-bpi-r3-mini" (a FIT configuration) agree.
 */
#include "board.h"

#define FDT_MAGIC		0xd00dfeedU
#define FDT_HDR_SIZE		40
#define FDT_BEGIN_NODE		1
#define FDT_END_NODE		2
#define FDT_PROP		3
#define FDT_NOP			4
#define FDT_END			9
/*
 * Bounds of the control-FDT search in a BL33 (a crafted image must not
 * cost more than a linear pass): the FDT headers tried, from the end, and
 * the tokens of the root node walked in each. A U-Boot control DTB has a
 * handful of root properties; the DT spec limits property names to 31
 * characters.
 */
#define FDT_MAX_TRIES		16
#define FDT_MAX_ROOT_TOKENS	256
#define FDT_MAX_PROPNAME	32
#define FDT_RESCHED_STRIDE	(64U << 10)
#define ENV_VALUE_MAX		127
#define MAX_SOCS		4

static bool is_print(u8 c)
{
	return c >= 0x20 && c < 0x7f;
}

static char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_alnum(char c)
{
	c = to_lower(c);
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

static bool has_sub_ci(const char *s, const char *pat)
{
	size_t i, j, n = strlen(s), m = strlen(pat);

	for (i = 0; i + m <= n; i++) {
		for (j = 0; j < m; j++)
			if (to_lower(s[i + j]) != to_lower(pat[j]))
				break;
		if (j == m)
			return true;
	}
	return false;
}

/* ---- default environment ---------------------------------------------- */

static bool env_get(const u8 *buf, size_t len, const char *key, char *out,
		    size_t outlen)
{
	size_t klen = strlen(key), i, v;

	for (i = 0; i + klen < len; i++) {
		if ((i && buf[i - 1]) || buf[i] != (u8)key[0] ||
		    memcmp(buf + i, key, klen))
			continue;
		for (v = 0; i + klen + v < len && v <= ENV_VALUE_MAX; v++) {
			u8 c = buf[i + klen + v];

			if (!c || !is_print(c))
				break;
		}
		if (i + klen + v >= len || buf[i + klen + v] || !v ||
		    v >= outlen)
			continue;
		memcpy(out, buf + i + klen, v);
		out[v] = '\0';
		return true;
	}
	return false;
}

static enum mtk_medium medium_from_env(const struct mtk_board_id *id)
{
	static const struct {
		const char *pat;
		enum mtk_medium m;
	} title[] = {
		{ "[SPI-NAND]", MTK_MEDIUM_SPI_NAND },
		{ "[SPI-NOR]", MTK_MEDIUM_SPI_NOR },
		{ "[eMMC]", MTK_MEDIUM_EMMC },
		{ "[SD", MTK_MEDIUM_SD },
	}, file[] = {
		{ "-snand-", MTK_MEDIUM_SPI_NAND },
		{ "-spim-nand", MTK_MEDIUM_SPI_NAND },
		{ "-nand-", MTK_MEDIUM_SPI_NAND },
		{ "-nor-", MTK_MEDIUM_SPI_NOR },
		{ "-emmc-", MTK_MEDIUM_EMMC },
		{ "-sdcard-", MTK_MEDIUM_SD },
		{ "-sdmmc-", MTK_MEDIUM_SD },
		{ "-sd-", MTK_MEDIUM_SD },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(title); i++)
		if (has_sub_ci(id->bootmenu_title, title[i].pat))
			return title[i].m;
	for (i = 0; i < ARRAY_SIZE(file); i++)
		if (has_sub_ci(id->bootfile_fip, file[i].pat))
			return file[i].m;
	return MTK_MEDIUM_UNKNOWN;
}

/* ---- embedded FDT ------------------------------------------------------- */

/* Copy a NUL-separated string list as a space-separated string */
static bool copy_strlist(const u8 *v, u32 n, char *out, size_t outlen)
{
	size_t o = 0;
	u32 i;

	while (n && !v[n - 1])
		n--;
	if (!n)
		return false;
	for (i = 0; i < n && o + 1 < outlen; i++) {
		u8 c = v[i];

		if (!c)
			c = ' ';
		else if (!is_print(c) || c == ' ')
			return false;
		out[o++] = (char)c;
	}
	/* cut a truncated list at the last complete entry */
	if (i < n)
		while (o && out[o - 1] != ' ')
			o--;
	while (o && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
	return o > 0;
}

static bool copy_str(const u8 *v, u32 n, char *out, size_t outlen)
{
	u32 i;

	if (!n || v[n - 1] || n > outlen)
		return false;
	for (i = 0; i + 1 < n; i++)
		if (!is_print(v[i]))
			return false;
	memcpy(out, v, n);
	return true;
}

/* Read the root node's compatible and model of the FDT at @f, if valid */
static bool fdt_root(const u8 *f, size_t avail, struct mtk_board_id *id)
{
	u32 total, ost, ostr, sst, sstr, ver, lcv, tok, plen, noff;
	unsigned int budget = FDT_MAX_ROOT_TOKENS;
	bool compat = false;
	u64 p, end;

	if (avail < FDT_HDR_SIZE)
		return false;
	total = mtk_get_be32(f + 4);
	ost = mtk_get_be32(f + 8);
	ostr = mtk_get_be32(f + 12);
	ver = mtk_get_be32(f + 20);
	lcv = mtk_get_be32(f + 24);
	if (total < FDT_HDR_SIZE || total > avail || ver < 16 || lcv > 17 ||
	    ost > total || ostr > total || (ost & 3))
		return false;
	if (ver >= 17) {
		sstr = mtk_get_be32(f + 32);
		sst = mtk_get_be32(f + 36);
	} else {
		sstr = total - ostr;
		sst = total - ost;
	}
	if (!mtk_fmt_in_bounds(ost, sst, total) ||
	    !mtk_fmt_in_bounds(ostr, sstr, total))
		return false;
	p = ost;
	end = (u64)ost + sst;

	/* the root node: FDT_BEGIN_NODE with an empty name */
	do {
		if (p + 8 > end || !budget--)
			return false;
		tok = mtk_get_be32(f + p);
		p += 4;
	} while (tok == FDT_NOP);
	if (tok != FDT_BEGIN_NODE || f[p])
		return false;
	p += 4;

	for (;;) {
		const u8 *name;

		if (p + 4 > end || !budget--)
			return false;
		tok = mtk_get_be32(f + p);
		p += 4;
		if (tok == FDT_NOP)
			continue;
		if (tok != FDT_PROP)
			break;	/* first child or end of the root node */
		if (p + 8 > end)
			return false;
		plen = mtk_get_be32(f + p);
		noff = mtk_get_be32(f + p + 4);
		p += 8;
		if (plen > end - p || noff >= sstr)
			return false;
		name = f + ostr + noff;
		if (!memchr(name, 0, sstr - noff < FDT_MAX_PROPNAME ? sstr - noff :
				  FDT_MAX_PROPNAME))
			return false;
		if (!strcmp((const char *)name, "compatible")) {
			if (!copy_strlist(f + p, plen, id->compatible,
					  sizeof(id->compatible)))
				return false;
			compat = true;
		} else if (!strcmp((const char *)name, "model")) {
			if (!copy_str(f + p, plen, id->model, sizeof(id->model)))
				id->model[0] = '\0';
		}
		p += ((u64)plen + 3) & ~3ULL;
	}
	if (tok != FDT_BEGIN_NODE && tok != FDT_END_NODE)
		return false;
	return compat;
}

int mtk_board_from_uboot(const u8 *bl33, size_t len, struct mtk_board_id *id,
			 char *err, size_t errlen)
{
	static const u8 xz_magic[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	unsigned int tries = FDT_MAX_TRIES;
	size_t i;

	memset(id, 0, sizeof(*id));
	if (len > MTK_FMT_MAX_IMAGE)
		return mtk_fmt_fail(err, errlen, E2BIG,
				    "BL33 of %zu bytes is larger than the %u MiB limit",
				    len, MTK_FMT_MAX_IMAGE >> 20);
	if (len >= sizeof(xz_magic) &&
	    !memcmp(bl33, xz_magic, sizeof(xz_magic))) {
		id->opaque = "xz-compressed";
		return 0;
	}
	if (len >= 4 && mtk_get_le32(bl33) == MTK_FIP_TOC_NAME) {
		id->opaque = "encrypted";
		return 0;
	}

	id->has_env = env_get(bl33, len, "bootconf=", id->bootconf,
			      sizeof(id->bootconf));
	env_get(bl33, len, "bootmenu_title=", id->bootmenu_title,
		sizeof(id->bootmenu_title));
	env_get(bl33, len, "bootfile_fip=", id->bootfile_fip,
		sizeof(id->bootfile_fip));
	id->medium = medium_from_env(id);

	/*
	 * the control DTB is near the end of u-boot.bin: search backwards,
	 * trying at most FDT_MAX_TRIES headers (linear in @len)
	 */
	for (i = len >= FDT_HDR_SIZE ? len - FDT_HDR_SIZE + 1 : 0; i-- > 0 && tries;) {
		if (!(i % FDT_RESCHED_STRIDE))
			mtk_fmt_resched();
		if (bl33[i] != 0xd0 || mtk_get_be32(bl33 + i) != FDT_MAGIC)
			continue;
		tries--;
		id->compatible[0] = '\0';
		id->model[0] = '\0';
		if (fdt_root(bl33 + i, len - i, id)) {
			id->has_fdt = true;
			break;
		}
	}
	if (!id->has_fdt) {
		id->compatible[0] = '\0';
		id->model[0] = '\0';
	}
	return 0;
}

int mtk_board_from_fip(const u8 *fip, size_t len,
		       const struct mtk_fip_info *fi, struct mtk_board_id *id,
		       char *err, size_t errlen)
{
	const struct mtk_fip_entry *e;

	if (fi->bl33 < 0 || (unsigned int)fi->bl33 >= fi->nr_entries)
		return mtk_fmt_fail(err, errlen, ENOENT, "FIP has no BL33");
	e = &fi->entry[fi->bl33];
	if (!mtk_fmt_in_bounds(e->offset, e->size, len))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "FIP BL33 lies outside the image");
	return mtk_board_from_uboot(fip + e->offset, (size_t)e->size, id,
				    err, errlen);
}

/* ---- comparison ---------------------------------------------------------- */

/* Next whitespace-separated token of @s at or after *pos */
static bool next_tok(const char *s, size_t *pos, const char **tok,
		     size_t *n)
{
	size_t i = *pos;

	if (!s)
		return false;
	while (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
		i++;
	if (!s[i])
		return false;
	*tok = s + i;
	while (s[i] && s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
		i++;
	*n = (size_t)(s + i - *tok);
	*pos = i;
	return true;
}

/* "mediatek,mt7986a" -> 7986; 0 when not a SoC compatible */
static unsigned int soc_of(const char *t, size_t n)
{
	unsigned int v = 0;
	size_t i;

	if (n < 15 || memcmp(t, "mediatek,mt", 11))
		return 0;
	for (i = 11; i < 15; i++) {
		if (t[i] < '0' || t[i] > '9')
			return 0;
		v = v * 10 + (unsigned int)(t[i] - '0');
	}
	for (; i < n; i++)
		if (t[i] < 'a' || t[i] > 'z')
			return 0;
	return v;
}

/* Compare two identities after normalisation */
static bool id_eq(const char *a, size_t an, const char *b, size_t bn)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < an && !is_alnum(a[i]))
			i++;
		while (j < bn && !is_alnum(b[j]))
			j++;
		if (i == an || j == bn)
			return i == an && j == bn;
		if (to_lower(a[i]) != to_lower(b[j]))
			return false;
		i++;
		j++;
	}
}

/*
 * "config-mt7986a-bananapi-bpi-r3#overlay" -> "bananapi,bpi-r3" and the
 * SoC 7986. Returns false when @bc is not of that shape.
 */
static bool board_of_bootconf(const char *bc, char *out, size_t outlen,
			      unsigned int *soc)
{
	size_t n, o = 0, i;
	const char *s;
	bool comma = false;

	*soc = 0;
	if (!bc || strncmp(bc, "config-", 7))
		return false;
	s = bc + 7;
	if (s[0] == 'm' && s[1] == 't') {
		for (n = 0; s[n] && s[n] != '-' && s[n] != '#'; n++)
			;
		if (s[n] == '-') {
			char tmp[24];

			if (n + 9 < sizeof(tmp)) {
				memcpy(tmp, "mediatek,", 9);
				memcpy(tmp + 9, s, n);
				*soc = soc_of(tmp, n + 9);
			}
			if (*soc)
				s += n + 1;
		}
	}
	for (i = 0; s[i] && s[i] != '#' && o + 1 < outlen; i++) {
		char c = s[i];

		if (c == '-' && !comma) {
			c = ',';
			comma = true;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	return o > 0;
}

struct side {
	const char *compat;		/* space-separated list */
	char bc[MTK_BOARD_STR];		/* board derived from bootconf */
	unsigned int socs[MAX_SOCS];
	unsigned int nsocs;
	bool any_board;
	bool strong_board;		/* not only MediaTek reference boards */
};

static void side_init(struct side *sd, const char *compat,
		      const char *bootconf, bool image)
{
	size_t pos = 0, n;
	const char *t;
	unsigned int soc;

	memset(sd, 0, sizeof(*sd));
	sd->compat = compat;
	while (next_tok(compat, &pos, &t, &n)) {
		soc = soc_of(t, n);
		if (soc) {
			if (sd->nsocs < MAX_SOCS)
				sd->socs[sd->nsocs++] = soc;
			continue;
		}
		sd->any_board = true;
		if (!image || n < 9 || memcmp(t, "mediatek,", 9))
			sd->strong_board = true;
	}
	if (board_of_bootconf(bootconf, sd->bc, sizeof(sd->bc), &soc)) {
		sd->any_board = true;
		sd->strong_board = true;
		if (soc && sd->nsocs < MAX_SOCS)
			sd->socs[sd->nsocs++] = soc;
	}
}

/* does @id (n bytes) equal any board identity of @sd? */
static bool side_has(const struct side *sd, const char *id, size_t n)
{
	size_t pos = 0, tn;
	const char *t;

	while (next_tok(sd->compat, &pos, &t, &tn))
		if (!soc_of(t, tn) && id_eq(t, tn, id, n))
			return true;
	return sd->bc[0] && id_eq(sd->bc, strlen(sd->bc), id, n);
}

static bool sides_match(const struct side *img, const struct side *run)
{
	size_t pos = 0, n;
	const char *t;

	while (next_tok(img->compat, &pos, &t, &n))
		if (!soc_of(t, n) && side_has(run, t, n))
			return true;
	return img->bc[0] && side_has(run, img->bc, strlen(img->bc));
}

static bool socs_overlap(const struct side *a, const struct side *b)
{
	unsigned int i, j;

	if (!a->nsocs || !b->nsocs)
		return true;
	for (i = 0; i < a->nsocs; i++)
		for (j = 0; j < b->nsocs; j++)
			if (a->socs[i] == b->socs[j])
				return true;
	return false;
}

/* The name to print for a side: prefer a DT compatible */
static void side_name(const struct side *sd, char *out, size_t outlen)
{
	size_t pos = 0, n, bcn = strlen(sd->bc), pickn = 0;
	const char *t, *pick = NULL;

	while (next_tok(sd->compat, &pos, &t, &n)) {
		if (soc_of(t, n))
			continue;
		if (bcn && id_eq(t, n, sd->bc, bcn)) {
			pick = t;
			pickn = n;
			break;
		}
		if (!pick) {
			pick = t;
			pickn = n;
		}
	}
	if (bcn && (!pick || (!id_eq(pick, pickn, sd->bc, bcn) &&
			      pickn >= 9 && !memcmp(pick, "mediatek,", 9)))) {
		snprintf(out, outlen, "%s", sd->bc);
	} else if (pick) {
		if (pickn >= outlen)
			pickn = outlen - 1;
		memcpy(out, pick, pickn);
		out[pickn] = '\0';
	} else if (sd->nsocs) {
		snprintf(out, outlen, "a MT%u board", sd->socs[0]);
	} else {
		snprintf(out, outlen, "an unknown board");
	}
}

int mtk_board_check(const struct mtk_board_id *id,
		    const struct mtk_board_running *run, bool force,
		    enum mtk_board_verdict *verdict, char *msg, size_t msglen)
{
	struct side img, cur;
	char in[MTK_BOARD_STR], rn[MTK_BOARD_STR];
	const char *why = NULL;

	side_init(&img, id->compatible, id->has_env ? id->bootconf : NULL,
		  true);
	side_init(&cur, run->compatible, run->bootconf, false);
	side_name(&img, in, sizeof(in));
	side_name(&cur, rn, sizeof(rn));
	*verdict = MTK_BOARD_UNKNOWN;

	if (!socs_overlap(&img, &cur)) {
		*verdict = MTK_BOARD_MISMATCH;
		return mtk_fmt_fail(msg, msglen, EINVAL,
				    "FIP for %s (MT%u), this board is %s (MT%u)",
				    in, img.socs[0], rn, cur.socs[0]);
	}
	if (img.any_board && cur.any_board) {
		if (sides_match(&img, &cur))
			*verdict = MTK_BOARD_MATCH;
		else if (img.strong_board)
			*verdict = MTK_BOARD_MISMATCH;
		else
			why = "its U-Boot is built for a MediaTek reference board";
	} else if (id->opaque) {
		why = id->opaque[0] == 'x' ? "its U-Boot (BL33) is xz-compressed" :
					     "its U-Boot (BL33) is encrypted";
	} else if (!img.any_board) {
		why = "its U-Boot has no default environment or FDT naming a board";
	} else {
		why = "the running board's identity is not known (no DT and no board= parameter)";
	}
	if (*verdict == MTK_BOARD_MISMATCH)
		return mtk_fmt_fail(msg, msglen, EINVAL,
				    "FIP for %s, this board is %s", in, rn);

	if (id->medium != MTK_MEDIUM_UNKNOWN &&
	    run->medium != MTK_MEDIUM_UNKNOWN && id->medium != run->medium) {
		*verdict = MTK_BOARD_MISMATCH;
		return mtk_fmt_fail(msg, msglen, EINVAL,
				    "FIP for %s on %s cannot be written to %s",
				    in, mtk_medium_name(id->medium),
				    mtk_medium_name(run->medium));
	}
	if (*verdict == MTK_BOARD_MATCH) {
		if (msg && msglen)
			snprintf(msg, msglen, "FIP for %s matches this board",
				 in);
		return 0;
	}
	if (force) {
		if (msg && msglen)
			snprintf(msg, msglen,
				 "board unknown, accepted because forced: %s",
				 why);
		return 0;
	}
	return mtk_fmt_fail(msg, msglen, ENODATA,
			    "cannot tell whether this FIP fits %s: %s (force to write anyway)",
			    rn, why);
}

int mtk_board_summary(const struct mtk_board_id *id, char *buf, size_t len)
{
	struct side img;
	char name[MTK_BOARD_STR];
	int w;

	if (!len)
		return 0;
	side_init(&img, id->compatible, id->has_env ? id->bootconf : NULL,
		  true);
	side_name(&img, name, sizeof(name));
	w = snprintf(buf, len,
		     "board: %s\ncompatible: %s\nmodel: %s\nbootconf: %s\nfip_medium: %s\n",
		     img.any_board ? name : "unknown",
		     id->has_fdt ? id->compatible : "-",
		     id->model[0] ? id->model : "-",
		     id->has_env ? id->bootconf : "-",
		     mtk_medium_name(id->medium));
	if (w < 0)
		return 0;
	return (size_t)w < len ? w : (int)len - 1;
}
