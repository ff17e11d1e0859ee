// SPDX-License-Identifier: GPL-2.0-only
/*
 * profile.c - the parts of a board profile (selftests/boards/NAME.board) the
 * boot model needs, and its own boot.* keys (README.md).
 */
#include <ctype.h>
#include <stdlib.h>

#include "bm.h"
#include "bl2.h"

/* 123, 0x1000, 4K, 4M, 1G, 13312s; false on junk */
static bool parse_size(const char *s, u64 *out)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 's':
		v *= 512;
		end++;
		break;
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'G':
		v <<= 30;
		end++;
		break;
	}
	if (*end)
		return false;
	*out = v;
	return true;
}

static enum mtk_medium parse_medium(const char *s)
{
	if (!strcmp(s, "spi-nand"))
		return MTK_MEDIUM_SPI_NAND;
	if (!strcmp(s, "emmc"))
		return MTK_MEDIUM_EMMC;
	return MTK_MEDIUM_UNKNOWN;
}

/* chip offset of partition NAME, or false */
static bool part_off(const struct bm_profile *p, const char *name, u64 *off)
{
	unsigned int i;

	for (i = 0; i < p->nparts; i++) {
		if (!strcmp(p->part[i].name, name)) {
			*off = p->part[i].off;
			return true;
		}
	}
	return false;
}

static int line_err(char *err, size_t errlen, const char *path, int n,
		    const char *what)
{
	return mtk_fmt_fail(err, errlen, EINVAL, "%s:%d: %s", path, n, what);
}

static void default_raw_fip(struct bm_profile *p)
{
	const char *m = strstr(p->soc, "mt");
	unsigned int soc = m ? (unsigned int)atoi(m + 2) : 0;

	/* FIP_BASE / FIP_SIZE of raw SPI-NAND BL2s (reference §3.1) */
	p->raw_size = 0x200000;
	if (soc == 7622)
		p->raw_off = 0x80000;
	else if (soc == 7988 || soc == 7987)
		p->raw_off = 0x580000;
	else
		p->raw_off = 0x380000;
}

