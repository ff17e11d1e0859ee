/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mtk_bootmedia: declarations shared by the kernel-side files of the module.
 * The pure format code (fip.c, bl2.c, ...) does not include this header.
 *
 * Objects (see Documentation/mtk-bootmedia-core.rst):
 *   medium     one boot device (an MTD chip or an eMMC card), a configfs
 *              group; its mutex serialises every operation on it
 *   component  bl2, fip, factory, ...: what the boot chain loads
 *   slot       one place a component can live (location)
 *   area       one protectable region of a bound medium: an MTD partition
 *              or an eMMC boot partition; exists only while bound
 */
#ifndef MTK_BOOTMEDIA_H
#define MTK_BOOTMEDIA_H

#include <linux/blk_types.h>
#include <linux/configfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/rwsem.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#define MTK_BM_NAME		"mtk-bootmedia"
#define MTK_BM_DEVICE_LEN	64	/* "mtd:<name>" / "mmc:<disk>" */
#define MTK_BM_LOCATION_LEN	160
#define MTK_BM_STATUS_LEN	256	/* the last error or outcome */
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

/* switch engines (component `switch`) */
enum mtk_bm_switch {
	MTK_BM_SW_NONE = 0,
	MTK_BM_SW_SINGLE,	/* one copy, guarded in-place write */
	MTK_BM_SW_ROM_COPIES,	/* SPI-NAND BL2 copies the BootROM scans */
	MTK_BM_SW_EXTCSD,	/* eMMC BL2 in boot0/boot1, EXT_CSD boot enable */
	MTK_BM_SW_GPT,		/* eMMC FIP in GPT partitions, names swapped */
	MTK_BM_SW_UBI,		/* SPI-NAND FIP in static UBI volumes, renamed */
	MTK_BM_SW_BSPCONF,	/* MediaTek dual FIP, bspconf record */
};

/* the GPT partition / UBI volume name BL2 loads the FIP from */
#define MTK_BM_BOOT_NAME	"fip"

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
	 * removal notifiers may invalidate (MTD I/O and flags), and for
	 * writing by those notifiers. Never held while taking the medium
	 * lock or mtd_table_mutex.
	 */
	struct rw_semaphore io_sem;

	char device[MTK_BM_DEVICE_LEN];	/* as configured */
	bool enabled;
	bool gone;			/* device removed while bound */
	enum mtk_bm_type type;
	struct device_node *np;		/* from DT, or NULL */

	bool force_ro;			/* wanted protection state */
	unsigned int force_ro_secs;
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

	/* bit 0: a writing operation (stage, active) runs: others get -EBUSY */
	unsigned long busy;

	/* ubi.c: volume notifier re-check of ubi-switched components */
	struct list_head ubi_node;	/* ubi.c: bound media with ubi: slots */
	u32 ubi_devs;			/* ubi.c: UBI devices of the slots, bit per ubi_num */
	struct work_struct ubi_work;
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
	char result[MTK_BM_STATUS_LEN];	/* outcome of the last image/verify */
	enum mtk_bm_switch sw;
	struct mtk_bm_rec_pending rec;	/* under medium->lock */
	/* progress of the running stage, read without the lock */
	u64 progress_done, progress_total;
	bool touched;			/* the last write changed the media */
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
};

/* write.c: the one function that writes to a boot area */
/* MTD: the first good block (a BL2 header) erased first, programmed last */
#define MTK_BM_W_FIRST_BLOCK_LAST	BIT(0)

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
};

/* main.c */
const char *mtk_bm_board_override(void);
struct config_group *mtk_bm_root_group(void);

/* configfs.c */
extern const struct config_item_type mtk_bm_root_type;
struct mtk_bm_medium *mtk_bm_medium_create(const char *name);
struct mtk_bm_component *mtk_bm_component_create(struct mtk_bm_medium *m,
						 const char *name);
void mtk_bm_medium_fixed(struct mtk_bm_medium *m);
void mtk_bm_component_fixed(struct mtk_bm_component *c);
struct mtk_bm_slot *mtk_bm_slot_create(struct mtk_bm_component *c,
				       const char *name);

