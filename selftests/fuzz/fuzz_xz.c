// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness: an xz stream checked and decompressed as a FIP image
 * would be (mtk_xz_unpack(): header, footer and index checks, then the
 * decoder with the output capped). The first input byte picks the cap, so
 * small caps are exercised too.
 */
#include "xzfmt.h"

static u8 out[MTK_XZ_MAX_OUT];

int LLVMFuzzerTestOneInput(const u8 *data, size_t len)
{
	static const size_t caps[4] = { MTK_XZ_MAX_OUT, 4096, 1, 65536 };
	size_t cap, got = 12345;
	char err[200];
	int r;

	if (!len)
		return 0;
	cap = caps[data[0] & 3];
	data++;
	len--;
	r = mtk_xz_unpack(data, len, out, cap, &got, err, sizeof(err));
	if (r > 0 || got > cap || (r && got) || (r && !err[0]))
		__builtin_trap();
	return 0;
}
