// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the eMMC card's attributes of a medium (boot_partition,
 * boot_ack, boot_wp and the EXT_CSD lines of status); medium.c lists them.
 * Their logic only (attr.h); the card is read and written through the
 * medium's backend (struct mtk_bm_media: card_*, media/emmc.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "attr.h"

static const char *const mtk_bm_boot_names[8] = {
	[0] = "none", [1] = "boot0", [2] = "boot1", [7] = "user",
};

/*
 * PARTITION_CONFIG and BOOT_WP_STATUS for a show (medium lock held): read
 * from the card for a CAP_SYS_ADMIN reader (@live), which also refreshes
 * what the others get: the bytes of the module's last EXT_CSD read (at
 * bind, at its own writes and checks, at a root read), so that a
 * world-readable file never sends a command to the card. Returns why
 * there is nothing to show, or NULL with @pc and @wp set.
 */
static const char *mtk_bm_card_bytes(struct mtk_bm_medium *m, bool live, u8 *pc, u8 *wp)
{
	const struct mtk_bm_media *media = mtk_bm_media_of(m);
	u8 *ext;

	if (!media->card_read)
		return "n/a";
	if (!m->enabled || READ_ONCE(m->gone))
		return "unknown";
	if (live) {
		ext = kmalloc(512, GFP_KERNEL);
		if (!ext || media->card_read(m, ext)) {
			kfree(ext);
			return "unknown";
		}
		kfree(ext);
	}
	if (!m->ext_cached)
		return "unknown";
	*pc = m->ext_part_config;
	*wp = m->ext_boot_wp_status;
	return NULL;
}

/* common to the eMMC stores: medium bound and an eMMC (with a card) */
static int mtk_bm_card_ready(struct mtk_bm_medium *m, const char *attr)
{
	if (!mtk_bm_media_of(m)->card_set_boot)
		return mtk_bm_set_status(m, -EOPNOTSUPP, "%s is for eMMC media only", attr);
	if (!m->enabled || READ_ONCE(m->gone))
		return mtk_bm_set_status(m, -ENODEV, "%s: not bound (write 1 to enable first)",
					 attr);
	return 0;
}

static const char *mtk_bm_wp_name(u8 st)
{
	if (st & 0x0a)
		return "permanent";
	if (st & 0x05)
		return "power-on";
	return "none";
}

/* a show of EXT_CSD: @fmt formats what was read, or why nothing was */
static ssize_t mtk_bm_card_show(struct mtk_bm_medium *m, char *page,
				ssize_t (*fmt)(u8 pc, u8 wp, char *page))
{
	const char *why;
	u8 pc, wp;

	why = mtk_bm_card_bytes(m, capable(CAP_SYS_ADMIN), &pc, &wp);
	if (why)
		return sysfs_emit(page, "%s\n", why);
	return fmt(pc, wp, page);
}

static ssize_t mtk_bm_boot_partition_fmt(u8 pc, u8 wp, char *page)
{
	u8 sel = (pc >> 3) & 7;

	if (!mtk_bm_boot_names[sel])
		return sysfs_emit(page, "reserved (%u)\n", sel);
	return sysfs_emit(page, "%s\n", mtk_bm_boot_names[sel]);
}

ssize_t mtk_bm_medium_boot_partition_get(struct mtk_bm_medium *m, char *page)
{
	return mtk_bm_card_show(m, page, mtk_bm_boot_partition_fmt);
}

/*
 * "<value>", or "boot1 force". boot1 is what switch extcsd refuses without
 * boot1_honoured (engine/extcsd.c): no source says the MediaTek BootROM
 * loads BL2 from boot1, so it is written only for a medium that states it,
 * or when forced (the helper's boot-partition --force, a restore of the
 * card's own archived value). No other value is ever refused that way, so
 * a force after it is a mistake of the writer: -EINVAL, nothing written.
 * A boot area that holds data (a slot of a kind data component: the BPI-R3
 * Mini's EN8811H firmware in boot1) is refused forced or not: force lifts
 * a doubt about the BootROM, not a known fact about the area.
 */
