// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: power cuts on a simulated NAND chip (nandsim).
 *
 * On load it takes the master MTD of a NAND chip (the one named by the
 * chip= parameter, else the first NAND chip found) and puts a shim in
 * front of its erase, read_oob, write_oob and block_markbad operations.
 * Everything above the chip goes through those four: the partitions,
 * UBI, mtd_read/mtd_write/mtd_erase callers, /dev/mtdN (nandwrite,
 * flash_erase, nanddump). block_isbad and the rest stay nandsim's own.
 * Unloading puts the original operations back. The module pins the chip's
 * driver module (nandsim) while loaded, but holds no MTD device reference:
 * a partition removed with `remove` really goes.
 *
 * debugfs, /sys/kernel/debug/mtkbm_nandcut/ (offsets are chip offsets):
 *   cut_after    N >= 0: N more page programs or block erases complete,
 *                the next one is torn (program: the first half of the
 *                page's data is written, the rest stays as it was; erase:
 *                the first half of the block's pages is erased, the
 *                second half keeps its content), the operation fails
 *                with -EIO and so does every program, erase and read
 *                after it until power_cycle. -1: off (default). Reads
 *                back what is left.
 *   power_cycle  write 1: the chip works again; the cut is disarmed.
 *   counters     pages_programmed, blocks_erased, pages_read, io_errors,
 *                cuts, power_cycles, out_of_order (page programs below a
 *                page already programmed in the same block since its
 *                erase: what datasheets that require in-order programming
 *                within a block forbid). Write anything to reset.
 *   state        dead, cut_after, chip, last_cut, snapshot.
 *   snapshot     "OFFSET LENGTH" (whole blocks): keep the raw pages
 *                (data and OOB) of that range in memory and track the
 *                blocks written or erased from then on; "clear" drops it.
 *   restore      write 1: erase every tracked block of the snapshot and
 *                program its saved raw pages back (not through the cut).
 *   raw          the whole chip, every page's data followed by its OOB,
 *                read raw (no ECC, bad blocks included): the nand.bin of
 *                a boot-model dump (scripts/bootmodel/README.md), fast.
 *                Reads even when the chip is "dead" (a debug port).
 *   delay_us     N (0..1000000, default 0): sleep N microseconds before
 *                each page program and each block erase goes to the chip
 *                (an operation on k pages or blocks sleeps min(k, 64) * N
 *                first), so that a write of a few blocks lasts seconds.
 *   remove       write a partition NAME: delete that partition of the chip
 *                (mtd_del_partition() on the master, from the writer's
 *                context), as if its driver went away; it returns once the
 *                MTD notifiers ran. -ENOENT: no such partition.
 *   add          write "NAME OFFSET SIZE": add a partition to the chip
 *                (mtd_add_partition()), e.g. to put a removed one back.
 *
 * Test-only: never load it on a real system.
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

static char *chip = "";
module_param(chip, charp, 0444);
MODULE_PARM_DESC(chip, "name of the NAND chip (master MTD); empty: the first NAND chip");

#define NC_MAX_MTD 256
#define NC_MAX_DELAY_US 1000000

struct nc_state {
	struct mutex lock;		/* serializes programs, erases, debugfs */
	struct mtd_info *master;	/* its driver module pinned while loaded */
	int (*erase)(struct mtd_info *mtd, struct erase_info *instr);
	int (*read_oob)(struct mtd_info *mtd, loff_t from, struct mtd_oob_ops *ops);
	int (*write_oob)(struct mtd_info *mtd, loff_t to, struct mtd_oob_ops *ops);
	int (*markbad)(struct mtd_info *mtd, loff_t ofs);
	u32 ws, es, oobsz, ppb;
	s64 budget;			/* operations left before the cut, -1 off */
	u32 delay_us;			/* per page program or block erase */
	bool dead;
	u64 programs, erases, reads, eio, cuts, power_cycles, out_of_order;
	u32 *next_page;			/* per block: lowest page still programmable in order */
	char last_cut[64];
	/* snapshot */
	u64 snap_ofs, snap_len;
	u8 **pages;			/* raw page + OOB, NULL = all 0xff */
	unsigned long *dirty;		/* blocks of the range touched since */
	struct dentry *dir;
};

static struct nc_state nc;

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

static int nc_raw_read(u64 ofs, u8 *buf)
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

