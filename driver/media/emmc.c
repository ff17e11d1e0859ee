// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: eMMC media. The card is found from its disk (mmcblkN):
 * the disk device's ancestors lead to the device on the "mmc" bus, which
 * is embedded in struct mmc_card. References are held on the card and on
 * the main and boot disks while bound; a notifier on the card's bus tells
 * when the card goes away. No reference is held on the host: card->host
 * is used only before the card's removal (below), and a late put of the
 * host's class device would run its release, which reads host->parent,
 * after the controller's device may be gone.
 *
 * Commands to the card (EXT_CSD, PARTITION_CONFIG, BOOT_WP) are in
 * emmc_card.c, each under medium->io_sem for reading after a check of
 * `gone`; the bus notifier here sets `gone` under io_sem for writing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/device.h>
#include <linux/major.h>
#include <linux/mm.h>
#include <linux/mmc/card.h>
#include <linux/mmc/core.h>
#include <linux/mmc/host.h>
#include <linux/mmc/mmc.h>
#include <linux/of.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "backend.h"

/* bound eMMC media, to refuse a second medium on the same card */
static DEFINE_MUTEX(mtk_bm_emmc_mutex);
static LIST_HEAD(mtk_bm_emmc_media);

static int mtk_bm_mmc_bus_notify(struct notifier_block *nb, unsigned long action,
				 void *data)
{
	struct mtk_bm_medium *m = container_of(nb, struct mtk_bm_medium, mmc_nb);

	if (action != BUS_NOTIFY_DEL_DEVICE || data != &m->card->dev)
		return NOTIFY_DONE;
	/* the command in flight ends, no other starts (its holder has no lock we take) */
	down_write(&m->io_sem);
	WRITE_ONCE(m->gone, true);
	up_write(&m->io_sem);
	mtk_bm_mark_gone(m);
	return NOTIFY_DONE;
}

static struct mmc_card *mtk_bm_card_of_disk(struct gendisk *disk)
{
	struct device *dev;

	for (dev = disk_to_dev(disk)->parent; dev; dev = dev->parent) {
		if (dev->bus && !strcmp(dev->bus->name, "mmc"))
			return container_of(dev, struct mmc_card, dev);
	}
	return NULL;
}

static void mtk_bm_emmc_put_refs(struct mtk_bm_medium *m)
{
	int i;

	mutex_lock(&mtk_bm_emmc_mutex);
	if (!list_empty(&m->emmc_node))
		list_del_init(&m->emmc_node);
	mutex_unlock(&mtk_bm_emmc_mutex);

	for (i = 0; i < 2; i++) {
		if (m->bootdisk[i])
			put_device(disk_to_dev(m->bootdisk[i]));
		m->bootdisk[i] = NULL;
	}
	if (m->disk)
		put_device(disk_to_dev(m->disk));
	m->disk = NULL;
	if (m->card)
		put_device(&m->card->dev);
	m->card = NULL;
}

