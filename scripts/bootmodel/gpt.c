// SPDX-License-Identifier: GPL-2.0-only
/*
 * gpt.c - the eMMC GPT as each of its readers reads it
 * (Documentation/gpt-readers.md has the sources):
 *
 *   bl2-new  MediaTek's BL2 (TF-A partition.c with bl2_boot_mmc.c): the
 *            protective MBR's first entry must start at LBA 1 (its size is
 *            patched to the disk's); primary header signature and CRC over
 *            92 bytes, entry CRC not checked; entries read from
 *            PartitionEntryLBA inside the first 34 blocks only, taken in
 *            order until one has first and last LBA 0 or a name that is not
 *            7-bit (a high byte set, or empty); if the primary header or
 *            entries fail, the backup: header at the MBR's last LBA,
 *            entries from 32 blocks before it. The first entry named NAME
 *            wins.
 *   bl2-old  an older revision: the primary as above; the backup only when
 *            NAME is not in the primary.
 *   uboot    U-Boot (part_efi.c): protective MBR (an 0xee entry at LBA 1),
 *            primary header (signature, CRC, own LBA, usable range) and
 *            entry CRC; else the backup at the last LBA, the same checks.
 *   linux    Linux (block/partitions/efi.c) without "gpt" on the command
 *            line: protective MBR, primary with the same checks; no
 *            fallback to the backup.
 *
 * The FIP is what bl2-new/bl2-old find (profile key boot.bl2-gpt new|old|
 * both, default both: each must find the same partition). U-Boot and Linux
 * must find the root file system's partition ("production", OpenWrt's) where
 * BL2's table has it, when it has one.
 */
#include <stdlib.h>

#include "bm.h"
#include "gptfmt.h"

#define SEC		512
#define BL2_WINDOW	34	/* blocks of the primary BL2 can read */
#define BL2_MAX_ENTS	128	/* PLAT_PARTITION_MAX_ENTRIES */
#define ROOT_NAME	"production"

struct ent {
	char name[MTK_GPT_NAME_LEN + 1];
	u64 first, last;
};

struct table {
	bool ok;
	const char *which;	/* "primary" or "backup" */
	unsigned int n;
	struct ent e[BL2_MAX_ENTS];
	char why[192];
};

static int find(const struct table *t, const char *name)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (!strcmp(t->e[i].name, name))
			return (int)i;
	return -1;
}

static int bad(struct table *t, const char *fmt, const char *a)
{
	snprintf(t->why, sizeof(t->why), fmt, a);
	t->ok = false;
	return -1;
}

/* ---- MediaTek BL2 ---- */

/* TF-A's 128-byte entries from @lba, as load_partition_gpt() takes them */
static int bl2_entries(struct bm_ctx *c, u64 lba, u64 win_end, u32 count,
		       struct table *t)
{
	u8 e[128];
	unsigned int i, k;

	t->n = 0;
	for (i = 0; i < count; i++) {
		u64 off = lba * SEC + (u64)i * 128;

		if (off + 128 > win_end * SEC) {
			bm_strict(c->rep, "BL2 reads the GPT entries through a window (34 blocks for the primary): an entry beyond it is taken as a read error");
			return bad(t, "%s GPT: entry beyond the blocks BL2 reads", t->which);
		}
		if (bm_read(c->src, BM_EMMC_USER, off, e, sizeof(e)))
			return bad(t, "%s GPT: entries unreadable", t->which);
		if (!mtk_get_le64(e + 32) && !mtk_get_le64(e + 40))
			break;
		/* unicode_to_ascii(): every high byte 0, a first character */
		for (k = 1; k < 72 && !e[56 + k]; k += 2)
			;
		if (k < 72 || !e[56])
			break;
		for (k = 0; k < MTK_GPT_NAME_LEN && e[56 + 2 * k]; k++)
			t->e[t->n].name[k] = (char)e[56 + 2 * k];
		t->e[t->n].name[k] = '\0';
		t->e[t->n].first = mtk_get_le64(e + 32);
		t->e[t->n].last = mtk_get_le64(e + 40);
		t->n++;
	}
	if (!t->n)
		return bad(t, "%s GPT: no entry BL2 accepts", t->which);
	t->ok = true;
	return 0;
}

