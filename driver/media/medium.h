/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: the objects every kernel layer works on, and the media
 * backends (MTD, eMMC, UBI, GPT on the eMMC user area). Media is the lowest
 * kernel layer (Documentation/architecture.md), so the objects are
 * declared here; the layers above include this header, never the other way.
 *
 * Objects (see Documentation/mtk-bootmedia-core.rst):
 *   medium     one boot device (an MTD chip or an eMMC card), a configfs
 *              group; its mutex serialises every operation on it
 *   component  bl2, fip, factory, ...: what the boot chain loads
 *   slot       one place a component can live (location)
 *   area       one protectable region of a bound medium: an MTD partition
 *              or an eMMC boot partition; exists only while bound
 */
#ifndef MTK_BM_MEDIUM_H
#define MTK_BM_MEDIUM_H

#include <linux/atomic.h>
#include <linux/blk_types.h>
#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "formats/fmt.h"

#define MTK_BM_NAME		"mtk-bootmedia"
#define MTK_BM_DEVICE_LEN	64	/* "mtd:<name>" / "mmc:<disk>" */
#define MTK_BM_LOCATION_LEN	160
/*
 * the last error or outcome: "error: -EXXX " and the longest reason the
 * module writes there, bounded in status.c (a component's and a slot's
 * name may each be NAME_MAX long)
 */
#define MTK_BM_STATUS_LEN	1024
/* a reason one layer hands to another, or a component's, for `status` */
#define MTK_BM_REASON_LEN	256
/* a component's result: an outcome and a FIP's sha256 (issue 17) */
#define MTK_BM_RESULT_LEN	384
#define MTK_BM_RELOCK_DEFAULT	300	/* force_ro_secs */
#define MTK_BM_RELOCK_MAX	86400
/* a staged image: at most this much, and at most the largest slot */
#define MTK_BM_IMAGE_MAX	(8U << 20)
/*
 * cb_max_size of `image`: twice the limit, so that an image over the limit
 * normally reaches ->write() whole and is refused with its real size
 * (beyond this, write(2) itself fails with -EFBIG)
 */
#define MTK_BM_IMAGE_BUF_MAX	(2 * MTK_BM_IMAGE_MAX)

struct block_device;
struct gendisk;
struct mmc_card;
struct mtd_info;
struct device_node;
struct mtk_bm_engine;
struct mtk_bm_wreq;

enum mtk_bm_type {
	MTK_BM_TYPE_NONE = 0,
	MTK_BM_TYPE_SPI_NAND,
	MTK_BM_TYPE_SPI_NOR,
	MTK_BM_TYPE_EMMC,
};

enum mtk_bm_kind {
	MTK_BM_KIND_DATA = 0,
	MTK_BM_KIND_BL2,
	MTK_BM_KIND_FIP,
};

/* the GPT partition / UBI volume name BL2 loads the FIP from */
#define MTK_BM_BOOT_NAME	"fip"
#define MTK_BM_RECHECK_ACTIVE	0	/* bit of recheck_flags */

enum mtk_bm_loc {
	MTK_BM_LOC_NONE = 0,
	MTK_BM_LOC_MTD,		/* mtd:<part>[@<off>[+<len>]] */
	MTK_BM_LOC_UBI,		/* ubi:<dev>:<volume> */
	MTK_BM_LOC_EMMC_BOOT,	/* emmc:boot0 | emmc:boot1 */
	MTK_BM_LOC_GPT,		/* gpt:<partition name> */
};

/* A parsed slot location */
struct mtk_bm_location {
	enum mtk_bm_loc type;
	char name[128];		/* partition / volume name */
	u64 offset;		/* mtd: start inside the partition */
	u64 length;		/* mtd: 0 = to the end of the partition */
	int ubi_num;		/* ubi: device number */
	int boot;		/* emmc: 0 or 1 */
};

enum mtk_bm_area_type {
	MTK_BM_AREA_MTD,
	MTK_BM_AREA_EMMC_BOOT,
};

/*
 * A protectable region of a bound medium. Created at bind, freed at
 * unbind, both under the medium lock. MTD areas are also on the global
 * list of mtd.c, which the MTD remove notifier walks.
 */
