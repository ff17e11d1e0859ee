// SPDX-License-Identifier: GPL-2.0-only
/* libFuzzer harness: bspconf decode, selection, switch, encode round trip */
#include "bspconf.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
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
