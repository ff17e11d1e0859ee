// SPDX-License-Identifier: GPL-2.0-only
/*
 * src_live.c - the live-device backend of the input layer, for the
 * helper's `doctor`: the same bm_read() calls the dump backend serves, mapped
 * onto the running system's devices.
 *
 *   BM_NAND          pread() of /dev/mtdN: the MTD partitions of the SPI-NAND
 *                    chip, concatenated by their sysfs offset from 0
 *   BM_NAND_OOB      MEMREADOOB64 on the same partitions (MTD_OPS_PLACE_OOB:
 *                    the spare bytes in place, bad-block marker included);
 *                    a block the kernel reports bad (MEMGETBADBLOCK, e.g.
 *                    from a BBT) reads with its marker byte 0x00
 *   BM_EMMC_BOOT0/1  /dev/<disk>boot0, /dev/<disk>boot1
 *   BM_EMMC_USER     /dev/<disk>
 *   BM_EMMC_EXT_CSD  the MMC core's debugfs file (<debugfs>/mmcX/mmcX:RCA/
 *                    ext_csd, 1024 hex digits), or a file given with
 *                    --ext-csd (512 raw bytes or the same hex text)
 *
 * Nothing is ever written: every device is opened O_RDONLY.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/fs.h>
#include <mtd/mtd-user.h>

#include "bm.h"

#define LIVE_MAX_PARTS	32

struct live_part {
	int fd;
	u64 off, size;		/* chip offset and length */
	char name[32];
	int num;
};

struct live {
	struct live_part part[LIVE_MAX_PARTS];
	unsigned int nparts;
	int fd[BM_NR_MEDIA];	/* eMMC media */
	u8 ext_csd[512];
};

static const char *sys_root(void)
{
	const char *r = getenv("MTKBM_SYSFS");

	return r && *r ? r : "/sys";
}

/* first line of a sysfs file, newline stripped; false when unreadable */
static bool sys_line(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	bool ok;

	if (!f)
		return false;
	ok = !!fgets(buf, (int)len, f);
	fclose(f);
	if (ok)
		buf[strcspn(buf, "\r\n")] = '\0';
	return ok;
}

static bool mtd_attr(int num, const char *attr, char *buf, size_t len)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/class/mtd/mtd%d/%s", sys_root(), num,
		 attr);
	return sys_line(path, buf, len);
}

static bool mtd_num_attr(int num, const char *attr, u64 *v)
{
	char buf[64], *end;

	if (!mtd_attr(num, attr, buf, sizeof(buf)))
		return false;
	errno = 0;
	*v = strtoull(buf, &end, 0);
	return !errno && end != buf;
}

static int pread_all(int fd, u8 *buf, size_t len, u64 off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
		off += (u64)n;
	}
	return 0;
}

static struct live_part *part_at(struct live *l, u64 off)
{
	unsigned int i;

	for (i = 0; i < l->nparts; i++)
		if (off >= l->part[i].off && off - l->part[i].off < l->part[i].size)
			return &l->part[i];
	return NULL;
}

static int nand_read(struct bm_src *s, struct live *l, u64 off, u8 *p,
		     size_t len)
{
	while (len) {
		struct live_part *pt = part_at(l, off);
		u64 in;
		size_t n;
		int ret;

		if (!pt)
			return -ERANGE;
		in = off - pt->off;
		n = len;
		if (n > pt->size - in)
			n = (size_t)(pt->size - in);
		ret = pread_all(pt->fd, p, n, in);
		/* an uncorrectable page reads as an error; the BootROM fails too */
		if (ret)
			return ret;
		p += n;
		off += n;
		len -= n;
	}
	(void)s;
	return 0;
}

