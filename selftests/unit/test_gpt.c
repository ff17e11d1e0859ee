// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/formats/gptfmt.c: the GPT of the real layouts, both
 * copies, lookups, the renames of the module's GPT switch (media/gpt_swap.c
 * is built on mtk_gpt_rename_keep_crc() and mtk_gpt_find_unique(); its
 * block I/O is tested in the VM, core-gpt.t), hostile headers and entries.
 */
#include "unit.h"
#include "gptfmt.h"

/* recompute the CRCs of both copies from their raw (mutated) fields */
static void gpt_fix_one(u8 *d, size_t len, u64 lba)
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

static void gpt_fix(u8 *d, size_t len, bool primary, bool backup)
{
	if (primary)
		gpt_fix_one(d, len, 1);
	if (backup)
		gpt_fix_one(d, len, len / 512 - 1);
}

void test_gpt(void)
{
	struct mtk_gpt g;
	struct mtk_gpt_header bh;
	struct mtk_gpt_part p;
	size_t len;
	u8 *b, *m;
	int r, i3, i4;
	char path[1024], cmd[2600];
	FILE *f;

	b = load("gpt-emmc.img", &len);
	if (!b) {
		skip("GPT disk");
		return;
	}
	m = malloc(len);
	r = mtk_gpt_parse_disk(b, len, 512, &g, err, sizeof(err));
	ok(!r && g.primary_ok && g.backup_ok, "sgdisk GPT: both copies valid and equal");
	i3 = mtk_gpt_find(&g.primary, g.pents, "fip");
	i4 = mtk_gpt_find(&g.primary, g.pents, "fip2");
	ok(i3 == 2 && i4 == 3 && mtk_gpt_find(&g.primary, g.pents, "bspconf") == 4 &&
	   mtk_gpt_find(&g.primary, g.pents, "nope") == -ENOENT &&
	   mtk_gpt_find(&g.primary, g.pents, "fi") == -ENOENT,
	   "GPT lookup by name: fip=%d fip2=%d", i3, i4);
	ok(!mtk_gpt_get_part(&g.primary, g.pents, 2, &p) && p.first_lba == 13312 &&
	   p.last_lba == 17407 && !strcmp(p.name, "fip") &&
	   mtk_gpt_get_part(&g.primary, g.pents, 7, &p) == -ENOENT &&
	   mtk_gpt_get_part(&g.primary, g.pents, 128, &p) == -EINVAL,
	   "GPT entry fip at LBA 13312..17407");
	mtk_gpt_backup_of(&g.primary, 512, &bh);
	ok(bh.current_lba == g.backup.current_lba && bh.entries_lba == g.backup.entries_lba &&
	   bh.backup_lba == 1, "backup header derived from the primary matches sgdisk's");

	/*
	 * a rename as a tool outside the module makes it (sgdisk -c: names
	 * set, CRCs and header rewritten), backup first: the parser sees the
	 * copies differ until both are renamed
	 */
	memcpy(m, b, len);
	{
		struct mtk_gpt_header ph = g.primary, bk = g.backup;
		u8 *pe = m + ph.entries_lba * 512, *be = m + bk.entries_lba * 512;

		r = mtk_gpt_set_name(&bk, be, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_set_name(&bk, be, 3, "fip", err, sizeof(err));
		mtk_gpt_serialise(&bk, be, m + bk.current_lba * 512, 512);
		r |= mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err)) != -EBADMSG;
		ok(!r && g.primary_ok && g.backup_ok && has("partition entries"),
		   "after the backup is renamed: copies differ (%s)", err);
		r = mtk_gpt_set_name(&ph, pe, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_set_name(&ph, pe, 3, "fip", err, sizeof(err));
		mtk_gpt_serialise(&ph, pe, m + 512, 512);
		r |= mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
		ok(!r && mtk_gpt_find(&g.primary, g.pents, "fip") == 3 &&
		   mtk_gpt_find(&g.backup, g.bents, "fip2") == 2,
		   "after both are renamed: valid, fip is entry 4");
	}
	/* the CRC-neutral rename: one entry changes, headers stay valid */
	memcpy(m, b, len);
	mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	{
		struct mtk_gpt_header ph = g.primary;
		u8 *pe = m + ph.entries_lba * 512, *o = b + ph.entries_lba * 512;
		size_t n = mtk_gpt_array_bytes(&ph), i, diff = 0, odd = 0;

		r = mtk_gpt_rename_keep_crc(&ph, pe, 3, "fip", err, sizeof(err));
		for (i = 0; i < n; i++) {
			diff += pe[i] != o[i] && (i < 3 * 128 || i >= 4 * 128);
			odd += (i % 128) >= 56 && (i % 2) && pe[i];
		}
		ok(!r && mtk_fmt_crc32(0, pe, n) == ph.entries_crc && !diff && !odd &&
		   mtk_gpt_find(&ph, pe, "fip") == 2,
		   "rename_keep_crc: entry 4 named fip, array CRC unchanged, only that entry changed, high bytes zero (%s)",
		   r ? err : "ok");
		r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
		ok(r == -EBADMSG && g.primary_ok && g.backup_ok,
		   "both headers still valid after a backup-less one-sector rename (copies differ: %s)",
		   err);
		r = mtk_gpt_rename_keep_crc(&ph, pe, 2, "fip2", err, sizeof(err)) ||
		    mtk_gpt_rename_keep_crc(&ph, pe, 3, "fip", err, sizeof(err));
		ok(!r && mtk_fmt_crc32(0, pe, n) == ph.entries_crc &&
		   mtk_gpt_find_unique(&ph, pe, "fip") == 3 &&
		   mtk_gpt_find_unique(&ph, pe, "fip2") == 2, "rename_keep_crc: the switch, twice renamed");
		r = mtk_gpt_rename_keep_crc(&ph, pe, 2, "a-name-of-twenty-eight-chars", err, sizeof(err));
		ok(r == -EINVAL && has("at most 27"), "rename_keep_crc refuses a long name (%s)", err);
	}
	snprintf(path, sizeof(path), "%s/gpt-swapped.img", workdir);
	f = fopen(path, "wb");
	if (f && fwrite(m, 1, len, f) == len && !fclose(f)) {
		snprintf(cmd, sizeof(cmd),
			 "sgdisk -v '%s' 2>&1 | grep -q 'No problems found' && "
			 "sgdisk -i 4 '%s' 2>&1 | grep -q \"Partition name: 'fip'\"",
			 path, path);
		ok(system(cmd) == 0, "sgdisk verifies the switched GPT and sees fip as partition 4");
	} else {
		skip("sgdisk check");
	}
	memcpy(m, b, len);
	mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	{
		u8 *pe = m + g.primary.entries_lba * 512;

		/*
		 * the renames of media/gpt_swap.c in one copy: entry 4 (fip2)
		 * takes "fip" first, so the first entry named fip is a slot at
		 * every step, then entry 3 takes "fip2"; the array CRC the
		 * header holds stays right after each
		 */
		r = mtk_gpt_rename_keep_crc(&g.primary, pe, 3, "fip", err, sizeof(err));
		ok(!r && mtk_fmt_crc32(0, pe, mtk_gpt_array_bytes(&g.primary)) ==
		   g.primary.entries_crc && mtk_gpt_find(&g.primary, pe, "fip") == 2 &&
		   mtk_gpt_find_unique(&g.primary, pe, "fip") == -EEXIST &&
		   mtk_gpt_find(&g.primary, pe, "fip2") == -ENOENT,
		   "switch step 1: entry 4 named fip, fip first found at entry 3, CRC kept (%s)",
		   r ? err : "ok");
		r = mtk_gpt_rename_keep_crc(&g.primary, pe, 2, "fip2", err, sizeof(err));
		ok(!r && mtk_fmt_crc32(0, pe, mtk_gpt_array_bytes(&g.primary)) ==
		   g.primary.entries_crc && mtk_gpt_find(&g.primary, pe, "fip") == 3 &&
		   mtk_gpt_find(&g.primary, pe, "fip2") == 2,
		   "switch step 2: entry 3 named fip2, fip is entry 4, CRC kept (%s)",
		   r ? err : "ok");
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == 3 &&
		   mtk_gpt_find_unique(&g.primary, pe, "fip2") == 2 &&
		   mtk_gpt_find_unique(&g.primary, pe, "nope") == -ENOENT &&
		   mtk_gpt_find_unique(&g.primary, pe, "fi") == -ENOENT,
		   "find_unique: fip=3 fip2=2, missing names -ENOENT");
		mtk_gpt_set_name(&g.primary, pe, 0, "fip", NULL, 0);
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == -EEXIST &&
		   mtk_gpt_find(&g.primary, pe, "fip") == 0 &&
		   mtk_gpt_find_unique(&g.primary, pe, "fip2") == 2,
		   "find_unique: a name used twice is -EEXIST, the others still found");
		memset(pe, 0, 16);
		ok(mtk_gpt_find_unique(&g.primary, pe, "fip") == 3,
		   "find_unique: an unused entry's name does not count");
	}
	ok(mtk_gpt_set_name(&g.primary, m, 0, "0123456789012345678901234567890123456",
			    err, sizeof(err)) == -EINVAL, "37-character name refused");
	ok(mtk_gpt_set_name(&g.primary, m, 0, "fip\n", err, sizeof(err)) == -EINVAL,
	   "non-printable name refused");

	/* hostile */
	memcpy(m, b, len);
	m[512 + 40] ^= 1;
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && !g.primary_ok && g.backup_ok && has("header CRC32"),
	   "primary header CRC bad: backup still usable (%s)", err);
	memcpy(m, b, len);
	m[1024 + 2 * 128 + 56] = 'X';
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && !g.primary_ok && g.backup_ok && has("entry array CRC32"),
	   "primary entry CRC bad (%s)", err);
	memcpy(m, b, len);
	memset(m + 512, 0, 512);
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && !g.primary_ok && g.backup_ok, "primary GPT erased: backup found at the last LBA");
	memcpy(m, b, len);
	m[len - 512 + 20] ^= 1;
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EBADMSG && g.primary_ok && !g.backup_ok, "backup header CRC bad (%s)", err);
	r = mtk_gpt_parse_disk(b, len / 2, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && !g.primary_ok && !g.backup_ok && has("not valid on a 16384-sector disk"),
	   "disk cut in half: refused (%s)", err);
	r = mtk_gpt_parse_disk(b, 1024, 512, &g, err, sizeof(err));
	ok(r == -ENODATA, "two-sector disk refused");
	memcpy(m, b, len);
	mtk_put_le32(m + 512 + 12, 600);
	r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err));
	ok(r == -EINVAL && has("header size 600"), "header size 600 refused (%s)", err);