struct mtk_bm_area {
	struct list_head node;		/* medium->areas */
	struct list_head mtd_node;	/* mtd.c global list */
	struct mtk_bm_medium *medium;
	enum mtk_bm_area_type type;
	char name[64];			/* "bl2", "mmcblk0boot0" */
	/* MTD: reference held; NULL once the device went away */
	struct mtd_info *mtd;
	bool was_writeable;		/* MTD_WRITEABLE before bind */
	const char *kernel_ro;		/* why the kernel keeps it read-only */
	const char *dt_ro;		/* the DT marks it read-only: never lifted */
	bool protect;			/* false: held only to follow the chip */
	/* eMMC boot partition: device reference held on the disk */
	struct gendisk *disk;
	int boot;
};

struct mtk_bm_medium {
	struct config_group group;
	struct config_group *components;	/* not owned: children */
	/* serialises every operation on the medium (configfs, works) */
	struct mutex lock;
	/*
	 * Taken for reading around every access to a bound device that the
	 * removal notifiers may invalidate (MTD I/O and flags, eMMC card
	 * commands with the host claimed), and for writing by those
	 * notifiers. Never held while taking the medium lock or
	 * mtd_table_mutex.
	 */
	struct rw_semaphore io_sem;

	char device[MTK_BM_DEVICE_LEN];	/* as configured */
	bool enabled;
	bool gone;			/* device removed while bound */
	enum mtk_bm_type type;
	struct device_node *np;		/* from DT, or NULL */

	bool force_ro;			/* wanted protection state */
	unsigned int force_ro_secs;
	/*
	 * the board states that its BootROM loads BL2 from boot1 when
	 * EXT_CSD enables it (configfs boot1_honoured); without it the
	 * extcsd engine writes nothing (engine/extcsd.c)
	 */
	bool boot1_honoured;
	unsigned long relock_at;	/* jiffies, when force_ro == 0 */
	struct delayed_work relock_work;
	struct work_struct gone_work;

	struct list_head areas;
	struct list_head slots;		/* every slot of every component */
	struct list_head comps;		/* every component, under lock */

	/* MTD media */
	char chip[MTK_BM_DEVICE_LEN];	/* master MTD name */
	u32 erasesize, writesize, oobsize;

	/* eMMC media: device references held while bound */
	struct mmc_card *card;
	struct gendisk *disk;
	struct gendisk *bootdisk[2];
	struct list_head emmc_node;	/* emmc.c: bound eMMC media */
	struct notifier_block mmc_nb;
	bool mmc_nb_registered;

	char status[MTK_BM_STATUS_LEN];	/* "ok: ..." / "error: ..." */

	/*
	 * the one write path (core/write.c, set by the core at init): what
	 * the media write through, e.g. the GPT name swap
	 */
	int (*write)(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
		     size_t errlen);

	/* bit 0: a writing operation (stage, active) runs: others get -EBUSY */
	unsigned long busy;

	/*
	 * What status, result, state and info readers get while a writing
	 * operation holds the lock, instead of waiting for it
	 * (configfs/attr.c): the status as the operation started (a page,
	 * allocated at the first one) and the operation. Under snap_lock,
	 * which is taken inside the medium lock or alone, for a copy only.
	 */
	struct mutex snap_lock;
	char *snap;
	size_t snap_len;
	char running[64];		/* "stage b of fip"; "" when none */
	unsigned long running_since;	/* jiffies */

	/*
	 * eMMC: PARTITION_CONFIG [179] and BOOT_WP_STATUS [174] as the module
	 * last read them from the card (under the claim and the medium
	 * lock): the world-readable attributes show these instead of sending
	 * a command to the card for every read
	 */
	bool ext_cached;
	u8 ext_part_config;
	u8 ext_boot_wp_status;

