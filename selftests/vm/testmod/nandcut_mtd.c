// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtkbm_nandcut: the shim in front of the chip's erase, read_oob,
 * write_oob and block_markbad (the cut, torn programs and erases, the
 * in-order check, the delay) and the snapshot and restore of a range
 * (nandcut_main.c describes the module).
 */
#include <linux/bitmap.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/math64.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/mtd/partitions.h>
#include <linux/mutex.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "nandcut.h"

static bool nc_all_ff(const u8 *p, size_t n)
{
	return !memchr_inv(p, 0xff, n);
}

/* delay_us: sleep before @n page programs or block erases; lock not held */
static void nc_delay(u64 n)
{
	u32 us = READ_ONCE(nc.delay_us);

	if (us)
		fsleep(min_t(u64, n, 64) * us);
}

/* mark the blocks of [ofs, ofs + len) as touched; lock held */
static void nc_touch(u64 ofs, u64 len)
{
	u64 b, e;

	if (!nc.dirty || !len || ofs + len <= nc.snap_ofs || ofs >= nc.snap_ofs + nc.snap_len)
		return;
	b = div_u64(max(ofs, nc.snap_ofs) - nc.snap_ofs, nc.es);
	e = div_u64(min(ofs + len, nc.snap_ofs + nc.snap_len) - nc.snap_ofs + nc.es - 1, nc.es);
	bitmap_set(nc.dirty, b, e - b);
}

/* page order: a program of [ofs, ofs + len) in the block of @ofs; lock held */
static void nc_order_program(u64 ofs, u64 len)
{
	u32 b, first, last;

	if (!nc.next_page || !len)
		return;
	b = (u32)div_u64_rem(ofs, nc.es, &first);
	first /= nc.ws;
	last = first + (u32)DIV_ROUND_UP_ULL(len, nc.ws);
	if (first < nc.next_page[b])
		nc.out_of_order++;
	nc.next_page[b] = max(nc.next_page[b], last);
}

/* page order: blocks of [ofs, ofs + len) erased; lock held */
static void nc_order_erase(u64 ofs, u64 len)
{
	u64 b, e;

	if (!nc.next_page)
		return;
	b = div_u64(ofs, nc.es);
	e = div_u64(ofs + len + nc.es - 1, nc.es);
	for (; b < e; b++)
		nc.next_page[b] = 0;
}

int nc_raw_read(u64 ofs, u8 *buf)
{
	struct mtd_oob_ops ops = {
		.mode = MTD_OPS_RAW, .len = nc.ws, .ooblen = nc.oobsz,
		.datbuf = buf, .oobbuf = buf + nc.ws,
	};
	int ret = nc.read_oob(nc.master, ofs, &ops);

	return ret == -EUCLEAN ? 0 : ret;
}

static int nc_raw_write(u64 ofs, u8 *buf)
{
	struct mtd_oob_ops ops = {
		.mode = MTD_OPS_RAW, .len = nc.ws, .ooblen = nc.oobsz,
		.datbuf = buf, .oobbuf = buf + nc.ws,
	};

	return nc.write_oob(nc.master, ofs, &ops);
}

static int nc_raw_erase(u64 ofs)
{
	struct erase_info ei = { .addr = ofs, .len = nc.es };

	return nc.erase(nc.master, &ei);
}

/* the cut: the chip stops answering; lock held */
static void nc_cut(const char *what, u64 ofs)
{
	nc.dead = true;
	nc.budget = -1;
	nc.cuts++;
	snprintf(nc.last_cut, sizeof(nc.last_cut), "%s 0x%llx", what, ofs);
}

/* torn program: the first half of the page's data, the rest as it was */
static void nc_tear_program(u64 ofs, const struct mtd_oob_ops *ops, size_t done)
{
	struct mtd_oob_ops t = {
		.mode = ops->mode == MTD_OPS_RAW ? MTD_OPS_RAW : MTD_OPS_PLACE_OOB,
	};
	u8 *buf;

	if (!ops->datbuf || done >= ops->len)
		return;
	buf = kmalloc(nc.ws, GFP_KERNEL);
	if (!buf)
		return;
	memset(buf, 0xff, nc.ws);
	memcpy(buf, ops->datbuf + done, min_t(size_t, nc.ws / 2, ops->len - done));
	t.len = nc.ws;
	t.datbuf = buf;
	nc.write_oob(nc.master, ofs, &t);
	kfree(buf);
}