/* medium.c */
void mtk_bm_medium_init(struct mtk_bm_medium *m);
void mtk_bm_medium_teardown(struct mtk_bm_medium *m);
int mtk_bm_set_status(struct mtk_bm_medium *m, int err, const char *fmt, ...)
	__printf(3, 4);
int mtk_bm_set_device(struct mtk_bm_medium *m, const char *dev);
int mtk_bm_bind(struct mtk_bm_medium *m);
void mtk_bm_unbind(struct mtk_bm_medium *m);
void mtk_bm_mark_gone(struct mtk_bm_medium *m);
const char *mtk_bm_type_name(enum mtk_bm_type t);
const char *mtk_bm_booted(struct mtk_bm_medium *m);
int mtk_bm_status_show(struct mtk_bm_medium *m, char *buf, size_t len);

/* protect.c */
int mtk_bm_protect(struct mtk_bm_medium *m, bool ro);
bool mtk_bm_protected(struct mtk_bm_medium *m);
int mtk_bm_area_show(struct mtk_bm_area *a, char *buf, size_t len);
void mtk_bm_relock_work(struct work_struct *w);
void mtk_bm_area_release(struct mtk_bm_area *a);

/* mtd.c */
int mtk_bm_mtd_init(void);
void mtk_bm_mtd_exit(void);
int mtk_bm_mtd_bind(struct mtk_bm_medium *m);
void mtk_bm_mtd_unbind(struct mtk_bm_medium *m);
int mtk_bm_mtd_set_writeable(struct mtk_bm_area *a, bool writeable);
bool mtk_bm_mtd_writeable(struct mtk_bm_area *a);
int mtk_bm_mtd_read(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
		    void *buf, size_t len, size_t *got, char *err,
		    size_t errlen);
u64 mtk_bm_mtd_slot_size(struct mtk_bm_slot *s);
u64 mtk_bm_mtd_chip_offset(struct mtk_bm_slot *s);
struct device_node *mtk_bm_mtd_of_node(struct mtk_bm_medium *m);

/* emmc.c */
int mtk_bm_emmc_bind(struct mtk_bm_medium *m);
void mtk_bm_emmc_unbind(struct mtk_bm_medium *m);
int mtk_bm_emmc_set_ro(struct mtk_bm_area *a, bool ro);
bool mtk_bm_emmc_ro(struct mtk_bm_area *a);
int mtk_bm_emmc_read_ext_csd(struct mtk_bm_medium *m, u8 *ext);
int mtk_bm_emmc_set_boot(struct mtk_bm_medium *m, int boot_sel, int ack);
int mtk_bm_emmc_boot_wp(struct mtk_bm_medium *m);
bool mtk_bm_emmc_wp_locked(struct mtk_bm_medium *m);
int mtk_bm_emmc_read(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
		     void *buf, size_t len, size_t *got, char *err,
		     size_t errlen);
u64 mtk_bm_emmc_slot_size(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			  char *err, size_t errlen);
struct device_node *mtk_bm_emmc_of_node(struct mtk_bm_medium *m);

/* ubi.c */
u64 mtk_bm_ubi_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
			 size_t errlen);
int mtk_bm_ubi_init(void);
void mtk_bm_ubi_exit(void);
int mtk_bm_ubi_bind(struct mtk_bm_medium *m);
void mtk_bm_ubi_unbind(struct mtk_bm_medium *m);
struct mtk_bm_slot *mtk_bm_ubi_active(struct mtk_bm_component *c, char *err,
				      size_t errlen);
int mtk_bm_ubi_slot_name(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
			 char *name, size_t len);
int mtk_bm_ubi_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		    char *err, size_t errlen);
void mtk_bm_ubi_work(struct work_struct *w);

/* slot.c */
int mtk_bm_parse_location(const char *str, struct mtk_bm_location *loc,
			  char *err, size_t errlen);
int mtk_bm_slot_state(struct mtk_bm_slot *s, bool info, char *buf,
		      size_t len);
