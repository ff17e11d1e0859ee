// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim debugfs fault injection: fail_next (the next matching command
 * fails) and fail_always (every matching command fails until "off" or a
 * power cycle), "[OPCODE|read|write|any] KIND"; corrupt_read (a byte that
 * reads back inverted, the stored data unchanged), "AREA OFFSET [N|always]"
 * (README).
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "mmcsim.h"

/* --- fail_next, fail_always: "[OPCODE] KIND" --- */

/* the opcode selector as fail_next takes it */
static const char *mmcsim_fail_opname(int opcode, char *buf, size_t len)
{
	switch (opcode) {
	case MMCSIM_FAIL_ANY:
		return "any";
	case MMCSIM_FAIL_READ:
		return "read";
	case MMCSIM_FAIL_WRITE:
		return "write";
	default:
		snprintf(buf, len, "%d", opcode);
		return buf;
	}
}

static int mmcsim_fail_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;
	char op[12];

	mutex_lock(&sim->lock);
	if (!sim->fail_armed)
		seq_puts(m, "off\n");
	else
		seq_printf(m, "opcode=%s cmd_err=%d data_err=%d r1=0x%08x%s\n",
			   mmcsim_fail_opname(sim->fail_opcode, op, sizeof(op)),
			   sim->fail_cmd_err,
			   sim->fail_data_err, sim->fail_r1,
			   sim->fail_sticky ? " always" : "");
	mutex_unlock(&sim->lock);
	return 0;
}

static int mmcsim_fail_open(struct inode *inode, struct file *file)
{
	return single_open(file, mmcsim_fail_show, inode->i_private);
}

static int mmcsim_fail_parse(char *s, int *opcode, int *cmd_err,
			     int *data_err, u32 *r1)
{
	char *kind = strsep(&s, " \t");
	int err;

	while (s && (*s == ' ' || *s == '\t'))
		s++;
	if (s && *s) {
		/* two words: the first one selects the opcode */
		if (!strcmp(kind, "read")) {
			*opcode = MMCSIM_FAIL_READ;
		} else if (!strcmp(kind, "write")) {
			*opcode = MMCSIM_FAIL_WRITE;
		} else if (strcmp(kind, "any")) {
			err = kstrtoint(kind, 10, opcode);
			if (err || *opcode < 0 || *opcode > 63)
				return -EINVAL;
		}
		kind = s;
	}
	if (!strcmp(kind, "timeout"))
		*cmd_err = -ETIMEDOUT;
	else if (!strcmp(kind, "crc"))
		*cmd_err = -EILSEQ;
	else if (!strcmp(kind, "data-timeout"))
		*data_err = -ETIMEDOUT;
	else if (!strcmp(kind, "data-crc"))
		*data_err = -EILSEQ;
	else if (!strncmp(kind, "r1=", 3))
		return kstrtou32(kind + 3, 0, r1) ?: (*r1 ? 0 : -EINVAL);
	else if (kstrtoint(kind, 0, cmd_err) || *cmd_err >= 0 ||
		 *cmd_err < -MAX_ERRNO)
		return -EINVAL;
	return 0;
}

/* arm a fault that fails the next matching command, or (@sticky) every one */
static ssize_t mmcsim_fail_arm(struct file *file, const char __user *ubuf,
			       size_t count, bool sticky)
{
	struct mmcsim *sim = ((struct seq_file *)file->private_data)->private;
	int opcode = MMCSIM_FAIL_ANY, cmd_err = 0, data_err = 0;
	char buf[48];
	u32 r1 = 0;
	char *s;
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	s = strim(buf);

	mutex_lock(&sim->lock);
	if (!strcmp(s, "off") || !*s) {
		sim->fail_armed = false;
		ret = 0;
	} else {
		ret = mmcsim_fail_parse(s, &opcode, &cmd_err, &data_err, &r1);
		if (!ret) {
			sim->fail_opcode = opcode;
			sim->fail_cmd_err = cmd_err;
			sim->fail_data_err = data_err;
			sim->fail_r1 = r1;
			sim->fail_sticky = sticky;
			sim->fail_armed = true;
		}
	}
	mutex_unlock(&sim->lock);
	return ret ? ret : count;
}

