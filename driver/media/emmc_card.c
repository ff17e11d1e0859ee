// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: eMMC media: the commands to the bound card (EXT_CSD read,
 * PARTITION_CONFIG and BOOT_WP writes); emmc.c finds, holds and watches
 * the card.
 *
 * Every command runs with the card claimed (mmc_get_card()) under
 * medium->io_sem for reading, after a check of `gone` under it; emmc.c's
 * bus notifier sets `gone` under io_sem for writing. So the card's
 * removal waits for a command in flight, and once its notifier returned
 * no command starts: a host is torn down only after its card was removed
 * (mmc_remove_host() -> mmc_stop_host(), which calls bus_ops->remove()
 * unclaimed, then claims the host), so no claim reaches a host being
 * removed. The holder of io_sem takes no lock the removal holds.
 *
 * PARTITION_CONFIG [179] is cached by the MMC core in
 * card->ext_csd.part_config (public struct mmc_card) and mmc_block rewrites
 * the whole byte from that cache at every partition switch. This module
 * writes the byte under the card claim keeping the PARTITION_ACCESS bits
 * the cache (and so mmc_block's private part_curr) holds, then updates the
 * cache: mmc_block's private struct mmc_blk_data is never touched, so no
 * private layout is assumed. The one layout we do rely on, struct mmc_card
 * from the public header, is checked at bind: the cached byte must match
 * the card's EXT_CSD, or the bind is refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mmc/card.h>
#include <linux/mmc/core.h>
#include <linux/mmc/host.h>
#include <linux/mmc/mmc.h>
#include <linux/rwsem.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "mmc_priv.h"
#include "backend.h"

#define EXT_CSD_BOOT_WP_STATUS		174
#define PART_CONFIG_ACK			0x40
#define PART_CONFIG_BOOT_MASK		0x38
#define PART_CONFIG_BOOT_SHIFT		3
#define BOOT_WP_SEC_SEL			0x80
#define BOOT_WP_PWR_WP_DIS		0x40

/*
 * Claim the card, io_sem held for reading until mtk_bm_card_release();
 * -ENODEV once the card's removal began (its host may be torn down next)
 */
static int mtk_bm_card_claim(struct mtk_bm_medium *m)
{
	down_read(&m->io_sem);
	if (!m->card || READ_ONCE(m->gone)) {
		up_read(&m->io_sem);
		return -ENODEV;
	}
	/* test build only (race=card): lockless before issue 13's fix */
	mtk_bm_test_sleep("card");
	mmc_get_card(m->card, NULL);
	return 0;
}

static void mtk_bm_card_release(struct mtk_bm_medium *m)
{
	mmc_put_card(m->card, NULL);
	up_read(&m->io_sem);
}

static int mtk_bm_ext_csd_claimed(struct mtk_bm_medium *m, u8 *out)
{
	u8 *ext;
	int ret;

	ret = mmc_get_ext_csd(m->card, &ext);
	if (ret)
		return ret;
	memcpy(out, ext, 512);
	kfree(ext);
	/* what the world-readable attributes show (configfs/card.c) */
	m->ext_part_config = out[EXT_CSD_PART_CONFIG];
	m->ext_boot_wp_status = out[EXT_CSD_BOOT_WP_STATUS];
	m->ext_cached = true;
	return 0;
}

/*
 * Claim the card and read its EXT_CSD into a new 512-byte buffer (*ext):
 * the card stays claimed until mtk_bm_card_put_ext(). On failure nothing
 * is held and status names the reason (none for -ENOMEM).
 */
static int mtk_bm_card_get_ext(struct mtk_bm_medium *m, u8 **ext)
{
	u8 *buf;
	int ret;

	buf = kmalloc(512, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = mtk_bm_card_claim(m);
	if (ret) {
		kfree(buf);
		return mtk_bm_set_status(m, ret, "the card went away");
	}
	ret = mtk_bm_ext_csd_claimed(m, buf);
	if (ret) {
		mtk_bm_set_status(m, ret, "cannot read EXT_CSD");
		mtk_bm_card_release(m);
		kfree(buf);
		return ret;
	}
	*ext = buf;
	return 0;
}

static void mtk_bm_card_put_ext(struct mtk_bm_medium *m, u8 *ext)
{
	mtk_bm_card_release(m);
	kfree(ext);
}

/* Read EXT_CSD (512 bytes) from the card (lock held) */
int mtk_bm_emmc_read_ext_csd(struct mtk_bm_medium *m, u8 *ext)
{
	int ret = mtk_bm_card_claim(m);

	if (ret)
		return ret;
	ret = mtk_bm_ext_csd_claimed(m, ext);
	mtk_bm_card_release(m);
	return ret;
}

/**
 * mtk_bm_emmc_set_boot() - write BOOT_PARTITION_ENABLE and/or BOOT_ACK
 * @m: bound eMMC medium (lock held)
 * @boot_sel: 0 none, 1 boot0, 2 boot1, 7 user; -1 to keep
 * @ack: 0 or 1; -1 to keep
 *
 * One CMD6 to PARTITION_CONFIG under the card claim, keeping the
 * PARTITION_ACCESS bits, then the MMC core's cache, then EXT_CSD read back.
 *
 * Return: 0 or a negative errno with the reason in status.
 */
int mtk_bm_emmc_set_boot(struct mtk_bm_medium *m, int boot_sel, int ack)
{
	struct mmc_card *card = m->card;
	u8 *ext, cur, val;
	int ret, err;

	ret = mtk_bm_card_get_ext(m, &ext);
	if (ret)
		return ret;
	cur = ext[EXT_CSD_PART_CONFIG];
	if ((cur & ~EXT_CSD_PART_CONFIG_ACC_MASK) !=
	    (card->ext_csd.part_config & ~EXT_CSD_PART_CONFIG_ACC_MASK)) {
		ret = mtk_bm_set_status(m, -EIO,
					"PARTITION_CONFIG of the card (0x%02x) and of the MMC core's cache (0x%02x) differ: changed behind the kernel's back; power-cycle or fix with mmc-utils",
					cur, card->ext_csd.part_config);
		goto out;
	}
	val = card->ext_csd.part_config & EXT_CSD_PART_CONFIG_ACC_MASK;
	val |= ack < 0 ? cur & PART_CONFIG_ACK : (ack ? PART_CONFIG_ACK : 0);
	val |= boot_sel < 0 ? cur & PART_CONFIG_BOOT_MASK : boot_sel << PART_CONFIG_BOOT_SHIFT;
	if (val == card->ext_csd.part_config) {
		mtk_bm_set_status(m, 0, "PARTITION_CONFIG already 0x%02x", val);
		goto out;
	}
	ret = mmc_switch(card, EXT_CSD_CMD_SET_NORMAL, EXT_CSD_PART_CONFIG, val,
			 card->ext_csd.part_time);
	/* a failed CMD6 may still have been applied: the card decides */
	err = mtk_bm_ext_csd_claimed(m, ext);
	if (!err)
		card->ext_csd.part_config =
			(ext[EXT_CSD_PART_CONFIG] & ~EXT_CSD_PART_CONFIG_ACC_MASK) |
			(val & EXT_CSD_PART_CONFIG_ACC_MASK);
	else if (!ret)
		card->ext_csd.part_config = val;
	/* mmc_block rewrites the byte from that cache at every switch */
	if (ret) {
		mtk_bm_set_status(m, ret, "CMD6 PARTITION_CONFIG 0x%02x -> 0x%02x failed",
				  cur, val);
		goto out;
	}
	if (err) {
		ret = mtk_bm_set_status(m, err,
					"PARTITION_CONFIG written but EXT_CSD cannot be read back");
		goto out;
	}
	if (ext[EXT_CSD_PART_CONFIG] != val) {
		ret = mtk_bm_set_status(m, -EIO,
					"the card shows PARTITION_CONFIG 0x%02x after writing 0x%02x",
					ext[EXT_CSD_PART_CONFIG], val);
		goto out;
	}
	mtk_bm_set_status(m, 0, "PARTITION_CONFIG 0x%02x -> 0x%02x, read back", cur, val);
out:
	mtk_bm_card_put_ext(m, ext);
	return ret;
}

/**
 * mtk_bm_emmc_boot_wp() - power-on write protection of both boot areas
 * (until the next power cycle), then read BOOT_WP_STATUS back
 * @m: bound eMMC medium (lock held)
 *
 * Return: 0 or a negative errno with the reason in status.
 */
int mtk_bm_emmc_boot_wp(struct mtk_bm_medium *m)
{
	struct mmc_card *card = m->card;
	u8 *ext, val, st;
	int ret, i;

	if (!card->ext_csd.boot_ro_lockable)
		return mtk_bm_set_status(m, -EOPNOTSUPP,
					 "the card has no boot write protection (EXT_CSD rev < 4)");
	ret = mtk_bm_card_get_ext(m, &ext);
	if (ret)
		return ret;
	if (ext[EXT_CSD_BOOT_WP] & BOOT_WP_PWR_WP_DIS) {
		ret = mtk_bm_set_status(m, -EPERM,
					"BOOT_WP has B_PWR_WP_DIS set: no power-on protection until the next power cycle");
		goto out;
	}
	/* both areas (no B_SEC_WP_SEL), as mmc_block's ro_lock_until_next_power_on */
	val = (card->ext_csd.boot_ro_lock | EXT_CSD_BOOT_WP_B_PWR_WP_EN) & ~BOOT_WP_SEC_SEL;
	ret = mmc_switch(card, EXT_CSD_CMD_SET_NORMAL, EXT_CSD_BOOT_WP, val,
			 card->ext_csd.part_time);
	if (ret) {
		mtk_bm_set_status(m, ret, "CMD6 BOOT_WP 0x%02x failed", val);
		goto out;
	}
	card->ext_csd.boot_ro_lock |= EXT_CSD_BOOT_WP_B_PWR_WP_EN;
	for (i = 0; i < 2; i++)
		if (disk_live(m->bootdisk[i]))
			set_disk_ro(m->bootdisk[i], true);
	ret = mtk_bm_ext_csd_claimed(m, ext);
	if (ret) {
		mtk_bm_set_status(m, ret, "BOOT_WP written but EXT_CSD cannot be read back");
		goto out;
	}
	st = ext[EXT_CSD_BOOT_WP_STATUS];
	if (!(st & 0x03) || !(st & 0x0c)) {
		ret = mtk_bm_set_status(m, -EIO,
					"BOOT_WP_STATUS is 0x%02x after enabling power-on protection",
					st);
		goto out;
	}
	mtk_bm_set_status(m, 0, "boot areas write-protected until the next power cycle");
out:
	mtk_bm_card_put_ext(m, ext);
	return ret;
}