	/* ubi.c: the media with ubi: slots, for the volume notifier */
	struct list_head ubi_node;	/* ubi.c: bound media with ubi: slots */
	u32 ubi_devs;			/* ubi.c: UBI devices of the slots, bit per ubi_num */
	/*
	 * the core's re-check of every component's engine (recheck()), which a
	 * backend queues when what the slots hold changed beneath the module
	 * (ubi.c: a volume changed)
	 */
	struct work_struct recheck_work;
	/*
	 * bit MTK_BM_RECHECK_ACTIVE of recheck_flags: set with the queueing
	 * when the change may concern the active slot (ubi.c: not only an
	 * update of a volume other than the one named "fip"); recheck_work
	 * clears it into recheck_active (medium lock) for the engines
	 */
	unsigned long recheck_flags;
	bool recheck_active;
	/*
	 * ubi.c: UBI notifications that may change a volume's data (all but
	 * renames) and binds: the ubi engine's re-check reads the active
	 * volume again only when this moved since its last read of it
	 */
	atomic_t ubi_changes;
};

/*
 * bspconf_ubi.c: a bspconf record composed for a UBI record volume, which
 * the kernel cannot write: the helper reads it from `record` and writes it
 */
#define MTK_BM_RECORD_LEN	88	/* sizeof the bspconf record */

struct mtk_bm_rec_pending {
	bool set;
	u8 copy;			/* 0: volume bspconf1, 1: bspconf2 */
	u8 fip_slot;			/* the bspconf FIP slot it makes current */
	int ubi_num;
	u32 upd_cnt;
	u32 old_crc;			/* the target copy when composed */
	size_t old_len;
	char slot[32];			/* the slot's name, for `result` */
	u8 rec[MTK_BM_RECORD_LEN];
};

struct mtk_bm_component {
	struct config_group group;
	struct list_head node;		/* medium->comps, under medium->lock */
	struct mtk_bm_medium *medium;
	enum mtk_bm_kind kind;
	/* under medium->lock: */
	u8 *image;			/* staged image (vmalloc), or NULL */
	size_t image_len;
	u64 generation;			/* bumped by every change */
	/* the generation a verify accepted the staged image at (0: none) */
	u64 verified;
	bool verified_force;		/* that verify was forced */
	/*
	 * core/slot.c: what the last verify that accepted the staged FIP
	 * found ("valid" and the details, as a slot's info prints them),
	 * kept with the image for a slot of this kind and switch that reads
	 * back as the same bytes (a volume the helper wrote): freed with
	 * the image and by every verify; NULL when none
	 */
	char *image_info;
	enum mtk_bm_kind image_info_kind;
	const struct mtk_bm_engine *image_info_sw;
	char result[MTK_BM_RESULT_LEN];	/* outcome of the last image/verify */
	/*
	 * engine/ubi.c: the last re-check that read the active volume: its
	 * volume id, the medium's ubi_changes when it began and the generation
	 * it left; it stands while ubi_rechecked is set, which every result
	 * written since clears (core/slot.c, mtk_bm_comp_result())
	 */
	bool ubi_rechecked;
	int ubi_rechecked_vol;
	int ubi_rechecked_changes;
	u64 ubi_rechecked_gen;
	const struct mtk_bm_engine *sw;	/* `switch`: NULL for none */
	struct mtk_bm_rec_pending rec;	/* under medium->lock */
	/* progress of the running stage, read without the lock */
	u64 progress_done, progress_total;
	bool touched;			/* the last write changed the media */
};

/*
 * What tells a slot was not written since a proof (struct mtk_bm_media
 * slot_witness): every write that can reach the slot moves @writes; @start
 * and @len are where the slot is now (a GPT entry may move it), @id what
 * else names it
 */
struct mtk_bm_witness {
	/* eMMC: bytes written to the slot's device, by anyone; UBI: notifications */
	u64 writes;
	/* eMMC: the slot on that device, bytes; UBI: device and volume id, data bytes */
	u64 start, len;
	u64 id;			/* UBI: CRC32 of the volume's name; eMMC: 0 */
};

