// SPDX-License-Identifier: GPL-2.0-only
/*
 * board_check.c - is the board a FIP's U-Boot was built for (board.c reads
 * that identity) the running board, and the identity summarised.
 *
 * Identities are compared after normalisation (lower case, letters and
 * digits only), so "bananapi,bpi-r3mini" (a DT compatible) and
 * "config-mt7986a-bananapi-bpi-r3-mini" (a FIT configuration) agree.
 */
#include "board.h"
#include "board_priv.h"

#define MAX_SOCS		4

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
 * SoC 7986. Returns false when @bc is not shaped like a board's FIT
 * configuration: "config-", an optional SoC, then VENDOR-BOARD where the
 * vendor starts with a letter ("config-1", "config-rfb" name no board).
 */
static bool board_of_bootconf(const char *bc, char *out, size_t outlen,
			      unsigned int *soc)
{
	size_t n, o = 0, i, vend = 0;
	const char *s;
	bool comma = false, letter = false;

	*soc = 0;
	out[0] = '\0';
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
	if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (i = 0; s[i] && s[i] != '#' && o + 1 < outlen; i++) {
		char c = s[i];

		if (!is_alnum(c) && c != '-' && c != '_' && c != '.')
			return false;
		if (c == '-' && !comma) {
			c = ',';
			comma = true;
			vend = o;
		} else if (comma && is_alnum(c)) {
			letter = true;
		}
		out[o++] = c;
	}
	out[o] = '\0';
	if (!comma || !vend || !letter) {
		out[0] = '\0';
		*soc = 0;
		return false;
	}
	return true;
}

struct side {
	const char *compat;		/* space-separated list */
	const char *bootconf;		/* as given */
	char bc[MTK_BOARD_STR];		/* board derived from bootconf */
	unsigned int socs[MAX_SOCS];
	unsigned int nsocs;
	bool dt_board;			/* the compatible names a board */
	bool dt_strong;			/* ... not only MediaTek reference boards */
};

static void side_init(struct side *sd, const char *compat,
		      const char *bootconf, bool image)
{
	size_t pos = 0, n;
	const char *t;
	unsigned int soc;

	memset(sd, 0, sizeof(*sd));
	sd->compat = compat;
	sd->bootconf = bootconf;
	while (next_tok(compat, &pos, &t, &n)) {
		soc = soc_of(t, n);
		if (soc) {
			if (sd->nsocs < MAX_SOCS)
				sd->socs[sd->nsocs++] = soc;
			continue;
		}
		sd->dt_board = true;
		if (!image || n < 9 || memcmp(t, "mediatek,", 9))
			sd->dt_strong = true;
	}
	if (board_of_bootconf(bootconf, sd->bc, sizeof(sd->bc), &soc) &&
	    soc && sd->nsocs < MAX_SOCS)
		sd->socs[sd->nsocs++] = soc;
}

/* does @id (n bytes) equal a board compatible of @sd? */
static bool dt_has(const struct side *sd, const char *id, size_t n)
{
	size_t pos = 0, tn;
	const char *t;

	while (next_tok(sd->compat, &pos, &t, &tn))
		if (!soc_of(t, tn) && id_eq(t, tn, id, n))
			return true;
	return false;
}