/* load_gpt_header(): signature, CRC over 92 bytes; PartitionEntryLBA */
static int bl2_header(struct bm_ctx *c, u64 lba, struct table *t, u64 *elba, u32 *count)
{
	u8 h[92];
	u32 crc;

	if (bm_read(c->src, BM_EMMC_USER, lba * SEC, h, sizeof(h)))
		return bad(t, "%s GPT header unreadable", t->which);
	if (memcmp(h, "EFI PART", 8))
		return bad(t, "%s GPT header: no signature", t->which);
	crc = mtk_get_le32(h + 16);
	memset(h + 16, 0, 4);
	if (mtk_fmt_crc32(0, h, sizeof(h)) != crc)
		return bad(t, "%s GPT header: CRC32 does not match", t->which);
	*elba = mtk_get_le64(h + 72);
	*count = mtk_get_le32(h + 80);
	if (*count > BL2_MAX_ENTS)
		*count = BL2_MAX_ENTS;
	if (!*elba)
		return bad(t, "%s GPT header: PartitionEntryLBA 0", t->which);
	return 0;
}

/* the protective MBR as load_mbr_header() takes it; @last: backup LBA */
static int bl2_mbr(struct bm_ctx *c, u64 lbas, u64 *last, char *why, size_t wlen)
{
	u8 mbr[SEC];
	u32 num;

	if (bm_read(c->src, BM_EMMC_USER, 0, mbr, SEC))
		return mtk_fmt_fail(why, wlen, EIO, "LBA 0 unreadable");
	/* plat_patch_mbr_header(): the size becomes the disk's */
	num = mtk_get_le32(mbr + 446 + 12);
	if (num != lbas)
		num = (u32)(lbas - 1);
	if (mbr[510] != 0x55 || mbr[511] != 0xaa)
		return mtk_fmt_fail(why, wlen, EINVAL, "no MBR signature at LBA 0");
	if (mtk_get_le32(mbr + 446 + 8) != 1)
		return mtk_fmt_fail(why, wlen, EINVAL,
				    "the MBR's first entry does not start at LBA 1");
	if (!num || num == 0xffffffffU)
		return mtk_fmt_fail(why, wlen, EINVAL, "the MBR's first entry has no size");
	if (mbr[446 + 4] != 0xee)
		return mtk_fmt_fail(why, wlen, EINVAL,
				    "the MBR's first entry is type 0x%02x, not 0xee: BL2 reads MBR entries, with no names",
				    mbr[446 + 4]);
	*last = num;
	return 0;
}

static void bl2_primary(struct bm_ctx *c, struct table *t)
{
	u64 elba;
	u32 count;

	t->which = "primary";
	if (!bl2_header(c, 1, t, &elba, &count))
		bl2_entries(c, elba, BL2_WINDOW, count, t);
}

static void bl2_backup(struct bm_ctx *c, u64 last, struct table *t)
{
	u64 elba;
	u32 count;

	t->which = "backup";
	if (last < BL2_WINDOW) {
		bad(t, "%s GPT: the disk is too small", t->which);
		return;
	}
	if (!bl2_header(c, last, t, &elba, &count))
		bl2_entries(c, last - 32, last, count, t);
}

/* BL2's table for @name: 0 and @t, or -1 with @why */
static int bl2_read(struct bm_ctx *c, bool old, const char *name, u64 lbas,
		    struct table *t, char *why, size_t wlen)
{
	char prim[192];
	u64 last;

	memset(t, 0, sizeof(*t));
	if (bl2_mbr(c, lbas, &last, why, wlen))
		return -1;
	bl2_primary(c, t);
	if (t->ok && (!old || find(t, name) >= 0))
		return find(t, name) >= 0 ? 0 :
			mtk_fmt_fail(why, wlen, ENOENT,
				     "no partition %s in the primary GPT (BL2 looks no further)", name);
	snprintf(prim, sizeof(prim), "%s", t->ok ? "" : t->why);
	bl2_backup(c, last, t);
	if (!t->ok)
		return mtk_fmt_fail(why, wlen, ENOENT, "%s%s%s", prim, prim[0] ? "; " : "", t->why);
	if (find(t, name) < 0)
		return mtk_fmt_fail(why, wlen, ENOENT,
				    "no partition %s in the primary or the backup GPT", name);
	return 0;
}

