// SPDX-License-Identifier: GPL-2.0-only
/*
 * fip.c - TF-A Firmware Image Package (FIP) table of contents: parse, check
 * bounds, name the images, verify the MediaTek checksum entry.
 *
 * Layout: a 16-byte header (u32 name 0xaa640001, u32 serial, u64 flags),
 * then 40-byte entries (16-byte UUID, u64 offset, u64 size, u64 flags) up to
 * an entry whose UUID is all zero (the terminator, whose offset is the end
 * of the FIP). All little-endian.
 */
#include "fip.h"

#ifdef __KERNEL__
/* fmt.h: the message of every format error */
void mtk_fmt_msg(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
}
#endif

/* arrays, not pointers: a table of pointers costs a relocation per pointer */
struct fip_uuid_name {
	char hex[33];		/* 32 hex digits, bytes in on-disk order */
	char name[20];
	u8 kind;		/* enum mtk_fip_image */
};

static const struct fip_uuid_name fip_uuids[] = {
	{ "47d4086d4cfe98469b952950cbbd5a00", "BL31", MTK_FIP_BL31 },
	{ "d6d0eea7fcead54b97829934f234b6e4", "BL33", MTK_FIP_BL33 },
	{ "05d0e18953dc13478d2b500a4b7a3e38", "BL32", MTK_FIP_BL32 },
	{ "a2cceab7f8254b279704633a6fd69ad8", "MTK-CHECKSUM", MTK_FIP_CHECKSUM },
	{ "0b70c29b2a5a78409f650a5682738288", "BL32-EXTRA1", MTK_FIP_OTHER },
	{ "8ea87bb1cfa23f4d85fde7bba50220d9", "BL32-EXTRA2", MTK_FIP_OTHER },
	{ "5ff9ec0b4d223e4da544c39d81c73f0a", "BL2", MTK_FIP_OTHER },
	{ "9766fd3d89bee849ae5d78a140608213", "SCP-BL2", MTK_FIP_OTHER },
	{ "6c0762a612f24b5692cbba8f633606d9", "RMM", MTK_FIP_OTHER },
	{ "60b3eb37c1e5ea419df319eda11f6801", "BL2U", MTK_FIP_OTHER },
	{ "659227032f07e6448dff579ac1ff0610", "SCP-BL2U", MTK_FIP_OTHER },
	{ "4f511d112be54e49b4c583c2f715840a", "NS-BL2U", MTK_FIP_OTHER },
	{ "71408ab218d6874c8b2ec6dccd50f096", "FWU-CERT", MTK_FIP_OTHER },
	{ "862d1d72f860e411920b8be762160f24", "ROT-KEY-CERT", MTK_FIP_OTHER },
	{ "827ee890f860e411a1b4777a21b4f94c", "TRUSTED-KEY-CERT", MTK_FIP_OTHER },
	{ "1c67873d5f63e411978d27c0c7148abd", "NT-KEY-CERT", MTK_FIP_OTHER },
	{ "024221a1f860e4118d9bf33c0e15a014", "SCP-FW-KEY-CERT", MTK_FIP_OTHER },
	{ "44be6f045e63e411b28b73d8eaae9656", "SCP-FW-CONTENT-CERT", MTK_FIP_OTHER },
	{ "8ab8beccf960e4119ad0eb4822d8dcf8", "SOC-FW-KEY-CERT", MTK_FIP_OTHER },
	{ "e2b20c205e63e4119ce8abccf92bb666", "SOC-FW-CONTENT-CERT", MTK_FIP_OTHER },
	{ "9477d603fb60e41185ddb7105b8cee04", "TOS-FW-KEY-CERT", MTK_FIP_OTHER },
	{ "a49f44115e63e41187283f05722af33d", "TOS-FW-CONTENT-CERT", MTK_FIP_OTHER },
	{ "8ad5832afb60e4118aafdf30bbc49859", "NT-FW-KEY-CERT", MTK_FIP_OTHER },
	{ "8ec4c1f35d63e411a7a987ee40b23fa7", "NT-FW-CONTENT-CERT", MTK_FIP_OTHER },
	{ "d6e269ea5d63e4118d8c9fbabe9956a5", "TB-FW-CERT", MTK_FIP_OTHER },
	{ "08b8f1d9c9cf9349a9626fbc6b7265cc", "HW-CONFIG", MTK_FIP_OTHER },
	{ "6c0458ffaf6b7d4f82edaa27bc69bfd2", "TB-FW-CONFIG", MTK_FIP_OTHER },
	{ "9979814b0376fb468c8e8d267f7859e0", "SOC-FW-CONFIG", MTK_FIP_OTHER },
	{ "26257c1adbc67f478d96c4c4b0248021", "TOS-FW-CONFIG", MTK_FIP_OTHER },
	{ "28da981593e87e44ac661aaf801550f9", "NT-FW-CONFIG", MTK_FIP_OTHER },
	{ "5807e16a845947be8ed5648e8dddab0e", "FW-CONFIG", MTK_FIP_OTHER },
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool uuid_eq_hex(const u8 *uuid, const char *hex)
{
	unsigned int i;

	for (i = 0; i < 16; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);

		if (hi < 0 || lo < 0 || uuid[i] != (u8)(hi << 4 | lo))
			return false;
	}
	return true;
}

