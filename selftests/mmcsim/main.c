// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim - software eMMC card on a software MMC host, for tests only.
 *
 * The host registers with the MMC core like any controller driver; the core
 * and mmc_block enumerate the simulated card and create mmcblkN,
 * mmcblkNboot0 and mmcblkNboot1.  See README for the interface.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/mmc/card.h>
#include <linux/mmc/host.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "mmcsim.h"

static unsigned int user_size_mb = 7456;
module_param(user_size_mb, uint, 0444);
MODULE_PARM_DESC(user_size_mb, "User data area size in MiB (1..8192, default 7456)");

static unsigned int boot_size_kb = 4096;
module_param(boot_size_kb, uint, 0444);
MODULE_PARM_DESC(boot_size_kb, "Size of each boot area in KiB, multiple of 128 (128..32640, default 4096)");

static bool reliable_write = true;
module_param(reliable_write, bool, 0444);
MODULE_PARM_DESC(reliable_write, "Offer reliable write (WR_REL_PARAM EN_REL_WR, REL_WR_SEC_C=1; default 1)");

static unsigned int ext_csd_rev = 8;
module_param(ext_csd_rev, uint, 0444);
MODULE_PARM_DESC(ext_csd_rev, "EXT_CSD_REV: 5 = 4.41, 6 = 4.5, 7 = 5.0, 8 = 5.1 (default 8)");

static unsigned int part_config;
module_param(part_config, uint, 0444);
MODULE_PARM_DESC(part_config, "Initial PARTITION_CONFIG (BOOT_ACK bit 6, BOOT_PARTITION_ENABLE bits 5:3; default 0)");

static unsigned int part_switch_time = 1;
module_param(part_switch_time, uint, 0444);
MODULE_PARM_DESC(part_switch_time, "PARTITION_SWITCH_TIME in units of 10 ms (default 1)");

static unsigned int max_mem_mb = 256;
module_param(max_mem_mb, uint, 0444);
MODULE_PARM_DESC(max_mem_mb, "Memory limit for stored data in MiB; writes beyond it fail (default 256)");

static bool present = true;
module_param(present, bool, 0444);
MODULE_PARM_DESC(present, "Card in the slot at load time; 0 = insert it later with debugfs power_cycle (default 1)");

static struct platform_device *mmcsim_pdev;

static void mmcsim_req_work(struct work_struct *work)
{
	struct mmcsim *sim = container_of(work, struct mmcsim, req_work);
	struct mmc_request *mrq = sim->mrq;

	mutex_lock(&sim->lock);
	mmcsim_card_request(sim, mrq);
	mutex_unlock(&sim->lock);

	sim->mrq = NULL;
	mmc_request_done(sim->mmc, mrq);
}

static void mmcsim_request(struct mmc_host *mmc, struct mmc_request *mrq)
{
	struct mmcsim *sim = mmc_priv(mmc);

	WARN_ON(sim->mrq);
	sim->mrq = mrq;
	queue_work(sim->wq, &sim->req_work);
}

static void mmcsim_set_ios(struct mmc_host *mmc, struct mmc_ios *ios)
{
	struct mmcsim *sim = mmc_priv(mmc);
	bool on = ios->power_mode != MMC_POWER_OFF;

	mutex_lock(&sim->lock);
	if (sim->powered && !on)
		mmcsim_card_power_off(sim);
	sim->powered = on;
	mutex_unlock(&sim->lock);
}

static int mmcsim_get_cd(struct mmc_host *mmc)
{
	struct mmcsim *sim = mmc_priv(mmc);

	return READ_ONCE(sim->present);
}

static const struct mmc_host_ops mmcsim_ops = {
	.request	= mmcsim_request,
	.set_ios	= mmcsim_set_ios,
	.get_cd		= mmcsim_get_cd,
};

/*
 * Pull the card, power-cycle it and put it back: the core removes the old
 * card (mmc_block drops its disks) and enumerates it again.
 */
int mmcsim_power_cycle(struct mmcsim *sim)
{
	struct mmc_host *mmc = sim->mmc;

	WRITE_ONCE(sim->present, false);
	mmc_detect_change(mmc, 0);
	flush_delayed_work(&mmc->detect);

	mutex_lock(&sim->lock);
	mmcsim_card_power_cycle(sim);
	mutex_unlock(&sim->lock);

	WRITE_ONCE(sim->present, true);
	mmc_detect_change(mmc, 0);
	flush_delayed_work(&mmc->detect);
	return READ_ONCE(mmc->card) ? 0 : -ENODEV;
}

