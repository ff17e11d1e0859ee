// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: bind, protect, check and switch the boot media of
 * MediaTek MT7622/MT7981/MT7986/MT7988 boards.
 *
 * Module entry points and the configfs subsystem root.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/module.h>

#include "configfs/configfs.h"
#include "core/mtk_bootmedia.h"

static struct configfs_subsystem mtk_bm_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = MTK_BM_NAME,
			.ci_type = &mtk_bm_root_type,
		},
	},
};

struct config_group *mtk_bm_root_group(void)
{
	return &mtk_bm_subsys.su_group;
}

static int __init mtk_bm_init(void)
{
	int ret;

	config_group_init(&mtk_bm_subsys.su_group);
	mutex_init(&mtk_bm_subsys.su_mutex);

	ret = mtk_bm_media_init();
	if (ret)
		return ret;
	ret = configfs_register_subsystem(&mtk_bm_subsys);
	if (ret) {
		pr_err("cannot register configfs subsystem: %d\n", ret);
		goto err_media;
	}
	ret = mtk_bm_of_init();
	if (ret) {
		pr_err("cannot register the platform driver: %d\n", ret);
		goto err_cfs;
	}
	pr_info("loaded%s%s\n", mtk_bm_board_override() ? ", board override: " : "",
		mtk_bm_board_override() ?: "");
	return 0;

err_cfs:
	configfs_unregister_subsystem(&mtk_bm_subsys);
err_media:
	mtk_bm_media_exit();
	return ret;
}

/*
 * User-made groups pin the module (configfs takes a reference per mkdir),
 * so rmmod only gets here once they are gone; the DT-made ones go with
 * the platform driver.
 */
static void __exit mtk_bm_exit(void)
{
	mtk_bm_of_exit();
	configfs_unregister_subsystem(&mtk_bm_subsys);
	mtk_bm_media_exit();
}

module_init(mtk_bm_init);
module_exit(mtk_bm_exit);

MODULE_DESCRIPTION("MediaTek boot media binding, protection and atomic switch");
MODULE_AUTHOR("mtk-bootmedia developers");
MODULE_LICENSE("GPL");
