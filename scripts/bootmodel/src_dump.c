// SPDX-License-Identifier: GPL-2.0-only
/*
 * src_dump.c - the dump-directory backend of the input layer (format in
 * README.md): nand.bin holds every page followed by its spare bytes.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bm.h"

struct dump {
	int fd[BM_NR_MEDIA];	/* BM_NAND_OOB shares the fd of BM_NAND */
};

static const char *const dump_files[BM_NR_MEDIA] = {
	[BM_NAND] = "nand.bin",
	[BM_EMMC_BOOT0] = "emmc-boot0.bin",
	[BM_EMMC_BOOT1] = "emmc-boot1.bin",
	[BM_EMMC_USER] = "emmc-user.bin",
	[BM_EMMC_EXT_CSD] = "emmc-ext_csd.bin",
};

static int pread_all(int fd, u8 *buf, size_t len, u64 off)
{
	while (len) {
		ssize_t n = pread(fd, buf, len, (off_t)off);

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

static int dump_read(struct bm_src *s, enum bm_medium m, u64 off, void *buf,
		     size_t len)
{
	struct dump *d = s->priv;
	const struct bm_nand_geo *g = &s->nand;
	u64 stride = (u64)g->page + g->oob;
	u8 *p = buf;
	int ret;

	if (m != BM_NAND && m != BM_NAND_OOB)
		return pread_all(d->fd[m], p, len, off);

	while (len) {
		u32 unit = m == BM_NAND ? g->page : g->oob;
		u64 page = off / unit;
		u32 in = (u32)(off % unit);
		size_t n = unit - in;

		if (n > len)
			n = len;
		ret = pread_all(d->fd[BM_NAND], p, n,
				page * stride + (m == BM_NAND ? 0 : g->page) + in);
		if (ret)
			return ret;
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static void dump_close(struct bm_src *s)
{
	struct dump *d = s->priv;
	int i;

	if (!d)
		return;
	for (i = 0; i < BM_NR_MEDIA; i++)
		if (d->fd[i] >= 0)
			close(d->fd[i]);
	free(d);
	s->priv = NULL;
}

static const struct bm_src_ops dump_ops = {
	.read = dump_read,
	.close = dump_close,
};

/* first line of DIR/NAME into buf ("" when absent) */
static void read_line(const char *dir, const char *name, char *buf, size_t len)
{
	char path[600];
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	fclose(f);
}

int bm_dump_open(const char *dir, struct bm_src *s, char *err, size_t errlen)
{
	struct bm_nand_geo *g = &s->nand;
	long long v[4];
	struct dump *d;
	char line[256];
	int i;

	memset(s, 0, sizeof(*s));
	d = calloc(1, sizeof(*d));
	if (!d)
		return mtk_fmt_fail(err, errlen, ENOMEM, "out of memory");
	for (i = 0; i < BM_NR_MEDIA; i++)
		d->fd[i] = -1;
	s->ops = &dump_ops;
	s->priv = d;
	snprintf(s->dir, sizeof(s->dir), "%s", dir);
	read_line(dir, "board", s->board, sizeof(s->board));

	for (i = 0; i < BM_NR_MEDIA; i++) {
		char path[600];
		struct stat st;

		if (!dump_files[i])
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, dump_files[i]);
		d->fd[i] = open(path, O_RDONLY);
		if (d->fd[i] < 0) {
			if (errno == ENOENT)
				continue;
			i = errno;
			dump_close(s);
			return mtk_fmt_fail(err, errlen, i, "%s: %s", path,
					    strerror(i));
		}
		if (fstat(d->fd[i], &st) || st.st_size <= 0) {
			close(d->fd[i]);
			d->fd[i] = -1;
			continue;
		}
		s->size[i] = (u64)st.st_size;
	}

	if (s->size[BM_NAND]) {
		u64 stride, pages;

		read_line(dir, "nand.geometry", line, sizeof(line));
		if (sscanf(line, "%lli %lli %lli %lli", &v[0], &v[1], &v[2],
			   &v[3]) != 4 || v[0] <= 0 || v[1] < 0 || v[2] <= 0 ||
		    v[3] <= 0 || v[2] % v[0] || v[0] > 65536 || v[1] > 4096 ||
		    v[3] % v[2]) {
			dump_close(s);
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "%s/nand.geometry: want \"PAGE OOB BLOCK SIZE\", got \"%s\"",
					    dir, line);
		}
		g->page = (u32)v[0];
		g->oob = (u32)v[1];
		g->block = (u32)v[2];
		g->size = v[3];
		stride = (u64)g->page + g->oob;
		pages = g->size / g->page;
		if (s->size[BM_NAND] != pages * stride) {
			dump_close(s);
			return mtk_fmt_fail(err, errlen, EINVAL,
					    "%s/nand.bin: %llu bytes, the geometry wants %llu pages of %llu",
					    dir,
					    (unsigned long long)s->size[BM_NAND],
					    (unsigned long long)pages,
					    (unsigned long long)stride);
		}
		s->size[BM_NAND] = g->size;
		s->size[BM_NAND_OOB] = pages * g->oob;
	}
	if (s->size[BM_EMMC_EXT_CSD] && s->size[BM_EMMC_EXT_CSD] != 512) {
		dump_close(s);
		return mtk_fmt_fail(err, errlen, EINVAL,
				    "%s/emmc-ext_csd.bin: %llu bytes, not 512",
				    dir,
				    (unsigned long long)s->size[BM_EMMC_EXT_CSD]);
	}
	if (!s->size[BM_NAND] && !s->size[BM_EMMC_USER] &&
	    !s->size[BM_EMMC_BOOT0]) {
		dump_close(s);
		return mtk_fmt_fail(err, errlen, ENOENT,
				    "%s: no nand.bin and no emmc-*.bin: not a dump",
				    dir);
	}
	return 0;
}
