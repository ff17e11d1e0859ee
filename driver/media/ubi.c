// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: ubi: slots, read through the UBI kernel API, and the UBI
 * volume notifier (the ubi switch engine is engine/ubi.c).
 *
 * A volume is opened read-only for the duration of one read: UBI keeps its
 * own references, and the kernel API cannot write static volumes anyway (the
 * helper writes them with ubiupdatevol and switches with ubirename; see
 * abi.md). Slots are resolved to their volume ids at bind, so that a slot
 * stays with its volume when the helper swaps the names; a volume missing
 * at bind is resolved by name on its next use.
 *
 * A UBI volume notifier queues the medium's recheck_work when a volume of a UBI
 * device that a bound medium has slots on changes; the work (core/medium.c)
 * calls the recheck() of every component's engine (engine/ubi.c, and
 * engine/bspconf_ubi.c for a pending record) under the medium lock, which
 * records the outcome in `result`. Locking: the notifier runs with UBI's locks held and only takes
 * mtk_bm_ubi_lock (a spinlock) to queue works; bind and unbind take it
 * under the medium lock. The work takes the medium lock, so unbind (called
 * with it held) only cancels it; teardown cancels it synchronously.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/mtd/ubi.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>

#include "backend.h"
#include "formats/fmt.h"

/* BL2's UBI reader (ubispl) tracks only volume ids below this */
#define MTK_BM_UBI_BL2_VOL_IDS	16

/* UBI numbers the module follows (m->ubi_devs is a u32; UBI_MAX_DEVICES) */
#define MTK_BM_UBI_DEVS		32

/* bound media with ubi: slots (m->ubi_node), and their m->ubi_devs */
static DEFINE_SPINLOCK(mtk_bm_ubi_lock);
static LIST_HEAD(mtk_bm_ubi_media);
/* volume notifications seen per UBI device since load (the witness), under the lock */
static u64 mtk_bm_ubi_events[MTK_BM_UBI_DEVS];

static const char *mtk_bm_ubi_item_name(struct mtk_bm_slot *s)
{
	return config_item_name(&s->group.cg_item);
}

/* bound, with the slots resolved (lock held) */
static bool mtk_bm_ubi_bound(struct mtk_bm_medium *m)
{
	return m->enabled && !list_empty(&m->ubi_node);
}

/* the other slot of @m that was resolved to volume @vol_id of ubi@ubi_num */
static struct mtk_bm_slot *mtk_bm_ubi_owner(struct mtk_bm_medium *m,
					    struct mtk_bm_slot *s, int ubi_num,
					    int vol_id)
{
	struct mtk_bm_slot *o;

	list_for_each_entry(o, &m->slots, node) {
		if (o != s && o->loc.type == MTK_BM_LOC_UBI &&
		    o->loc.ubi_num == ubi_num && o->ubi_vol_id == vol_id)
			return o;
	}
	return NULL;
}

/*
 * Open the slot's volume read-only: by the volume id resolved at bind, or
 * by the configured name when it is not resolved (then remember its id).
 * A volume id that went away (-ENODEV) is forgotten and the name tried. A
 * name that now belongs to the volume of another slot of the medium is
 * not this slot's volume (after a rename, "fip2" may be slot a's). The
 * caller holds the medium lock.
 */
