// SPDX-License-Identifier: GPL-2.0-only
/*
 * gptfmt.c - GUID partition table format (UEFI spec, chapter 5): header
 * and entry checks, CRC32, primary/backup comparison, renaming and
 * serialisation. Pure code; gpt.c does the I/O.
 */
#include "gptfmt.h"

#define GPT_SIG		"EFI PART"
#define GPT_REVISION	0x00010000U

static u64 array_sectors(const struct mtk_gpt_header *h, u64 secsize)
{
	return ((u64)mtk_gpt_array_bytes(h) + secsize - 1) / secsize;
}

int mtk_gpt_parse_header(const u8 *sec, size_t secsize, u64 lba,
			 u64 disk_lbas, struct mtk_gpt_header *h,
			 char *err, size_t errlen)
{
	const char *which = lba == 1 ? "primary" : "backup";
	static const u8 zero[4];
	u64 aend;
	u32 crc;

	memset(h, 0, sizeof(*h));
	if (secsize < 512 || secsize > 65536 || (secsize & (secsize - 1)))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "GPT: sector size %zu is not supported",
				    secsize);
	if (memcmp(sec, GPT_SIG, 8))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT header at LBA %llu: no \"EFI PART\" signature",
				    which, (unsigned long long)lba);
	h->revision = mtk_get_le32(sec + 8);
	h->hdr_size = mtk_get_le32(sec + 12);
	h->hdr_crc = mtk_get_le32(sec + 16);
	h->current_lba = mtk_get_le64(sec + 24);
	h->backup_lba = mtk_get_le64(sec + 32);
	h->first_usable = mtk_get_le64(sec + 40);
	h->last_usable = mtk_get_le64(sec + 48);
	memcpy(h->disk_guid, sec + 56, 16);
	h->entries_lba = mtk_get_le64(sec + 72);
	h->num_entries = mtk_get_le32(sec + 80);
	h->entry_size = mtk_get_le32(sec + 84);
	h->entries_crc = mtk_get_le32(sec + 88);

	if (h->revision != GPT_REVISION)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT revision 0x%08x is not 1.0",
				    which, h->revision);
	if (h->hdr_size < MTK_GPT_HDR_SIZE || h->hdr_size > 512 ||
	    h->hdr_size > secsize)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT header size %u is out of range",
				    which, h->hdr_size);
	/* the CRC covers the header with its own CRC field as zero */
	crc = mtk_fmt_crc32(0, sec, 16);
	crc = mtk_fmt_crc32(crc, zero, 4);
	crc = mtk_fmt_crc32(crc, sec + 20, h->hdr_size - 20);
	if (crc != h->hdr_crc)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "%s GPT header CRC32 is 0x%08x, computed 0x%08x",
				    which, h->hdr_crc, crc);
	if (h->current_lba != lba)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT header at LBA %llu says it is at LBA %llu",
				    which, (unsigned long long)lba,
				    (unsigned long long)h->current_lba);
	if (h->backup_lba >= disk_lbas || h->backup_lba == h->current_lba)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT: other header at LBA %llu is not valid on a %llu-sector disk",
				    which, (unsigned long long)h->backup_lba,
				    (unsigned long long)disk_lbas);
	if (h->first_usable > h->last_usable || h->last_usable >= disk_lbas)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT usable range %llu..%llu is not valid on a %llu-sector disk",
				    which, (unsigned long long)h->first_usable,
				    (unsigned long long)h->last_usable,
				    (unsigned long long)disk_lbas);
	if (h->entry_size < MTK_GPT_ENTRY_MIN || h->entry_size > 4096 ||
	    (h->entry_size & (h->entry_size - 1)) || !h->num_entries ||
	    h->num_entries > MTK_GPT_MAX_ENTRIES ||
	    mtk_gpt_array_bytes(h) > MTK_GPT_MAX_ARRAY)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT entry array of %u x %u bytes is not supported",
				    which, h->num_entries, h->entry_size);
	if (h->entries_lba >= disk_lbas ||
	    array_sectors(h, secsize) > disk_lbas - h->entries_lba)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT entry array at LBA %llu runs past the disk end",
				    which, (unsigned long long)h->entries_lba);
	aend = h->entries_lba + array_sectors(h, secsize);
	if ((h->entries_lba <= h->last_usable && aend > h->first_usable) ||
	    (h->entries_lba <= h->current_lba && aend > h->current_lba))
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s GPT entry array LBA %llu..%llu overlaps the header or usable space",
				    which, (unsigned long long)h->entries_lba,
				    (unsigned long long)(aend - 1));
	return 0;
}

