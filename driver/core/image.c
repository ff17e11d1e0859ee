// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the staged image of a component. `image` (configfs'
 * buffer, copied) and `image_file` (a file the module reads into one
 * buffer, kept as is: issue 17) stage it after the same checks (the
 * medium bound, the largest slot, MTK_BM_IMAGE_MAX); a stage, a new image
 * and unbind drop it. verify is core/slot.c's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/vmalloc.h>

#include "mtk_bootmedia.h"

/**
 * mtk_bm_image_drop() - free the staged image of a component, if any
 * @c: the component (medium lock held, or its last reference going)
 */
void mtk_bm_image_drop(struct mtk_bm_component *c)
{
	kfree(c->image_info);
	c->image_info = NULL;
	if (!c->image)
		return;
	vfree(c->image);
	c->image = NULL;
	c->image_len = 0;
	c->generation++;
}

/*
 * The checks of a new image of @len bytes (any staged one is dropped
 * first, also when this one is refused): 0, or the errno with the reason
 * in `result`. @big and @max receive the largest slot and its size.
 */
static int mtk_bm_image_fits(struct mtk_bm_component *c, size_t len, const char *from,
			     struct mtk_bm_slot **big, u64 *max)
{
	struct mtk_bm_medium *m = c->medium;
	struct mtk_bm_slot *s;
	char err[160] = "";
	u64 size;

	*big = NULL;
	*max = 0;
	if (!capable(CAP_SYS_ADMIN))
		return mtk_bm_comp_result(c, -EPERM, "image: staging needs CAP_SYS_ADMIN");
	mtk_bm_image_drop(c);
	c->generation++;
	if (!len)
		return mtk_bm_comp_result(c, -ENODATA,
					  "image: nothing received%s (empty, or write(2) failed: over %u MiB?)",
					  from, MTK_BM_IMAGE_BUF_MAX >> 20);
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_comp_result(c, -ENODEV,
					  "image: medium not bound (write 1 to enable first)");
	list_for_each_entry(s, &m->slots, node) {
		if (s->comp != c)
			continue;
		size = mtk_bm_slot_size(s, true, err, sizeof(err));
		if (size > *max) {
			*max = size;
			*big = s;
		}
	}
	if (!*big)
		return mtk_bm_comp_result(c, -ENOSPC, "image: no slot with a known size%s%s",
					  err[0] ? ": " : "", err);
	if (len > *max)
		return mtk_bm_comp_result(c, -EFBIG,
					  "image%s: %zu bytes, larger than the largest slot (%s, %llu bytes)",
					  from, len, config_item_name(&(*big)->group.cg_item),
					  (unsigned long long)*max);
	if (len > MTK_BM_IMAGE_MAX)
		return mtk_bm_comp_result(c, -EFBIG, "image%s: %zu bytes, larger than %u MiB",
					  from, len, MTK_BM_IMAGE_MAX >> 20);
	return 0;
}

/**
 * mtk_bm_image_stage() - `image`: keep a copy of an image for verify/stage
 * @c: the component (medium lock held)
 * @buf: the whole image configfs collected, or NULL
 * @len: its length
 *
 * Any previously staged image is dropped first, also when this one is
 * refused. The image must fit the largest slot of the component and
 * MTK_BM_IMAGE_MAX.
 *
 * Return: 0 or a negative errno, recorded in `result` (configfs ignores it).
 */
int mtk_bm_image_stage(struct mtk_bm_component *c, const void *buf, size_t len)
{
	struct mtk_bm_slot *big;
	u64 max;
	u8 *copy;
	int ret;

	ret = mtk_bm_image_fits(c, len, "", &big, &max);
	if (ret)
		return ret;
	copy = vmalloc(len);
	if (!copy)
		return mtk_bm_comp_result(c, -ENOMEM, "image: no memory for %zu bytes", len);
	memcpy(copy, buf, len);
	c->image = copy;
	c->image_len = len;
	return mtk_bm_comp_result(c, 0, "image staged, %zu bytes (largest slot %s, %llu bytes)",
				  len, config_item_name(&big->group.cg_item),
				  (unsigned long long)max);
}

/**
 * mtk_bm_image_take() - `image_file`: keep an image read from a file
 * @c: the component (medium lock held)
 * @buf: the file's bytes in a vmalloc() buffer, now the component's (freed
 *       when refused); NULL when the read failed
 * @len: their number, or the read's negative errno
 * @path: the file, for `result`
 *
 * As mtk_bm_image_stage(), without a copy: the buffer becomes the staged
 * image.
 *
 * Return: 0 or a negative errno, recorded in `result`.
 */
int mtk_bm_image_take(struct mtk_bm_component *c, void *buf, ssize_t len, const char *path)
{
	char from[96];
	struct mtk_bm_slot *big;
	u64 max;
	int ret;

	mtk_fmt_msg(from, sizeof(from), " from %s", path);
	if (len < 0) {
		vfree(buf);
		if (!capable(CAP_SYS_ADMIN))
			return mtk_bm_comp_result(c, -EPERM, "image: staging needs CAP_SYS_ADMIN");
		mtk_bm_image_drop(c);
		c->generation++;
		if (len == -EFBIG)
			return mtk_bm_comp_result(c, -EFBIG,
						  "image_file: %.200s is larger than %u MiB",
						  path, MTK_BM_IMAGE_MAX >> 20);
		return mtk_bm_comp_result(c, (int)len, "image_file: cannot read %.200s: %s", path,
					  len == -EINVAL ? "not a regular file, or empty" :
					  len == -ETXTBSY ? "open for writing" :
					  len == -ENOENT ? "no such file" : "read failed");
	}
	ret = mtk_bm_image_fits(c, len, from, &big, &max);
	if (ret) {
		vfree(buf);
		return ret;
	}
	c->image = buf;
	c->image_len = len;
	return mtk_bm_comp_result(c, 0,
				  "image staged%s, %zu bytes (largest slot %s, %llu bytes)",
				  from, len, config_item_name(&big->group.cg_item),
				  (unsigned long long)max);
}