static struct ubi_volume_desc *mtk_bm_ubi_open(struct mtk_bm_slot *s,
					       struct ubi_volume_info *vi,
					       char *err, size_t errlen)
{
	struct mtk_bm_medium *m = s->comp->medium;
	bool bound = mtk_bm_ubi_bound(m);
	struct ubi_volume_desc *desc;
	struct ubi_device_info di;
	struct mtk_bm_slot *owner;

	if (bound && s->ubi_vol_id >= 0) {
		desc = ubi_open_volume(s->loc.ubi_num, s->ubi_vol_id, UBI_READONLY);
		if (!IS_ERR(desc)) {
			ubi_get_volume_info(desc, vi);
			return desc;
		}
		/* a detached device keeps its volume ids when it comes back */
		if (PTR_ERR(desc) != -ENODEV || ubi_get_device_info(s->loc.ubi_num, &di)) {
			mtk_fmt_msg(err, errlen, "cannot open UBI volume id %d on ubi%d (%pe)",
				    s->ubi_vol_id, s->loc.ubi_num, desc);
			return desc;
		}
		s->ubi_vol_id = -1;
	}
	desc = ubi_open_volume_nm(s->loc.ubi_num, s->loc.name, UBI_READONLY);
	if (IS_ERR(desc)) {
		mtk_fmt_msg(err, errlen, "cannot open UBI volume %s on ubi%d (%pe)",
			    s->loc.name, s->loc.ubi_num, desc);
		return desc;
	}
	ubi_get_volume_info(desc, vi);
	if (!bound)
		return desc;
	owner = mtk_bm_ubi_owner(m, s, vi->ubi_num, vi->vol_id);
	if (owner) {
		mtk_fmt_msg(err, errlen,
			    "UBI volume %s on ubi%d (id %d) is the volume of slot %s, not of this slot",
			    s->loc.name, s->loc.ubi_num, vi->vol_id,
			    mtk_bm_ubi_item_name(owner));
		ubi_close_volume(desc);
		return ERR_PTR(-ENOENT);
	}
	s->ubi_vol_id = vi->vol_id;
	return desc;
}

/* bytes of data in the volume: used bytes of a static volume, else all */
static u64 mtk_bm_ubi_bytes(const struct ubi_volume_info *vi)
{
	if (vi->vol_type == UBI_STATIC_VOLUME)
		return vi->used_bytes;
	return (u64)vi->size * vi->usable_leb_size;
}

/*
 * @capacity: what the volume can hold (reserved LEBs) rather than the
 * bytes of data in it
 */
static u64 mtk_bm_ubi_slot_size(struct mtk_bm_slot *s, bool capacity, char *err,
				size_t errlen)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	u64 size;

	desc = mtk_bm_ubi_open(s, &vi, err, errlen);
	if (IS_ERR(desc))
		return 0;
	size = capacity ? (u64)vi.size * vi.usable_leb_size : mtk_bm_ubi_bytes(&vi);
	if (!size)
		mtk_fmt_msg(err, errlen, "UBI volume %s is empty", vi.name);
	ubi_close_volume(desc);
	return size;
}

int mtk_bm_ubi_read(struct mtk_bm_slot *s, void *buf, size_t len, size_t *got,
		    char *err, size_t errlen)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	int lnum = 0, ret = 0;
	u64 total;

	*got = 0;
	desc = mtk_bm_ubi_open(s, &vi, err, errlen);
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (vi.corrupted || vi.upd_marker) {
		mtk_fmt_msg(err, errlen, "UBI volume %s is %s", vi.name,
			    vi.corrupted ? "corrupted" : "half-updated (update marker set)");
		ret = -EBADMSG;
		goto out;
	}
	total = min_t(u64, mtk_bm_ubi_bytes(&vi), len);
	while (*got < total) {
		u64 in_leb = min_t(u64, mtk_bm_ubi_bytes(&vi) - *got,
				   vi.usable_leb_size);
		int n = min_t(u64, total - *got, vi.usable_leb_size);

		/*
		 * Static volumes verify the LEB's data CRC, which covers the
		 * whole data of the LEB: only ask for it on whole-LEB reads
		 * (UBI asserts that a checked read spans the LEB's data).
		 */
		ret = ubi_leb_read(desc, lnum, buf + *got, 0, n,
				   vi.vol_type == UBI_STATIC_VOLUME && n == in_leb);
		if (ret) {
			mtk_fmt_msg(err, errlen, "cannot read LEB %d of UBI volume %s", lnum,
				    vi.name);
			goto out;
		}
		*got += n;
		lnum++;
	}
out:
	ubi_close_volume(desc);
	return ret;
}

/**
 * mtk_bm_ubi_slot_name() - the current name of a ubi: slot's volume
 * @s: the slot, a ubi: location (medium lock held)
 * @name: receives the name ("" on failure)
 * @len: size of @name
 *
 * Return: 0, -EINVAL for a slot that is not ubi:, or the error of opening
 * the volume (-ENODEV: no such volume).
 */
