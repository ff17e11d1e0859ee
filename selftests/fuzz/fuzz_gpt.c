// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: GPT parse of a small disk image, then the switch's
 * own primitives on every valid copy: mtk_gpt_find_unique() and
 * mtk_gpt_rename_keep_crc(), called as mtk_bm_gpt_swap_names()
 * (driver/media/gpt_swap.c) calls them: the entry of the second name takes
 * the first name, then the entry of the first takes the second. Invariants
 * (a break traps):
 *  - find_unique(N) agrees with a count made here of the used entries
 *    named N: -ENOENT for none, the one index (find()'s) for one, -EEXIST
 *    for more (the switch refuses duplicates with it);
 *  - a rename of a used name of at most 27 printable characters succeeds;
 *    then the array's CRC32 is the header's again, only the name field of
 *    that entry changed, it reads back as the name, every UTF-16 unit's
 *    high byte is zero (MediaTek's BL2 requires it);
 *  - halfway through a swap both entries have the first name: find_unique
 *    refuses it (-EEXIST) and find() gives the earlier entry; after it
 *    each name is unique, on the other entry;
 *  - a refused rename (too long, not printable ASCII, no such entry) is
 *    -EINVAL and changes no byte.
 * The tail of the input picks one more rename (entry, name).
 */
#include <stdlib.h>
#include "gptfmt.h"

#define CHECK(x) do { if (!(x)) __builtin_trap(); } while (0)

/* recompute the CRCs a hostile input got wrong, to reach the deeper checks */
static void fix_crcs(u8 *d, size_t len, u64 lba)
{
	u8 *h = d + lba * 512;
	u64 elba = mtk_get_le64(h + 72);
	u64 bytes = (u64)mtk_get_le32(h + 80) * mtk_get_le32(h + 84);
	u32 hs = mtk_get_le32(h + 12);

	if (bytes <= MTK_GPT_MAX_ARRAY && elba < len / 512 &&
	    bytes <= len - elba * 512)
		mtk_put_le32(h + 88, mtk_fmt_crc32(0, d + elba * 512, bytes));
	if (hs >= 92 && hs <= 512) {
		mtk_put_le32(h + 16, 0);
		mtk_put_le32(h + 16, mtk_fmt_crc32(0, h, hs));
	}
}

static int one(const u8 *data, size_t len);

/* an odd length selects "fix the CRCs first" on the even-sized rest */
int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	u8 *d;

	if (!(len & 1) || len < 1536)
		return one(data, len);
	len--;
	d = malloc(len);
	if (!d)
		return 0;
	memcpy(d, data, len);
	fix_crcs(d, len, 1);
	fix_crcs(d, len, len / 512 - 1);
	one(d, len);
	free(d);
	return 0;
}

/* is entry @e used and its name field @name, as written here (not gptfmt.c)? */
static bool named(const u8 *e, const char *name)
{
	size_t n = strlen(name), k;

	for (k = 0; k < 16 && !e[k]; k++)
		;
	if (k == 16 || n > MTK_GPT_NAME_LEN)
		return false;
	for (k = 0; k < n; k++)
		if (e[56 + 2 * k] != (u8)name[k] || e[57 + 2 * k])
			return false;
	return n == MTK_GPT_NAME_LEN || (!e[56 + 2 * n] && !e[57 + 2 * n]);
}

/* find_unique() and find() against a count of the entries named @name */
static void check_find(const struct mtk_gpt_header *h, const u8 *ents, const char *name)
{
	int u = mtk_gpt_find_unique(h, ents, name), f = mtk_gpt_find(h, ents, name);
	unsigned int i, count = 0;
	int first = -1;

	for (i = 0; i < h->num_entries; i++)
		if (named(ents + (size_t)i * h->entry_size, name)) {
			if (first < 0)
				first = (int)i;
			count++;
		}
	CHECK(f == (first < 0 ? -ENOENT : first));
	CHECK(u == (count == 0 ? -ENOENT : count == 1 ? first : -EEXIST));
}

/* rename entry @idx of @w (@bytes) to @name; a success keeps the invariants */
static int rename1(const struct mtk_gpt_header *h, u8 *w, size_t bytes,
		   unsigned int idx, const char *name)
{
	size_t n = strlen(name), k, lo = (size_t)idx * h->entry_size + 56;
	bool ok = n < 28 && idx < h->num_entries;
	struct mtk_gpt_part p;
	char err[160];
	u8 *before;
	int ret;

	for (k = 0; k < n; k++)
		ok = ok && (u8)name[k] >= 0x20 && (u8)name[k] < 0x7f;
	before = malloc(bytes);
	if (!before)
		return -ENOMEM;
	memcpy(before, w, bytes);
	ret = mtk_gpt_rename_keep_crc(h, w, idx, name, err, sizeof(err));
	if (!ok) {
		CHECK(ret == -EINVAL && !memcmp(before, w, bytes));
		free(before);
		return ret;
	}
	CHECK(ret == 0);
	CHECK(mtk_fmt_crc32(0, w, bytes) == h->entries_crc);
	CHECK(!memcmp(before, w, lo));
	CHECK(!memcmp(before + lo + 2 * MTK_GPT_NAME_LEN, w + lo + 2 * MTK_GPT_NAME_LEN,
		      bytes - lo - 2 * MTK_GPT_NAME_LEN));
	for (k = 0; k < MTK_GPT_NAME_LEN; k++)
		CHECK(!w[lo + 2 * k + 1]);
	if (!mtk_gpt_get_part(h, w, idx, &p)) {
		CHECK(named(w + lo - 56, name));
		CHECK(!strcmp(p.name, name));
	}
	free(before);
	return 0;
}

/* the switch's renames: entry @ib takes @na, then entry @ia takes @nb */
static void swap(const struct mtk_gpt_header *h, u8 *w, size_t bytes,
		 const char *na, const char *nb)
{
	int ia = mtk_gpt_find_unique(h, w, na), ib = mtk_gpt_find_unique(h, w, nb);

	if (ia < 0 || ib < 0 || ia == ib || strlen(na) >= 28 || strlen(nb) >= 28)
		return;
	if (rename1(h, w, bytes, (unsigned int)ib, na))
		return;
	/* a switch cut short here: refused as ambiguous, BL2's first entry is a slot */
	CHECK(mtk_gpt_find_unique(h, w, na) == -EEXIST);
	CHECK(mtk_gpt_find(h, w, na) == (ia < ib ? ia : ib));
	if (rename1(h, w, bytes, (unsigned int)ia, nb))
		return;
	CHECK(mtk_gpt_find_unique(h, w, na) == ib);
	CHECK(mtk_gpt_find_unique(h, w, nb) == ia);
}

static void check_copy(const struct mtk_gpt_header *h, const u8 *ents,
		       const u8 *data, size_t len)
{
	size_t bytes = mtk_gpt_array_bytes(h);
	struct mtk_gpt_part pa = { 0 }, pb = { 0 };
	char name[40];
	unsigned int i, n, a, b;
	u8 *w;

	CHECK(mtk_fmt_crc32(0, ents, bytes) == h->entries_crc);
	w = malloc(bytes);
	if (!w)
		return;
	memcpy(w, ents, bytes);
	check_find(h, w, "fip");
	check_find(h, w, "fip2");
	/* the names of two entries the input's last bytes pick */
	a = h->num_entries ? data[len - 2] % h->num_entries : 0;
	b = h->num_entries ? data[len - 3] % h->num_entries : 0;
	if (!mtk_gpt_get_part(h, w, a, &pa))
		check_find(h, w, pa.name);
	if (!mtk_gpt_get_part(h, w, b, &pb))
		check_find(h, w, pb.name);
	swap(h, w, bytes, "fip", "fip2");
	if (pa.name[0] && pb.name[0] && !strchr(pa.name, '?') && !strchr(pb.name, '?')) {
		memcpy(w, ents, bytes);
		swap(h, w, bytes, pa.name, pb.name);
	}
	/* one rename the tail picks: entry (maybe past the end), name bytes as given */
	n = data[len - 4] % 40;
	for (i = 0; i < n && i + 5 < len; i++)
		name[i] = data[len - 5 - i] ? (char)data[len - 5 - i] : 'x';
	name[i] = '\0';
	rename1(h, w, bytes, data[len - 1] % (h->num_entries + 2), name);
	check_find(h, w, name);
	free(w);
}

static int one(const u8 *data, size_t len)
{
	struct mtk_gpt g;
	struct mtk_gpt_part p;
	char err[200], sum[4096];
	unsigned int i;

	if (len >= 1024) {
		struct mtk_gpt_header h;

		mtk_gpt_parse_header(data + 512, 512, 1, len / 512, &h, err,
				     sizeof(err));
	}
	mtk_gpt_parse_disk(data, len, 512, &g, err, sizeof(err));
	if (!g.primary_ok && !g.backup_ok)
		return 0;
	mtk_gpt_summary(&g, sum, sizeof(sum));
	if (g.primary_ok) {
		for (i = 0; i < g.primary.num_entries; i++)
			mtk_gpt_get_part(&g.primary, g.pents, i, &p);
		check_copy(&g.primary, g.pents, data, len);
	}
	if (g.backup_ok)
		check_copy(&g.backup, g.bents, data, len);
	return 0;
}