static int nc_read_oob(struct mtd_info *mtd, loff_t from, struct mtd_oob_ops *ops)
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

static int nc_write_oob(struct mtd_info *mtd, loff_t to, struct mtd_oob_ops *ops)
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
		ret = nc.write_oob(mtd, to, ops);
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

static int nc_erase(struct mtd_info *mtd, struct erase_info *instr)
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

static int nc_markbad(struct mtd_info *mtd, loff_t ofs)
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

static void nc_snap_free(void)
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

static int nc_snap_take(u64 ofs, u64 len)
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

static int nc_snap_restore(void)
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

/* --- debugfs --- */

static ssize_t nc_copy_in(char *buf, size_t size, const char __user *ubuf, size_t len)
{
	if (!len || len >= size)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;
	strim(buf);
	return len;
}

static ssize_t nc_cut_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[32];
	int n;

	mutex_lock(&nc.lock);
	n = scnprintf(buf, sizeof(buf), "%lld\n", nc.budget);
	mutex_unlock(&nc.lock);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t nc_cut_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[32];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	s64 v;

	if (ret < 0)
		return ret;
	if (kstrtoll(buf, 0, &v) || v < -1)
		return -EINVAL;
	mutex_lock(&nc.lock);
	nc.budget = v;
	mutex_unlock(&nc.lock);
	return len;
}

static ssize_t nc_power_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[8];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);

	if (ret < 0)
		return ret;
	if (strcmp(buf, "1"))
		return -EINVAL;
	mutex_lock(&nc.lock);
	nc.dead = false;
	nc.budget = -1;
	nc.power_cycles++;
	mutex_unlock(&nc.lock);
	return len;
}

static ssize_t nc_counters_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[256];
	int n;

	mutex_lock(&nc.lock);
	n = scnprintf(buf, sizeof(buf),
		      "pages_programmed %llu\nblocks_erased %llu\npages_read %llu\nio_errors %llu\ncuts %llu\npower_cycles %llu\nout_of_order %llu\n",
		      nc.programs, nc.erases, nc.reads, nc.eio, nc.cuts, nc.power_cycles,
		      nc.out_of_order);
	mutex_unlock(&nc.lock);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t nc_counters_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	mutex_lock(&nc.lock);
	nc.programs = 0;
	nc.erases = 0;
	nc.reads = 0;
	nc.eio = 0;
	nc.cuts = 0;
	nc.power_cycles = 0;
	nc.out_of_order = 0;
	mutex_unlock(&nc.lock);
	return len;
}

static ssize_t nc_state_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[320];
	u64 dirty = 0;
	int n;

	mutex_lock(&nc.lock);
	if (nc.dirty)
		dirty = bitmap_weight(nc.dirty, div_u64(nc.snap_len, nc.es));
	n = scnprintf(buf, sizeof(buf),
		      "dead %d\ncut_after %lld\nchip %s\nlast_cut %s\nsnapshot 0x%llx 0x%llx dirty %llu\n",
		      nc.dead, nc.budget, nc.master->name, nc.last_cut[0] ? nc.last_cut : "none",
		      nc.snap_ofs, nc.snap_len, dirty);
	mutex_unlock(&nc.lock);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t nc_snap_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[64];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	unsigned long long o, l;

	if (ret < 0)
		return ret;
	mutex_lock(&nc.lock);
	if (!strcmp(buf, "clear")) {
		nc_snap_free();
		ret = 0;
	} else if (sscanf(buf, "%lli %lli", &o, &l) == 2) {
		ret = nc_snap_take(o, l);
	} else {
		ret = -EINVAL;
	}
	mutex_unlock(&nc.lock);
	return ret ? ret : len;
}

static ssize_t nc_restore_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[8];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);

	if (ret < 0)
		return ret;
	if (strcmp(buf, "1"))
		return -EINVAL;
	mutex_lock(&nc.lock);
	ret = nc_snap_restore();
	mutex_unlock(&nc.lock);
	return ret ? ret : len;
}