static ssize_t mmcsim_fail_write(struct file *file, const char __user *ubuf,
				 size_t count, loff_t *ppos)
{
	return mmcsim_fail_arm(file, ubuf, count, false);
}

static ssize_t mmcsim_fail_always_write(struct file *file, const char __user *ubuf,
					size_t count, loff_t *ppos)
{
	return mmcsim_fail_arm(file, ubuf, count, true);
}

const struct file_operations mmcsim_fail_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_fail_open,
	.read = seq_read,
	.write = mmcsim_fail_write,
	.llseek = seq_lseek,
	.release = single_release,
};

const struct file_operations mmcsim_fail_always_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_fail_open,
	.read = seq_read,
	.write = mmcsim_fail_always_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* --- corrupt_read: "AREA OFFSET [N|always]" --- */

static int mmcsim_corrupt_show(struct seq_file *m, void *v)
{
	struct mmcsim *sim = m->private;

	mutex_lock(&sim->lock);
	if (!sim->corrupt_left)
		seq_puts(m, "off\n");
	else if (sim->corrupt_left == MMCSIM_CORRUPT_ALWAYS)
		seq_printf(m, "%s %llu always\n", mmcsim_area_names[sim->corrupt_area],
			   sim->corrupt_off);
	else
		seq_printf(m, "%s %llu %d\n", mmcsim_area_names[sim->corrupt_area],
			   sim->corrupt_off, sim->corrupt_left);
	mutex_unlock(&sim->lock);
	return 0;
}

static int mmcsim_corrupt_open(struct inode *inode, struct file *file)
{
	return single_open(file, mmcsim_corrupt_show, inode->i_private);
}

/* "AREA OFFSET [N|always]" into @area, @off, @left (sim->lock held) */
static int mmcsim_corrupt_parse(struct mmcsim *sim, char *s, unsigned int *area,
				u64 *off, int *left)
{
	char *name = strsep(&s, " \t"), *num = strsep(&s, " \t");
	unsigned int i;

	*area = MMCSIM_NR_AREAS;
	for (i = 0; i < MMCSIM_NR_AREAS; i++)
		if (!strcmp(name, mmcsim_area_names[i]))
			*area = i;
	if (*area == MMCSIM_NR_AREAS || !num || kstrtou64(num, 0, off) ||
	    *off >= sim->area[*area].size)
		return -EINVAL;
	*left = 1;
	if (s && !strcmp(s, "always"))
		*left = MMCSIM_CORRUPT_ALWAYS;
	else if (s && (kstrtoint(s, 0, left) || *left <= 0))
		return -EINVAL;
	return 0;
}

static ssize_t mmcsim_corrupt_write(struct file *file, const char __user *ubuf,
				    size_t count, loff_t *ppos)
{
	struct mmcsim *sim = ((struct seq_file *)file->private_data)->private;
	unsigned int area;
	char buf[48], *s;
	int left, ret = 0;
	u64 off;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	s = strim(buf);

	mutex_lock(&sim->lock);
	if (!strcmp(s, "off")) {
		sim->corrupt_left = 0;
	} else {
		ret = mmcsim_corrupt_parse(sim, s, &area, &off, &left);
		if (!ret) {
			sim->corrupt_area = area;
			sim->corrupt_off = off;
			sim->corrupt_left = left;
		}
	}
	mutex_unlock(&sim->lock);
	return ret ? ret : count;
}

const struct file_operations mmcsim_corrupt_fops = {
	.owner = THIS_MODULE,
	.open = mmcsim_corrupt_open,
	.read = seq_read,
	.write = mmcsim_corrupt_write,
	.llseek = seq_lseek,
	.release = single_release,
};
