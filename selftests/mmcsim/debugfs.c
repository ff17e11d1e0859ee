// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim debugfs interface: card contents, power cycle, fault injection
 * (the fail_* files are debugfs_fail.c's), counters and a command trace,
 * under <debugfs>/mmcsim/.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mmc/mmc.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mmcsim.h"

static struct mmcsim *mmcsim_dbg;	/* the one simulated card */

const char *const mmcsim_area_names[MMCSIM_NR_AREAS] = {
	[MMCSIM_USER] = "user",
	[MMCSIM_BOOT0] = "boot0",
	[MMCSIM_BOOT1] = "boot1",
};

/* --- card contents: user, boot0, boot1 (raw, bypass protection) --- */

static ssize_t mmcsim_area_fread(struct file *file, char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	struct mmcsim_area *a = file->private_data;
	struct mmcsim *sim = mmcsim_dbg;
	size_t done = 0;
	void *buf;
	int ret = 0;

	if (*ppos < 0)
		return -EINVAL;
	if (*ppos >= a->size)
		return 0;
	count = min_t(u64, count, a->size - *ppos);
	buf = kmalloc(MMCSIM_CHUNK_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < count) {
		u64 pos = *ppos + done;
		size_t n = min_t(size_t, count - done,
				 MMCSIM_CHUNK_SIZE - (pos & (MMCSIM_CHUNK_SIZE - 1)));

		mutex_lock(&sim->lock);
		ret = mmcsim_area_read(sim, a, pos, buf, n);
		mutex_unlock(&sim->lock);
		if (ret)
			break;
		if (copy_to_user(ubuf + done, buf, n)) {
			ret = -EFAULT;
			break;
		}
		done += n;
	}
	kfree(buf);
	if (!done)
		return ret;
	*ppos += done;
	return done;
}

static ssize_t mmcsim_area_fwrite(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct mmcsim_area *a = file->private_data;
	struct mmcsim *sim = mmcsim_dbg;
	size_t done = 0;
	void *buf;
	int ret = 0;

	if (*ppos < 0)
		return -EINVAL;
	if (*ppos >= a->size)
		return count ? -ENOSPC : 0;
	count = min_t(u64, count, a->size - *ppos);
	buf = kmalloc(MMCSIM_CHUNK_SIZE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	while (done < count) {
		u64 pos = *ppos + done;
		size_t n = min_t(size_t, count - done,
				 MMCSIM_CHUNK_SIZE - (pos & (MMCSIM_CHUNK_SIZE - 1)));

		if (copy_from_user(buf, ubuf + done, n)) {
			ret = -EFAULT;
			break;
		}
		mutex_lock(&sim->lock);
		ret = mmcsim_area_write(sim, a, pos, buf, n);
		mutex_unlock(&sim->lock);
		if (ret)
			break;
		done += n;
	}
	kfree(buf);
	if (!done)
		return ret;
	*ppos += done;
	return done;
}

static loff_t mmcsim_area_llseek(struct file *file, loff_t off, int whence)
{
	struct mmcsim_area *a = file->private_data;

	return fixed_size_llseek(file, off, whence, a->size);
}

static const struct file_operations mmcsim_area_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = mmcsim_area_fread,
	.write = mmcsim_area_fwrite,
	.llseek = mmcsim_area_llseek,
};

/* --- ext_csd: what CMD8 returns; writes replace non-geometry bytes --- */

static ssize_t mmcsim_ext_csd_read(struct file *file, char __user *ubuf,
				   size_t count, loff_t *ppos)
{
	struct mmcsim *sim = mmcsim_dbg;
	u8 buf[MMCSIM_EXT_CSD_SIZE];

	mutex_lock(&sim->lock);
	memcpy(buf, sim->ext_csd, sizeof(buf));
	mutex_unlock(&sim->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, sizeof(buf));
}

static ssize_t mmcsim_ext_csd_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct mmcsim *sim = mmcsim_dbg;
	u8 buf[MMCSIM_EXT_CSD_SIZE];
	loff_t pos = *ppos;
	ssize_t ret;

	if (pos < 0 || pos >= sizeof(buf))
		return count ? -ENOSPC : 0;
	mutex_lock(&sim->lock);
	memcpy(buf, sim->ext_csd, sizeof(buf));
	ret = simple_write_to_buffer(buf, sizeof(buf), ppos, ubuf, count);
	if (ret > 0) {
		memcpy(sim->ext_csd, buf, sizeof(buf));
		mmcsim_card_fixup_ext_csd(sim);
	}
	mutex_unlock(&sim->lock);
	return ret;
}

static const struct file_operations mmcsim_ext_csd_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = mmcsim_ext_csd_read,
	.write = mmcsim_ext_csd_write,
	.llseek = default_llseek,
};

/* --- power_cycle --- */

static ssize_t mmcsim_power_cycle_write(struct file *file,
					const char __user *ubuf, size_t count,
					loff_t *ppos)
{
	bool val;
	int ret;

	ret = kstrtobool_from_user(ubuf, count, &val);
	if (ret)
		return ret;
	if (!val)
		return count;
	ret = mmcsim_power_cycle(mmcsim_dbg);
	return ret ? ret : count;
}