static ssize_t nc_raw_file_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	u32 psz = nc.ws + nc.oobsz, in;
	u64 page, npages = div_u64(nc.master->size, nc.ws);
	size_t done = 0;
	u8 *buf;
	int ret = 0;

	if (*pos < 0)
		return -EINVAL;
	buf = kmalloc(psz, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < len) {
		size_t n;

		page = div_u64_rem(*pos, psz, &in);
		if (page >= npages)
			break;
		mutex_lock(&nc.lock);
		ret = nc_raw_read(page * nc.ws, buf);
		mutex_unlock(&nc.lock);
		if (ret)
			break;
		n = min_t(size_t, len - done, psz - in);
		if (copy_to_user(ubuf + done, buf + in, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
		*pos += n;
		if (fatal_signal_pending(current))
			break;
	}
	kfree(buf);
	return done ? done : ret;
}

static ssize_t nc_delay_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[16];
	int n = scnprintf(buf, sizeof(buf), "%u\n", READ_ONCE(nc.delay_us));

	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t nc_delay_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[16];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	u32 v;

	if (ret < 0)
		return ret;
	if (kstrtou32(buf, 0, &v) || v > NC_MAX_DELAY_US)
		return -EINVAL;
	WRITE_ONCE(nc.delay_us, v);
	return len;
}

/* the MTD index of partition @name of the chip, or -ENOENT */
static int nc_part_index(const char *name)
{
	struct mtd_info *child;
	int index = -ENOENT;

	mutex_lock(&nc.master->master.partitions_lock);
	list_for_each_entry(child, &nc.master->partitions, part.node) {
		if (!strcmp(child->name, name)) {
			index = child->index;
			break;
		}
	}
	mutex_unlock(&nc.master->master.partitions_lock);
	return index;
}

static ssize_t nc_remove_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[64];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	int index;

	if (ret < 0)
		return ret;
	index = nc_part_index(buf);
	if (index < 0)
		return index;
	/* by index: -EINVAL if it went in between */
	ret = mtd_del_partition(nc.master, index);
	if (!ret)
		pr_info("mtkbm_nandcut: partition %s (mtd%d) removed\n", buf, index);
	return ret ? ret : len;
}

static ssize_t nc_add_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[96], name[64];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	unsigned long long o, l;

	if (ret < 0)
		return ret;
	if (sscanf(buf, "%63s %lli %lli", name, &o, &l) != 3 || !l ||
	    o >= nc.master->size || l > nc.master->size - o)
		return -EINVAL;
	if (nc_part_index(name) >= 0)
		return -EEXIST;
	ret = mtd_add_partition(nc.master, name, o, l);
	if (!ret)
		pr_info("mtkbm_nandcut: partition %s 0x%llx+0x%llx added\n", name, o, l);
	return ret ? ret : len;
}

static const struct file_operations nc_delay_fops = {
	.owner = THIS_MODULE, .read = nc_delay_read, .write = nc_delay_write,
	.llseek = default_llseek,
};

static const struct file_operations nc_remove_fops = {
	.owner = THIS_MODULE, .write = nc_remove_write, .llseek = default_llseek,
};

static const struct file_operations nc_add_fops = {
	.owner = THIS_MODULE, .write = nc_add_write, .llseek = default_llseek,
};

static const struct file_operations nc_raw_fops = {
	.owner = THIS_MODULE, .read = nc_raw_file_read, .llseek = default_llseek,
};

static const struct file_operations nc_cut_fops = {
	.owner = THIS_MODULE, .read = nc_cut_read, .write = nc_cut_write,
	.llseek = default_llseek,
};

static const struct file_operations nc_power_fops = {
	.owner = THIS_MODULE, .write = nc_power_write, .llseek = default_llseek,
};

static const struct file_operations nc_counters_fops = {
	.owner = THIS_MODULE, .read = nc_counters_read, .write = nc_counters_write,
	.llseek = default_llseek,
};

static const struct file_operations nc_state_fops = {
	.owner = THIS_MODULE, .read = nc_state_read, .llseek = default_llseek,
};

static const struct file_operations nc_snap_fops = {
	.owner = THIS_MODULE, .write = nc_snap_write, .llseek = default_llseek,
};

static const struct file_operations nc_restore_fops = {
	.owner = THIS_MODULE, .write = nc_restore_write, .llseek = default_llseek,
};

/*
 * The master of the first matching NAND MTD. Its driver module is pinned
 * (the master lives as long as that module); the MTD reference taken to
 * find it is dropped, so that every partition can be removed.
 */
static struct mtd_info *nc_find_chip(void)
{
	int i;