/* ---- U-Boot and Linux ---- */

static bool pmbr_ok(struct bm_ctx *c)
{
	u8 mbr[SEC];
	int i;

	if (bm_read(c->src, BM_EMMC_USER, 0, mbr, SEC) ||
	    mbr[510] != 0x55 || mbr[511] != 0xaa)
		return false;
	for (i = 0; i < 4; i++)
		if (mbr[446 + 16 * i + 4] == 0xee &&
		    mtk_get_le32(mbr + 446 + 16 * i + 8) == 1)
			return true;
	return false;
}

/* a whole GPT copy with every CRC (driver/formats/gptfmt.c, as both check it) */
static int full_read(struct bm_ctx *c, u64 lba, u64 lbas, struct table *t)
{
	struct mtk_gpt_header h;
	struct mtk_gpt_part p;
	u8 sec[SEC], *ents;
	unsigned int i;
	size_t n;
	int ret;

	memset(t, 0, sizeof(*t));
	t->which = lba == 1 ? "primary" : "backup";
	if (bm_read(c->src, BM_EMMC_USER, lba * SEC, sec, SEC))
		return bad(t, "%s GPT header unreadable", t->which);
	ret = mtk_gpt_parse_header(sec, SEC, lba, lbas, &h, t->why, sizeof(t->why));
	if (ret)
		return -1;
	n = mtk_gpt_array_bytes(&h);
	ents = malloc(n);
	if (!ents)
		return bad(t, "%s", "out of memory");
	ret = bm_read(c->src, BM_EMMC_USER, h.entries_lba * SEC, ents, n) ? -EIO :
		mtk_gpt_check_entries(&h, ents, n, t->why, sizeof(t->why));
	if (ret == -EIO)
		bad(t, "%s GPT entries unreadable", t->which);
	for (i = 0; !ret && i < h.num_entries && t->n < BL2_MAX_ENTS; i++) {
		if (mtk_gpt_get_part(&h, ents, i, &p))
			continue;
		snprintf(t->e[t->n].name, sizeof(t->e[t->n].name), "%s", p.name);
		t->e[t->n].first = p.first_lba;
		t->e[t->n].last = p.last_lba;
		t->n++;
	}
	free(ents);
	t->ok = !ret;
	return ret ? -1 : 0;
}

/* U-Boot and Linux must see @root where BL2's table has it */
static int host_readers(struct bm_ctx *c, const struct table *bl2, u64 lbas)
{
	struct table *t = calloc(2, sizeof(*t));
	int r = find(bl2, ROOT_NAME), i, ret = 0;
	const char *who[2] = { "U-Boot", "Linux" };

	if (!t)
		return bm_fail(c->rep, NULL, "out of memory");
	if (!pmbr_ok(c)) {
		bm_say(c->rep, "gpt-uboot", "no protective MBR");
		bm_say(c->rep, "gpt-linux", "no protective MBR");
		ret = bm_fail(c->rep, "restore the protective MBR",
			      "U-Boot and Linux find no GPT: no protective MBR (0x55aa, an 0xee entry at LBA 1)");
		goto out;
	}
	if (full_read(c, 1, lbas, &t[0]))
		full_read(c, lbas - 1, lbas, &t[0]);
	full_read(c, 1, lbas, &t[1]);
	for (i = 0; i < 2 && !ret; i++) {
		int k = t[i].ok ? find(&t[i], ROOT_NAME) : -1;

		if (!t[i].ok)
			bm_say(c->rep, i ? "gpt-linux" : "gpt-uboot", "no valid GPT: %s", t[i].why);
		else
			bm_say(c->rep, i ? "gpt-linux" : "gpt-uboot", "%s GPT, %u partitions%s",
			       t[i].which, t[i].n, k >= 0 ? ", " ROOT_NAME " found" : "");
		if (r < 0)
			continue;
		if (!t[i].ok)
			ret = bm_fail(c->rep, "repair the GPT (sgdisk -e writes a backup from a valid primary)",
				      "%s finds no valid GPT (%s): the root file system (%s) is not found",
				      who[i], t[i].why, ROOT_NAME);
		else if (k < 0 || t[i].e[k].first != bl2->e[r].first ||
			 t[i].e[k].last != bl2->e[r].last)
			ret = bm_fail(c->rep, "repair the GPT",
				      "%s does not find %s where BL2's GPT has it", who[i], ROOT_NAME);
	}
out:
	free(t);
	return ret;
}