static const struct file_operations mmcsim_power_cycle_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = mmcsim_power_cycle_write,
	.llseek = noop_llseek,
};

/* --- cut_after: power cut after N more sectors are programmed --- */

static ssize_t mmcsim_cut_after_read(struct file *file, char __user *ubuf,
				     size_t count, loff_t *ppos)
{
	struct mmcsim *sim = file->private_data;
	char buf[24];
	int len;

	mutex_lock(&sim->lock);
	len = scnprintf(buf, sizeof(buf), "%lld\n", sim->cut_after);
	mutex_unlock(&sim->lock);
	return simple_read_from_buffer(ubuf, count, ppos, buf, len);
}

static ssize_t mmcsim_cut_after_write(struct file *file,
				      const char __user *ubuf, size_t count,
				      loff_t *ppos)
{
	struct mmcsim *sim = file->private_data;
	s64 val;
	int ret;

	ret = kstrtos64_from_user(ubuf, count, 0, &val);
	if (ret)
		return ret;
	mutex_lock(&sim->lock);
	sim->cut_after = val < 0 ? -1 : val;
	mutex_unlock(&sim->lock);
	return count;
}

static const struct file_operations mmcsim_cut_after_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.read = mmcsim_cut_after_read,
	.write = mmcsim_cut_after_write,
	.llseek = default_llseek,
};

/* --- counters (write anything to reset) --- */

static int mmcsim_counters_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	struct mmcsim_counters *c = &sim->cnt;
	int i;

	mutex_lock(&sim->lock);
	seq_printf(m, "commands %llu\n", c->commands);
	seq_printf(m, "cmd6_writes %llu\n", c->cmd6_writes);
	seq_printf(m, "part_switches %llu\n", c->part_switches);
	seq_printf(m, "sectors_read %llu\n", c->sectors_read);
	seq_printf(m, "sectors_written %llu\n", c->sectors_written);
	seq_printf(m, "rel_sectors_written %llu\n", c->rel_sectors_written);
	seq_printf(m, "erases %llu\n", c->erases);
	seq_printf(m, "sectors_erased %llu\n", c->sectors_erased);
	seq_printf(m, "wp_violations %llu\n", c->wp_violations);
	seq_printf(m, "illegal %llu\n", c->illegal);
	seq_printf(m, "errors_injected %llu\n", c->errors_injected);
	seq_printf(m, "reads_corrupted %llu\n", c->reads_corrupted);
	seq_printf(m, "power_cycles %llu\n", c->power_cycles);
	seq_printf(m, "mem_chunks %llu\n", sim->chunks_used);
	for (i = 0; i < ARRAY_SIZE(c->per_opcode); i++)
		if (c->per_opcode[i])
			seq_printf(m, "cmd%d %llu\n", i, c->per_opcode[i]);
	mutex_unlock(&sim->lock);
	return 0;
}

static int mmcsim_counters_open(struct inode *inode, struct file *file)
{
	return single_open(file, mmcsim_counters_show, inode->i_private);
}

static ssize_t mmcsim_counters_write(struct file *file,
				     const char __user *ubuf, size_t count,
				     loff_t *ppos)
{
	struct mmcsim *sim = ((struct seq_file *)file->private_data)->private;

	mutex_lock(&sim->lock);
	memset(&sim->cnt, 0, sizeof(sim->cnt));
	mutex_unlock(&sim->lock);
	return count;
}

static const struct file_operations mmcsim_counters_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_counters_open,
	.read = seq_read,
	.write = mmcsim_counters_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* --- trace: the last MMCSIM_TRACE_LEN commands (write to clear) --- */

static int mmcsim_trace_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	u64 seq, first;

	mutex_lock(&sim->lock);
	first = sim->trace_seq > MMCSIM_TRACE_LEN ?
		sim->trace_seq - MMCSIM_TRACE_LEN : 0;
	for (seq = first; seq < sim->trace_seq; seq++) {
		struct mmcsim_trace *t = &sim->trace[seq % MMCSIM_TRACE_LEN];

		seq_printf(m, "%llu CMD%u arg=0x%08x resp=0x%08x err=%d state=%u\n",
			   t->seq, t->opcode, t->arg, t->resp, t->err,
			   t->state);
	}
	mutex_unlock(&sim->lock);
	return 0;
}

static int mmcsim_trace_open(struct inode *inode, struct file *file)
{
	return single_open_size(file, mmcsim_trace_show, inode->i_private,
				MMCSIM_TRACE_LEN * 80);
}

static ssize_t mmcsim_trace_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	struct mmcsim *sim = ((struct seq_file *)file->private_data)->private;

	mutex_lock(&sim->lock);
	sim->trace_seq = 0;
	mutex_unlock(&sim->lock);
	return count;
}

static const struct file_operations mmcsim_trace_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_trace_open,
	.read = seq_read,
	.write = mmcsim_trace_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* --- map: allocated ranges ("AREA OFFSET LENGTH", bytes) --- */