int mtk_bm_medium_boot_partition_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	const char *sp = err ? NULL : strchr(arg, ' ');
	size_t len = sp ? sp - arg : strlen(arg);
	bool force = sp && !strcmp(sp, " force");
	struct mtk_bm_component *dc = NULL;
	int ret, i, sel = -1;

	for (i = 0; !err && i < ARRAY_SIZE(mtk_bm_boot_names); i++)
		if (mtk_bm_boot_names[i] && strlen(mtk_bm_boot_names[i]) == len &&
		    !strncmp(arg, mtk_bm_boot_names[i], len))
			sel = i;
	ret = mtk_bm_card_ready(m, "boot_partition");
	if (!ret && (sel < 0 || (sp && !force)))
		ret = mtk_bm_set_status(m, -EINVAL,
					"boot_partition: expected boot0, boot1, user or none, optionally followed by force");
	if (!ret && force && sel != 2)
		ret = mtk_bm_set_status(m, -EINVAL,
					"boot_partition: force applies to boot1 only; write %s alone: nothing written",
					mtk_bm_boot_names[sel]);
	if (!ret && (sel == 1 || sel == 2))
		dc = mtk_bm_boot_area_data(m, sel - 1);
	if (dc) {
		ret = mtk_bm_set_status(m, -EPERM,
					"boot_partition: %s refused: it holds %s (kind data), not BL2: nothing written; force does not lift this",
					mtk_bm_boot_names[sel],
					config_item_name(&dc->group.cg_item));
		pr_warn("%s: %s\n", config_item_name(&m->group.cg_item), m->status);
	}
	if (!ret && sel == 2 && !force && !READ_ONCE(m->boot1_honoured)) {
		ret = mtk_bm_set_status(m, -EOPNOTSUPP,
					"boot_partition: boot1 refused: boot1_honoured is 0 (no source says the MediaTek BootROM loads BL2 from boot1): nothing written; write \"boot1 force\" to set it anyway");
		pr_warn("%s: %s\n", config_item_name(&m->group.cg_item), m->status);
	}
	if (!ret)
		ret = mtk_bm_media_of(m)->card_set_boot(m, sel, -1);
	return ret;
}

static ssize_t mtk_bm_boot_ack_fmt(u8 pc, u8 wp, char *page)
{
	return sysfs_emit(page, "%d\n", !!(pc & 0x40));
}

ssize_t mtk_bm_medium_boot_ack_get(struct mtk_bm_medium *m, char *page)
{
	return mtk_bm_card_show(m, page, mtk_bm_boot_ack_fmt);
}

int mtk_bm_medium_boot_ack_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	int ret = err ? -EINVAL : mtk_bm_card_ready(m, "boot_ack");

	if (ret == -EINVAL || (!ret && strcmp(arg, "0") && strcmp(arg, "1")))
		ret = mtk_bm_set_status(m, -EINVAL, "boot_ack: expected 0 or 1");
	if (!ret)
		ret = mtk_bm_media_of(m)->card_set_boot(m, -1, arg[0] == '1');
	return ret;
}

static ssize_t mtk_bm_boot_wp_fmt(u8 pc, u8 wp, char *page)
{
	return sysfs_emit(page, "%s\n", mtk_bm_wp_name(wp));
}

ssize_t mtk_bm_medium_boot_wp_get(struct mtk_bm_medium *m, char *page)
{
	return mtk_bm_card_show(m, page, mtk_bm_boot_wp_fmt);
}

