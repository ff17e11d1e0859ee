/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mmcsim - a software eMMC card behind a software MMC host, for tests.
 *
 * The host half hands every request to a work item; the card half decodes
 * the commands like an eMMC 5.1 device would and keeps its data in sparse
 * memory.  One mutex (struct mmcsim.lock) serialises the card model against
 * the debugfs interface.
 */
#ifndef MMCSIM_H
#define MMCSIM_H

#include <linux/bits.h>
#include <linux/mmc/host.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#define MMCSIM_SECTOR_SHIFT	9
#define MMCSIM_SECTOR_SIZE	512
#define MMCSIM_CHUNK_SHIFT	12
#define MMCSIM_CHUNK_SIZE	BIT(MMCSIM_CHUNK_SHIFT)
#define MMCSIM_EXT_CSD_SIZE	512
#define MMCSIM_TRACE_LEN	512
#define MMCSIM_MAX_BLOCKS	1024

/* Hardware partitions the card has; the index is PARTITION_ACCESS. */
enum mmcsim_area_id {
	MMCSIM_USER = 0,
	MMCSIM_BOOT0 = 1,
	MMCSIM_BOOT1 = 2,
	MMCSIM_NR_AREAS
};

/* Sparse backing store of one hardware partition: 4 KiB chunks. */
struct mmcsim_area {
	u64 size;			/* bytes */
	struct xarray chunks;		/* index = offset >> MMCSIM_CHUNK_SHIFT */
};

/* Card states (JEDEC numbering, as in R1 CURRENT_STATE). */
enum mmcsim_state {
	MMCSIM_IDLE = 0,
	MMCSIM_READY = 1,
	MMCSIM_IDENT = 2,
	MMCSIM_STBY = 3,
	MMCSIM_TRAN = 4,
	MMCSIM_DATA = 5,
	MMCSIM_RCV = 6,
	MMCSIM_PRG = 7,
	MMCSIM_DIS = 8,
	MMCSIM_SLP = 10,
	MMCSIM_INA = 15,		/* inactive: no state number on the bus */
};

struct mmcsim_trace {
	u64 seq;
	u32 arg;
	u32 resp;
	s16 err;
	u8 opcode;
	u8 state;
};

struct mmcsim_counters {
	u64 commands;
	u64 per_opcode[64];
	u64 cmd6_writes;
	u64 part_switches;
	u64 sectors_read;
	u64 sectors_written;
	u64 rel_sectors_written;
	u64 erases;
	u64 sectors_erased;
	u64 illegal;
	u64 errors_injected;
	u64 reads_corrupted;
	u64 power_cycles;
	u64 wp_violations;
};

/* Sectors the card changed (programmed or erased), kept until cleared */
#define MMCSIM_TOUCHED_MAX	64
struct mmcsim_run {
	u64 first;			/* sector */
	u64 end;			/* sector after the last */
	unsigned int area;
};

/* fail_opcode: every command, the data reads (CMD17/18), the writes (24/25) */
#define MMCSIM_FAIL_ANY		(-1)
#define MMCSIM_FAIL_READ	(-2)
#define MMCSIM_FAIL_WRITE	(-3)

/* corrupt_left: every read of the byte comes back corrupted, until off */
#define MMCSIM_CORRUPT_ALWAYS	(-1)

struct mmcsim {
	struct mmc_host *mmc;
	struct workqueue_struct *wq;
	struct work_struct req_work;
	struct mmc_request *mrq;	/* the one request in flight */
	struct dentry *dbg;

	struct mutex lock;		/* protects everything below */
	struct mmcsim_area area[MMCSIM_NR_AREAS];
	u64 chunks_used;
	u64 chunks_max;
	u8 ext_csd[MMCSIM_EXT_CSD_SIZE];
	u32 cid[4];
	u32 csd[4];

