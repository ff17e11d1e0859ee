// SPDX-License-Identifier: GPL-2.0-only
/*
 * bspconf.c - MediaTek dual-FIP state record ("bspconf"): 88 bytes of
 * little-endian u32: crc, len, ver, upd_cnt, current_fip_slot, fip[2]
 * {invalid, size, crc32, upd_cnt}, current_image_slot, image[2] {...}.
 * Two copies are stored; the valid one with the newer upd_cnt is used and
 * a change is always written to the other one (ping-pong).
 */
#include "bspconf.h"

static void get_info(const u8 *p, struct mtk_bsp_image_info *i)
{
	i->invalid = mtk_get_le32(p);
	i->size = mtk_get_le32(p + 4);
	i->crc32 = mtk_get_le32(p + 8);
	i->upd_cnt = mtk_get_le32(p + 12);
}

static void put_info(u8 *p, const struct mtk_bsp_image_info *i)
{
	mtk_put_le32(p, i->invalid);
	mtk_put_le32(p + 4, i->size);
	mtk_put_le32(p + 8, i->crc32);
	mtk_put_le32(p + 12, i->upd_cnt);
}

int mtk_bspconf_decode(const u8 *buf, size_t len, struct mtk_bspconf *c,
		       char *err, size_t errlen)
{
	u8 rec[MTK_BSPCONF_SIZE];
	u32 rlen, ver, crc, want;

	memset(c, 0, sizeof(*c));
	if (len < MTK_BSPCONF_MIN_LEN)
		return mtk_fmt_fail(err, errlen, ENODATA,
				    "bspconf record truncated: %zu bytes", len);
	want = mtk_get_le32(buf);
	rlen = mtk_get_le32(buf + 4);
	ver = mtk_get_le32(buf + 8);
	if (rlen < MTK_BSPCONF_MIN_LEN || rlen > len)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "bspconf record length %u is out of range (12..%zu)",
				    rlen, len);
	crc = mtk_fmt_crc32(0, buf + 4, rlen - 4);
	if (crc != want)
		return mtk_fmt_fail(err, errlen, EBADMSG,
				    "bspconf CRC32 is 0x%08x, computed 0x%08x",
				    want, crc);
	if (ver == 0 || ver > MTK_BSPCONF_VER)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "bspconf version %u is not supported (1)", ver);

	memset(rec, 0, sizeof(rec));
	memcpy(rec, buf, rlen < sizeof(rec) ? rlen : sizeof(rec));
	c->crc = want;
	c->len = rlen;
	c->ver = ver;
	c->upd_cnt = mtk_get_le32(rec + 0x0c);
	c->current_fip_slot = mtk_get_le32(rec + 0x10);
	get_info(rec + 0x14, &c->fip[0]);
	get_info(rec + 0x24, &c->fip[1]);
	c->current_image_slot = mtk_get_le32(rec + 0x34);
	get_info(rec + 0x38, &c->image[0]);
	get_info(rec + 0x48, &c->image[1]);
	if (c->current_fip_slot > 1)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "bspconf current_fip_slot %u is out of range",
				    c->current_fip_slot);
	return 0;
}

void mtk_bspconf_encode(struct mtk_bspconf *c, u8 *out)
{
	c->len = MTK_BSPCONF_SIZE;
	c->ver = MTK_BSPCONF_VER;
	mtk_put_le32(out + 0x04, c->len);
	mtk_put_le32(out + 0x08, c->ver);
	mtk_put_le32(out + 0x0c, c->upd_cnt);
	mtk_put_le32(out + 0x10, c->current_fip_slot);
	put_info(out + 0x14, &c->fip[0]);
	put_info(out + 0x24, &c->fip[1]);
	mtk_put_le32(out + 0x34, c->current_image_slot);
	put_info(out + 0x38, &c->image[0]);
	put_info(out + 0x48, &c->image[1]);
	c->crc = mtk_fmt_crc32(0, out + 4, MTK_BSPCONF_SIZE - 4);
	mtk_put_le32(out, c->crc);
}

bool mtk_bspconf_newer(u32 a, u32 b)
{
	if (a == 0 && b == U32_MAX)
		return true;
	if (a == U32_MAX && b == 0)
		return false;
	return a > b;
}

int mtk_bspconf_select(const u8 *c1, size_t len1, const u8 *c2, size_t len2,
		       struct mtk_bspconf *c, int *which, unsigned int *valid,
		       char *err, size_t errlen)
{
	struct mtk_bspconf b;
	char e1[96] = "", e2[96] = "";
	int r1, r2;

	*which = -1;
	if (valid)
		*valid = 0;
	r1 = c1 ? mtk_bspconf_decode(c1, len1, c, e1, sizeof(e1)) : -ENODATA;
	r2 = c2 ? mtk_bspconf_decode(c2, len2, &b, e2, sizeof(e2)) : -ENODATA;
	if (valid)
		*valid = (r1 ? 0 : 1) | (r2 ? 0 : 2);
	if (r1 && r2)
		return mtk_fmt_fail(err, errlen, -r1,
				    "no valid bspconf copy: copy 1: %s; copy 2: %s",
				    c1 ? e1 : "missing", c2 ? e2 : "missing");
	if (!r1 && (r2 || !mtk_bspconf_newer(b.upd_cnt, c->upd_cnt))) {
		*which = 0;
	} else {
		*c = b;
		*which = 1;
	}
	mtk_fmt_msg(err, errlen, "bspconf copy %d (upd_cnt %u) is in use",
		    *which + 1, c->upd_cnt);
	return 0;
}

int mtk_bspconf_switch_fip(const struct mtk_bspconf *cur, unsigned int slot,
			   u32 size, u32 crc, struct mtk_bspconf *next,
			   char *err, size_t errlen)
{
	if (slot > 1)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "bspconf has FIP slots 0 and 1, not %u", slot);
	*next = *cur;
	next->current_fip_slot = slot;
	next->fip[slot].invalid = 0;
	next->fip[slot].size = size;
	next->fip[slot].crc32 = crc;
	next->fip[slot].upd_cnt = cur->fip[slot].upd_cnt + 1;
	next->upd_cnt = cur->upd_cnt + 1;	/* wraps to 0, which is newer */
	return 0;
}

#ifndef __KERNEL__
/* userspace only (bootmodel, fuzzers): not in the module */
int mtk_bspconf_summary(const struct mtk_bspconf *c, char *buf, size_t len)
{
	int w;

	if (!len)
		return 0;
	w = snprintf(buf, len,
		     "format: bspconf\nversion: %u\nupd_cnt: %u\ncurrent_fip_slot: %u\n"
		     "fip0: invalid %u size %u crc32 0x%08x upd_cnt %u\n"
		     "fip1: invalid %u size %u crc32 0x%08x upd_cnt %u\n"
		     "current_image_slot: %u\n",
		     c->ver, c->upd_cnt, c->current_fip_slot,
		     c->fip[0].invalid, c->fip[0].size, c->fip[0].crc32,
		     c->fip[0].upd_cnt, c->fip[1].invalid, c->fip[1].size,
		     c->fip[1].crc32, c->fip[1].upd_cnt, c->current_image_slot);
	if (w < 0)
		return 0;
	return (size_t)w < len ? w : (int)len - 1;
}
#endif