/* torn erase: pages of the first half erased, the second half kept */
static void nc_tear_erase(u64 ofs)
{
	u32 half = nc.ppb / 2, i, psz = nc.ws + nc.oobsz;
	u8 *buf = kvmalloc(array_size(half, psz), GFP_KERNEL);

	if (!buf)
		return;
	for (i = 0; i < half; i++)
		if (nc_raw_read(ofs + (u64)(half + i) * nc.ws, buf + i * psz))
			memset(buf + i * psz, 0xff, psz);
	if (!nc_raw_erase(ofs))
		for (i = 0; i < half; i++)
			if (!nc_all_ff(buf + i * psz, psz))
				nc_raw_write(ofs + (u64)(half + i) * nc.ws, buf + i * psz);
	kvfree(buf);
}

int nc_read_oob(struct mtd_info *mtd, loff_t from, struct mtd_oob_ops *ops)
{
	u32 rem;
	u64 n = ops->datbuf ? ops->len : 0;

	if (READ_ONCE(nc.dead)) {
		mutex_lock(&nc.lock);
		nc.eio++;
		mutex_unlock(&nc.lock);
		return -EIO;
	}
	div_u64_rem(from, nc.ws, &rem);
	mutex_lock(&nc.lock);
	nc.reads += n ? DIV_ROUND_UP_ULL(rem + n, nc.ws) : 1;
	mutex_unlock(&nc.lock);
	return nc.read_oob(mtd, from, ops);
}

/* flip_program: the program with the armed byte inverted; lock held */
static int nc_flip_program(struct mtd_info *mtd, loff_t to, struct mtd_oob_ops *ops)
{
	struct mtd_oob_ops sub = *ops;
	u64 at = nc.flip - to;
	u8 *copy;
	int ret;

	if (nc.flip < 0 || !ops->datbuf || nc.flip < to || at >= ops->len)
		return nc.write_oob(mtd, to, ops);
	copy = kvmalloc(ops->len, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, ops->datbuf, ops->len);
	copy[at] = ~copy[at];
	sub.datbuf = copy;
	nc.flip = -1;
	ret = nc.write_oob(mtd, to, &sub);
	ops->retlen = sub.retlen;
	ops->oobretlen = sub.oobretlen;
	kvfree(copy);
	return ret;
}

int nc_write_oob(struct mtd_info *mtd, loff_t to, struct mtd_oob_ops *ops)
{
	struct mtd_oob_ops sub;
	u32 rem, poob = ops->mode == MTD_OPS_AUTO_OOB ? mtd->oobavail : nc.oobsz;
	u64 pages, torn;
	size_t done = 0;
	int ret = 0;

	div_u64_rem(to, nc.ws, &rem);
	if (ops->datbuf && ops->len)
		pages = DIV_ROUND_UP_ULL(rem + ops->len, nc.ws);
	else
		pages = max_t(u64, 1, DIV_ROUND_UP_ULL(ops->ooblen, poob ?: 1));

	nc_delay(pages);
	mutex_lock(&nc.lock);
	if (nc.dead) {
		nc.eio++;
		ret = -EIO;
		goto out;
	}
	nc_touch(to, pages * nc.ws);
	if (ops->datbuf && ops->len)
		nc_order_program(to, rem + ops->len);
	if (nc.budget < 0 || nc.budget >= pages) {
		nc.programs += pages;
		if (nc.budget >= 0)
			nc.budget -= pages;
		ret = nc_flip_program(mtd, to, ops);
		goto out;
	}
	/* the cut falls inside this operation: nc.budget whole pages, then a torn one */
	sub = *ops;
	torn = to - rem + (u64)nc.budget * nc.ws;
	if (sub.datbuf) {
		done = nc.budget ? min_t(size_t, ops->len, (size_t)nc.budget * nc.ws - rem) : 0;
		sub.len = done;
	}
	if (sub.oobbuf)
		sub.ooblen = min_t(size_t, ops->ooblen, (size_t)nc.budget * poob);
	if (nc.budget)
		ret = nc.write_oob(mtd, to, &sub);
	ops->retlen = sub.retlen;
	ops->oobretlen = sub.oobretlen;
	nc.programs += nc.budget + 1;
	if (!ret)
		nc_tear_program(torn, ops, done);
	nc_cut("program", torn);
	nc.eio++;
	ret = -EIO;
out:
	mutex_unlock(&nc.lock);
	return ret;
}

