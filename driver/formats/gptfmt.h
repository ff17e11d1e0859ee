/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * gptfmt.h - GUID partition table: parse, check CRCs, compare primary and
 * backup, change names, serialise. No I/O: the caller reads the sectors.
 */
#ifndef MTK_GPTFMT_H
#define MTK_GPTFMT_H

#include "fmt.h"

#define MTK_GPT_HDR_SIZE	92
#define MTK_GPT_ENTRY_MIN	128
#define MTK_GPT_MAX_ENTRIES	1024
#define MTK_GPT_MAX_ARRAY	0x100000	/* bytes of entries */
#define MTK_GPT_NAME_LEN	36		/* UTF-16 code units */

struct mtk_gpt_header {
	u32 revision;
	u32 hdr_size;
	u32 hdr_crc;
	u64 current_lba;
	u64 backup_lba;
	u64 first_usable;
	u64 last_usable;
	u8 disk_guid[16];
	u64 entries_lba;
	u32 num_entries;
	u32 entry_size;
	u32 entries_crc;
};

struct mtk_gpt_part {
	u8 type[16];
	u8 uuid[16];
	u64 first_lba;
	u64 last_lba;
	u64 attrs;
	char name[MTK_GPT_NAME_LEN + 1];	/* ASCII; '?' for others */
};

/**
 * mtk_gpt_parse_header() - check a GPT header sector
 * @sec: the sector, @secsize bytes (512 or 4096)
 * @lba: where it was read from
 * @disk_lbas: size of the device in sectors
 *
 * Checks the signature, revision, header size and CRC, that the header
 * says it lives at @lba, the usable range and the entry array geometry.
 * Return: 0, -EINVAL, -EBADMSG (CRC).
 */
MTK_BM_LOCAL int mtk_gpt_parse_header(const u8 *sec, size_t secsize, u64 lba,
				      u64 disk_lbas, struct mtk_gpt_header *h,
				      char *err, size_t errlen);

/* bytes of the entry array of @h */
static inline size_t mtk_gpt_array_bytes(const struct mtk_gpt_header *h)
{
	return (size_t)h->num_entries * h->entry_size;
}

/**
 * mtk_gpt_check_entries() - check the entry array of a parsed header
 *
 * CRC32 over the array; every used entry inside the usable range with
 * first <= last; no two used entries overlapping.
 * Return: 0, -ENODATA (@len too short), -EBADMSG (CRC), -EINVAL.
 */
MTK_BM_LOCAL int mtk_gpt_check_entries(const struct mtk_gpt_header *h, const u8 *ents,
				       size_t len, char *err, size_t errlen);

/* Entry @idx; returns -ENOENT for an unused entry, -EINVAL out of range */
MTK_BM_LOCAL int mtk_gpt_get_part(const struct mtk_gpt_header *h, const u8 *ents,
				  unsigned int idx, struct mtk_gpt_part *p);

/* Index of the first used entry named @name (ASCII), or -ENOENT */
MTK_BM_LOCAL int mtk_gpt_find(const struct mtk_gpt_header *h, const u8 *ents,
			      const char *name);

/*
 * Index of the one used entry named @name: -ENOENT when none is, -EEXIST
 * when more than one is (a name a switch relies on must be unique)
 */
MTK_BM_LOCAL int mtk_gpt_find_unique(const struct mtk_gpt_header *h, const u8 *ents,
				     const char *name);

/* Rename entry @idx (ASCII, at most 36 characters); CRCs not updated */
MTK_BM_LOCAL int mtk_gpt_set_name(const struct mtk_gpt_header *h, u8 *ents,
				  unsigned int idx, const char *name,
				  char *err, size_t errlen);

/**
 * mtk_gpt_rename_keep_crc() - rename entry @idx so that the CRC32 of the
 * entry array stays h->entries_crc
 *
 * The name is set as mtk_gpt_set_name() does; then bits of the low bytes
 * of the name's UTF-16 units 28..35 (after the terminating NUL: readers stop
 * there; the high bytes stay zero, as MediaTek's BL2 requires of every unit)
 * are chosen so that the array's CRC32 is the header's again. Only the
 * 128-byte entry @idx changes, so the change is one sector write that leaves
 * the header (and every reader's view of the table) valid before and after.
 * Return: 0, -EINVAL (bad name, or longer than 27 characters),
 * -ERANGE (no solution: cannot happen for CRC32, checked anyway).
 */
MTK_BM_LOCAL int mtk_gpt_rename_keep_crc(const struct mtk_gpt_header *h, u8 *ents,
					 unsigned int idx, const char *name,
					 char *err, size_t errlen);

/* bytes of entry @idx's name field: the sector holding it changes */
static inline size_t mtk_gpt_name_offset(const struct mtk_gpt_header *h,
					 unsigned int idx)
{
	return (size_t)idx * h->entry_size + 56;
}

/* userspace only (tests, fuzzers, inspect): not in the module */
#ifndef __KERNEL__
/**
 * mtk_gpt_compare() - do primary and backup describe the same table?
 * Return: 0 or -EBADMSG naming the first difference.
 */
int mtk_gpt_compare(const struct mtk_gpt_header *p, const u8 *pents,
		    const struct mtk_gpt_header *b, const u8 *bents,
		    char *err, size_t errlen);

/* The backup header that goes with primary @p (entries before it) */
void mtk_gpt_backup_of(const struct mtk_gpt_header *p, u32 secsize,
		       struct mtk_gpt_header *b);

/**
 * mtk_gpt_serialise() - recompute the CRCs of @h over @ents and write the
 * header into @sec (@secsize bytes; bytes past the header are zeroed).
 */
void mtk_gpt_serialise(struct mtk_gpt_header *h, const u8 *ents,
		       u8 *sec, size_t secsize);

/* A whole disk image in memory (tests, fuzzers, small devices) */
struct mtk_gpt {
	struct mtk_gpt_header primary;
	struct mtk_gpt_header backup;
	const u8 *pents;
	const u8 *bents;
	bool primary_ok;
	bool backup_ok;
};

/**
 * mtk_gpt_parse_disk() - parse both GPTs of a disk image
 * Return: 0 when both are valid and equal; otherwise the first error (the
 * *_ok flags tell which copy can still be used).
 */
int mtk_gpt_parse_disk(const u8 *disk, size_t len, u32 secsize,
		       struct mtk_gpt *g, char *err, size_t errlen);

int mtk_gpt_summary(const struct mtk_gpt *g, char *buf, size_t len);
#endif /* !__KERNEL__ */

#endif /* MTK_GPTFMT_H */