enum mtk_bm_kind mtk_bm_kind_default(const char *name);
u64 mtk_bm_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
		     size_t errlen);
int mtk_bm_slot_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		     char *err, size_t errlen);
bool mtk_bm_slot_valid(struct mtk_bm_slot *s, char *why, size_t len);
int mtk_bm_comp_result(struct mtk_bm_component *c, int err, const char *fmt, ...)
	__printf(3, 4);
void mtk_bm_image_drop(struct mtk_bm_component *c);
int mtk_bm_image_stage(struct mtk_bm_component *c, const void *buf, size_t len);
int mtk_bm_image_verify(struct mtk_bm_component *c, bool force);
const char *mtk_bm_kind_name(enum mtk_bm_kind k);

/* write.c */
int mtk_bm_write(struct mtk_bm_medium *m, const struct mtk_bm_wreq *w,
		 char *err, size_t errlen);
int mtk_bm_slot_write(struct mtk_bm_slot *s, const void *buf, size_t len,
		      unsigned int flags, char *err, size_t errlen);
int mtk_bm_bdev_io(struct block_device *bdev, blk_opf_t op, u64 off, void *buf,
		   size_t len);

/* gpt.c: gpt: slots of a bound eMMC */
int mtk_bm_gpt_bind(struct mtk_bm_medium *m);
int mtk_bm_gpt_slot(struct mtk_bm_medium *m, struct mtk_bm_slot *s,
		    u64 *first_lba, u64 *nr_lbas, char *name, size_t namelen,
		    char *err, size_t errlen);
int mtk_bm_gpt_swap_names(struct mtk_bm_medium *m, struct mtk_bm_slot *a,
			  struct mtk_bm_slot *b, char *err, size_t errlen);

/* bspconf_emmc.c: the bspconf engine (eMMC; UBI through bspconf_ubi.c) */
/* mtk_bm_dualfip_commit(): the record is composed, the helper writes it */
#define MTK_BM_PENDING		1
struct mtk_bm_slot *mtk_bm_dualfip_active(struct mtk_bm_component *c, char *err,
					  size_t errlen);
int mtk_bm_dualfip_commit(struct mtk_bm_component *c, struct mtk_bm_slot *s, char *err,
			  size_t errlen);

/* bspconf_ubi.c: bspconf records in static UBI volumes bspconf1/bspconf2 */
struct mtk_bspconf;
bool mtk_bm_dualfip_ubi(struct mtk_bm_medium *m);
int mtk_bm_dualfip_ubi_load(struct mtk_bm_medium *m, u8 *const copy[2], size_t size,
			    size_t len[2]);
int mtk_bm_dualfip_ubi_pend(struct mtk_bm_component *c, struct mtk_bm_slot *s,
			    unsigned int fip_slot, int target, const u8 *old, size_t old_len,
			    struct mtk_bspconf *next, char *err, size_t errlen);
void mtk_bm_dualfip_ubi_recheck(struct mtk_bm_component *c);
void mtk_bm_dualfip_ubi_clear(struct mtk_bm_component *c);
ssize_t mtk_bm_dualfip_ubi_record(struct mtk_bm_component *c, void *buf, size_t len);
int mtk_bm_dualfip_ubi_volume(struct mtk_bm_component *c, char *buf, size_t len);

/* switch.c */
const char *mtk_bm_switch_name(enum mtk_bm_switch sw);
int mtk_bm_switch_parse(const char *str, enum mtk_bm_switch *sw);
int mtk_bm_stage(struct mtk_bm_component *c, const char *arg);
int mtk_bm_active_show(struct mtk_bm_component *c, char *buf, size_t len);
int mtk_bm_activate(struct mtk_bm_component *c, const char *slot);
int mtk_bm_active_get(struct mtk_bm_component *c, struct mtk_bm_slot **act, char *err,
		      size_t errlen);
struct mtk_bm_slot *mtk_bm_active_slot(struct mtk_bm_component *c, char *err,
				       size_t errlen);

/* of.c */
int mtk_bm_of_init(void);
void mtk_bm_of_exit(void);

#endif /* MTK_BOOTMEDIA_H */