int nc_erase(struct mtd_info *mtd, struct erase_info *instr)
{
	struct erase_info sub = { .addr = instr->addr };
	u64 blocks = div_u64(instr->len, nc.es);
	u64 torn;
	int ret = 0;

	nc_delay(blocks);
	mutex_lock(&nc.lock);
	if (nc.dead) {
		nc.eio++;
		instr->fail_addr = instr->addr;
		ret = -EIO;
		goto out;
	}
	nc_touch(instr->addr, instr->len);
	nc_order_erase(instr->addr, instr->len);
	if (nc.budget < 0 || nc.budget >= blocks) {
		nc.erases += blocks;
		if (nc.budget >= 0)
			nc.budget -= blocks;
		ret = nc.erase(mtd, instr);
		goto out;
	}
	sub.len = (u64)nc.budget * nc.es;
	torn = instr->addr + sub.len;
	if (sub.len)
		ret = nc.erase(mtd, &sub);
	nc.erases += nc.budget + 1;
	if (!ret)
		nc_tear_erase(torn);
	instr->fail_addr = ret ? sub.fail_addr : torn;
	nc_cut("erase", torn);
	nc.eio++;
	ret = -EIO;
out:
	mutex_unlock(&nc.lock);
	return ret;
}

int nc_markbad(struct mtd_info *mtd, loff_t ofs)
{
	int ret;

	mutex_lock(&nc.lock);
	if (nc.dead) {
		nc.eio++;
		ret = -EIO;
	} else {
		nc_touch(ofs, nc.es);
		ret = nc.markbad(mtd, ofs);
	}
	mutex_unlock(&nc.lock);
	return ret;
}

/* --- snapshot and restore; lock held --- */

void nc_snap_free(void)
{
	u64 i, n = div_u64(nc.snap_len, nc.ws);

	if (nc.pages)
		for (i = 0; i < n; i++)
			kfree(nc.pages[i]);
	kvfree(nc.pages);
	bitmap_free(nc.dirty);
	nc.pages = NULL;
	nc.dirty = NULL;
	nc.snap_ofs = 0;
	nc.snap_len = 0;
}

int nc_snap_take(u64 ofs, u64 len)
{
	u32 psz = nc.ws + nc.oobsz, r1, r2;
	u64 i, n;
	u8 *buf;
	int ret = 0;

	div_u64_rem(ofs, nc.es, &r1);
	div_u64_rem(len, nc.es, &r2);
	if (r1 || r2 || !len || ofs + len > nc.master->size)
		return -EINVAL;
	nc_snap_free();
	n = div_u64(len, nc.ws);
	buf = kmalloc(psz, GFP_KERNEL);
	nc.pages = kvcalloc(n, sizeof(*nc.pages), GFP_KERNEL);
	nc.dirty = bitmap_zalloc(div_u64(len, nc.es), GFP_KERNEL);
	if (!buf || !nc.pages || !nc.dirty) {
		ret = -ENOMEM;
		goto out;
	}
	nc.snap_ofs = ofs;
	nc.snap_len = len;
	for (i = 0; i < n; i++) {
		u64 o = ofs + i * nc.ws;

		if (!(i % nc.ppb) && nc.master->_block_isbad &&
		    nc.master->_block_isbad(nc.master, o)) {
			i += nc.ppb - 1;	/* a bad block is left alone by restore */
			continue;
		}
		ret = nc_raw_read(o, buf);
		if (ret)
			goto out;
		if (nc_all_ff(buf, psz))
			continue;
		nc.pages[i] = kmemdup(buf, psz, GFP_KERNEL);
		if (!nc.pages[i]) {
			ret = -ENOMEM;
			goto out;
		}
	}
out:
	kfree(buf);
	if (ret)
		nc_snap_free();
	return ret;
}

int nc_snap_restore(void)
{
	u64 b, nb = div_u64(nc.snap_len, nc.es);
	u32 i;
	int ret;

	if (!nc.dirty)
		return -ENODATA;
	for_each_set_bit(b, nc.dirty, nb) {
		u64 o = nc.snap_ofs + b * nc.es;

		if (nc.master->_block_isbad && nc.master->_block_isbad(nc.master, o))
			continue;
		ret = nc_raw_erase(o);
		if (ret)
			return ret;
		for (i = 0; i < nc.ppb; i++) {
			u8 *p = nc.pages[b * nc.ppb + i];

			if (p) {
				ret = nc_raw_write(o + (u64)i * nc.ws, p);
				if (ret)
					return ret;
			}
		}
	}
	bitmap_zero(nc.dirty, nb);
	return 0;
}