static int mtk_bm_ubi_slot_name(struct mtk_bm_slot *s, char *name, size_t len)
{
	struct mtk_bm_medium *m = s->comp->medium;
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	char err[8];

	lockdep_assert_held(&m->lock);
	if (len)
		name[0] = '\0';
	if (s->loc.type != MTK_BM_LOC_UBI)
		return -EINVAL;
	desc = mtk_bm_ubi_open(s, &vi, err, sizeof(err));
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	strscpy(name, vi.name, len);
	ubi_close_volume(desc);
	return 0;
}

/* what mtk_bm_ubi_find() found: the slot whose volume is named fip */

/*
 * Find the slot of @c whose volume is currently named "fip". Return: 0
 * with @f filled (@f->bootable false: with the reason in @err), or
 * -ENOENT with the reason in @err.
 */
int mtk_bm_ubi_find(struct mtk_bm_medium *m, struct mtk_bm_component *c,
		    struct mtk_bm_ubi_found *f, char *err, size_t errlen)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	struct mtk_bm_slot *s;
	char why[128];
	int ubi_num = -1;

	memset(f, 0, sizeof(*f));
	if (!m->enabled || READ_ONCE(m->gone)) {
		mtk_fmt_msg(err, errlen, "medium not bound");
		return -ENODEV;
	}
	list_for_each_entry(s, &m->slots, node) {
		if (s->comp != c || s->loc.type != MTK_BM_LOC_UBI)
			continue;
		ubi_num = s->loc.ubi_num;
		desc = mtk_bm_ubi_open(s, &vi, why, sizeof(why));
		if (IS_ERR(desc))
			continue;
		if (!strcmp(vi.name, MTK_BM_BOOT_NAME)) {
			f->slot = s;
			f->vol_id = vi.vol_id;
			f->bootable = vi.vol_type == UBI_STATIC_VOLUME &&
				      vi.vol_id < MTK_BM_UBI_BL2_VOL_IDS;
			if (!f->bootable)
				mtk_fmt_msg(err, errlen,
					    "volume %s of slot %s (id %d, %s) cannot boot: BL2 only loads a static volume named %s with an id below %d",
					    MTK_BM_BOOT_NAME, mtk_bm_ubi_item_name(s), vi.vol_id,
					    vi.vol_type == UBI_STATIC_VOLUME ? "static" : "dynamic",
					    MTK_BM_BOOT_NAME, MTK_BM_UBI_BL2_VOL_IDS);
			ubi_close_volume(desc);
			return 0;
		}
		ubi_close_volume(desc);
	}
	if (ubi_num < 0) {
		mtk_fmt_msg(err, errlen, "no slot with a ubi: location");
		return -ENOENT;
	}
	/* not a slot's: is there one at all? */
	desc = ubi_open_volume_nm(ubi_num, MTK_BM_BOOT_NAME, UBI_READONLY);
	if (IS_ERR(desc)) {
		mtk_fmt_msg(err, errlen, "no volume named %s on ubi%d (%pe)",
			    MTK_BM_BOOT_NAME, ubi_num, desc);
		return -ENOENT;
	}
	ubi_get_volume_info(desc, &vi);
	mtk_fmt_msg(err, errlen, "volume %s on ubi%d (id %d) is not the volume of a slot of %s",
		    MTK_BM_BOOT_NAME, ubi_num, vi.vol_id, config_item_name(&c->group.cg_item));
	ubi_close_volume(desc);
	return -ENOENT;
}

/*
 * Runs with UBI's locks held: opening volumes here would deadlock, so only
 * queue the works of the media that have slots on this UBI device.
 */