static const struct fip_uuid_name *fip_lookup(const u8 *uuid)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fip_uuids); i++)
		if (uuid_eq_hex(uuid, fip_uuids[i].hex))
			return &fip_uuids[i];
	return NULL;
}

const char *mtk_fip_uuid_name(const u8 *uuid)
{
	const struct fip_uuid_name *n = fip_lookup(uuid);

	return n ? n->name : NULL;
}

void mtk_fip_uuid_str(const u8 *u, char *out)
{
	static const char digits[] = "0123456789abcdef";
	unsigned int i, o = 0;

	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[o++] = '-';
		out[o++] = digits[u[i] >> 4];
		out[o++] = digits[u[i] & 15];
	}
	out[o] = '\0';
}

static bool uuid_is_zero(const u8 *u)
{
	unsigned int i;

	for (i = 0; i < 16; i++)
		if (u[i])
			return false;
	return true;
}

/* "BL33", or the UUID when the image is not known, for messages */
static const char *entry_label(const struct mtk_fip_entry *e, char *tmp)
{
	const char *n = mtk_fip_uuid_name(e->uuid);

	if (n)
		return n;
	mtk_fip_uuid_str(e->uuid, tmp);
	return tmp;
}

static int fip_check_checksum(const u8 *buf, struct mtk_fip_info *fi,
			      char *err, size_t errlen)
{
	const struct mtk_fip_entry *e = &fi->entry[fi->checksum];
	const u8 *p = buf + e->offset;
	u8 sha[MTK_SHA256_LEN];
	u32 clen, crc, want;

	if (e->size < MTK_FIP_CHECKSUM_SIZE)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "FIP checksum entry is %llu bytes, needs %u",
				    (unsigned long long)e->size,
				    MTK_FIP_CHECKSUM_SIZE);
	clen = mtk_get_le32(p);
	want = mtk_get_le32(p + 4);
	if (clen != e->offset)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "FIP checksum covers 0x%x bytes but its entry starts at 0x%llx",
				    clen, (unsigned long long)e->offset);
	crc = mtk_fmt_crc32(0, buf, clen);
	if (crc != want)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "FIP checksum: CRC32 of [0, 0x%x) is 0x%08x, the checksum entry says 0x%08x",
				    clen, crc, want);
	mtk_fmt_sha256(buf, clen, sha);
	if (memcmp(sha, p + 8, MTK_SHA256_LEN))
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "FIP checksum: SHA-256 of [0, 0x%x) does not match the checksum entry",
				    clen);
	fi->checksum_crc = crc;
	return 0;
}

