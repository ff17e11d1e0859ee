// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: ubi: slots, read through the UBI kernel API. The volume is
 * opened read-only for the duration of one read: UBI keeps its own
 * references, and the kernel API cannot write static volumes anyway (the
 * helper writes them through UBI's ioctls; see abi.md).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mtd/ubi.h>

#include "mtk_bootmedia.h"

static struct ubi_volume_desc *mtk_bm_ubi_open(struct mtk_bm_slot *s,
					       struct ubi_volume_info *vi,
					       char *err, size_t errlen)
{
	struct ubi_volume_desc *desc;

	desc = ubi_open_volume_nm(s->loc.ubi_num, s->loc.name, UBI_READONLY);
	if (IS_ERR(desc)) {
		snprintf(err, errlen, "cannot open UBI volume %s on ubi%d (%pe)",
			 s->loc.name, s->loc.ubi_num, desc);
		return desc;
	}
	ubi_get_volume_info(desc, vi);
	return desc;
}

/* bytes of data in the volume: used bytes of a static volume, else all */
static u64 mtk_bm_ubi_bytes(const struct ubi_volume_info *vi)
{
	if (vi->vol_type == UBI_STATIC_VOLUME)
		return vi->used_bytes;
	return (u64)vi->size * vi->usable_leb_size;
}

/*
 * @capacity: what the volume can hold (reserved LEBs) rather than the
 * bytes of data in it
 */
u64 mtk_bm_ubi_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
			 size_t errlen)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	u64 size;

	desc = mtk_bm_ubi_open(s, &vi, err, errlen);
	if (IS_ERR(desc))
		return 0;
	size = capacity ? (u64)vi.size * vi.usable_leb_size : mtk_bm_ubi_bytes(&vi);
	if (!size)
		snprintf(err, errlen, "UBI volume %s is empty", s->loc.name);
	ubi_close_volume(desc);
	return size;
}

int mtk_bm_ubi_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		    char *err, size_t errlen)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	int lnum = 0, ret = 0;
	u64 total;

	*got = 0;
	desc = mtk_bm_ubi_open(s, &vi, err, errlen);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (vi.corrupted || vi.upd_marker) {
		snprintf(err, errlen, "UBI volume %s is %s", s->loc.name,
			 vi.corrupted ? "corrupted" : "half-updated (update marker set)");
		ret = -EBADMSG;
		goto out;
	}
	total = min_t(u64, mtk_bm_ubi_bytes(&vi), len);
	while (*got < total) {
		u64 in_leb = min_t(u64, mtk_bm_ubi_bytes(&vi) - *got,
				   vi.usable_leb_size);
		int n = min_t(u64, total - *got, vi.usable_leb_size);

		/*
		 * Static volumes verify the LEB's data CRC, which covers the
		 * whole data of the LEB: only ask for it on whole-LEB reads
		 * (UBI asserts that a checked read spans the LEB's data).
		 */
		ret = ubi_leb_read(desc, lnum, buf + *got, 0, n,
				   vi.vol_type == UBI_STATIC_VOLUME && n == in_leb);
		if (ret) {
			snprintf(err, errlen, "cannot read LEB %d of UBI volume %s", lnum,
				 s->loc.name);
			goto out;
		}
		*got += n;
		lnum++;
	}
out:
	ubi_close_volume(desc);
	return ret;
}