struct mtk_bm_slot {
	struct config_group group;	/* a group: DT trees register it as default */
	struct list_head node;		/* medium->slots, under medium->lock */
	struct mtk_bm_component *comp;
	char location_str[MTK_BM_LOCATION_LEN];
	struct mtk_bm_location loc;
	struct mtk_bm_area *area;	/* while bound (mtd:, emmc:) */
	/*
	 * Resolved at bind, so that a slot stays with its partition or volume
	 * when a switch swaps the names: -1 when not bound.
	 */
	int gpt_index;			/* gpt: entry index in the GPT array */
	int ubi_vol_id;			/* ubi: volume id */
	/*
	 * core/proof.c, under medium->lock: what a stage's read-back or a full
	 * check proved the slot holds (a FIP's ToC and entries), for the checks
	 * of this kind, engine and location until unbind
	 */
	struct {
		bool set;
		enum mtk_bm_kind kind;
		const struct mtk_bm_engine *sw;
		u32 loc_crc;		/* CRC32 of location_str */
		u64 len;		/* bytes covered by the ToC */
		u32 crc;		/* CRC32 of them */
		/*
		 * nothing wrote the slot's device between the proof and
		 * @witness (core/proof.c, mtk_bm_slot_unchanged()): a switch
		 * may take the proof without reading the slot again
		 */
		bool witnessed;
		struct mtk_bm_witness witness;
	} proof;
};

/* write.c: the one function that writes to a boot area */
/* MTD: the first good block (a BL2 header) erased first, programmed last */
#define MTK_BM_W_FIRST_BLOCK_LAST	BIT(0)
/*
 * MTD: a BL2 copy: the consecutive blocks from the start of the range, every
 * one good (no bad block skipped inside a copy: the boot model's strict
 * reading); set by mtk_bm_slot_write() for kind bl2
 */
#define MTK_BM_W_BL2_COPY		BIT(1)
/* only check that the data fits the good blocks: nothing is written */
#define MTK_BM_W_PLAN			BIT(2)
/*
 * MTD, switch single: the old content of every block written is kept, in
 * the caller's buffer as its blocks are written (w->keep), and written
 * back if the write fails after it changed the media (media/mtd_io.c)
 */
#define MTK_BM_W_KEEP_OLD		BIT(3)

/* MTK_BM_W_KEEP_OLD: the caller's buffer and what became of it */
struct mtk_bm_keep {
	u8 *buf;		/* the data (w->buf), lent to the writer */
	bool written;		/* written and read back: @buf holds old content */
	/* the write failed after a change: the old content is back (0) or not */
	int restore;
	char why[96];		/* why it is not */
};

struct mtk_bm_wreq {
	/* an MTD partition range [start, end), erase-block aligned ... */
	struct mtk_bm_area *area;
	u64 start, end;
	/* ... or an eMMC disk (boot disk or user area) at a 512-byte offset */
	struct gendisk *disk;
	u64 offset;
	const void *buf;
	size_t len;
	unsigned int flags;
	struct mtk_bm_component *progress;	/* progress counters, or NULL */
	struct mtk_bm_keep *keep;		/* MTK_BM_W_KEEP_OLD */
};

/* status.c: the medium's `status`, and the mark of a device gone */
MTK_BM_LOCAL int mtk_bm_set_status(struct mtk_bm_medium *m, int err, const char *fmt, ...)
	__printf(3, 4);
MTK_BM_LOCAL void mtk_bm_mark_gone(struct mtk_bm_medium *m);
MTK_BM_LOCAL void mtk_bm_check_empty(const struct list_head *l, const char *what);