static int mtk_bm_emmc_find(struct mtk_bm_medium *m)
{
	const char *name = m->device + 4;
	struct mtk_bm_medium *o;
	struct mtk_bm_bdev b;
	char path[MTK_BM_DEVICE_LEN + 8];
	struct mmc_card *card;
	dev_t devt;
	int ret, i;

	/*
	 * By path, in the writer's mount namespace (devtmpfs names the disk
	 * as mmc_block does): the kernel exports no lookup of a disk by name
	 * (blk_lookup_devt() is gone in 6.12, block_class is not exported).
	 * The DT path finds the controller by its node and does not need it.
	 */
	mtk_fmt_msg(path, sizeof(path), "/dev/%s", name);
	ret = lookup_bdev(path, &devt);
	if (ret)
		return mtk_bm_set_status(m, ret == -ENOENT ? -ENODEV : ret,
					 "no disk %s (%s)", name, path);
	ret = mtk_bm_bdev_open(devt, false, &b);
	if (ret)
		return mtk_bm_set_status(m, ret, "cannot open %s", path);
	if (b.bdev->bd_disk->major != MMC_BLOCK_MAJOR || bdev_is_partition(b.bdev) ||
	    strcmp(b.bdev->bd_disk->disk_name, name)) {
		mtk_bm_bdev_close(&b);
		return mtk_bm_set_status(m, -EMEDIUMTYPE, "%s is not a whole MMC disk", name);
	}
	m->disk = b.bdev->bd_disk;
	get_device(disk_to_dev(m->disk));
	mtk_bm_bdev_close(&b);

	card = mtk_bm_card_of_disk(m->disk);
	if (!card || !mmc_card_mmc(card)) {
		mtk_bm_emmc_put_refs(m);
		return mtk_bm_set_status(m, -EMEDIUMTYPE, "%s is not on an eMMC card", name);
	}
	get_device(&card->dev);
	m->card = card;
	mutex_lock(&mtk_bm_emmc_mutex);
	ret = 0;
	list_for_each_entry(o, &mtk_bm_emmc_media, emmc_node) {
		if (o->card == card) {
			ret = mtk_bm_set_status(m, -EBUSY, "%s is already bound by medium %s",
						name, config_item_name(&o->group.cg_item));
			break;
		}
	}
	if (!ret)
		list_add_tail(&m->emmc_node, &mtk_bm_emmc_media);
	mutex_unlock(&mtk_bm_emmc_mutex);
	if (ret) {
		mtk_bm_emmc_put_refs(m);
		return ret;
	}
	for (i = 0; i < 2; i++) {
		char bname[DISK_NAME_LEN + 8];
		struct device *dev;

		mtk_fmt_msg(bname, sizeof(bname), "%sboot%d", name, i);
		dev = device_find_child_by_name(disk_to_dev(m->disk), bname);
		if (!dev) {
			mtk_bm_emmc_put_refs(m);
			return mtk_bm_set_status(m, -ENODEV, "%s has no boot partition %s", name,
						 bname);
		}
		m->bootdisk[i] = dev_to_disk(dev);
	}
	return 0;
}

static void mtk_bm_emmc_unbind(struct mtk_bm_medium *m);
static int mtk_bm_emmc_set_ro(struct mtk_bm_area *a, bool ro);

/**
 * mtk_bm_emmc_check_location() - may a slot name this eMMC location? (at `location`)
 * @m: the medium, not bound (lock held)
 * @loc: an emmc: or gpt: location
 * @why: the reason of a refusal
 * @len: size of @why
 *
 * Checked when the medium's device names a disk ("mmc:<disk>") that exists
 * now, found by path as bind finds it: the boot disk of an emmc: location,
 * the partition the kernel shows with a gpt: location's name, must not be
 * mounted or held exclusively (mtk_bm_block_check_free()). Bind checks
 * again, the gpt: partition by the GPT entry it resolves.
 *
 * Return: 0, -EBUSY (in use) or an open error with @why set.
 */
int mtk_bm_emmc_check_location(struct mtk_bm_medium *m, const struct mtk_bm_location *loc,
			       char *why, size_t len)
{
	char path[MTK_BM_DEVICE_LEN + 16];
	struct mtk_bm_bdev b;
	dev_t devt;
	int ret;

	if (strncmp(m->device, "mmc:", 4) ||
	    (loc->type != MTK_BM_LOC_EMMC_BOOT && loc->type != MTK_BM_LOC_GPT))
		return 0;
	if (loc->type == MTK_BM_LOC_GPT)
		mtk_fmt_msg(path, sizeof(path), "/dev/%s", m->device + 4);
	else
		mtk_fmt_msg(path, sizeof(path), "/dev/%sboot%u", m->device + 4, loc->boot);
	/* not there (yet): bind tells */
	if (lookup_bdev(path, &devt) || mtk_bm_bdev_open(devt, false, &b))
		return 0;
	ret = 0;
	if (b.bdev->bd_disk->major == MMC_BLOCK_MAJOR && !bdev_is_partition(b.bdev))
		ret = mtk_bm_block_check_free(m, b.bdev->bd_disk, loc->type == MTK_BM_LOC_GPT,
					      loc->name, 0, why, len);
	mtk_bm_bdev_close(&b);
	return ret;
}