int mtk_fip_check(const u8 *buf, size_t len, struct mtk_fip_info *fi,
		  char *err, size_t errlen)
{
	char t1[40], t2[40];
	u64 off, end, last_end = 0;
	unsigned int i, j, n = 0;
	bool terminated = false;
	u32 name;

	memset(fi, 0, sizeof(*fi));
	fi->bl31 = -1;
	fi->bl33 = -1;
	fi->checksum = -1;

	if (len > MTK_FMT_MAX_IMAGE)
		return mtk_fmt_fail(err, errlen, E2BIG,
				    "FIP image of %zu bytes is larger than the %u MiB limit",
				    len, MTK_FMT_MAX_IMAGE >> 20);
	if (len < MTK_FIP_HDR_SIZE)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "FIP truncated: %zu bytes, the ToC header alone needs %u",
				    len, MTK_FIP_HDR_SIZE);
	name = mtk_get_le32(buf);
	if (name != MTK_FIP_TOC_NAME)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "not a FIP: ToC name 0x%08x, expected 0x%08x",
				    name, MTK_FIP_TOC_NAME);
	fi->serial = mtk_get_le32(buf + 4);
	fi->flags = mtk_get_le64(buf + 8);
	if (!fi->serial)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "FIP ToC serial number is 0 (BL2 rejects it)");

	/* entries up to and including the terminator */
	for (off = MTK_FIP_HDR_SIZE; ; off += MTK_FIP_ENTRY_SIZE) {
		const u8 *p = buf + off;
		struct mtk_fip_entry *e;

		if (!mtk_fmt_in_bounds(off, MTK_FIP_ENTRY_SIZE, len))
			return mtk_fmt_fail(err, errlen, ENODATA,
					    "FIP ToC truncated: entry %u at 0x%llx runs past the image end 0x%zx",
					    n + 1, (unsigned long long)off, len);
		if (uuid_is_zero(p)) {
			fi->end = mtk_get_le64(p + 16);
			terminated = true;
			break;
		}
		if (n >= MTK_FIP_MAX_ENTRIES)
			return mtk_fmt_fail(err, errlen, E2BIG,
					    "FIP ToC has more than %u entries",
					    MTK_FIP_MAX_ENTRIES);
		e = &fi->entry[n];
		memcpy(e->uuid, p, 16);
		e->offset = mtk_get_le64(p + 16);
		e->size = mtk_get_le64(p + 24);
		e->flags = mtk_get_le64(p + 32);
		n++;
	}
	fi->nr_entries = n;
	fi->toc_end = off + MTK_FIP_ENTRY_SIZE;

	for (i = 0; i < n; i++) {
		struct mtk_fip_entry *e = &fi->entry[i];
		const struct fip_uuid_name *k = fip_lookup(e->uuid);
		const char *lbl = entry_label(e, t1);

		e->kind = k ? k->kind : MTK_FIP_UNKNOWN;
		if (e->offset > U64_MAX - e->size)
			return mtk_fmt_fail(err, errlen, EOVERFLOW,
					    "FIP entry %u (%s): offset 0x%llx + size 0x%llx overflows",
					    i + 1, lbl, (unsigned long long)e->offset,
					    (unsigned long long)e->size);
		end = e->offset + e->size;
		if (end > len)
			return mtk_fmt_fail(err, errlen, ENODATA,
					    "FIP entry %u (%s) ends at 0x%llx, past the image end 0x%zx",
					    i + 1, lbl, (unsigned long long)end, len);
		if (e->size && e->offset < fi->toc_end)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "FIP entry %u (%s) starts at 0x%llx, inside the ToC (which ends at 0x%llx)",
					    i + 1, lbl, (unsigned long long)e->offset,
					    (unsigned long long)fi->toc_end);
		if (end > last_end)
			last_end = end;

		for (j = 0; j < i; j++) {
			const struct mtk_fip_entry *o = &fi->entry[j];

			if (!memcmp(o->uuid, e->uuid, 16))
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "FIP has two %s entries (%u and %u)",
						    lbl, j + 1, i + 1);
			if (e->size && o->size && e->offset < o->offset + o->size &&
			    o->offset < end)
				return mtk_fmt_fail(err, errlen, EINVAL,
						    "FIP entry %u (%s) [0x%llx, 0x%llx) overlaps entry %u (%s)",
						    i + 1, lbl,
						    (unsigned long long)e->offset,
						    (unsigned long long)end, j + 1,
						    entry_label(o, t2));
		}
		switch (e->kind) {
		case MTK_FIP_BL31:
			fi->bl31 = (int)i;
			break;
		case MTK_FIP_BL33:
			fi->bl33 = (int)i;
			break;
		case MTK_FIP_CHECKSUM:
			fi->checksum = (int)i;
			break;
		default:
			break;
		}
	}

	/* fiptool puts the FIP end in the terminator; data may be padded */
	if (terminated && fi->end > len)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "FIP truncated: its ToC says it ends at 0x%llx, the image ends at 0x%zx",
				    (unsigned long long)fi->end, len);
	if (fi->end < last_end)
		fi->end = last_end;

	if (fi->bl31 < 0)
		return mtk_fmt_fail(err, errlen, ENOENT,
				    "FIP has no BL31 (EL3 runtime firmware) entry");
	if (fi->bl33 < 0)
		return mtk_fmt_fail(err, errlen, ENOENT,
				    "FIP has no BL33 (non-trusted firmware, U-Boot) entry");
	if (fi->checksum >= 0) {
		int ret = fip_check_checksum(buf, fi, err, errlen);

		if (ret)
			return ret;
	}
	return 0;
}