static int mmcsim_map_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	int i;

	mutex_lock(&sim->lock);
	for (i = 0; i < MMCSIM_NR_AREAS; i++) {
		unsigned long idx, start = 0, next = 0;
		bool open = false;
		void *chunk;

		xa_for_each(&sim->area[i].chunks, idx, chunk) {
			if (open && idx == next) {
				next++;
				continue;
			}
			if (open)
				seq_printf(m, "%s %llu %llu\n",
					   mmcsim_area_names[i],
					   (u64)start << MMCSIM_CHUNK_SHIFT,
					   (u64)(next - start) << MMCSIM_CHUNK_SHIFT);
			start = idx;
			next = idx + 1;
			open = true;
		}
		if (open)
			seq_printf(m, "%s %llu %llu\n", mmcsim_area_names[i],
				   (u64)start << MMCSIM_CHUNK_SHIFT,
				   (u64)(next - start) << MMCSIM_CHUNK_SHIFT);
	}
	mutex_unlock(&sim->lock);
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(mmcsim_map);

/*
 * --- touched: what the card changed since the last clear ("AREA OFFSET
 * LENGTH", bytes; "overflow" when there were too many runs to keep);
 * write anything to clear ---
 */

static int mmcsim_touched_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	unsigned int i;

	mutex_lock(&sim->lock);
	for (i = 0; i < sim->ntouched; i++)
		seq_printf(m, "%s %llu %llu\n", mmcsim_area_names[sim->touched[i].area],
			   sim->touched[i].first << MMCSIM_SECTOR_SHIFT,
			   (sim->touched[i].end - sim->touched[i].first) << MMCSIM_SECTOR_SHIFT);
	if (sim->touched_overflow)
		seq_puts(m, "overflow\n");
	mutex_unlock(&sim->lock);
	return 0;
}

static int mmcsim_touched_open(struct inode *inode, struct file *file)
{
	return single_open(file, mmcsim_touched_show, inode->i_private);
}

static ssize_t mmcsim_touched_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct mmcsim *sim = ((struct seq_file *)file->private_data)->private;

	mutex_lock(&sim->lock);
	sim->ntouched = 0;
	sim->touched_overflow = false;
	mutex_unlock(&sim->lock);
	return count;
}

static const struct file_operations mmcsim_touched_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_touched_open,
	.read = seq_read,
	.write = mmcsim_touched_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* --- state: a summary of the card model --- */

static int mmcsim_state_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	const u8 *e = sim->ext_csd;

	mutex_lock(&sim->lock);
	seq_printf(m, "present %d\npowered %d\ndead %d\nstate %u\nrca %u\n",
		   sim->present, sim->powered, sim->dead, sim->state, sim->rca);
	seq_printf(m, "part_config 0x%02x\nboot_wp 0x%02x\nboot_wp_status 0x%02x\n",
		   e[EXT_CSD_PART_CONFIG], e[EXT_CSD_BOOT_WP], e[174]);
	seq_printf(m, "user_size %llu\nboot_size %llu\n",
		   sim->area[MMCSIM_USER].size, sim->area[MMCSIM_BOOT0].size);
	seq_printf(m, "cut_after %lld\n", sim->cut_after);
	mutex_unlock(&sim->lock);
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(mmcsim_state);

void mmcsim_debugfs_init(struct mmcsim *sim)
{
	struct dentry *d;
	int i;

	mmcsim_dbg = sim;
	d = debugfs_create_dir("mmcsim", NULL);
	sim->dbg = d;
	for (i = 0; i < MMCSIM_NR_AREAS; i++)
		debugfs_create_file_size(mmcsim_area_names[i], 0600, d,
					 &sim->area[i], &mmcsim_area_fops,
					 sim->area[i].size);
	debugfs_create_file_size("ext_csd", 0600, d, sim, &mmcsim_ext_csd_fops,
				 MMCSIM_EXT_CSD_SIZE);
	debugfs_create_file("power_cycle", 0200, d, sim,
			    &mmcsim_power_cycle_fops);
	debugfs_create_file("cut_after", 0600, d, sim, &mmcsim_cut_after_fops);
	debugfs_create_file("fail_next", 0600, d, sim, &mmcsim_fail_fops);
	debugfs_create_file("fail_always", 0600, d, sim, &mmcsim_fail_always_fops);
	debugfs_create_file("corrupt_read", 0600, d, sim, &mmcsim_corrupt_fops);
	debugfs_create_file("counters", 0600, d, sim, &mmcsim_counters_fops);
	debugfs_create_file("trace", 0600, d, sim, &mmcsim_trace_fops);
	debugfs_create_file("map", 0400, d, sim, &mmcsim_map_fops);
	debugfs_create_file("touched", 0600, d, sim, &mmcsim_touched_fops);
	debugfs_create_file("state", 0400, d, sim, &mmcsim_state_fops);
}

void mmcsim_debugfs_exit(struct mmcsim *sim)
{
	debugfs_remove_recursive(sim->dbg);
	sim->dbg = NULL;
}