/* the first board compatible of @img that @run has (by DT or bootconf) */
static bool dt_match(const struct side *img, const struct side *run,
		     const char **which, size_t *wn)
{
	size_t pos = 0, n;
	const char *t;

	while (next_tok(img->compat, &pos, &t, &n)) {
		if (soc_of(t, n))
			continue;
		if (dt_has(run, t, n) ||
		    (run->bc[0] && id_eq(run->bc, strlen(run->bc), t, n))) {
			*which = t;
			*wn = n;
			return true;
		}
	}
	return false;
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

/* The name to print for a side: its board bootconf, else a DT compatible */
static void side_name(const struct side *sd, char *out, size_t outlen)
{
	size_t pos = 0, n, pickn = 0;
	const char *t, *pick = NULL;

	while (next_tok(sd->compat, &pos, &t, &n)) {
		if (soc_of(t, n))
			continue;
		if (!pick || (pickn >= 9 && !memcmp(pick, "mediatek,", 9) &&
			      (n < 9 || memcmp(t, "mediatek,", 9)))) {
			pick = t;
			pickn = n;
		}
	}
	if (sd->bc[0]) {
		mtk_fmt_msg(out, outlen, "%s", sd->bc);
	} else if (pick) {
		if (pickn >= outlen)
			pickn = outlen - 1;
		memcpy(out, pick, pickn);
		out[pickn] = '\0';
	} else if (sd->nsocs) {
		mtk_fmt_msg(out, outlen, "a MT%u board", sd->socs[0]);
	} else {
		mtk_fmt_msg(out, outlen, "an unknown board");
	}
}

int mtk_board_check(const struct mtk_board_id *id,
		    const struct mtk_board_running *run, bool force,
		    enum mtk_board_verdict *verdict, char *msg, size_t msglen)
{
	struct side img, cur;
	char in[MTK_BOARD_STR], rn[MTK_BOARD_STR], how[MTK_BOARD_STR + 32];
	const char *why = NULL, *w;
	size_t wn;

	side_init(&img, id->compatible, id->has_env ? id->bootconf : NULL,
		  true);
	side_init(&cur, run->compatible, run->bootconf, false);
	side_name(&img, in, sizeof(in));
	side_name(&cur, rn, sizeof(rn));
	*verdict = MTK_BOARD_UNKNOWN;
	how[0] = '\0';

	if (!socs_overlap(&img, &cur)) {
		*verdict = MTK_BOARD_MISMATCH;
		return mtk_fmt_fail(msg, msglen, EINVAL,
				    "FIP for %s (MT%u), this board is %s (MT%u)",
				    in, img.socs[0], rn, cur.socs[0]);
	}
	if (img.bc[0] && cur.bc[0]) {
		/* both name their FIT configuration: nothing else decides */
		if (!id_eq(img.bc, strlen(img.bc), cur.bc, strlen(cur.bc))) {
			*verdict = MTK_BOARD_MISMATCH;
			return mtk_fmt_fail(msg, msglen, EINVAL,
					    "FIP for %s (U-Boot bootconf %s), this board booted %s",
					    in, img.bootconf, cur.bootconf);
		}
		*verdict = MTK_BOARD_MATCH;
		mtk_fmt_msg(how, sizeof(how), "bootconf %s", img.bootconf);
	} else if (img.bc[0] && (cur.dt_board || cur.bc[0])) {
		if (dt_has(&cur, img.bc, strlen(img.bc))) {
			*verdict = MTK_BOARD_MATCH;
			mtk_fmt_msg(how, sizeof(how), "bootconf %s", img.bootconf);
		} else if (img.dt_strong && dt_match(&img, &cur, &w, &wn)) {
			/* a shared control DT matched, the configuration not */
			why = "its bootconf names no compatible of this board, only its DT does";
		} else {
			*verdict = MTK_BOARD_MISMATCH;
		}
	} else if (img.dt_board && (cur.dt_board || cur.bc[0])) {
		if (dt_match(&img, &cur, &w, &wn)) {
			*verdict = MTK_BOARD_MATCH;
			mtk_fmt_msg(how, sizeof(how), "compatible %.*s", (int)wn, w);
		} else if (img.dt_strong) {
			*verdict = MTK_BOARD_MISMATCH;
		} else {
			why = "its U-Boot is built for a MediaTek reference board, naming no board";
		}
	} else if (id->opaque) {
		why = id->opaque[0] == 'x' ? "its U-Boot (BL33) is xz-compressed" :
			"its U-Boot (BL33) is encrypted";
	} else if (!img.dt_board && !img.bc[0]) {
		why = id->has_env ?
			"its U-Boot names no board (no board bootconf or compatible)" :
			"its U-Boot has no default environment or FDT naming a board";
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
				    "FIP for %s on %s (by its %s) cannot be written to %s",
				    in, mtk_medium_name(id->medium),
				    id->medium_from ? id->medium_from : "U-Boot",
				    mtk_medium_name(run->medium));
	}
	if (*verdict == MTK_BOARD_MATCH && run->medium != MTK_MEDIUM_UNKNOWN &&
	    id->medium == MTK_MEDIUM_UNKNOWN) {
		*verdict = MTK_BOARD_UNKNOWN;
		why = id->medium_conflict ?
			"its U-Boot names two different boot media" :
			"its U-Boot does not say which boot medium it was built for";
		if (force) {
			mtk_fmt_note(msg, msglen,
				     "FIP for %s (%s), medium unknown, accepted for %s because forced: %s",
				     in, how, mtk_medium_name(run->medium), why);
			return 0;
		}
		return mtk_fmt_fail(msg, msglen, ENODATA,
				    "FIP for %s (%s): cannot tell whether it is for %s: %s (force to write anyway)",
				    in, how, mtk_medium_name(run->medium), why);
	}
	if (*verdict == MTK_BOARD_MATCH) {
		mtk_fmt_msg(msg, msglen,
			    "FIP for %s matches this board (%s)%s%s", in,
			    how, id->medium ? ", medium " : "",
			    id->medium ? mtk_medium_name(id->medium) : "");
		return 0;
	}
	if (force) {
		mtk_fmt_msg(msg, msglen,
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
		     "board: %s\ncompatible: %s\nmodel: %s\nbootconf: %s\nfip_medium: %s\nfip_medium_from: %s\nbl33_xz: %u\n",
		     img.dt_board || img.bc[0] ? name : "unknown",
		     id->has_fdt ? id->compatible : "-",
		     id->model[0] ? id->model : "-",
		     id->has_env ? id->bootconf : "-",
		     mtk_medium_name(id->medium),
		     id->medium_conflict ? "conflict" :
		     id->medium_from ? id->medium_from : "-", id->xz_size);
	if (w < 0)
		return 0;
	return (size_t)w < len ? w : (int)len - 1;
}