static int mtk_bm_ubi_notify(struct notifier_block *nb, unsigned long type,
			     void *data)
{
	struct ubi_notification *nt = data;
	struct mtk_bm_medium *m;
	int num = nt->vi.ubi_num;
	bool fip = true;

	if (num < 0 || num >= MTK_BM_UBI_DEVS)
		return NOTIFY_DONE;
	/* every notification of the device, whatever its type: the witness */
	spin_lock(&mtk_bm_ubi_lock);
	mtk_bm_ubi_events[num]++;
	spin_unlock(&mtk_bm_ubi_lock);
	switch (type) {
	case UBI_VOLUME_ADDED:
	case UBI_VOLUME_REMOVED:
	case UBI_VOLUME_RESIZED:
	case UBI_VOLUME_RENAMED:
	case UBI_VOLUME_UPDATED:
		break;
	default:
		return NOTIFY_DONE;
	}
	/* test build, race=renamed: a re-check queued before runs first */
	if (type == UBI_VOLUME_RENAMED)
		mtk_bm_test_sleep("renamed");
	/*
	 * new data in a volume not named "fip" (an install writing the
	 * inactive slot) leaves the active volume as it was: the re-check
	 * need not read it again (issue 17: it read the whole active FIP on
	 * every install's update of the other volume)
	 */
	if ((type == UBI_VOLUME_UPDATED || type == UBI_VOLUME_RESIZED) &&
	    strncmp(nt->vi.name, MTK_BM_BOOT_NAME, sizeof(MTK_BM_BOOT_NAME)))
		fip = false;
	spin_lock(&mtk_bm_ubi_lock);
	list_for_each_entry(m, &mtk_bm_ubi_media, ubi_node) {
		if (m->ubi_devs & BIT(num)) {
			/* a rename moves names, no volume's data */
			if (type != UBI_VOLUME_RENAMED)
				atomic_inc(&m->ubi_changes);
			if (fip)
				set_bit(MTK_BM_RECHECK_ACTIVE, &m->recheck_flags);
			queue_work(system_long_wq, &m->recheck_work);
		}
	}
	spin_unlock(&mtk_bm_ubi_lock);
	return NOTIFY_OK;
}

static struct notifier_block mtk_bm_ubi_nb = {
	.notifier_call = mtk_bm_ubi_notify,
};

/**
 * mtk_bm_ubi_bind() - resolve the ubi: slots of a medium being bound
 * @m: the medium (lock held)
 *
 * Every ubi: slot gets the id of the volume its configured name names now,
 * or -1 when there is none (resolved by name on its next use), and the
 * medium goes on the list the volume notifier sees.
 *
 * Return: 0 (a missing volume is not an error).
 */
static int mtk_bm_ubi_bind(struct mtk_bm_medium *m)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	struct mtk_bm_slot *s;
	char err[8];
	u32 devs = 0;

	lockdep_assert_held(&m->lock);
	list_for_each_entry(s, &m->slots, node) {
		s->ubi_vol_id = -1;
		if (s->loc.type == MTK_BM_LOC_UBI)
			devs |= BIT(s->loc.ubi_num);
	}
	if (!devs)
		return 0;
	/* what changed while unbound was not counted */
	atomic_inc(&m->ubi_changes);
	spin_lock(&mtk_bm_ubi_lock);
	m->ubi_devs = devs;
	list_add_tail(&m->ubi_node, &mtk_bm_ubi_media);
	spin_unlock(&mtk_bm_ubi_lock);
	/* on the list: mtk_bm_ubi_open() records the ids */
	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type != MTK_BM_LOC_UBI)
			continue;
		desc = mtk_bm_ubi_open(s, &vi, err, sizeof(err));
		if (!IS_ERR(desc))
			ubi_close_volume(desc);
	}
	return 0;
}

/**
 * mtk_bm_ubi_unbind() - forget the volumes of a medium being unbound
 * @m: the medium (lock held)
 *
 * A queued re-check is cancelled; one already waiting for the medium lock
 * finds the medium unbound and does nothing. mtk_bm_medium_teardown()
 * waits for it before the medium goes.
 */
static void mtk_bm_ubi_unbind(struct mtk_bm_medium *m)
{
	struct mtk_bm_slot *s;

	lockdep_assert_held(&m->lock);
	spin_lock(&mtk_bm_ubi_lock);
	list_del_init(&m->ubi_node);
	m->ubi_devs = 0;
	spin_unlock(&mtk_bm_ubi_lock);
	cancel_work(&m->recheck_work);
	list_for_each_entry(s, &m->slots, node)
		s->ubi_vol_id = -1;
}

static int mtk_bm_ubi_init(void)
{
	/* media bind later: no replay of the existing volumes */
	return ubi_register_volume_notifier(&mtk_bm_ubi_nb, 1);
}

static void mtk_bm_ubi_exit(void)
{
	ubi_unregister_volume_notifier(&mtk_bm_ubi_nb);
	mtk_bm_check_empty(&mtk_bm_ubi_media, "UBI media");
}

