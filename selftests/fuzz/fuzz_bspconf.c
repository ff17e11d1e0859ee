// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: bspconf decode, selection, switch, encode round trip */
#include "bspconf.h"

static void fix_crc(u8 *d, size_t len)
{
	u32 l;

	if (len < 12)
		return;
	l = mtk_get_le32(d + 4);
	if (l >= 4 && l <= len)
		mtk_put_le32(d, mtk_fmt_crc32(0, d + 4, l - 4));
}

static int one(const u8 *data, size_t len);

/* an odd length selects "fix both CRCs first" on the rest */
int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	u8 d[1024];

	if (!(len & 1) || len > sizeof(d))
		return one(data, len);
	len--;
	memcpy(d, data, len);
	fix_crc(d, len / 2);
	fix_crc(d + len / 2, len - len / 2);
	return one(d, len);
}

static int one(const u8 *data, size_t len)
{
	struct mtk_bspconf c, n, r;
	u8 out[MTK_BSPCONF_SIZE];
	unsigned int valid;
	char err[200], sum[512];
	size_t half = len / 2;
	int which;

	if (mtk_bspconf_select(data, half, data + half, len - half, &c, &which,
			       &valid, err, sizeof(err)))
		return 0;
	if (which < 0 || !(valid & (1U << which)) || c.current_fip_slot > 1)
		__builtin_trap();
	mtk_bspconf_summary(&c, sum, sizeof(sum));
	if (mtk_bspconf_switch_fip(&c, !c.current_fip_slot, (u32)len, 1, &n,
				   err, sizeof(err)))
		__builtin_trap();
	mtk_bspconf_encode(&n, out);
	if (mtk_bspconf_decode(out, sizeof(out), &r, err, sizeof(err)) ||
	    r.upd_cnt != n.upd_cnt || r.current_fip_slot != n.current_fip_slot ||
	    memcmp(&r.fip, &n.fip, sizeof(r.fip)))
		__builtin_trap();
	if (!mtk_bspconf_newer(n.upd_cnt, c.upd_cnt))
		__builtin_trap();
	return 0;
}
