// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/formats/bspconf.c: the bspconf records of the dual
 * FIP layout, the record BL2 selects, the switch.
 */
#include "unit.h"
#include "bspconf.h"

void test_bspconf(void)
{
	struct mtk_bspconf c, n;
	u8 out[MTK_BSPCONF_SIZE], out2[MTK_BSPCONF_SIZE];
	size_t la, lb, lm, lz, ls, lv;
	u8 *a = load("bspconf-a.bin", &la), *b = load("bspconf-b.bin", &lb);
	u8 *mx = load("bspconf-wrap-max.bin", &lm), *z = load("bspconf-wrap-zero.bin", &lz);
	u8 *s = load("bspconf-short.bin", &ls), *v2 = load("bspconf-ver2.bin", &lv);
	unsigned int valid;
	int r, which;

	ok(mtk_bspconf_newer(2, 1) && !mtk_bspconf_newer(1, 2) &&
	   mtk_bspconf_newer(0, U32_MAX) && !mtk_bspconf_newer(U32_MAX, 0) &&
	   !mtk_bspconf_newer(5, 5) && mtk_bspconf_newer(U32_MAX, U32_MAX - 1),
	   "upd_cnt order: higher wins, 0 beats 0xffffffff");
	if (!a || !b || !mx || !z || !s || !v2) {
		skip("bspconf records");
		goto out;
	}
	r = mtk_bspconf_decode(a, la, &c, err, sizeof(err));
	ok(!r && c.upd_cnt == 5 && c.current_fip_slot == 0 && c.fip[1].size == 0x61000 &&
	   c.fip[1].crc32 == 0x5678 && c.len == 88 && c.ver == 1,
	   "record written by Python's zlib decodes");
	mtk_bspconf_encode(&c, out);
	ok(!memcmp(out, a, 88), "encode(decode(record)) gives the same 88 bytes");
	r = mtk_bspconf_select(a, la, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1 && valid == 3 && c.upd_cnt == 6, "higher upd_cnt wins (copy 2)");
	r = mtk_bspconf_select(b, lb, a, la, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.upd_cnt == 6, "higher upd_cnt wins (copy 1)");
	r = mtk_bspconf_select(mx, lm, z, lz, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1 && c.upd_cnt == 0, "wrapped counter: 0 is newer than 0xffffffff");
	r = mtk_bspconf_select(z, lz, mx, lm, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.upd_cnt == 0, "wrapped counter, other order");
	r = mtk_bspconf_select(a, la, a, la, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0, "equal counters: copy 1");

	memcpy(out, b, 88);
	out[40] ^= 1;
	r = mtk_bspconf_select(a, la, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && valid == 1 && c.upd_cnt == 5, "newer copy with a bad CRC is skipped");
	memcpy(out2, a, 88);
	out2[0] ^= 1;
	r = mtk_bspconf_select(out2, 88, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(r == -EBADMSG && which == -1 && valid == 0 && has("copy 1") && has("copy 2"),
	   "both copies bad: %s", err);
	r = mtk_bspconf_select(NULL, 0, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 1, "copy 1 missing: copy 2 used");

	r = mtk_bspconf_decode(v2, lv, &c, err, sizeof(err));
	ok(r == -EINVAL && has("version 2"), "newer version refused (%s)", err);
	r = mtk_bspconf_decode(s, ls, &c, err, sizeof(err));
	ok(!r && c.len == 0x34 && c.upd_cnt == 7 && c.current_fip_slot == 1 &&
	   c.image[0].size == 0 && c.fip[1].size == 0x61000,
	   "short record (len 0x34) zero-extended");
	r = mtk_bspconf_decode(a, 40, &c, err, sizeof(err));
	ok(r == -EINVAL && has("length 88"), "len beyond the buffer refused (%s)", err);
	r = mtk_bspconf_decode(a, 11, &c, err, sizeof(err));
	ok(r == -ENODATA, "11 bytes refused");
	memcpy(out, a, 88);
	mtk_put_le32(out + 4, 8);
	mtk_put_le32(out, mtk_fmt_crc32(0, out + 4, 4));
	r = mtk_bspconf_decode(out, 88, &c, err, sizeof(err));
	ok(r == -EINVAL, "len 8 refused");
	mtk_bspconf_decode(a, la, &c, NULL, 0);
	c.current_fip_slot = 2;
	mtk_bspconf_encode(&c, out);
	r = mtk_bspconf_decode(out, 88, &c, err, sizeof(err));
	ok(r == -EINVAL && has("current_fip_slot 2"), "slot 2 refused");

	/* the switch: from copy 2 (slot 1, upd 6) to slot 0, written to copy 1 */
	mtk_bspconf_select(a, la, b, lb, &c, &which, &valid, err, sizeof(err));
	r = mtk_bspconf_switch_fip(&c, 0, 0x70000, 0xdeadbeef, &n, err, sizeof(err));
	mtk_bspconf_encode(&n, out);
	ok(!r && n.upd_cnt == 7 && n.current_fip_slot == 0 && n.fip[0].size == 0x70000 &&
	   n.fip[0].upd_cnt == 2 && !n.fip[0].invalid && n.fip[1].size == 0x61000,
	   "switch to slot 0: upd_cnt 7, slot 0 described");
	r = mtk_bspconf_select(out, 88, b, lb, &c, &which, &valid, err, sizeof(err));
	ok(!r && which == 0 && c.current_fip_slot == 0 && c.fip[0].crc32 == 0xdeadbeef,
	   "BL2 picks the new record from the other copy");
	r = mtk_bspconf_switch_fip(&c, 2, 1, 1, &n, err, sizeof(err));
	ok(r == -EINVAL, "switch to slot 2 refused");

	mtk_bspconf_decode(mx, lm, &c, NULL, 0);
	mtk_bspconf_switch_fip(&c, 1, 0x1000, 1, &n, NULL, 0);
	mtk_bspconf_encode(&n, out);
	r = mtk_bspconf_select(mx, lm, out, 88, &c, &which, &valid, err, sizeof(err));
	ok(!r && n.upd_cnt == 0 && which == 1 && c.current_fip_slot == 1,
	   "switch at upd_cnt 0xffffffff wraps to 0 and still wins");
out:
	free(a); free(b); free(mx); free(z); free(s); free(v2);
}
