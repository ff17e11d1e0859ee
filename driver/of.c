// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the platform driver of the DT node
 * (dt-bindings/mediatek,boot-media.yaml). At probe it builds one configfs
 * medium per child node, with its components and slots, and binds it: the
 * boot areas are protected from then on. These groups belong to the
 * kernel: users cannot rmdir them nor mkdir below them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/mod_devicetable.h>
#include <linux/mtd/mtd.h>
#include <linux/of.h>
#include <linux/of_platform.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "configfs/configfs.h"
#include "core/mtk_bootmedia.h"

struct mtk_bm_of {
	struct mtk_bm_medium *media[8];
	int nr;
};

/* "mtd:<name>" of the MTD partition @np (registered, or -EPROBE_DEFER) */
static int mtk_bm_of_mtd_name(struct device_node *np, char *buf, size_t len,
			      bool chip)
{
	struct mtd_info *mtd = of_get_mtd_device_by_node(np);

	if (IS_ERR(mtd))
		return PTR_ERR(mtd);
	mtk_fmt_msg(buf, len, "mtd:%s", chip ? mtd_get_master(mtd)->name : mtd->name);
	put_mtd_device(mtd);
	return 0;
}

static int mtk_bm_of_find_disk(struct device *dev, void *data)
{
	char *buf = data;

	if (dev->type && dev->type->name && !strcmp(dev->type->name, "disk") &&
	    dev->parent && dev->parent->bus && !strcmp(dev->parent->bus->name, "mmc")) {
		mtk_fmt_msg(buf, MTK_BM_LOCATION_LEN, "mmc:%s", dev_name(dev));
		return 1;
	}
	return device_for_each_child(dev, data, mtk_bm_of_find_disk);
}

/* "mmc:<disk>" of the eMMC card on the MMC controller @np */
static int mtk_bm_of_mmc_name(struct device_node *np, char *buf, size_t len)
{
	struct platform_device *pdev = of_find_device_by_node(np);
	char name[MTK_BM_LOCATION_LEN];
	int found;

	if (!pdev)
		return -ENODEV;
	found = device_for_each_child(&pdev->dev, name, mtk_bm_of_find_disk);
	put_device(&pdev->dev);
	if (found <= 0)
		return -ENODEV;
	strscpy(buf, name, len);
	return 0;
}

/* device of a medium: mediatek,storage = <&flash, &partitions, &partition or &mmc> */
static int mtk_bm_of_device(struct device *dev, struct device_node *mnp,
			    char *buf, size_t len)
{
	struct device_node *np, *parts, *child;
	int ret = -ENODEV;

	np = of_parse_phandle(mnp, "mediatek,storage", 0);
	if (!np)
		return dev_err_probe(dev, -EINVAL, "%pOF: no mediatek,storage\n", mnp);
	parts = of_get_child_by_name(np, "partitions");
	if (of_property_present(np, "label") || of_node_name_eq(np, "partition")) {
		ret = mtk_bm_of_mtd_name(np, buf, len, true);
	} else if (parts || of_device_is_compatible(np, "fixed-partitions")) {
		/* a flash node: any of its partitions names the chip */
		for_each_available_child_of_node(parts ?: np, child) {
			ret = mtk_bm_of_mtd_name(child, buf, len, true);
			if (ret != -ENODEV && ret != -EPROBE_DEFER) {
				of_node_put(child);
				break;
			}
		}
	} else {
		ret = mtk_bm_of_mmc_name(np, buf, len);
	}
	of_node_put(parts);
	of_node_put(np);
	if (ret == -ENODEV)
		ret = -EPROBE_DEFER;	/* the MTD or MMC driver has not probed yet */
	return ret;
}

/* location of a slot node */
static int mtk_bm_of_location(struct device *dev, struct device_node *snp,
			      char *buf, size_t len)
{
	struct device_node *np;
	const char *name;
	u32 range[2], boot;
	int ret, n;

	np = of_parse_phandle(snp, "mediatek,partition", 0);
	if (np) {
		ret = mtk_bm_of_mtd_name(np, buf, len, false);
		of_node_put(np);
		if (ret)
			return ret == -ENODEV ? -EPROBE_DEFER : ret;
		if (!of_property_read_u32_array(snp, "mediatek,range", range, 2)) {
			n = strlen(buf);
			mtk_fmt_msg(buf + n, len - n, "@0x%x+0x%x", range[0], range[1]);
		}
		return 0;
	}
	if (!of_property_read_string(snp, "mediatek,ubi-volume", &name)) {
		mtk_fmt_msg(buf, len, "ubi:0:%s", name);
		return 0;
	}
	if (!of_property_read_u32(snp, "mediatek,emmc-boot-partition", &boot)) {
		mtk_fmt_msg(buf, len, "emmc:boot%u", boot);
		return 0;
	}
	if (!of_property_read_string(snp, "mediatek,gpt-partition", &name)) {
		mtk_fmt_msg(buf, len, "gpt:%s", name);
		return 0;
	}
	return dev_err_probe(dev, -EINVAL, "%pOF: slot without a location\n", snp);
}

static void mtk_bm_of_free(struct mtk_bm_medium *m, bool registered)
{
	struct mtk_bm_slot *s, *stmp;
	struct config_group *g, *gtmp;

	/*
	 * out of configfs first: once it returns no attribute store runs or
	 * can start (an `enable` racing with the teardown would bind again)
	 */
	if (registered)
		configfs_unregister_group(&m->group);
	mtk_bm_medium_teardown(m);
	mutex_lock(&m->lock);
	list_for_each_entry_safe(s, stmp, &m->slots, node)
		list_del_init(&s->node);
	mutex_unlock(&m->lock);
	list_for_each_entry_safe(g, gtmp, &m->group.default_groups, group_entry)
		configfs_remove_default_groups(g);
	configfs_remove_default_groups(&m->group);
	config_group_put(&m->group);
}