/**
 * mtk_bm_ubi_slot_witness() - what tells a ubi: slot's volume was not written
 * @s: the slot of a bound medium (lock held)
 * @w: receives the witness
 *
 * Issue 17. Only an update (UBI_IOCVOLUP: ubiupdatevol, a truncation
 * included) writes the data of a static volume: the in-kernel API
 * (ubi_leb_write, ubi_leb_change, ubi_leb_erase, ubi_leb_unmap,
 * ubi_leb_map: gluebi and every kernel user), the atomic LEB change
 * (UBI_IOCEBCH), LEB erase (UBI_IOCEBER) and direct writes (the
 * UBI_VOL_PROP_DIRECT_WRITE path) refuse static volumes with -EROFS, and
 * ubiblock is read-only (drivers/mtd/ubi/kapi.c, cdev.c, block.c of 6.1
 * and 6.12). An update holds the volume exclusively from its start to
 * after its UBI_VOLUME_UPDATED notification, so a read-only open fails
 * (-EBUSY) all the while, and one that stops short leaves the update
 * marker set and sends nothing. Removal, creation, resize, rename and a
 * detach notify too. Hence @w->writes, the notifications of the volume's
 * device counted by mtk_bm_ubi_notify(), read after the volume was opened
 * (the open follows the updater's release of its exclusive hold, which
 * follows its notification); @w->start the device and volume id,
 * @w->len the volume's data bytes, @w->id the CRC32 of its name (what BL2
 * looks it up by). Wear levelling and scrubbing move a LEB with its data.
 * Not seen: writes to the MTD device under an attached UBI (/dev/mtdN;
 * UBI does not know them either) and NAND cells that change by
 * themselves, as MMC_IOC_CMD and the card's own changes are not seen on
 * eMMC (block.c).
 *
 * Return: 0; -EOPNOTSUPP for a dynamic volume (direct writes, the atomic
 * LEB change and kernel users write it without a notification); -EBUSY
 * for a volume being updated, half-updated or corrupted; the error of
 * opening it.
 */
static int mtk_bm_ubi_slot_witness(struct mtk_bm_slot *s, struct mtk_bm_witness *w)
{
	struct ubi_volume_desc *desc;
	struct ubi_volume_info vi;
	char err[8];
	int ret = 0;

	if (s->loc.type != MTK_BM_LOC_UBI || s->loc.ubi_num < 0 ||
	    s->loc.ubi_num >= MTK_BM_UBI_DEVS)
		return -EOPNOTSUPP;
	desc = mtk_bm_ubi_open(s, &vi, err, sizeof(err));
	if (IS_ERR(desc))
		return PTR_ERR(desc);
	if (vi.vol_type != UBI_STATIC_VOLUME)
		ret = -EOPNOTSUPP;
	else if (vi.upd_marker || vi.corrupted)
		ret = -EBUSY;
	if (!ret) {
		spin_lock(&mtk_bm_ubi_lock);
		w->writes = mtk_bm_ubi_events[vi.ubi_num];
		spin_unlock(&mtk_bm_ubi_lock);
		w->start = (u64)vi.ubi_num << 32 | (u32)vi.vol_id;
		w->len = vi.used_bytes;
		w->id = mtk_fmt_crc32(0, vi.name, vi.name_len);
	}
	ubi_close_volume(desc);
	return ret;
}

static int mtk_bm_ubi_target(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
			     size_t errlen)
{
	return mtk_fmt_fail(err, errlen, EOPNOTSUPP,
			    "the kernel cannot write static UBI volumes: use ubiupdatevol (mtk-bootmedia install)");
}

const struct mtk_bm_media mtk_bm_media_ubi = {
	.name = "ubi",
	.medium = &mtk_bm_media_mtd,
	.init = mtk_bm_ubi_init,
	.exit = mtk_bm_ubi_exit,
	.attach = mtk_bm_ubi_bind,
	.detach = mtk_bm_ubi_unbind,
	.slot_size = mtk_bm_ubi_slot_size,
	.slot_read = mtk_bm_ubi_read,
	.slot_name = mtk_bm_ubi_slot_name,
	.slot_target = mtk_bm_ubi_target,
	.slot_witness = mtk_bm_ubi_slot_witness,
};