/* at bind: no emmc: or gpt: slot is mounted or held (status set) */
static int mtk_bm_emmc_check_slots(struct mtk_bm_medium *m)
{
	struct mtk_bm_slot *s;
	char why[160];
	u64 first, nr;
	int ret = 0;

	list_for_each_entry(s, &m->slots, node) {
		if (s->loc.type == MTK_BM_LOC_EMMC_BOOT)
			ret = mtk_bm_block_check_free(m, m->bootdisk[s->loc.boot], false, NULL, 0,
						      why, sizeof(why));
		else if (s->loc.type == MTK_BM_LOC_GPT)
			ret = mtk_bm_gpt_slot(m, s, &first, &nr, NULL, 0, why, sizeof(why)) ?:
			      mtk_bm_block_check_free(m, m->disk, true, NULL, first, why,
						      sizeof(why));
		if (ret)
			return mtk_bm_set_status(m, ret, "slot %s/%s: %s",
						 config_item_name(&s->comp->group.cg_item),
						 config_item_name(&s->group.cg_item), why);
	}
	return 0;
}

/**
 * mtk_bm_emmc_bind() - take the card and its boot disks
 * @m: the medium (lock held)
 *
 * Return: 0, or a negative errno with the reason in status; nothing held
 * on failure.
 */
static int mtk_bm_emmc_bind(struct mtk_bm_medium *m)
{
	struct mtk_bm_area *a;
	u8 *ext;
	int ret, i;

	ret = mtk_bm_emmc_find(m);
	if (ret)
		return ret;
	m->mmc_nb.notifier_call = mtk_bm_mmc_bus_notify;
	ret = bus_register_notifier(m->card->dev.bus, &m->mmc_nb);
	if (ret) {
		mtk_bm_emmc_put_refs(m);
		return mtk_bm_set_status(m, ret, "cannot watch the MMC bus");
	}
	m->mmc_nb_registered = true;

	/* layout check: the core's cached EXT_CSD must be the card's */
	ext = kmalloc(512, GFP_KERNEL);
	if (!ext) {
		ret = -ENOMEM;
		goto fail;
	}
	ret = mtk_bm_emmc_read_ext_csd(m, ext);
	if (ret) {
		mtk_bm_set_status(m, ret, "cannot read EXT_CSD of %s", m->device);
	} else if (m->card->ext_csd.rev != ext[EXT_CSD_REV] ||
		   m->card->ext_csd.part_config != ext[EXT_CSD_PART_CONFIG]) {
		ret = mtk_bm_set_status(m, -EIO,
					"the MMC core's cached EXT_CSD (rev %u, PARTITION_CONFIG 0x%02x) disagrees with the card (rev %u, 0x%02x): refusing to bind",
					m->card->ext_csd.rev, m->card->ext_csd.part_config,
					ext[EXT_CSD_REV], ext[EXT_CSD_PART_CONFIG]);
	} else if (m->card->ext_csd.rev < 3) {
		ret = mtk_bm_set_status(m, -EMEDIUMTYPE,
					"EXT_CSD revision %u has no boot partitions",
					m->card->ext_csd.rev);
	}
	kfree(ext);
	if (ret)
		goto fail;

	for (i = 0; i < 2; i++) {
		a = kzalloc(sizeof(*a), GFP_KERNEL);
		if (!a) {
			ret = -ENOMEM;
			goto fail;
		}
		a->medium = m;
		a->type = MTK_BM_AREA_EMMC_BOOT;
		a->disk = m->bootdisk[i];
		a->boot = i;
		a->protect = true;
		a->was_writeable = !get_disk_ro(a->disk);
		INIT_LIST_HEAD(&a->mtd_node);
		strscpy(a->name, a->disk->disk_name, sizeof(a->name));
		list_add_tail(&a->node, &m->areas);
	}
	/* gpt: slots to their GPT entries (status set on failure) */
	ret = mtk_bm_gpt_bind(m);
	if (ret)
		goto fail;
	/* a slot mounted or held by another: refused */
	ret = mtk_bm_emmc_check_slots(m);
	if (ret)
		goto fail;
	return 0;
fail:
	mtk_bm_emmc_unbind(m);
	return ret;
}

