// SPDX-License-Identifier: GPL-2.0-only
/*
 * gpt.c - BL2's lookup of a partition by name on the eMMC user area
 * (bl2_boot_mmc.c, reference §3.5): the primary GPT first; if the name is
 * not there (or the primary is unusable), the backup at the end of the
 * user area. Headers and entry arrays are CRC-checked (driver/formats/gptfmt.c).
 */
#include <stdlib.h>

#include "bm.h"
#include "gptfmt.h"

#define SEC	512

struct table {
	struct mtk_gpt_header h;
	u8 *ents;
	int idx;
	bool hdr_ok;
	char why[192];
};

/* read and check the GPT header at @lba; find @name in it */
static int read_table(struct bm_ctx *c, u64 lba, u64 lbas, const char *name,
		      struct table *t)
{
	u8 sec[SEC];
	size_t n;
	int ret;

	memset(t, 0, sizeof(*t));
	t->idx = -1;
	ret = bm_read(c->src, BM_EMMC_USER, lba * SEC, sec, SEC);
	if (ret) {
		snprintf(t->why, sizeof(t->why), "read error %d", ret);
		return ret;
	}
	ret = mtk_gpt_parse_header(sec, SEC, lba, lbas, &t->h, t->why,
				   sizeof(t->why));
	if (ret)
		return ret;
	t->hdr_ok = true;
	n = mtk_gpt_array_bytes(&t->h);
	t->ents = malloc(n);
	if (!t->ents) {
		snprintf(t->why, sizeof(t->why), "out of memory");
		return -ENOMEM;
	}
	ret = bm_read(c->src, BM_EMMC_USER, t->h.entries_lba * SEC, t->ents, n);
	if (ret) {
		snprintf(t->why, sizeof(t->why), "entries: read error %d", ret);
		return ret;
	}
	ret = mtk_gpt_check_entries(&t->h, t->ents, n, t->why, sizeof(t->why));
	if (ret)
		return ret;
	t->idx = mtk_gpt_find(&t->h, t->ents, name);
	if (t->idx < 0) {
		snprintf(t->why, sizeof(t->why), "no partition named %s", name);
		return -ENOENT;
	}
	return 0;
}

static bool mbr_ok(struct bm_ctx *c)
{
	u8 mbr[SEC];
	int i;

	if (bm_read(c->src, BM_EMMC_USER, 0, mbr, SEC) ||
	    mbr[510] != 0x55 || mbr[511] != 0xaa)
		return false;
	for (i = 0; i < 4; i++)
		if (mbr[446 + 16 * i + 4] == 0xee)
			return true;
	return false;
}

int bm_gpt_load(struct bm_ctx *c, const char *name, bool quiet, size_t max,
		u8 **data, size_t *len, char *where, size_t wlen, char *err,
		size_t errlen)
{
	u64 lbas = c->src->size[BM_EMMC_USER] / SEC, bytes;
	struct table pri, bak, *use;
	struct mtk_gpt_part part;
	int rp, rb, ret;
	u8 *buf;

	*data = NULL;
	*len = 0;
	if (lbas < 68)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "the dump has no eMMC user area to hold a GPT");
	if (!mbr_ok(c)) {
		if (!quiet)
			bm_strict(c->rep, "TF-A's partition code checks the protective MBR before either GPT: without one (0x55aa and a type 0xee entry) the model assumes BL2 finds no partition");
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "no protective MBR at LBA 0: BL2 finds no GPT partition %s",
				    name);
	}
	rp = read_table(c, 1, lbas, name, &pri);
	rb = read_table(c, lbas - 1, lbas, name, &bak);
	if (!quiet) {
		bm_say(c->rep, "gpt-primary", "%s", rp ? pri.why : "valid");
		bm_say(c->rep, "gpt-backup", "%s", rb ? bak.why : "valid");
		if (rp == -EBADMSG && pri.hdr_ok && !rb)
			bm_strict(c->rep, "the primary GPT's entry array fails its CRC: the model takes BL2 to use the backup (a BL2 that does not check the entry CRC might read the damaged entries instead)");
	}
	use = !rp ? &pri : !rb ? &bak : NULL;
	if (!use) {
		ret = mtk_fmt_fail(err, errlen, ENOENT,
				   "partition %s is in neither GPT: primary: %s; backup: %s",
				   name, pri.why, bak.why);
		goto out;
	}
	mtk_gpt_get_part(&use->h, use->ents, (unsigned int)use->idx, &part);
	if (part.last_lba >= lbas || part.first_lba > part.last_lba) {
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "GPT partition %s lies outside the user area", name);
		goto out;
	}
	bytes = (part.last_lba - part.first_lba + 1) * SEC;
	if (bytes > max)
		bytes = max;
	buf = malloc(bytes);
	if (!buf) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	ret = bm_read(c->src, BM_EMMC_USER, part.first_lba * SEC, buf, bytes);
	if (ret) {
		free(buf);
		ret = mtk_fmt_fail(err, errlen, EIO, "read error in partition %s", name);
		goto out;
	}
	snprintf(where, wlen, "GPT partition \"%s\" (%s GPT, entry %d, LBA %llu..%llu)",
		 name, use == &pri ? "primary" : "backup", use->idx + 1,
		 (unsigned long long)part.first_lba,
		 (unsigned long long)part.last_lba);
	*data = buf;
	*len = bytes;
out:
	free(pri.ents);
	free(bak.ents);
	return ret;
}