	for (i = 0; i < NC_MAX_MTD; i++) {
		struct mtd_info *mtd = get_mtd_device(NULL, i);
		struct mtd_info *m;

		if (IS_ERR(mtd))
			continue;
		m = mtd_get_master(mtd);
		if (m->type == MTD_NANDFLASH && (!*chip || !strcmp(m->name, chip))) {
			__module_get(m->owner);	/* live: the reference holds it */
			put_mtd_device(mtd);
			return m;
		}
		put_mtd_device(mtd);
	}
	return NULL;
}

static int __init nc_init(void)
{
	struct mtd_info *m;

	mutex_init(&nc.lock);
	nc.budget = -1;
	m = nc_find_chip();
	if (!m) {
		pr_err("mtkbm_nandcut: no NAND chip%s%s\n", *chip ? " named " : "", chip);
		return -ENODEV;
	}
	if (!m->_erase || !m->_read_oob || !m->_write_oob || !m->_block_markbad ||
	    !m->writesize || m->erasesize % m->writesize) {
		module_put(m->owner);
		return -EOPNOTSUPP;
	}
	nc.master = m;
	nc.ws = m->writesize;
	nc.es = m->erasesize;
	nc.oobsz = m->oobsize;
	nc.ppb = m->erasesize / m->writesize;
	/* every block erased or not: the first program of a block counts as in order */
	nc.next_page = kvcalloc(div_u64(m->size, nc.es), sizeof(*nc.next_page), GFP_KERNEL);
	if (!nc.next_page) {
		module_put(m->owner);
		return -ENOMEM;
	}
	nc.dir = debugfs_create_dir("mtkbm_nandcut", NULL);
	debugfs_create_file("cut_after", 0600, nc.dir, NULL, &nc_cut_fops);
	debugfs_create_file("power_cycle", 0200, nc.dir, NULL, &nc_power_fops);
	debugfs_create_file("counters", 0600, nc.dir, NULL, &nc_counters_fops);
	debugfs_create_file("state", 0400, nc.dir, NULL, &nc_state_fops);
	debugfs_create_file("snapshot", 0200, nc.dir, NULL, &nc_snap_fops);
	debugfs_create_file("restore", 0200, nc.dir, NULL, &nc_restore_fops);
	debugfs_create_file("delay_us", 0600, nc.dir, NULL, &nc_delay_fops);
	debugfs_create_file("remove", 0200, nc.dir, NULL, &nc_remove_fops);
	debugfs_create_file("add", 0200, nc.dir, NULL, &nc_add_fops);
	debugfs_create_file_size("raw", 0400, nc.dir, NULL, &nc_raw_fops,
				 div_u64(m->size, nc.ws) * (nc.ws + nc.oobsz));

	/* the shim: new callers see it from now on */
	mutex_lock(&nc.lock);
	nc.erase = m->_erase;
	nc.read_oob = m->_read_oob;
	nc.write_oob = m->_write_oob;
	nc.markbad = m->_block_markbad;
	WRITE_ONCE(m->_erase, nc_erase);
	WRITE_ONCE(m->_read_oob, nc_read_oob);
	WRITE_ONCE(m->_write_oob, nc_write_oob);
	WRITE_ONCE(m->_block_markbad, nc_markbad);
	mutex_unlock(&nc.lock);
	pr_info("mtkbm_nandcut: shim on %s (%u-byte pages, %u-byte blocks)\n",
		m->name, nc.ws, nc.es);
	return 0;
}

static void __exit nc_exit(void)
{
	struct mtd_info *m = nc.master;

	/*
	 * Test-only: a caller that loaded a shim pointer just before this and
	 * has not entered it yet is not waited for; tests unload it idle.
	 */
	mutex_lock(&nc.lock);
	WRITE_ONCE(m->_erase, nc.erase);
	WRITE_ONCE(m->_read_oob, nc.read_oob);
	WRITE_ONCE(m->_write_oob, nc.write_oob);
	WRITE_ONCE(m->_block_markbad, nc.markbad);
	nc_snap_free();
	mutex_unlock(&nc.lock);
	debugfs_remove_recursive(nc.dir);
	kvfree(nc.next_page);
	module_put(m->owner);
}

module_init(nc_init);
module_exit(nc_exit);
MODULE_DESCRIPTION("mtk-bootmedia test bed: power cuts on a simulated NAND chip");
MODULE_LICENSE("GPL");