int mtk_fip_parse(const u8 *buf, size_t len, struct mtk_fip_info *fi,
		  char *err, size_t errlen)
{
	int ret = mtk_fip_check(buf, len, fi, err, errlen);

	if (!ret)
		mtk_fmt_sha256(buf, len, fi->sha256);
	return ret;
}

int mtk_fip_extent(const u8 *buf, size_t len, u64 *end)
{
	u64 off, e, last = 0;
	unsigned int n = 0;

	if (len < MTK_FIP_HDR_SIZE || mtk_get_le32(buf) != MTK_FIP_TOC_NAME)
		return -EINVAL;
	for (off = MTK_FIP_HDR_SIZE; ; off += MTK_FIP_ENTRY_SIZE, n++) {
		const u8 *p = buf + off;

		if (!mtk_fmt_in_bounds(off, MTK_FIP_ENTRY_SIZE, len))
			return -ENODATA;
		if (n > MTK_FIP_MAX_ENTRIES)
			return -E2BIG;
		if (uuid_is_zero(p)) {
			e = mtk_get_le64(p + 16);
			break;
		}
		e = mtk_get_le64(p + 16);
		if (e > U64_MAX - mtk_get_le64(p + 24))
			return -EOVERFLOW;
		e += mtk_get_le64(p + 24);
		if (e > last)
			last = e;
	}
	if (e < last)
		e = last;
	*end = e > off + MTK_FIP_ENTRY_SIZE ? e : off + MTK_FIP_ENTRY_SIZE;
	return 0;
}

int mtk_fip_summary(const struct mtk_fip_info *fi, char *buf, size_t len)
{
	size_t o = 0;
	unsigned int i;
	char u[40];
	int w;

#define OUT(...)							\
	do {								\
		w = snprintf(buf + o, len > o ? len - o : 0, __VA_ARGS__); \
		if (w > 0)						\
			o += (size_t)w;					\
	} while (0)

	if (!len)
		return 0;
	buf[0] = '\0';
	OUT("format: fip\nserial: 0x%08x\nentries: %u\nsize: %llu\n",
	    fi->serial, fi->nr_entries, (unsigned long long)fi->end);
	for (i = 0; i < fi->nr_entries; i++) {
		const struct mtk_fip_entry *e = &fi->entry[i];

		OUT("entry%u: %s offset 0x%llx size %llu\n", i + 1,
		    entry_label(e, u), (unsigned long long)e->offset,
		    (unsigned long long)e->size);
	}
	OUT("checksum: %s\n", fi->checksum >= 0 ? "mediatek, verified" : "none");
	OUT("sha256: ");
	for (i = 0; i < MTK_SHA256_LEN; i++)
		OUT("%02x", fi->sha256[i]);
	OUT("\n");
#undef OUT
	return (int)(o < len ? o : len - 1);
}