int bm_profile_load(const char *path, struct bm_profile *p, char *err,
		    size_t errlen)
{
	char line[512], ubi_mtd[32] = "";
	struct {
		char part[32];
		u64 off;
	} writes[BM_MAX_SCAN];
	unsigned int nwrites = 0, i;
	FILE *f;
	int n = 0;

	memset(p, 0, sizeof(*p));
	p->nand_if = MTK_NAND_IF_ANY;
	f = fopen(path, "r");
	if (!f)
		return mtk_fmt_fail(err, errlen, errno, "%s: %s", path,
				    strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *key, *rest, *a[5] = { NULL };
		unsigned int na = 0;

		n++;
		line[strcspn(line, "#\r\n")] = '\0';
		key = strtok(line, " \t");
		if (!key)
			continue;
		rest = strtok(NULL, "");
		while (rest && isspace((unsigned char)*rest))
			rest++;
		if (rest) {
			char *t;

			if (!strcmp(key, "compatible"))
				snprintf(p->compatible, sizeof(p->compatible),
					 "%s", rest);
			for (t = strtok(rest, " \t"); t && na < 5;
			     t = strtok(NULL, " \t"))
				a[na++] = t;
		}

		if (!strcmp(key, "name") && na) {
			snprintf(p->name, sizeof(p->name), "%s", a[0]);
		} else if (!strcmp(key, "nand.geometry")) {
			u64 v[4];

			if (na != 4 || !parse_size(a[0], &v[0]) ||
			    !parse_size(a[1], &v[1]) ||
			    !parse_size(a[2], &v[2]) ||
			    !parse_size(a[3], &v[3]) || !v[0] || !v[2] ||
			    v[2] % v[0] || v[3] % v[2]) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"nand.geometry PAGE OOB BLOCK SIZE");
			}
			p->geo.page = (u32)v[0];
			p->geo.oob = (u32)v[1];
			p->geo.block = (u32)v[2];
			p->geo.size = v[3];
			p->has_nand = true;
		} else if (!strcmp(key, "nand.part")) {
			if (na != 3 || p->nparts == BM_MAX_PARTS ||
			    !parse_size(a[1], &p->part[p->nparts].off) ||
			    (strcmp(a[2], "-") &&
			     !parse_size(a[2], &p->part[p->nparts].size))) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"nand.part NAME OFFSET SIZE|-");
			}
			snprintf(p->part[p->nparts].name,
				 sizeof(p->part[0].name), "%s", a[0]);
			p->nparts++;
		} else if (!strcmp(key, "nand.write")) {
			if (na != 3 || nwrites == BM_MAX_SCAN ||
			    !parse_size(a[1], &writes[nwrites].off)) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"nand.write PART OFFSET IMAGE");
			}
			snprintf(writes[nwrites].part,
				 sizeof(writes[0].part), "%s", a[0]);
			nwrites++;
		} else if (!strcmp(key, "medium") && na >= 2) {
			/* the helper's profile (scripts/boards/README) */
			if (!strcmp(a[1], "spi-nand"))
				p->has_nand = true;
			else if (!strcmp(a[1], "emmc"))
				p->has_emmc = true;
		} else if (!strcmp(key, "ubi") && na == 3) {
			/* helper: ubi MEDIUM MTD-PARTITION UBI-START */
			snprintf(ubi_mtd, sizeof(ubi_mtd), "%s", a[1]);
			if (!p->ubi_start && !parse_size(a[2], &p->ubi_start)) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"ubi MEDIUM MTD-PARTITION UBI-START");
			}
		} else if (!strcmp(key, "ubi.mtd") && na) {
			snprintf(ubi_mtd, sizeof(ubi_mtd), "%s", a[0]);
		} else if (!strncmp(key, "emmc.", 5)) {
			p->has_emmc = true;
		} else if (!strcmp(key, "boot.soc") && na) {
			snprintf(p->soc, sizeof(p->soc), "mediatek,%s", a[0]);
		} else if (!strcmp(key, "boot.strap")) {
			if (na != 1 || !parse_medium(a[0])) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.strap spi-nand|emmc");
			}
			p->strap = parse_medium(a[0]);
		} else if (!strcmp(key, "boot.nand-if")) {
			if (na == 1 && !strcmp(a[0], "spim")) {
				p->nand_if = MTK_NAND_IF_SPIM;
			} else if (na == 1 && !strcmp(a[0], "snfi")) {
				p->nand_if = MTK_NAND_IF_SNFI;
			} else {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.nand-if spim|snfi");
			}
		} else if (!strcmp(key, "boot.bl2-scan")) {
			for (i = 0; i < na; i++) {
				if (p->nscan == BM_MAX_SCAN ||
				    !parse_size(a[i], &p->scan[p->nscan])) {
					fclose(f);
					return line_err(err, errlen, path, n,
							"boot.bl2-scan OFFSET...");
				}
				p->nscan++;
			}
			p->scan_from_profile = true;
		} else if (!strcmp(key, "boot.fip")) {
			char *plus;

			if (na == 1 && !strcmp(a[0], "ubi")) {
				p->nand_fip = BM_FIP_UBI;
			} else if (na == 1 && !strcmp(a[0], "gpt")) {
				p->nand_fip = BM_FIP_DEFAULT;
			} else if (na == 1 && !strncmp(a[0], "raw:", 4) &&
				   (plus = strchr(a[0], '+'))) {
				*plus = '\0';
				if (!parse_size(a[0] + 4, &p->raw_off) ||
				    !parse_size(plus + 1, &p->raw_size)) {
					fclose(f);
					return line_err(err, errlen, path, n,
							"boot.fip raw:OFFSET+SIZE");
				}
				p->nand_fip = BM_FIP_RAW;
			} else {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.fip ubi|raw:OFFSET+SIZE|gpt");
			}
		} else if (!strcmp(key, "boot.ubi-start") ||
			   !strcmp(key, "boot.ubi-end")) {
			u64 *v = key[9] == 's' ? &p->ubi_start : &p->ubi_end;

			if (na != 1 || !parse_size(a[0], v)) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.ubi-start/-end OFFSET");
			}
		} else if (!strcmp(key, "boot.dual-fip")) {
			p->dual_fip = na == 1 && !strcmp(a[0], "1");
		} else if (!strcmp(key, "boot.bl2-gpt")) {
			if (na != 1 || (strcmp(a[0], "both") && strcmp(a[0], "new") &&
					strcmp(a[0], "old"))) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.bl2-gpt new|old|both");
			}
			p->bl2_gpt = !strcmp(a[0], "new") ? 1 : !strcmp(a[0], "old") ? 2 : 0;
		} else if (!strcmp(key, "boot.emmc-boot1")) {
			p->boot1_honoured = na == 1 && !strcmp(a[0], "honoured");
		} else if (!strcmp(key, "boot.bl2-bad-blocks")) {
			if (na != 1 || (strcmp(a[0], "skip") && strcmp(a[0], "strict"))) {
				fclose(f);
				return line_err(err, errlen, path, n,
						"boot.bl2-bad-blocks skip|strict");
			}
			p->bl2_bb_skip = !strcmp(a[0], "skip");
		}
	}
	fclose(f);

	if (!p->soc[0]) {
		const char *m = strstr(p->compatible, "mediatek,mt");
		size_t l;

		if (m) {
			l = strcspn(m, " \t");
			snprintf(p->soc, sizeof(p->soc), "%.*s", (int)l, m);
		}
	}
	for (i = 0; i < p->nparts; i++)
		if (!p->part[i].size && p->part[i].off < p->geo.size)
			p->part[i].size = p->geo.size - p->part[i].off;
	/* default BL2 copy positions: where the profile writes BL2 */
	if (!p->scan_from_profile) {
		for (i = 0; i < nwrites && p->nscan < BM_MAX_SCAN; i++) {
			u64 off;

			if (part_off(p, writes[i].part, &off))
				p->scan[p->nscan++] = off + writes[i].off;
		}
	}
	if (!p->ubi_start && ubi_mtd[0])
		part_off(p, ubi_mtd, &p->ubi_start);
	if (!p->ubi_end)
		p->ubi_end = p->geo.size;
	if (p->nand_fip == BM_FIP_DEFAULT && p->has_nand)
		p->nand_fip = ubi_mtd[0] ? BM_FIP_UBI : BM_FIP_RAW;
	if (p->nand_fip == BM_FIP_RAW && !p->raw_size)
		default_raw_fip(p);
	if (p->strap == MTK_MEDIUM_UNKNOWN)
		p->strap = p->has_nand ? MTK_MEDIUM_SPI_NAND :
			   p->has_emmc ? MTK_MEDIUM_EMMC : MTK_MEDIUM_UNKNOWN;
	return 0;
}