static bool guid_zero(const u8 *g)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		if (g[i])
			return false;
	return true;
}

int mtk_gpt_check_entries(const struct mtk_gpt_header *h, const u8 *ents,
			  size_t len, char *err, size_t errlen)
{
	size_t bytes = mtk_gpt_array_bytes(h);
	unsigned int i, j;
	u32 crc;

	if (len < bytes)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "GPT entry array truncated: %zu of %zu bytes",
				    len, bytes);
	crc = mtk_fmt_crc32(0, ents, bytes);
	if (crc != h->entries_crc)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "GPT entry array CRC32 is 0x%08x, computed 0x%08x",
				    h->entries_crc, crc);
	for (i = 0; i < h->num_entries; i++) {
		const u8 *e = ents + (size_t)i * h->entry_size;
		u64 first = mtk_get_le64(e + 32), last = mtk_get_le64(e + 40);

		if (guid_zero(e))
			continue;
		if (first > last || first < h->first_usable ||
		    last > h->last_usable)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "GPT partition %u (LBA %llu..%llu) is outside the usable range %llu..%llu",
					    i + 1, (unsigned long long)first,
					    (unsigned long long)last,
					    (unsigned long long)h->first_usable,
					    (unsigned long long)h->last_usable);
		for (j = 0; j < i; j++) {
			const u8 *o = ents + (size_t)j * h->entry_size;

			if (guid_zero(o))
				continue;
			if (first <= mtk_get_le64(o + 40) &&
			    mtk_get_le64(o + 32) <= last)
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "GPT partitions %u and %u overlap",
						    j + 1, i + 1);
		}
	}
	return 0;
}

int mtk_gpt_get_part(const struct mtk_gpt_header *h, const u8 *ents,
		     unsigned int idx, struct mtk_gpt_part *p)
{
	const u8 *e;
	unsigned int i;

	if (idx >= h->num_entries)
		return -EINVAL;
	e = ents + (size_t)idx * h->entry_size;
	memset(p, 0, sizeof(*p));
	if (guid_zero(e))
		return -ENOENT;
	memcpy(p->type, e, 16);
	memcpy(p->uuid, e + 16, 16);
	p->first_lba = mtk_get_le64(e + 32);
	p->last_lba = mtk_get_le64(e + 40);
	p->attrs = mtk_get_le64(e + 48);
	for (i = 0; i < MTK_GPT_NAME_LEN; i++) {
		u16 c = mtk_get_le16(e + 56 + 2 * i);

		if (!c)
			break;
		p->name[i] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	p->name[i] = '\0';
	return 0;
}

static bool name_is(const u8 *e, const char *name)
{
	unsigned int i;

	for (i = 0; i < MTK_GPT_NAME_LEN; i++) {
		u16 c = mtk_get_le16(e + 56 + 2 * i);

		if (c != (u8)name[i])
			return false;
		if (!c)
			return true;
	}
	return !name[i];
}

int mtk_gpt_find(const struct mtk_gpt_header *h, const u8 *ents,
		 const char *name)
{
	unsigned int i;

	for (i = 0; i < h->num_entries; i++) {
		const u8 *e = ents + (size_t)i * h->entry_size;

		if (!guid_zero(e) && name_is(e, name))
			return (int)i;
	}
	return -ENOENT;
}

int mtk_gpt_find_unique(const struct mtk_gpt_header *h, const u8 *ents,
			const char *name)
{
	int idx = mtk_gpt_find(h, ents, name);
	unsigned int i;

	if (idx < 0)
		return idx;
	for (i = (unsigned int)idx + 1; i < h->num_entries; i++) {
		const u8 *e = ents + (size_t)i * h->entry_size;

		if (!guid_zero(e) && name_is(e, name))
			return -EEXIST;
	}
	return idx;
}

int mtk_gpt_set_name(const struct mtk_gpt_header *h, u8 *ents,
		     unsigned int idx, const char *name,
		     char *err, size_t errlen)
{
	size_t n = strlen(name), i;
	u8 *e;

	if (idx >= h->num_entries)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "GPT has no entry %u", idx + 1);
	if (n > MTK_GPT_NAME_LEN)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "GPT partition name \"%s\" is longer than 36 characters",
				    name);
	for (i = 0; i < n; i++)
		if ((u8)name[i] < 0x20 || (u8)name[i] >= 0x7f)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "GPT partition names must be printable ASCII");
	e = ents + (size_t)idx * h->entry_size;
	memset(e + 56, 0, 2 * MTK_GPT_NAME_LEN);
	for (i = 0; i < n; i++)
		e[56 + 2 * i] = (u8)name[i];
	return 0;
}