static void mtk_bm_emmc_unbind(struct mtk_bm_medium *m)
{
	struct mtk_bm_area *a, *tmp;
	struct mtk_bm_slot *s;

	m->ext_cached = false;
	list_for_each_entry(s, &m->slots, node)
		s->gpt_index = -1;
	list_for_each_entry_safe(a, tmp, &m->areas, node) {
		/* leave the boot disks as found (mmc_block makes them read-only) */
		if (!READ_ONCE(m->gone) && disk_live(a->disk) && !a->was_writeable)
			mtk_bm_emmc_set_ro(a, true);
		list_del(&a->node);
		kfree(a);
	}
	if (m->mmc_nb_registered)
		bus_unregister_notifier(m->card->dev.bus, &m->mmc_nb);
	m->mmc_nb_registered = false;
	mtk_bm_emmc_put_refs(m);
}

/* The boot disk's read-only flag, as force_ro of mmc_block sets it */
static int mtk_bm_emmc_set_ro(struct mtk_bm_area *a, bool ro)
{
	struct mtk_bm_medium *m = a->medium;
	bool hw_ro;

	if (READ_ONCE(m->gone) || !disk_live(a->disk))
		return -ENODEV;
	hw_ro = !(m->card->csd.cmdclass & CCC_BLOCK_WRITE);
	if (!ro && hw_ro)
		return -EROFS;
	set_disk_ro(a->disk, ro || hw_ro);
	/* blockdev --setro is another flag that set_disk_ro() leaves alone */
	if (!ro && get_disk_ro(a->disk))
		return -EROFS;
	return 0;
}

static bool mtk_bm_emmc_ro(struct mtk_bm_area *a)
{
	return get_disk_ro(a->disk);
}

bool mtk_bm_emmc_wp_locked(struct mtk_bm_medium *m)
{
	return m->card && (m->card->ext_csd.boot_ro_lock &
			   (EXT_CSD_BOOT_WP_B_PWR_WP_EN | EXT_CSD_BOOT_WP_B_PERM_WP_EN));
}

/*
 * DT node of the MMC controller of the bound card, referenced (lock held);
 * under io_sem, as a command: the controller device is the host's parent
 */
static struct device_node *mtk_bm_emmc_of_node(struct mtk_bm_medium *m)
{
	struct device_node *np = NULL;

	down_read(&m->io_sem);
	if (m->card && !READ_ONCE(m->gone))
		np = of_node_get(mmc_dev(m->card->host)->of_node);
	up_read(&m->io_sem);
	return np;
}

static const char *mtk_bm_emmc_lift_refused(struct mtk_bm_medium *m)
{
	if (!mtk_bm_emmc_wp_locked(m))
		return NULL;
	return "the eMMC boot areas are write-protected by BOOT_WP until the next power cycle";
}

/* an emmc: slot: its boot disk from the start */
static int mtk_bm_emmc_target(struct mtk_bm_slot *s, struct mtk_bm_wreq *w, char *err,
			      size_t errlen)
{
	w->disk = s->comp->medium->bootdisk[s->loc.boot];
	return 0;
}

const struct mtk_bm_media mtk_bm_media_emmc = {
	.name = "emmc",
	.medium = &mtk_bm_media_emmc,
	.check_location = mtk_bm_emmc_check_location,
	.bind = mtk_bm_emmc_bind,
	.unbind = mtk_bm_emmc_unbind,
	.of_node = mtk_bm_emmc_of_node,
	.area_ro = mtk_bm_emmc_ro,
	.area_set_ro = mtk_bm_emmc_set_ro,
	.lift_refused = mtk_bm_emmc_lift_refused,
	.card_read = mtk_bm_emmc_read_ext_csd,
	.card_set_boot = mtk_bm_emmc_set_boot,
	.card_boot_wp = mtk_bm_emmc_boot_wp,
	.card_wp_locked = mtk_bm_emmc_wp_locked,
	.gpt_add_sector = mtk_bm_gpt_add_sector,
	.write = mtk_bm_block_write,
	.slot_size = mtk_bm_block_slot_size,
	.slot_read = mtk_bm_block_slot_read,
	.slot_witness = mtk_bm_block_slot_witness,
	.slot_target = mtk_bm_emmc_target,
};