static int mtk_bm_of_medium(struct device *dev, struct device_node *mnp,
			    struct mtk_bm_medium **out)
{
	struct device_node *cnp, *snp;
	struct mtk_bm_component *c;
	struct mtk_bm_medium *m;
	struct mtk_bm_slot *s;
	char buf[MTK_BM_LOCATION_LEN], err[128];
	const char *kind;
	int ret;

	ret = mtk_bm_of_device(dev, mnp, buf, sizeof(buf));
	if (ret)
		return ret;
	m = mtk_bm_medium_create(mnp->name);
	if (IS_ERR(m))
		return PTR_ERR(m);
	mtk_bm_medium_fixed(m);
	m->np = of_node_get(mnp);
	mutex_lock(&m->lock);
	ret = mtk_bm_set_device(m, buf);
	mutex_unlock(&m->lock);
	if (ret)
		goto fail;
	for_each_available_child_of_node(mnp, cnp) {
		c = mtk_bm_component_create(m, cnp->name);
		if (IS_ERR(c)) {
			ret = PTR_ERR(c);
			of_node_put(cnp);
			goto fail;
		}
		mtk_bm_component_fixed(c);
		configfs_add_default_group(&c->group, &m->group);
		if (!of_property_read_string(cnp, "mediatek,kind", &kind))
			c->kind = !strcmp(kind, "bl2") ? MTK_BM_KIND_BL2 :
				  !strcmp(kind, "fip") ? MTK_BM_KIND_FIP : MTK_BM_KIND_DATA;
		for_each_available_child_of_node(cnp, snp) {
			ret = mtk_bm_of_location(dev, snp, buf, sizeof(buf));
			if (!ret) {
				s = mtk_bm_slot_create(c, snp->name);
				ret = IS_ERR(s) ? PTR_ERR(s) : 0;
			}
			if (!ret) {
				configfs_add_default_group(&s->group, &c->group);
				ret = mtk_bm_parse_location(buf, &s->loc, err, sizeof(err));
				if (ret)
					dev_err(dev, "%pOF: %s\n", snp, err);
				else
					strscpy(s->location_str, buf, sizeof(s->location_str));
			}
			if (ret) {
				of_node_put(snp);
				of_node_put(cnp);
				goto fail;
			}
		}
	}
	ret = configfs_register_group(mtk_bm_root_group(), &m->group);
	if (ret)
		goto fail;
	mutex_lock(&m->lock);
	if (mtk_bm_bind(m))
		dev_warn(dev, "%s: cannot bind: %s\n", mnp->name, m->status);
	else
		dev_info(dev, "%s: bound %s, boot areas read-only\n", mnp->name, m->device);
	mutex_unlock(&m->lock);
	*out = m;
	return 0;
fail:
	mtk_bm_of_free(m, false);
	return ret;
}

static int mtk_bm_of_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct device_node *mnp;
	struct mtk_bm_of *bm;
	int ret = 0;

	bm = devm_kzalloc(dev, sizeof(*bm), GFP_KERNEL);
	if (!bm)
		return -ENOMEM;
	for_each_available_child_of_node(dev->of_node, mnp) {
		if (bm->nr == ARRAY_SIZE(bm->media)) {
			of_node_put(mnp);
			ret = dev_err_probe(dev, -E2BIG, "more than %zu media\n",
					    ARRAY_SIZE(bm->media));
			break;
		}
		ret = mtk_bm_of_medium(dev, mnp, &bm->media[bm->nr]);
		if (ret) {
			of_node_put(mnp);
			dev_err_probe(dev, ret, "%pOF\n", mnp);
			break;
		}
		bm->nr++;
	}
	if (ret) {
		while (bm->nr)
			mtk_bm_of_free(bm->media[--bm->nr], true);
		return ret;
	}
	platform_set_drvdata(pdev, bm);
	return 0;
}

static void mtk_bm_of_remove_media(struct platform_device *pdev)
{
	struct mtk_bm_of *bm = platform_get_drvdata(pdev);

	while (bm->nr)
		mtk_bm_of_free(bm->media[--bm->nr], true);
}

#ifdef MTK_BM_HAVE_PLATFORM_REMOVE_VOID
static void mtk_bm_of_remove(struct platform_device *pdev)
{
	mtk_bm_of_remove_media(pdev);
}
#else
static int mtk_bm_of_remove(struct platform_device *pdev)
{
	mtk_bm_of_remove_media(pdev);
	return 0;
}
#endif

static const struct of_device_id mtk_bm_of_match[] = {
	{ .compatible = "mediatek,boot-media" },
	{ }
};
MODULE_DEVICE_TABLE(of, mtk_bm_of_match);

static struct platform_driver mtk_bm_of_driver = {
	.probe = mtk_bm_of_probe,
	.remove = mtk_bm_of_remove,
	.driver = {
		.name = "mtk-bootmedia",
		.of_match_table = mtk_bm_of_match,
	},
};

int mtk_bm_of_init(void)
{
	return platform_driver_register(&mtk_bm_of_driver);
}

void mtk_bm_of_exit(void)
{
	platform_driver_unregister(&mtk_bm_of_driver);
}
