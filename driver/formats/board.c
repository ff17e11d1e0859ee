// SPDX-License-Identifier: GPL-2.0-only
/*
 * board.c - board identity of a FIP, from its BL33 (U-Boot): the default
 * environment compiled into it (bootconf=, bootmenu_title=, bootfile_fip=)
 * and the control FDT embedded in it (root "compatible" and "model").
 * The running board's identity comes from the caller: the DT root
 * compatible (or the "board" module parameter where there is no DT) and
 * /chosen/u-boot,bootconf.
 *
 * board_check.c compares an identity with the running board.
 */
#include "board.h"
#include "board_priv.h"

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

static bool is_print(u8 c)
{
	return c >= 0x20 && c < 0x7f;
}

static bool is_print_str(const char *s)
{
	for (; *s; s++)
		if (!is_print((u8)*s))
			return false;
	return true;
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

/*
 * The value of "key=" in a NUL-separated environment. Printable ASCII and
 * ESC (OpenWrt colours its bootmenu_title with ANSI sequences) only.
 */
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

			if (!c || !(is_print(c) || c == 0x1b))
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

/* Remove ANSI escape sequences (ESC [ params final, or ESC and one byte) */
static void strip_ansi(char *s)
{
	size_t i = 0, o = 0;

	while (s[i]) {
		if (s[i] != 0x1b) {
			s[o++] = s[i++];
			continue;
		}
		i++;
		if (s[i] == '[') {
			i++;
			while (s[i] && !(s[i] >= 0x40 && s[i] <= 0x7e))
				i++;
		}
		if (s[i])
			i++;
	}
	s[o] = '\0';
}

/* arrays, not pointers: a table of pointers costs a relocation per pointer */
struct medium_pat {
	char pat[15];
	u8 m;		/* enum mtk_medium */
};

static enum mtk_medium medium_match(const char *s, const struct medium_pat *p,
				    unsigned int n)
{
	unsigned int i;

	for (i = 0; s[0] && i < n; i++)
		if (has_sub_ci(s, p[i].pat))
			return (enum mtk_medium)p[i].m;
	return MTK_MEDIUM_UNKNOWN;
}

/*
 * The medium a U-Boot was built for, from every signal it carries: the
 * tag in bootmenu_title, the name in bootfile_fip, the boot_* script that
 * bootcmd runs; the control DT only when the environment says nothing
 * (OpenWrt's BPI-R3 SPI-NAND and NOR builds use the SD reference DT: it
 * names the MMC wiring, not the boot medium). Signals that disagree give
 * an unknown medium.
 */
static void medium_from_env(struct mtk_board_id *id)
{
	static const struct medium_pat title[] = {
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
	}, boot[] = {
		{ "boot_sdmmc", MTK_MEDIUM_SD },
		{ "boot_sd", MTK_MEDIUM_SD },
		{ "boot_emmc", MTK_MEDIUM_EMMC },
		{ "boot_ubi", MTK_MEDIUM_SPI_NAND },
		{ "boot_nand", MTK_MEDIUM_SPI_NAND },
		{ "boot_snand", MTK_MEDIUM_SPI_NAND },
		{ "boot_nor", MTK_MEDIUM_SPI_NOR },
	}, fdt[] = {
		{ "-emmc-rfb", MTK_MEDIUM_EMMC },
		{ "-sd-rfb", MTK_MEDIUM_SD },
		{ "-snand-rfb", MTK_MEDIUM_SPI_NAND },
		{ "-spim-nand-rfb", MTK_MEDIUM_SPI_NAND },
		{ "-nor-rfb", MTK_MEDIUM_SPI_NOR },
	};
	const struct {
		enum mtk_medium m;
		const char *from;
	} sig[] = {
		{ medium_match(id->bootmenu_title, title, ARRAY_SIZE(title)),
		  "bootmenu_title" },
		{ medium_match(id->boot, boot, ARRAY_SIZE(boot)), "bootcmd" },
		{ medium_match(id->bootfile_fip, file, ARRAY_SIZE(file)),
		  "bootfile_fip" },
	};
	unsigned int i;

	id->medium = MTK_MEDIUM_UNKNOWN;
	id->medium_from = NULL;
	id->medium_conflict = false;
	for (i = 0; i < ARRAY_SIZE(sig); i++) {
		if (sig[i].m == MTK_MEDIUM_UNKNOWN)
			continue;
		if (id->medium == MTK_MEDIUM_UNKNOWN) {
			id->medium = sig[i].m;
			id->medium_from = sig[i].from;
		} else if (id->medium != sig[i].m) {
			id->medium = MTK_MEDIUM_UNKNOWN;
			id->medium_conflict = true;
			return;
		}
	}
	if (id->medium == MTK_MEDIUM_UNKNOWN && id->has_fdt) {
		id->medium = medium_match(id->compatible, fdt, ARRAY_SIZE(fdt));
		if (id->medium != MTK_MEDIUM_UNKNOWN)
			id->medium_from = "control DT";
	}
}

/* "if pstore check ; then run boot_recovery ; else run boot_emmc ; fi" */
static void boot_script(const char *cmd, char *out, size_t outlen)
{
	const char *p = cmd, *best = NULL;
	size_t n = 0;

	out[0] = '\0';
	while ((p = strstr(p, "boot_"))) {
		size_t k = 0;

		if (p == cmd || p[-1] == ' ' || p[-1] == ';') {
			while (p[k] && (is_alnum(p[k]) || p[k] == '_'))
				k++;
			/* recovery and tftp are fallbacks, not the medium */
			if (strncmp(p, "boot_recovery", 13) &&
			    strncmp(p, "boot_tftp", 9) &&
			    strncmp(p, "boot_first", 10) &&
			    strncmp(p, "boot_default", 12)) {
				best = p;
				n = k;
			}
		}
		p += 5;
	}
	if (best && n < outlen) {
		memcpy(out, best, n);
		out[n] = '\0';
	}
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
			 u8 *scratch, size_t scratch_len, char *err,
			 size_t errlen)
{
	char raw[ENV_VALUE_MAX + 1], cmd[ENV_VALUE_MAX + 1];
	unsigned int tries = FDT_MAX_TRIES;
	size_t i, xlen;
	int ret;

	memset(id, 0, sizeof(*id));
	if (len > MTK_FMT_MAX_IMAGE)
		return mtk_fmt_fail(err, errlen, E2BIG,
				    "BL33 of %zu bytes is larger than the %u MiB limit",
				    len, MTK_FMT_MAX_IMAGE >> 20);
	if (mtk_xz_is(bl33, len)) {
		if (!scratch) {
			id->opaque = "xz-compressed";
			return 0;
		}
		ret = mtk_xz_unpack(bl33, len, scratch, scratch_len, &xlen,
				    err, errlen);
		if (ret)
			return ret;
		if (mtk_xz_is(scratch, xlen)) {
			id->opaque = "xz-compressed twice";
			return 0;
		}
		bl33 = scratch;
		len = xlen;
		id->xz_size = (u32)xlen;
	}
	if (!id->xz_size && len >= 4 && mtk_get_le32(bl33) == MTK_FIP_TOC_NAME) {
		id->opaque = "encrypted";
		return 0;
	}

	id->has_env = env_get(bl33, len, "bootconf=", id->bootconf,
			      sizeof(id->bootconf));
	if (!is_print_str(id->bootconf))
		id->has_env = false, id->bootconf[0] = '\0';
	if (env_get(bl33, len, "bootmenu_title=", raw, sizeof(raw))) {
		strip_ansi(raw);
		/* not memcpy(): FORTIFY's field check is a WARN site (status.c) */
		mtk_fmt_msg(id->bootmenu_title, sizeof(id->bootmenu_title), "%.*s",
			    (int)sizeof(id->bootmenu_title) - 1, raw);
	}
	env_get(bl33, len, "bootfile_fip=", id->bootfile_fip,
		sizeof(id->bootfile_fip));
	if (!is_print_str(id->bootfile_fip))
		id->bootfile_fip[0] = '\0';
	if (env_get(bl33, len, "bootcmd=", cmd, sizeof(cmd)))
		boot_script(cmd, id->boot, sizeof(id->boot));

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
	medium_from_env(id);
	return 0;
}

bool mtk_board_fip_has_xz(const u8 *fip, size_t len,
			  const struct mtk_fip_info *fi)
{
	const int idx[2] = { fi->bl31, fi->bl33 };
	unsigned int i;

	for (i = 0; i < 2; i++) {
		const struct mtk_fip_entry *e;

		if (idx[i] < 0 || (unsigned int)idx[i] >= fi->nr_entries)
			continue;
		e = &fi->entry[idx[i]];
		if (mtk_fmt_in_bounds(e->offset, e->size, len) &&
		    mtk_xz_is(fip + e->offset, (size_t)e->size))
			return true;
	}
	return false;
}

int mtk_board_from_fip(const u8 *fip, size_t len,
		       const struct mtk_fip_info *fi, struct mtk_board_id *id,
		       u8 *scratch, size_t scratch_len, char *err,
		       size_t errlen)
{
	const struct mtk_fip_entry *e;
	size_t xlen;
	int ret;

	if (fi->bl33 < 0 || (unsigned int)fi->bl33 >= fi->nr_entries)
		return mtk_fmt_fail(err, errlen, ENOENT, "FIP has no BL33");
	e = &fi->entry[fi->bl33];
	if (!mtk_fmt_in_bounds(e->offset, e->size, len))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "FIP BL33 lies outside the image");
	if (scratch && fi->bl31 >= 0 && (unsigned int)fi->bl31 < fi->nr_entries) {
		const struct mtk_fip_entry *b = &fi->entry[fi->bl31];

		if (mtk_fmt_in_bounds(b->offset, b->size, len) &&
		    mtk_xz_is(fip + b->offset, (size_t)b->size)) {
			char why[160];

			ret = mtk_xz_unpack(fip + b->offset, (size_t)b->size,
					    scratch, scratch_len, &xlen, why,
					    sizeof(why));
			if (ret)
				return mtk_fmt_fail(err, errlen, -ret,
						    "FIP BL31: %s", why);
		}
	}
	ret = mtk_board_from_uboot(fip + e->offset, (size_t)e->size, id,
				   scratch, scratch_len, err, errlen);
	if (ret && mtk_xz_is(fip + e->offset, (size_t)e->size) && err &&
	    errlen > 10) {
		char why[160];

		mtk_fmt_msg(why, sizeof(why), "%s", err);
		mtk_fmt_msg(err, errlen, "FIP BL33: %s", why);
	}
	return ret;
}
