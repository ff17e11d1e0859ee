// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/formats/fip.c: the FIPs of the real tools, the
 * MediaTek checksum entry, hostile variants (truncated, bad ToC, entries
 * past the end or overflowing).
 */
#include "unit.h"

static const u8 uuid_bl31[16] = { 0x47, 0xd4, 0x08, 0x6d, 0x4c, 0xfe, 0x98, 0x46,
				  0x9b, 0x95, 0x29, 0x50, 0xcb, 0xbd, 0x5a, 0x00 };
static const u8 uuid_bl33[16] = { 0xd6, 0xd0, 0xee, 0xa7, 0xfc, 0xea, 0xd5, 0x4b,
				  0x97, 0x82, 0x99, 0x34, 0xf2, 0x34, 0xb6, 0xe4 };

struct mtk_fip_info fi;

void test_fip_real(void)
{
	static const char *const names[] = {
		"fip-bpi-r3mini-snand.fip", "fip-bpi-r3mini-emmc.fip",
		"fip-bpi-r3-snand.fip", "fip-bpi-r3-emmc.fip",
		"fip-bpi-r4-snand.fip", "fip-e8450-snand.fip",
		"fip-gl-mt6000-emmc.fip", "fip-align4k.fip", "fip-xz.fip",
	};
	char sum[2048];
	unsigned int i;
	size_t len;
	u8 *b;
	int r;

	for (i = 0; i < ARRAY_SIZE(names); i++) {
		b = load(names[i], &len);
		if (!b) {
			skip(names[i]);
			continue;
		}
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(!r && fi.nr_entries == 2 && fi.bl31 == 0 && fi.bl33 == 1 &&
		   fi.checksum < 0 && fi.end == len,
		   "fiptool FIP %s accepted (BL31, BL33, end 0x%llx)", names[i],
		   fi.end);
		{
			/* what the kernel reads of a slot: the ToC and its entries */
			u64 ext = 0, ext2 = 0;

			r = mtk_fip_extent(b, len < 4096 ? len : 4096, &ext);
			ok(!r && ext == fi.end, "%s: extent from the first 4 KiB is the FIP's end 0x%llx",
			   names[i], ext);
			ok(mtk_fip_extent(b, fi.toc_end - 1, &ext2) == -ENODATA,
			   "%s: a ToC cut before its terminator has no extent", names[i]);
			b[0] ^= 1;
			ok(mtk_fip_extent(b, len, &ext2) == -EINVAL, "%s: no ToC name, no extent",
			   names[i]);
		}
		free(b);
	}

	b = load("fip-mtk-checksum.fip", &len);
	if (!b) {
		skip("fip-mtk-checksum.fip");
		return;
	}
	r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
	ok(!r && fi.checksum == 2, "FIP with the MediaTek checksum entry: verified");
	mtk_fip_summary(&fi, sum, sizeof(sum));
	ok(strstr(sum, "entry3: MTK-CHECKSUM") && strstr(sum, "verified"),
	   "summary names the checksum entry");
	b[0x100] ^= 1;
	r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
	ok(r == -EBADMSG && has("CRC32"), "checksum: a changed byte fails the CRC32");
	{
		/* fix the CRC32, keep the SHA-256 stale */
		const struct mtk_fip_entry *e = &fi.entry[2];
		u32 crc = mtk_fmt_crc32(0, b, (size_t)e->offset);

		mtk_put_le32(b + e->offset + 4, crc);
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(r == -EBADMSG && has("SHA-256"),
		   "checksum: a matching CRC32 but stale SHA-256 is refused");
		b[0x100] ^= 1;
		mtk_put_le32(b + e->offset, 0x40);
		r = mtk_fip_parse(b, len, &fi, err, sizeof(err));
		ok(r == -EINVAL && has("covers"),
		   "checksum: a length other than its own offset is refused");
		mtk_put_le32(b + e->offset, (u32)e->offset);
	}
	free(b);
}

/* header + n entries + terminator, payload area after it */
static void put_entry(u8 *b, unsigned int i, const u8 *uuid, u64 off, u64 size)
{
	u8 *e = b + 16 + 40 * i;

	memcpy(e, uuid, 16);
	mtk_put_le64(e + 16, off);
	mtk_put_le64(e + 24, size);
	mtk_put_le64(e + 32, 0);
}