#define GPT_MUTATE(desc, want, substr, stmt)				\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		gpt_fix(m, len, true, true);				\
		r = mtk_gpt_parse_disk(m, len, 512, &g, err, sizeof(err)); \
		ok(r == (want) && has(substr), "GPT %s: %d (%s)", desc, r, err); \
	} while (0)
	GPT_MUTATE("entries 0x10000", -EINVAL, "entry array",
		   (mtk_put_le32(m + 512 + 80, 0x10000),
		    mtk_put_le32(m + len - 512 + 80, 0x10000)));
	GPT_MUTATE("entry size 100", -EINVAL, "entry array",
		   (mtk_put_le32(m + 512 + 84, 100),
		    mtk_put_le32(m + len - 512 + 84, 100)));
	GPT_MUTATE("entries past the disk", -EINVAL, "past the disk",
		   mtk_put_le64(m + 512 + 72, len / 512 - 2));
	GPT_MUTATE("entries inside the usable space", -EINVAL, "overlaps",
		   mtk_put_le64(m + 512 + 72, 100));
	GPT_MUTATE("last usable past the disk", -EINVAL, "usable range",
		   mtk_put_le64(m + 512 + 48, len / 512));
	GPT_MUTATE("wrong current LBA", -EINVAL, "says it is at LBA 5",
		   mtk_put_le64(m + 512 + 24, 5));
	GPT_MUTATE("partition past the usable range", -EINVAL, "outside the usable",
		   (mtk_put_le64(m + 1024 + 5 * 128 + 40, len / 512 - 1),
		    mtk_put_le64(m + len - 33 * 512 + 5 * 128 + 40, len / 512 - 1)));
	GPT_MUTATE("partitions overlapping", -EINVAL, "partitions 1 and 2 overlap",
		   (mtk_put_le64(m + 1024 + 1 * 128 + 32, 9000),
		    mtk_put_le64(m + len - 33 * 512 + 1 * 128 + 32, 9000)));
	GPT_MUTATE("partition first > last", -EINVAL, "outside the usable",
		   (mtk_put_le64(m + 1024 + 32, 9300),
		    mtk_put_le64(m + len - 33 * 512 + 32, 9300)));
	GPT_MUTATE("only the primary renamed", -EBADMSG, "partition entries",
		   m[1024 + 2 * 128 + 56] = 'F');
#undef GPT_MUTATE
	free(m);
	free(b);
}