/*
 * The -EAGAIN races (selftests/tests/core-races.t): only a test build
 * (-DMTK_BM_TEST_KNOBS, selftests/vm/build's knobs/ module) has the module
 * parameter race, which names a narrow window that then always loses its
 * race: "bind" (the slot's partition vanishes between bind's lookup and
 * taking it), "record" (the pending bspconf record is dropped between
 * configfs' size query of `record` and its read). Other builds: never.
 *
 * mtk_bm_test_sleep() (selftests/tests/stress-races.t (f), (g)): the same
 * parameter naming a window of issue 13's lifetime findings, where the
 * caller then sleeps MTK_BM_TEST_SLEEP_MS (after a line in the kernel log
 * saying so), so that a removal lands inside it: "mtdref" (bind, after
 * every partition reference is taken; before issue 13's fix the notifier
 * could not see them yet), "card" (a card command, after the check of
 * `gone`; before the fix that check was lockless and nothing held the
 * host). With the fixes, the removal is seen (mtdref) or waits (card).
 * Issue 17: "recheck": the re-check queued by a UBI volume notification
 * sleeps before it runs, so that a reader of `result` right after
 * ubirename meets it still queued (`result` waits for it); "renamed": the
 * volume notifier sleeps at a rename, before it queues the re-check, so
 * that ubirename's second notification (one per volume renamed) always
 * comes after the re-check of its first ran (that one keeps its outcome
 * instead of reading the volume again); "stage" (core-races-emmc.t):
 * mtk_bm_stage_one() sleeps after its write and read-back, before it takes
 * the witness, so that another writer's write to the disk lands in between
 * (the stage must then record no witness: the next switch reads the slot).
 */
#define MTK_BM_TEST_SLEEP_MS	2000
#ifdef MTK_BM_TEST_KNOBS
MTK_BM_LOCAL bool mtk_bm_test_race(const char *where);
MTK_BM_LOCAL void mtk_bm_test_sleep(const char *where);
#else
static inline bool mtk_bm_test_race(const char *where)
{
	return false;
}

static inline void mtk_bm_test_sleep(const char *where)
{
}
#endif

/*
 * A media backend (Documentation/architecture.md): what the core asks of a
 * medium's device and of the slots on it, without naming MTD, eMMC, UBI or
 * GPT. A medium's backend follows its type (mtd, emmc: mtk_bm_media_of()),
 * a slot's its location type (mtd, ubi, emmc, gpt: mtk_bm_media_of_slot());
 * the table is media/table.c. Every hook runs under the medium lock; one a
 * backend does not have is NULL.
 */
struct mtk_bm_media {
	const char *name;
	/* the backend of the media its slots can be on */
	const struct mtk_bm_media *medium;

	/* at module load and unload (a backend's device notifiers) */
	int (*init)(void);
	void (*exit)(void);

	/* a medium of this backend (mtd, emmc) */
	int (*bind)(struct mtk_bm_medium *m);	/* status set on failure */
	void (*unbind)(struct mtk_bm_medium *m);
	/* the DT node of the bound device, referenced, or NULL */
	struct device_node *(*of_node)(struct mtk_bm_medium *m);
	bool (*area_ro)(struct mtk_bm_area *a);
	int (*area_set_ro)(struct mtk_bm_area *a, bool ro);
	/* why the protection cannot be lifted now, or NULL */
	const char *(*lift_refused)(struct mtk_bm_medium *m);
	/* mtk_bm_write() once it checked the request */
	int (*write)(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w, char *err,
		     size_t errlen);

	/* layered on every bound medium (ubi): after the bind, before the unbind */
	int (*attach)(struct mtk_bm_medium *m);
	void (*detach)(struct mtk_bm_medium *m);

	/*
	 * a slot of this location type when `location` is written, the
	 * medium not bound: what can be told now (the target is not in use);
	 * 0, or an errno with @why set
	 */
	int (*check_location)(struct mtk_bm_medium *m, const struct mtk_bm_location *loc,
			      char *why, size_t len);

	/*
	 * a medium with a card whose registers choose the boot area (emmc):
	 * read them (refreshing the cached bytes), set the boot partition
	 * and/or ack (-1: unchanged), power-on write-protect the boot areas,
	 * and whether that protection is on
	 */
	int (*card_read)(struct mtk_bm_medium *m, u8 *ext);
	int (*card_set_boot)(struct mtk_bm_medium *m, int boot_sel, int ack);
	int (*card_boot_wp)(struct mtk_bm_medium *m);
	bool (*card_wp_locked)(struct mtk_bm_medium *m);
	/*
	 * a medium whose disk holds a GPT (emmc): write one entry-array sector
	 * that only adds partitions (gpt_sector; media/gpt_add.c)
	 */
	int (*gpt_add_sector)(struct mtk_bm_medium *m, u64 lba, const u8 *sec, char *err,
			      size_t errlen);