void test_fip_hostile(void)
{
	static const size_t cuts[] = { 0, 8, 15, 16, 40, 55, 56, 95, 96, 135,
				       136, 0x88 + 100, 0xf087, 0xf088, 0xf089 };
	u8 *b, *m, *big;
	unsigned int i;
	size_t len;
	int r;

	b = load("fip-bpi-r3mini-snand.fip", &len);
	if (!b) {
		skip("FIP hostile variants");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(cuts); i++) {
		r = mtk_fip_parse(b, cuts[i], &fi, err, sizeof(err));
		ok(r == -ENODATA, "FIP truncated to 0x%zx bytes: -ENODATA (%s)",
		   cuts[i], err);
	}
	r = mtk_fip_parse(b, len - 1, &fi, err, sizeof(err));
	ok(r == -ENODATA && has("FIP entry 2 (BL33) ends at"),
	   "FIP one byte short: BL33 past the end");

	m = dup_buf(b, len, len + (1 << 20));
	r = mtk_fip_parse(m, len + (1 << 20), &fi, err, sizeof(err));
	ok(!r && fi.end == len, "FIP padded by 1 MiB: accepted, end at 0x%llx",
	   fi.end);

#define MUTATE(desc, want, substr, stmt)					\
	do {								\
		memcpy(m, b, len);					\
		stmt;							\
		r = mtk_fip_parse(m, len, &fi, err, sizeof(err));	\
		ok(r == (want) && has(substr), "FIP %s: %d (%s)", desc, r, err); \
	} while (0)

	MUTATE("bad ToC name", -EINVAL, "not a FIP", m[3] = 0xab);
	MUTATE("serial 0", -EINVAL, "serial", mtk_put_le32(m + 4, 0));
	MUTATE("BL33 offset + size overflows", -EOVERFLOW, "overflows",
	       mtk_put_le64(m + 56 + 16, 0xfffffffffffff000ULL));
	MUTATE("BL33 size huge", -ENODATA, "past the image end",
	       mtk_put_le64(m + 56 + 24, 0x7fffffffffffffffULL));
	MUTATE("BL31 offset huge, size 0", -ENODATA, "past the image end",
	       (mtk_put_le64(m + 16 + 16, 0xffffffffffffffffULL),
		mtk_put_le64(m + 16 + 24, 0)));
	MUTATE("BL33 inside the ToC", -EINVAL, "inside the ToC",
	       mtk_put_le64(m + 56 + 16, 0x40));
	MUTATE("BL33 overlapping BL31", -EINVAL, "overlaps entry 1",
	       mtk_put_le64(m + 56 + 16, 0x1000));
	MUTATE("two BL31", -EINVAL, "two BL31", memcpy(m + 56, uuid_bl31, 16));
	MUTATE("no BL33", -ENOENT, "no BL33", m[56] ^= 0x55);
	MUTATE("no BL31", -ENOENT, "no BL31", m[16] ^= 0x55);
	MUTATE("terminator beyond the end", -ENODATA, "ToC says it ends",
	       mtk_put_le64(m + 96 + 16, len + 1));
	MUTATE("no terminator", -E2BIG, "more than 32", m[96] = 1);
	free(m);

	/* the message from the issue, on a synthetic 2 MiB image */
	big = calloc(1, 0x200000);
	mtk_put_le32(big, MTK_FIP_TOC_NAME);
	mtk_put_le32(big + 4, 0x12345678);
	put_entry(big, 0, uuid_bl31, 0x1000, 0x1000);
	put_entry(big, 1, uuid_bl33, 0x100000, 0x1a0000);
	r = mtk_fip_parse(big, 0x200000, &fi, err, sizeof(err));
	ok(r == -ENODATA &&
	   !strcmp(err, "FIP entry 2 (BL33) ends at 0x2a0000, past the image end 0x200000"),
	   "message: \"%s\"", err);
	for (i = 0; i < 33; i++)
		put_entry(big, i, uuid_bl31, 0x10000 + i, 1);
	big[0] ^= 0;
	r = mtk_fip_parse(big, 0x200000, &fi, err, sizeof(err));
	ok(r == -E2BIG, "FIP with 33 entries: -E2BIG (%s)", err);
	free(big);
	free(b);
#undef MUTATE
}