	/* card state machine */
	bool present;			/* card in the slot (get_cd) */
	bool powered;			/* host supplies VCC (set_ios) */
	bool dead;			/* power cut: nothing answers */
	enum mmcsim_state state;
	u16 rca;
	u32 pending;			/* status bits for the next response */
	bool op_cond_busy;		/* first CMD1 reports busy */
	u32 blk_count;			/* CMD23, 0 = open-ended */
	bool blk_count_rel;		/* CMD23 reliable-write flag */
	u32 erase_start;
	u32 erase_end;
	bool erase_start_set;
	bool erase_end_set;
	bool pwr_wp[2];			/* boot area power-on write protect */
	bool perm_wp[2];		/* boot area permanent write protect */

	/* fault injection */
	s64 cut_after;			/* sectors until power cut, -1 off */
	int fail_opcode;		/* MMCSIM_FAIL_ANY/_READ/_WRITE or one */
	int fail_cmd_err;
	int fail_data_err;
	u32 fail_r1;
	bool fail_armed;
	bool fail_sticky;		/* every match fails, not the next one */
	u64 corrupt_off;		/* corrupt_read: this byte of ... */
	unsigned int corrupt_area;	/* ... this area reads inverted ... */
	int corrupt_left;		/* ... this many times, 0 off, or always */

	struct mmcsim_counters cnt;
	struct mmcsim_run touched[MMCSIM_TOUCHED_MAX];
	unsigned int ntouched;
	bool touched_overflow;		/* more runs than MMCSIM_TOUCHED_MAX */
	struct mmcsim_trace trace[MMCSIM_TRACE_LEN];
	u64 trace_seq;

	u8 *bounce;			/* MMCSIM_MAX_BLOCKS sectors */
};

/* store.c */
void mmcsim_area_init(struct mmcsim_area *a, u64 size);
void mmcsim_area_free(struct mmcsim *sim, struct mmcsim_area *a);
int mmcsim_area_read(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		     void *buf, size_t len);
int mmcsim_area_write(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		      const void *buf, size_t len);
int mmcsim_area_zero(struct mmcsim *sim, struct mmcsim_area *a, u64 off,
		     u64 len);

/* card.c, card_cmd.c: the card model */
void mmcsim_card_init(struct mmcsim *sim, u64 user_size, u32 boot_size,
		      bool rel_wr, u8 rev, u8 part_config, u8 part_time);
void mmcsim_card_power_off(struct mmcsim *sim);
void mmcsim_card_power_cycle(struct mmcsim *sim);
void mmcsim_card_fixup_ext_csd(struct mmcsim *sim);
void mmcsim_card_request(struct mmcsim *sim, struct mmc_request *mrq);

/* card.c, card_cmd.c, card_data.c: the parts of the card model, among themselves */
void mmcsim_card_reset(struct mmcsim *sim);
bool mmcsim_boot_wp(struct mmcsim *sim, unsigned int part);
unsigned int mmcsim_cur_part(struct mmcsim *sim);
void mmcsim_cmd6(struct mmcsim *sim, struct mmc_command *cmd);
void mmcsim_r1(struct mmcsim *sim, struct mmc_command *cmd,
	       enum mmcsim_state state, u32 errors);
void mmcsim_illegal(struct mmcsim *sim, struct mmc_command *cmd);
void mmcsim_cmd38(struct mmcsim *sim, struct mmc_command *cmd);
void mmcsim_data_fail(struct mmc_data *data, int err);
void mmcsim_read(struct mmcsim *sim, struct mmc_command *cmd,
		 struct mmc_data *data, bool multi);
void mmcsim_write(struct mmcsim *sim, struct mmc_command *cmd,
		  struct mmc_data *data, bool multi, bool rel);

/* debugfs.c */
extern const char *const mmcsim_area_names[MMCSIM_NR_AREAS];
void mmcsim_debugfs_init(struct mmcsim *sim);
void mmcsim_debugfs_exit(struct mmcsim *sim);

/* debugfs_fail.c: the fail_next, fail_always and corrupt_read files */
extern const struct file_operations mmcsim_fail_fops;
extern const struct file_operations mmcsim_fail_always_fops;
extern const struct file_operations mmcsim_corrupt_fops;

/* main.c */
int mmcsim_power_cycle(struct mmcsim *sim);

#endif /* MMCSIM_H */