/*
 * The CRC-fixing bits: the low bytes of name units 28..35 (64 bits, after
 * any name of up to 27 characters). Four bytes would do in principle, but
 * low bytes two apart do not reach every CRC value (rank 31); eight always
 * do (rank 32 whatever the entry's position: moving the bytes multiplies
 * their effect by an invertible power of x modulo the CRC polynomial).
 */
#define FIX_UNIT	28
#define FIX_BITS	64

static size_t fix_off(unsigned int idx, u32 esize, unsigned int bit)
{
	return (size_t)idx * esize + 56 + 2 * (FIX_UNIT + bit / 8);
}

int mtk_gpt_rename_keep_crc(const struct mtk_gpt_header *h, u8 *ents,
			    unsigned int idx, const char *name,
			    char *err, size_t errlen)
{
	size_t bytes = mtk_gpt_array_bytes(h);
	u32 col[32], piv[32], target, crc, v;
	u64 mask[32], x, mk;
	unsigned int i, j, n = 0;
	int ret;

	if (strlen(name) >= FIX_UNIT)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "GPT partition name \"%s\" is too long for a switch (at most %d characters)",
				    name, FIX_UNIT - 1);
	ret = mtk_gpt_set_name(h, ents, idx, name, err, errlen);
	if (ret)
		return ret;
	crc = mtk_fmt_crc32(0, ents, bytes);
	target = crc ^ h->entries_crc;
	if (!target)
		return 0;
	/* the CRC change each bit makes (CRC32 is affine), reduced to a basis */
	for (i = 0; i < FIX_BITS && n < 32; i++) {
		u8 *b = ents + fix_off(idx, h->entry_size, i);

		*b ^= 1U << (i % 8);
		v = mtk_fmt_crc32(0, ents, bytes) ^ crc;
		*b ^= 1U << (i % 8);
		mk = 1ULL << i;
		for (j = 0; j < n; j++)
			if (v & piv[j]) {
				v ^= col[j];
				mk ^= mask[j];
			}
		if (!v)
			continue;
		col[n] = v;
		mask[n] = mk;
		piv[n] = v & -v;
		/* keep every row free of the new pivot */
		for (j = 0; j < n; j++)
			if (col[j] & piv[n]) {
				col[j] ^= v;
				mask[j] ^= mk;
			}
		n++;
	}
	x = 0;
	for (j = 0; j < n; j++)
		if (target & piv[j]) {
			target ^= col[j];
			x ^= mask[j];
		}
	if (!target) {
		for (i = 0; i < FIX_BITS; i++)
			if (x & (1ULL << i))
				ents[fix_off(idx, h->entry_size, i)] ^= 1U << (i % 8);
		if (mtk_fmt_crc32(0, ents, bytes) == h->entries_crc)
			return 0;
	}
	return mtk_fmt_fail(err, errlen, ERANGE,
			    "GPT entry %u: no name padding keeps the entry array's CRC32",
			    idx + 1);
}

#ifndef __KERNEL__
/* userspace only from here (tests, fuzzers, inspect): not in the module */
int mtk_gpt_compare(const struct mtk_gpt_header *p, const u8 *pents,
		    const struct mtk_gpt_header *b, const u8 *bents,
		    char *err, size_t errlen)
{
	const char *what = NULL;

	if (memcmp(p->disk_guid, b->disk_guid, 16))
		what = "disk GUID";
	else if (p->current_lba != b->backup_lba ||
		 p->backup_lba != b->current_lba)
		what = "header locations";
	else if (p->first_usable != b->first_usable ||
		 p->last_usable != b->last_usable)
		what = "usable range";
	else if (p->num_entries != b->num_entries ||
		 p->entry_size != b->entry_size)
		what = "entry array geometry";
	else if (p->entries_crc != b->entries_crc ||
		 memcmp(pents, bents, mtk_gpt_array_bytes(p)))
		what = "partition entries";
	if (what)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "primary and backup GPT differ: %s", what);
	return 0;
}

/* userspace only (tests, fuzzers, inspect): not in the module */
void mtk_gpt_backup_of(const struct mtk_gpt_header *p, u32 secsize,
		       struct mtk_gpt_header *b)
{
	*b = *p;
	b->current_lba = p->backup_lba;
	b->backup_lba = p->current_lba;
	b->entries_lba = p->backup_lba - array_sectors(p, secsize);
}

