// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim sparse storage: each hardware partition is an xarray of 4 KiB
 * chunks; a chunk exists only once something non-zero may have been written
 * to it, so an 8 GiB user area costs memory only for the sectors in use.
 * Callers hold sim->lock.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include "mmcsim.h"

void mmcsim_area_init(struct mmcsim_area *a, u64 size)
{
	a->size = size;
	xa_init(&a->chunks);
}

void mmcsim_area_free(struct mmcsim *sim, struct mmcsim_area *a)
{
	unsigned long idx;
	void *chunk;

	xa_for_each(&a->chunks, idx, chunk) {
		kfree(chunk);
		sim->chunks_used--;
	}
	xa_destroy(&a->chunks);
}

static bool mmcsim_range_ok(struct mmcsim_area *a, u64 off, u64 len)
{
	return off <= a->size && len <= a->size - off;
}

int mmcsim_area_read(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		     void *buf, size_t len)
{
	u8 *dst = buf;

	lockdep_assert_held(&sim->lock);
	if (!mmcsim_range_ok(a, off, len))
		return -ERANGE;

	while (len) {
		unsigned long idx = off >> MMCSIM_CHUNK_SHIFT;
		size_t in = off & (MMCSIM_CHUNK_SIZE - 1);
		size_t n = min_t(size_t, len, MMCSIM_CHUNK_SIZE - in);
		u8 *chunk = xa_load(&a->chunks, idx);

		if (chunk)
			memcpy(dst, chunk + in, n);
		else
			memset(dst, 0, n);
		dst += n;
		off += n;
		len -= n;
	}
	return 0;
}

int mmcsim_area_write(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		      const void *buf, size_t len)
{
	const u8 *src = buf;

	lockdep_assert_held(&sim->lock);
	if (!mmcsim_range_ok(a, off, len))
		return -ERANGE;

	while (len) {
		unsigned long idx = off >> MMCSIM_CHUNK_SHIFT;
		size_t in = off & (MMCSIM_CHUNK_SIZE - 1);
		size_t n = min_t(size_t, len, MMCSIM_CHUNK_SIZE - in);
		u8 *chunk = xa_load(&a->chunks, idx);

		if (!chunk) {
			void *old;

			if (!memchr_inv(src, 0, n))
				goto next;	/* zeros on a hole: stay sparse */
			if (sim->chunks_used >= sim->chunks_max)
				return -ENOSPC;
			chunk = kzalloc(MMCSIM_CHUNK_SIZE, GFP_KERNEL);
			if (!chunk)
				return -ENOMEM;
			old = xa_store(&a->chunks, idx, chunk, GFP_KERNEL);
			if (xa_is_err(old)) {
				kfree(chunk);
				return xa_err(old);
			}
			sim->chunks_used++;
		}
		memcpy(chunk + in, src, n);
next:
		src += n;
		off += n;
		len -= n;
	}
	return 0;
}

int mmcsim_area_zero(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		     u64 len)
{
	lockdep_assert_held(&sim->lock);
	if (!mmcsim_range_ok(a, off, len))
		return -ERANGE;

	while (len) {
		unsigned long idx = off >> MMCSIM_CHUNK_SHIFT;
		size_t in = off & (MMCSIM_CHUNK_SIZE - 1);
		size_t n = min_t(u64, len, MMCSIM_CHUNK_SIZE - in);
		u8 *chunk = xa_load(&a->chunks, idx);

		if (chunk) {
			if (n == MMCSIM_CHUNK_SIZE) {
				xa_erase(&a->chunks, idx);
				kfree(chunk);
				sim->chunks_used--;
			} else {
				memset(chunk + in, 0, n);
			}
		}
		off += n;
		len -= n;
	}
	return 0;
}