int bm_gpt_load(struct bm_ctx *c, const char *name, bool quiet, size_t max,
		u8 **data, size_t *len, char *where, size_t wlen, char *err,
		size_t errlen)
{
	u64 lbas = c->src->size[BM_EMMC_USER] / SEC, bytes;
	struct table *t = calloc(2, sizeof(*t)), *use = NULL;
	const char *vname[2] = { "new", "old" };
	char why[2][400];
	int ret = 0, v, k[2] = { -1, -1 };
	u8 *buf;

	*data = NULL;
	*len = 0;
	if (!t)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	if (lbas < 68) {
		ret = mtk_fmt_fail(err, errlen, ENODATA,
				   "the dump has no eMMC user area to hold a GPT");
		goto out;
	}
	for (v = 0; v < 2; v++) {
		if (c->prof->bl2_gpt && c->prof->bl2_gpt != v + 1)
			continue;
		if (!bl2_read(c, v, name, lbas, &t[v], why[v], sizeof(why[v])))
			k[v] = find(&t[v], name);
		if (!quiet)
			bm_say(c->rep, v ? "gpt-bl2-old" : "gpt-bl2-new", "%s",
			       k[v] >= 0 ? t[v].which : why[v]);
	}
	if (!quiet && !c->prof->bl2_gpt)
		bm_strict(c->rep, "MediaTek BL2 revisions differ in when they read the backup GPT (boot.bl2-gpt new|old|both): both are checked");
	for (v = 0; v < 2; v++) {
		if (c->prof->bl2_gpt && c->prof->bl2_gpt != v + 1)
			continue;
		if (k[v] < 0) {
			ret = mtk_fmt_fail(err, errlen, ENOENT, "partition %s: BL2 (%s): %s",
					   name, vname[v], why[v]);
			goto out;
		}
		if (use && (use->e[k[0]].first != t[v].e[k[v]].first ||
			    use->e[k[0]].last != t[v].e[k[v]].last)) {
			ret = mtk_fmt_fail(err, errlen, EINVAL,
					   "partition %s: BL2 revisions disagree (%s GPT or %s GPT)",
					   name, use->which, t[v].which);
			goto out;
		}
		if (!use)
			use = &t[v];
	}
	v = use == &t[0] ? 0 : 1;
	if (!quiet) {
		if (host_readers(c, use, lbas)) {
			ret = mtk_fmt_fail(err, errlen, ENOENT, "%s", c->rep->reason);
			goto out;
		}
	}
	if (use->e[k[v]].last >= lbas || use->e[k[v]].first > use->e[k[v]].last) {
		ret = mtk_fmt_fail(err, errlen, EINVAL,
				   "GPT partition %s lies outside the user area", name);
		goto out;
	}
	bytes = (use->e[k[v]].last - use->e[k[v]].first + 1) * SEC;
	if (bytes > max)
		bytes = max;
	buf = malloc(bytes);
	if (!buf) {
		ret = mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
		goto out;
	}
	if (bm_read(c->src, BM_EMMC_USER, use->e[k[v]].first * SEC, buf, bytes)) {
		free(buf);
		ret = mtk_fmt_fail(err, errlen, EIO, "read error in partition %s", name);
		goto out;
	}
	snprintf(where, wlen, "GPT partition \"%s\" (%s GPT, entry %d, LBA %llu..%llu)",
		 name, use->which, k[v] + 1, (unsigned long long)use->e[k[v]].first,
		 (unsigned long long)use->e[k[v]].last);
	*data = buf;
	*len = bytes;
out:
	free(t);
	return ret;
}