int mtk_bm_medium_boot_wp_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	int ret = err ? -EINVAL : mtk_bm_card_ready(m, "boot_wp");

	if (ret == -EINVAL || (!ret && strcmp(arg, "none") && strcmp(arg, "power-on")))
		return mtk_bm_set_status(m, -EINVAL, "boot_wp: expected none or power-on");
	if (ret)
		return ret;
	if (!strcmp(arg, "power-on"))
		return mtk_bm_media_of(m)->card_boot_wp(m);
	if (mtk_bm_media_of(m)->card_wp_locked(m))
		return mtk_bm_set_status(m, -EPERM,
					 "boot_wp: power-on protection lasts until the next power cycle");
	mtk_bm_set_status(m, 0, "boot areas not write-protected");
	return 0;
}

/*
 * gpt_sector: "LBA HEX", one sector of a GPT entry array (1024 hex digits)
 * that adds partitions, written with a reliable write after the checks of
 * mtk_bm_gpt_add_sector()
 */
static int mtk_bm_medium_gpt_sector_set(struct mtk_bm_medium *m, const char *arg, int err)
{
	char why[MTK_BM_REASON_LEN];
	const char *hex;
	u64 lba;
	u8 *sec;
	int ret;

	ret = err ? -EINVAL : mtk_bm_card_ready(m, "gpt_sector");
	if (ret && ret != -EINVAL)
		return ret;
	hex = strchr(arg, ' ');
	if (ret || !hex || strlen(hex + 1) != 2 * MTK_BM_GPT_SECTOR ||
	    sscanf(arg, "%llu ", &lba) != 1)
		return mtk_bm_set_status(m, -EINVAL,
					 "gpt_sector: expected LBA and the sector's %u bytes in hex",
					 MTK_BM_GPT_SECTOR);
	sec = kmalloc(MTK_BM_GPT_SECTOR, GFP_KERNEL);
	if (!sec)
		return -ENOMEM;
	if (hex2bin(sec, hex + 1, MTK_BM_GPT_SECTOR)) {
		ret = mtk_bm_set_status(m, -EINVAL, "gpt_sector: the sector is not in hex");
	} else {
		ret = mtk_bm_media_of(m)->gpt_add_sector(m, lba, sec, why, sizeof(why));
		mtk_bm_set_status(m, ret, "gpt_sector: %s", why);
	}
	kfree(sec);
	return ret;
}

/* too long for MTK_BM_STORE's buffer on the stack */
ssize_t mtk_bm_medium_gpt_sector_store(struct config_item *item, const char *page,
				       size_t count)
{
	struct mtk_bm_medium *m = to_medium(item);
	const size_t len = 2 * MTK_BM_GPT_SECTOR + 32;
	char *buf = kmalloc(len, GFP_KERNEL);
	int err, ret;

	if (!buf)
		return -ENOMEM;
	err = mtk_bm_arg(page, count, buf, len);
	ret = err == -EPERM ? err : mtk_bm_attr_lock(m, MTK_BM_LOCK | MTK_BM_ADMIN);
	if (!ret) {
		ret = mtk_bm_medium_gpt_sector_set(m, buf, err);
		mtk_bm_attr_unlock(m, MTK_BM_LOCK | MTK_BM_ADMIN);
	}
	kfree(buf);
	return ret ?: count;
}

/*
 * the EXT_CSD lines of status, after the medium's own at @page; @live as
 * for mtk_bm_card_bytes()
 */
ssize_t mtk_bm_card_status(struct mtk_bm_medium *m, char *page, size_t len, bool live)
{
	const char *b;
	u8 pc, wp;

	if (mtk_bm_card_bytes(m, live, &pc, &wp))
		return 0;
	b = mtk_bm_boot_names[(pc >> 3) & 7];
	return scnprintf(page, len,
			 "partition_config: 0x%02x (boot %s, ack %d)\nboot_wp: boot0 %s, boot1 %s\n",
			 pc, b ?: "reserved", !!(pc & 0x40), mtk_bm_wp_name(wp & 3),
			 mtk_bm_wp_name((wp >> 2) & 3));
}
