// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtkbm_nandcut: the debugfs files (nandcut_main.c describes them).
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
		      "dead %d\ncut_after %lld\nchip %s\nlast_cut %s\nsnapshot 0x%llx 0x%llx dirty %llu\nremove_refs %d\n",
		      nc.dead, nc.budget, nc.master->name, nc.last_cut[0] ? nc.last_cut : "none",
		      nc.snap_ofs, nc.snap_len, dirty, READ_ONCE(nc.remove_refs));
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

static ssize_t nc_flip_read(struct file *f, char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[32];
	int n;

	mutex_lock(&nc.lock);
	n = nc.flip < 0 ? scnprintf(buf, sizeof(buf), "off\n") :
			  scnprintf(buf, sizeof(buf), "0x%llx\n", (unsigned long long)nc.flip);
	mutex_unlock(&nc.lock);
	return simple_read_from_buffer(ubuf, len, pos, buf, n);
}

static ssize_t nc_flip_write(struct file *f, const char __user *ubuf, size_t len, loff_t *pos)
{
	char buf[32];
	ssize_t ret = nc_copy_in(buf, sizeof(buf), ubuf, len);
	u64 v;

	if (ret < 0)
		return ret;
	if (!strcmp(buf, "off"))
		v = U64_MAX;
	else if (kstrtou64(buf, 0, &v) || v >= nc.master->size)
		return -EINVAL;
	mutex_lock(&nc.lock);
	nc.flip = v == U64_MAX ? -1 : (s64)v;
	mutex_unlock(&nc.lock);
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
	if (ret)
		return ret;
	/*
	 * the MTD notifiers ran: whoever still holds a reference on the chip
	 * now holds one that outlived a device's removal (what a flash driver
	 * that unbinds frees); `state` shows the count for the test to compare
	 */
	WRITE_ONCE(nc.remove_refs, module_refcount(nc.master->owner));
	pr_info("mtkbm_nandcut: partition %s (mtd%d) removed, chip driver references %d\n",
		buf, index, READ_ONCE(nc.remove_refs));
	return len;
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

static const struct file_operations nc_flip_fops = {
	.owner = THIS_MODULE, .read = nc_flip_read, .write = nc_flip_write,
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

/* /sys/kernel/debug/mtkbm_nandcut/ of chip @m (nandcut_main.c) */
void nc_debugfs_init(struct mtd_info *m)
{
	nc.dir = debugfs_create_dir("mtkbm_nandcut", NULL);
	debugfs_create_file("cut_after", 0600, nc.dir, NULL, &nc_cut_fops);
	debugfs_create_file("power_cycle", 0200, nc.dir, NULL, &nc_power_fops);
	debugfs_create_file("counters", 0600, nc.dir, NULL, &nc_counters_fops);
	debugfs_create_file("state", 0400, nc.dir, NULL, &nc_state_fops);
	debugfs_create_file("snapshot", 0200, nc.dir, NULL, &nc_snap_fops);
	debugfs_create_file("restore", 0200, nc.dir, NULL, &nc_restore_fops);
	debugfs_create_file("delay_us", 0600, nc.dir, NULL, &nc_delay_fops);
	debugfs_create_file("flip_program", 0600, nc.dir, NULL, &nc_flip_fops);
	debugfs_create_file("remove", 0200, nc.dir, NULL, &nc_remove_fops);
	debugfs_create_file("add", 0200, nc.dir, NULL, &nc_add_fops);
	debugfs_create_file_size("raw", 0400, nc.dir, NULL, &nc_raw_fops,
				 div_u64(m->size, nc.ws) * (nc.ws + nc.oobsz));
}