static int oob_read(struct bm_src *s, struct live *l, u64 off, u8 *p,
		    size_t len)
{
	const struct bm_nand_geo *g = &s->nand;

	while (len) {
		u64 page = off / g->oob;
		u32 in = (u32)(off % g->oob);
		u64 chip = page * g->page;
		struct live_part *pt = part_at(l, chip);
		struct mtd_oob_buf64 ob;
		size_t n = g->oob - in;
		loff_t blk;
		int bad;

		if (!pt)
			return -ERANGE;
		if (n > len)
			n = len;
		memset(&ob, 0, sizeof(ob));
		ob.start = chip - pt->off + in;
		ob.length = (u32)n;
		ob.usr_ptr = (u64)(uintptr_t)p;
		if (ioctl(pt->fd, MEMREADOOB64, &ob) < 0 &&
		    errno != EUCLEAN && errno != EBADMSG)
			return -errno;
		/* a block the kernel holds bad (BBT) shows its marker */
		if (!in && !(chip % g->block)) {
			blk = (loff_t)(chip - pt->off);
			bad = ioctl(pt->fd, MEMGETBADBLOCK, &blk);
			if (bad > 0)
				p[0] = 0x00;
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int live_read(struct bm_src *s, enum bm_medium m, u64 off, void *buf,
		     size_t len)
{
	struct live *l = s->priv;

	switch (m) {
	case BM_NAND:
		return nand_read(s, l, off, buf, len);
	case BM_NAND_OOB:
		return oob_read(s, l, off, buf, len);
	case BM_EMMC_EXT_CSD:
		memcpy(buf, l->ext_csd + off, len);
		return 0;
	default:
		return pread_all(l->fd[m], buf, len, off);
	}
}

static void live_close(struct bm_src *s)
{
	struct live *l = s->priv;
	unsigned int i;

	if (!l)
		return;
	for (i = 0; i < l->nparts; i++)
		if (l->part[i].fd >= 0)
			close(l->part[i].fd);
	for (i = 0; i < BM_NR_MEDIA; i++)
		if (l->fd[i] >= 0)
			close(l->fd[i]);
	free(l);
	s->priv = NULL;
}

static const struct bm_src_ops live_ops = {
	.read = live_read,
	.close = live_close,
};

struct mtd_cand {
	int num;
	char name[32];
	u64 off, size, erasesize, writesize, oobsize;
};

static bool is_nand_type(const char *t)
{
	return !strcmp(t, "nand") || !strcmp(t, "mlc-nand");
}

/*
 * The SPI-NAND chip: the NAND MTD devices with the geometry of @want (a
 * partition name, or the first NAND device), chained from offset 0 by their
 * sysfs offset, the largest at each step (a master device covers all).
 */
static int open_nand(struct bm_src *s, struct live *l, const char *want,
		     char *err, size_t errlen)
{
	struct mtd_cand *c;
	unsigned int nc = 0, i, ref = UINT_MAX;
	char path[256], type[32];
	struct dirent *de;
	u64 cur = 0;
	DIR *d;

	snprintf(path, sizeof(path), "%s/class/mtd", sys_root());
	d = opendir(path);
	if (!d)
		return want ? mtk_fmt_fail(err, errlen, ENOENT,
					   "no MTD devices (%s)", path) : 0;
	c = calloc(256, sizeof(*c));
	if (!c) {
		closedir(d);
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	}
	while ((de = readdir(d)) && nc < 256) {
		struct mtd_cand *x = &c[nc];
		char *end;
		long num;

		if (strncmp(de->d_name, "mtd", 3) || !isdigit((unsigned char)de->d_name[3]))
			continue;
		num = strtol(de->d_name + 3, &end, 10);
		if (*end || num < 0 || num > 65535)
			continue;	/* mtdNro */
		x->num = (int)num;
		if (!mtd_attr(x->num, "type", type, sizeof(type)) ||
		    !is_nand_type(type) ||
		    !mtd_attr(x->num, "name", x->name, sizeof(x->name)) ||
		    !mtd_num_attr(x->num, "size", &x->size) ||
		    !mtd_num_attr(x->num, "erasesize", &x->erasesize) ||
		    !mtd_num_attr(x->num, "writesize", &x->writesize) ||
		    !mtd_num_attr(x->num, "oobsize", &x->oobsize))
			continue;
		if (!mtd_num_attr(x->num, "offset", &x->off))
			x->off = 0;
		if (!x->size || !x->writesize || x->erasesize % x->writesize)
			continue;
		if (want ? !strcmp(x->name, want) :
		    (ref == UINT_MAX || x->num < c[ref].num))
			ref = nc;
		nc++;
	}
	closedir(d);
	if (ref == UINT_MAX) {
		free(c);
		return want ? mtk_fmt_fail(err, errlen, ENOENT,
					   "no SPI-NAND MTD partition named %s",
					   want) : 0;
	}
	s->nand.page = (u32)c[ref].writesize;
	s->nand.oob = (u32)c[ref].oobsize;
	s->nand.block = (u32)c[ref].erasesize;
	for (;;) {
		unsigned int best = UINT_MAX;
		struct live_part *pt;

		for (i = 0; i < nc; i++) {
			if (c[i].off != cur || c[i].writesize != c[ref].writesize ||
			    c[i].oobsize != c[ref].oobsize ||
			    c[i].erasesize != c[ref].erasesize)
				continue;
			if (best == UINT_MAX || c[i].size > c[best].size)
				best = i;
		}
		if (best == UINT_MAX || l->nparts == LIVE_MAX_PARTS)
			break;
		pt = &l->part[l->nparts];
		snprintf(path, sizeof(path), "/dev/mtd%d", c[best].num);
		pt->fd = open(path, O_RDONLY);
		if (pt->fd < 0) {
			int e = errno;

			free(c);
			return mtk_fmt_fail(err, errlen, e, "%s: %s", path,
					    strerror(e));
		}
		pt->off = cur;
		pt->size = c[best].size;
		pt->num = c[best].num;
		snprintf(pt->name, sizeof(pt->name), "%s", c[best].name);
		l->nparts++;
		cur += c[best].size;
	}
	free(c);
	if (!cur || cur % s->nand.block)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "the SPI-NAND partitions do not cover the chip from offset 0 (%llu bytes found)",
				    (unsigned long long)cur);
	s->nand.size = cur;
	s->size[BM_NAND] = cur;
	s->size[BM_NAND_OOB] = cur / s->nand.page * s->nand.oob;
	return 0;
}

static int hexval(int ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = tolower(ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

/* 512 raw bytes, or 1024 hex digits (whitespace ignored) */
static int load_ext_csd(const char *path, u8 *out, char *err, size_t errlen)
{
	u8 raw[2100];
	size_t n, i, nd = 0;
	int fd = open(path, O_RDONLY);
	ssize_t r;

	if (fd < 0)
		return mtk_fmt_fail(err, errlen, errno, "%s: %s", path,
				    strerror(errno));
	n = 0;
	while (n < sizeof(raw) && (r = read(fd, raw + n, sizeof(raw) - n)) > 0)
		n += (size_t)r;
	close(fd);
	if (n == 512) {
		for (i = 0; i < 512 && (isxdigit(raw[i]) || isspace(raw[i])); i++)
			;
		if (i < 512) {
			memcpy(out, raw, 512);
			return 0;
		}
	}
	for (i = 0; i < n; i++) {
		int v = hexval(raw[i]);

		if (isspace(raw[i]))
			continue;
		if (v < 0 || nd >= 1024)
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "%s: not an EXT_CSD (512 bytes or 1024 hex digits)",
					    path);
		if (nd % 2)
			out[nd / 2] |= (u8)v;
		else
			out[nd / 2] = (u8)(v << 4);
		nd++;
	}
	if (nd != 1024)
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s: %zu hex digits, an EXT_CSD has 1024",
				    path, nd);
	return 0;
}

/* the first whole MMC disk whose card type is "MMC" */
static bool find_emmc(char *disk, size_t len)
{
	char path[256], type[16];
	struct dirent *de;
	bool found = false;
	int best = INT_MAX;
	DIR *d;

	snprintf(path, sizeof(path), "%s/class/block", sys_root());
	d = opendir(path);
	if (!d)
		return false;
	while ((de = readdir(d))) {
		char *end;
		long n;

		if (strncmp(de->d_name, "mmcblk", 6))
			continue;
		n = strtol(de->d_name + 6, &end, 10);
		if (end == de->d_name + 6 || *end || n >= best)
			continue;
		snprintf(path, sizeof(path), "%s/class/block/%.32s/device/type",
			 sys_root(), de->d_name);
		if (!sys_line(path, type, sizeof(type)) || strcmp(type, "MMC"))
			continue;
		best = (int)n;
		snprintf(disk, len, "%.32s", de->d_name);
		found = true;
	}
	closedir(d);
	return found;
}

/* <debugfs>/<host>/<card>/ext_csd of the card behind /sys/class/block/DISK */
static bool ext_csd_path(const char *disk, char *out, size_t len)
{
	char link[300], real[PATH_MAX], *card, *host;
	const char *dbg = getenv("MTKBM_DEBUGFS");

	snprintf(link, sizeof(link), "%s/class/block/%s/device", sys_root(),
		 disk);
	if (!realpath(link, real))
		return false;
	card = strrchr(real, '/');
	if (!card)
		return false;
	*card++ = '\0';
	host = strrchr(real, '/');
	if (!host)
		return false;
	host++;
	snprintf(out, len, "%s/%s/%s/ext_csd", dbg && *dbg ? dbg :
		 "/sys/kernel/debug", host, card);
	return access(out, R_OK) == 0;
}

static int open_blk(struct bm_src *s, struct live *l, enum bm_medium m,
		    const char *dev, bool required, char *err, size_t errlen)
{
	u64 size = 0;
	int fd = open(dev, O_RDONLY);

	if (fd < 0) {
		if (!required && errno == ENOENT)
			return 0;
		return mtk_fmt_fail(err, errlen, errno, "%s: %s", dev,
				    strerror(errno));
	}
	if (ioctl(fd, BLKGETSIZE64, &size) < 0 || !size) {
		close(fd);
		return mtk_fmt_fail(err, errlen, EIO, "%s: cannot tell its size",
				    dev);
	}
	l->fd[m] = fd;
	s->size[m] = size;
	return 0;
}

static int open_emmc(struct bm_src *s, struct live *l, const char *want,
		     const char *ext_csd, char *err, size_t errlen)
{
	char disk[64], dev[96], path[600];
	int ret;

	if (want && *want)
		snprintf(disk, sizeof(disk), "%s", want);
	else if (!find_emmc(disk, sizeof(disk)))
		return 0;
	snprintf(dev, sizeof(dev), "/dev/%s", disk);
	ret = open_blk(s, l, BM_EMMC_USER, dev, true, err, errlen);
	if (ret)
		return ret;
	snprintf(dev, sizeof(dev), "/dev/%sboot0", disk);
	ret = open_blk(s, l, BM_EMMC_BOOT0, dev, false, err, errlen);
	if (ret)
		return ret;
	snprintf(dev, sizeof(dev), "/dev/%sboot1", disk);
	ret = open_blk(s, l, BM_EMMC_BOOT1, dev, false, err, errlen);
	if (ret)
		return ret;
	if (!ext_csd) {
		if (!ext_csd_path(disk, path, sizeof(path)))
			return mtk_fmt_fail(err, errlen, ENOENT,
					    "cannot read the EXT_CSD of %s: no MMC debugfs ext_csd (mount -t debugfs none /sys/kernel/debug, CONFIG_DEBUG_FS) and no --ext-csd FILE",
					    disk);
		ext_csd = path;
	}
	ret = load_ext_csd(ext_csd, l->ext_csd, err, errlen);
	if (ret)
		return ret;
	s->size[BM_EMMC_EXT_CSD] = 512;
	return 0;
}

int bm_live_open(const struct bm_live_opts *o, struct bm_src *s, char *err,
		 size_t errlen)
{
	struct live *l;
	int ret, i;

	memset(s, 0, sizeof(*s));
	l = calloc(1, sizeof(*l));
	if (!l)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	for (i = 0; i < BM_NR_MEDIA; i++)
		l->fd[i] = -1;
	s->ops = &live_ops;
	s->priv = l;
	snprintf(s->dir, sizeof(s->dir), "live devices");
	if (!o->no_nand) {
		ret = open_nand(s, l, o->nand_mtd, err, errlen);
		if (ret)
			goto fail;
	}
	if (!o->no_emmc) {
		ret = open_emmc(s, l, o->emmc_disk, o->ext_csd, err, errlen);
		if (ret)
			goto fail;
	}
	if (!s->size[BM_NAND] && !s->size[BM_EMMC_USER]) {
		ret = mtk_fmt_fail(err, errlen, ENOENT,
				   "no SPI-NAND MTD device and no eMMC found");
		goto fail;
	}
	if (l->nparts) {
		char *p = s->dir;
		size_t left = sizeof(s->dir);
		unsigned int k;
		int n;

		n = snprintf(p, left, "live: SPI-NAND");
		for (k = 0; k < l->nparts && n > 0 && (size_t)n < left; k++) {
			p += n;
			left -= (size_t)n;
			n = snprintf(p, left, " mtd%d(%s)", l->part[k].num,
				     l->part[k].name);
		}
		if (s->size[BM_EMMC_USER] && n > 0 && (size_t)n < left)
			snprintf(p + n, left - (size_t)n, ", eMMC");
	} else {
		snprintf(s->dir, sizeof(s->dir), "live: eMMC");
	}
	return 0;
fail:
	live_close(s);
	return ret;
}