void mtk_gpt_serialise(struct mtk_gpt_header *h, const u8 *ents,
		       u8 *sec, size_t secsize)
{
	if (h->hdr_size < MTK_GPT_HDR_SIZE || h->hdr_size > secsize)
		h->hdr_size = MTK_GPT_HDR_SIZE;
	h->entries_crc = mtk_fmt_crc32(0, ents, mtk_gpt_array_bytes(h));
	memset(sec, 0, secsize);
	memcpy(sec, GPT_SIG, 8);
	mtk_put_le32(sec + 8, GPT_REVISION);
	mtk_put_le32(sec + 12, h->hdr_size);
	mtk_put_le64(sec + 24, h->current_lba);
	mtk_put_le64(sec + 32, h->backup_lba);
	mtk_put_le64(sec + 40, h->first_usable);
	mtk_put_le64(sec + 48, h->last_usable);
	memcpy(sec + 56, h->disk_guid, 16);
	mtk_put_le64(sec + 72, h->entries_lba);
	mtk_put_le32(sec + 80, h->num_entries);
	mtk_put_le32(sec + 84, h->entry_size);
	mtk_put_le32(sec + 88, h->entries_crc);
	h->hdr_crc = mtk_fmt_crc32(0, sec, h->hdr_size);
	mtk_put_le32(sec + 16, h->hdr_crc);
}

static int disk_copy(const u8 *disk, size_t len, u32 secsize, u64 lba,
		     struct mtk_gpt_header *h, const u8 **ents,
		     char *err, size_t errlen)
{
	u64 lbas = len / secsize;
	u64 off;
	int ret;

	if (lba >= lbas)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "GPT header LBA %llu is past the end of the %llu-sector disk",
				    (unsigned long long)lba,
				    (unsigned long long)lbas);
	ret = mtk_gpt_parse_header(disk + lba * secsize, secsize, lba, lbas, h,
				   err, errlen);
	if (ret)
		return ret;
	off = h->entries_lba * secsize;
	*ents = disk + off;
	return mtk_gpt_check_entries(h, *ents, len - off, err, errlen);
}

int mtk_gpt_parse_disk(const u8 *disk, size_t len, u32 secsize,
		       struct mtk_gpt *g, char *err, size_t errlen)
{
	char berr[128];
	u64 blba;
	int pret, bret;

	memset(g, 0, sizeof(*g));
	if (secsize < 512 || secsize > 65536 || (secsize & (secsize - 1)) ||
	    len / secsize < 3)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "GPT: a disk of %zu bytes is too small", len);
	pret = disk_copy(disk, len, secsize, 1, &g->primary, &g->pents,
			 err, errlen);
	g->primary_ok = !pret;
	blba = g->primary_ok ? g->primary.backup_lba : len / secsize - 1;
	bret = disk_copy(disk, len, secsize, blba, &g->backup, &g->bents,
			 berr, sizeof(berr));
	g->backup_ok = !bret;
	if (pret)
		return pret;
	if (bret)
		return mtk_fmt_fail(err, errlen, -bret, "%s", berr);
	return mtk_gpt_compare(&g->primary, g->pents, &g->backup, g->bents,
			       err, errlen);
}

int mtk_gpt_summary(const struct mtk_gpt *g, char *buf, size_t len)
{
	const struct mtk_gpt_header *h = g->primary_ok ? &g->primary :
							 &g->backup;
	const u8 *ents = g->primary_ok ? g->pents : g->bents;
	struct mtk_gpt_part p;
	size_t o = 0;
	unsigned int i;
	int w;

	if (!len)
		return 0;
	buf[0] = '\0';
	if (!g->primary_ok && !g->backup_ok)
		return 0;
	w = snprintf(buf, len, "format: gpt\nprimary: %s\nbackup: %s\n",
		     g->primary_ok ? "ok" : "bad", g->backup_ok ? "ok" : "bad");
	if (w > 0)
		o = (size_t)w;
	for (i = 0; i < h->num_entries && o < len; i++) {
		if (mtk_gpt_get_part(h, ents, i, &p))
			continue;
		w = snprintf(buf + o, len - o, "part%u: %s %llu..%llu\n", i + 1,
			     p.name, (unsigned long long)p.first_lba,
			     (unsigned long long)p.last_lba);
		if (w > 0)
			o += (size_t)w;
	}
	return (int)(o < len ? o : len - 1);
}
#endif /* !__KERNEL__ */