	/* a slot of this location type, of a bound medium */
	u64 (*slot_size)(struct mtk_bm_slot *s, bool capacity, char *err, size_t errlen);
	int (*slot_read)(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
			 char *err, size_t errlen);
	/* the name it has now (a switch may rename it); NULL: the location's */
	int (*slot_name)(struct mtk_bm_slot *s, char *name, size_t len);
	/* where it starts on the chip, without the location's offset */
	u64 (*slot_offset)(struct mtk_bm_slot *s);
	/* fill @w's target for a write of @w->len bytes to the slot's start */
	int (*slot_target)(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
			   size_t errlen);
	/*
	 * optional: the slot's witness now (0), or an errno when the media
	 * cannot tell whether the slot was written (every check then reads
	 * it); eMMC: @writes counts in bytes as the one write path pads them
	 */
	int (*slot_witness)(struct mtk_bm_slot *s, struct mtk_bm_witness *w);
};

/* table.c */
MTK_BM_LOCAL const struct mtk_bm_media *mtk_bm_media_of(const struct mtk_bm_medium *m);
MTK_BM_LOCAL const struct mtk_bm_media *mtk_bm_media_of_area(const struct mtk_bm_area *a);
MTK_BM_LOCAL const struct mtk_bm_media *mtk_bm_media_of_slot(const struct mtk_bm_slot *s);
MTK_BM_LOCAL int mtk_bm_media_attach(struct mtk_bm_medium *m, const char **failed);
MTK_BM_LOCAL void mtk_bm_media_detach(struct mtk_bm_medium *m);
MTK_BM_LOCAL int mtk_bm_media_init(void);
MTK_BM_LOCAL void mtk_bm_media_exit(void);
MTK_BM_LOCAL int mtk_bm_media_check_location(struct mtk_bm_medium *m,
					     const struct mtk_bm_location *loc,
					     char *why, size_t len);

/* a write's progress, for the component's `progress` */
static inline void mtk_bm_progress(const struct mtk_bm_wreq *w, size_t done)
{
	if (w->progress)
		WRITE_ONCE(w->progress->progress_done, done);
}

/* emmc.c: the card (EXT_CSD, boot areas) for the extcsd engine */
MTK_BM_LOCAL int mtk_bm_emmc_read_ext_csd(struct mtk_bm_medium *m, u8 *ext);
MTK_BM_LOCAL int mtk_bm_emmc_set_boot(struct mtk_bm_medium *m, int boot_sel, int ack);

/* block.c: block I/O, one bio at a time (the bspconf engine reads its records) */
MTK_BM_LOCAL int mtk_bm_bdev_io(struct block_device *bdev, blk_opf_t op, u64 off, void *buf,
				size_t len);

/* ubi.c: the ubi and bspconf engines */
struct mtk_bm_ubi_found {
	struct mtk_bm_slot *slot;
	int vol_id;
	bool bootable;		/* static, id below 16: BL2 loads it */
};

MTK_BM_LOCAL int mtk_bm_ubi_find(struct mtk_bm_medium *m, struct mtk_bm_component *c,
				 struct mtk_bm_ubi_found *f, char *err, size_t errlen);
MTK_BM_LOCAL int mtk_bm_ubi_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
				 char *err, size_t errlen);

/* gpt.c: gpt: slots of a bound eMMC, for the gpt and bspconf engines */
MTK_BM_LOCAL int mtk_bm_gpt_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
				 u64 *first_lba, u64 *nr_lbas, char *name, size_t namelen,
				 char *err, size_t errlen);
/* writes through m->write (the core's mtk_bm_write()) */
MTK_BM_LOCAL int mtk_bm_gpt_swap_names(struct mtk_bm_medium *m, struct mtk_bm_slot *a,
				       struct mtk_bm_slot *b, char *err, size_t errlen);
/* gpt_add.c: one entry sector that adds partitions, for the helper */
MTK_BM_LOCAL int mtk_bm_gpt_add_sector(struct mtk_bm_medium *m, u64 lba, const u8 *sec, char *err,
				       size_t errlen);

#endif /* MTK_BM_MEDIUM_H */
