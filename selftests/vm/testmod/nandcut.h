/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtkbm_nandcut: the state shared by its parts (nandcut_main.c describes
 * the module). Everything in it is under nc.lock.
 */
#ifndef MTKBM_NANDCUT_H
#define MTKBM_NANDCUT_H

#include <linux/mtd/mtd.h>
#include <linux/mutex.h>
#include <linux/types.h>

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
	s64 flip;			/* flip_program: chip offset, -1 off */
	u32 delay_us;			/* per page program or block erase */
	bool dead;
	u64 programs, erases, reads, eio, cuts, power_cycles, out_of_order;
	u32 *next_page;			/* per block: lowest page still programmable in order */
	char last_cut[64];
	int remove_refs;		/* chip driver refs after the last remove, -1: none */
	/* snapshot */
	u64 snap_ofs, snap_len;
	u8 **pages;			/* raw page + OOB, NULL = all 0xff */
	unsigned long *dirty;		/* blocks of the range touched since */
	struct dentry *dir;
};

extern struct nc_state nc;

/* nandcut_mtd.c: the shim, snapshot and restore; lock held */
int nc_read_oob(struct mtd_info *mtd, loff_t from, struct mtd_oob_ops *ops);
int nc_write_oob(struct mtd_info *mtd, loff_t to, struct mtd_oob_ops *ops);
int nc_erase(struct mtd_info *mtd, struct erase_info *instr);
int nc_markbad(struct mtd_info *mtd, loff_t ofs);
int nc_raw_read(u64 ofs, u8 *buf);
void nc_snap_free(void);
int nc_snap_take(u64 ofs, u64 len);
int nc_snap_restore(void);

/* nandcut_debugfs.c */
void nc_debugfs_init(struct mtd_info *m);

#endif /* MTKBM_NANDCUT_H */