static int mmcsim_probe(struct platform_device *pdev)
{
	struct mmc_host *mmc;
	struct mmcsim *sim;
	int ret;

	mmc = mmc_alloc_host(sizeof(*sim), &pdev->dev);
	if (!mmc)
		return -ENOMEM;
	sim = mmc_priv(mmc);
	sim->mmc = mmc;
	mutex_init(&sim->lock);
	INIT_WORK(&sim->req_work, mmcsim_req_work);
	sim->cut_after = -1;
	sim->fail_opcode = MMCSIM_FAIL_ANY;
	sim->present = present;
	sim->chunks_max = (u64)max_mem_mb << (20 - MMCSIM_CHUNK_SHIFT);

	ret = -ENOMEM;
	sim->bounce = kvmalloc(MMCSIM_MAX_BLOCKS * MMCSIM_SECTOR_SIZE,
			       GFP_KERNEL);
	if (!sim->bounce)
		goto err_free;
	sim->wq = alloc_ordered_workqueue("mmcsim", WQ_MEM_RECLAIM);
	if (!sim->wq)
		goto err_free;

	mutex_lock(&sim->lock);
	mmcsim_card_init(sim, (u64)user_size_mb << 20, boot_size_kb << 10,
			 reliable_write, ext_csd_rev, part_config,
			 part_switch_time);
	mutex_unlock(&sim->lock);

	mmc->ops = &mmcsim_ops;
	mmc->f_min = 400000;
	mmc->f_max = 26000000;
	mmc->ocr_avail = MMC_VDD_32_33 | MMC_VDD_33_34 | MMC_VDD_165_195;
	mmc->caps = MMC_CAP_CMD23;
	mmc->caps2 = MMC_CAP2_NO_SDIO | MMC_CAP2_NO_SD;
	mmc->max_blk_size = MMCSIM_SECTOR_SIZE;
	mmc->max_blk_count = MMCSIM_MAX_BLOCKS;
	mmc->max_req_size = MMCSIM_MAX_BLOCKS * MMCSIM_SECTOR_SIZE;
	mmc->max_seg_size = mmc->max_req_size;
	mmc->max_segs = 128;
	mmc->max_busy_timeout = 0;

	platform_set_drvdata(pdev, sim);
	mmcsim_debugfs_init(sim);

	ret = mmc_add_host(mmc);
	if (ret)
		goto err_debugfs;
	return 0;

err_debugfs:
	mmcsim_debugfs_exit(sim);
err_free:
	if (sim->wq)
		destroy_workqueue(sim->wq);
	kvfree(sim->bounce);
	mmc_free_host(mmc);
	return ret;
}

static void mmcsim_teardown(struct platform_device *pdev)
{
	struct mmcsim *sim = platform_get_drvdata(pdev);
	struct mmc_host *mmc = sim->mmc;
	int i;

	mmcsim_debugfs_exit(sim);
	mmc_remove_host(mmc);
	destroy_workqueue(sim->wq);
	mutex_lock(&sim->lock);
	for (i = 0; i < MMCSIM_NR_AREAS; i++)
		mmcsim_area_free(sim, &sim->area[i]);
	mutex_unlock(&sim->lock);
	kvfree(sim->bounce);
	mmc_free_host(mmc);
}

static int __init mmcsim_init(void)
{
	int ret;

	if (!user_size_mb || user_size_mb > 8192 || !boot_size_kb ||
	    boot_size_kb % 128 || boot_size_kb > 255 * 128 ||
	    ext_csd_rev < 5 || ext_csd_rev > 8 || part_config > 0x7f ||
	    part_switch_time > 255 || !max_mem_mb) {
		pr_err("mmcsim: invalid module parameters\n");
		return -EINVAL;
	}

	mmcsim_pdev = platform_device_register_simple("mmcsim", -1, NULL, 0);
	if (IS_ERR(mmcsim_pdev))
		return PTR_ERR(mmcsim_pdev);

	ret = mmcsim_probe(mmcsim_pdev);
	if (ret)
		platform_device_unregister(mmcsim_pdev);
	return ret;
}

static void __exit mmcsim_exit(void)
{
	mmcsim_teardown(mmcsim_pdev);
	platform_device_unregister(mmcsim_pdev);
}

module_init(mmcsim_init);
module_exit(mmcsim_exit);

MODULE_DESCRIPTION("Simulated eMMC card and MMC host for tests");
MODULE_LICENSE("GPL");
