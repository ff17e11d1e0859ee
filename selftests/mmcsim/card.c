// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim card model: the registers and the card's state (CID, CSD,
 * EXT_CSD, init, reset and power cycles), the write protection of the boot
 * areas and the EXT_CSD bytes CMD6 SWITCH writes. Commands are decoded in
 * card_cmd.c, data moved in card_data.c. Every function here runs with
 * sim->lock held.
 */
#include <linux/kernel.h>
#include <linux/mmc/core.h>
#include <linux/mmc/mmc.h>
#include <linux/scatterlist.h>
#include <linux/string.h>

#include "mmcsim.h"

/* EXT_CSD bytes the kernel headers do not name (JESD84-B51 numbering). */
#define ECSD_BOOT_WP_STATUS	174
#define ECSD_BOOT_BUS_COND	177
#define ECSD_BOOT_CONFIG_PROT	178
#define ECSD_WR_REL_SET		167
#define ECSD_SLEEP_NOTIF_TIME	216
#define ECSD_ACC_SIZE		225
#define ECSD_BOOT_INFO		228
#define ECSD_SEC_TRIM_MULT	229
#define ECSD_SEC_ERASE_MULT	230
#define ECSD_TRIM_MULT		232
#define ECSD_DEVICE_VERSION	262
#define ECSD_S_CMD_SET		504

#define BOOT_WP_SEC_SEL		0x80
#define BOOT_WP_PWR_DIS		0x40
#define BOOT_WP_PERM_DIS	0x10
#define BOOT_WP_PERM_SEC_SEL	0x08
#define BOOT_WP_PERM_EN		0x04
#define BOOT_WP_PWR_SEC_SEL	0x02
#define BOOT_WP_PWR_EN		0x01

/* Store @val in bits [@start + @size - 1 : @start] of a 128-bit register. */
static void mmcsim_put_bits(u32 *reg, unsigned int start, unsigned int size,
			    u32 val)
{
	unsigned int i;

	for (i = 0; i < size; i++) {
		unsigned int bit = start + i;
		u32 *word = &reg[3 - bit / 32];

		if (val & BIT(i))
			*word |= BIT(bit % 32);
		else
			*word &= ~BIT(bit % 32);
	}
}

static void mmcsim_build_cid(struct mmcsim *sim)
{
	static const char name[6] = "MMCSIM";
	unsigned int i;

	memset(sim->cid, 0, sizeof(sim->cid));
	mmcsim_put_bits(sim->cid, 120, 8, 0x00);	/* MID */
	mmcsim_put_bits(sim->cid, 112, 2, 1);		/* CBX: BGA */
	mmcsim_put_bits(sim->cid, 104, 8, 0x00);	/* OID */
	for (i = 0; i < 6; i++)				/* PNM */
		mmcsim_put_bits(sim->cid, 96 - 8 * i, 8, name[i]);
	mmcsim_put_bits(sim->cid, 48, 8, 0x10);		/* PRV 1.0 */
	mmcsim_put_bits(sim->cid, 16, 32, 0x4d4d4353);	/* PSN */
	mmcsim_put_bits(sim->cid, 12, 4, 1);		/* MDT month */
	mmcsim_put_bits(sim->cid, 8, 4, 12);		/* MDT year 2025 */
	mmcsim_put_bits(sim->cid, 0, 1, 1);
}

static void mmcsim_build_csd(struct mmcsim *sim)
{
	u64 user = sim->area[MMCSIM_USER].size;
	u32 c_size = 0xfff;

	/* byte-capacity field, only meaningful up to 2 GiB */
	if (user <= (2ULL << 30))
		c_size = (u32)(user >> 18) - 1;

	memset(sim->csd, 0, sizeof(sim->csd));
	mmcsim_put_bits(sim->csd, 126, 2, 3);	/* CSD_STRUCTURE: in EXT_CSD */
	mmcsim_put_bits(sim->csd, 122, 4, 4);	/* SPEC_VERS 4.x and later */
	mmcsim_put_bits(sim->csd, 112, 8, 0x27);	/* TAAC */
	mmcsim_put_bits(sim->csd, 104, 8, 0x01);	/* NSAC */
	mmcsim_put_bits(sim->csd, 96, 8, 0x32);	/* TRAN_SPEED 26 MHz */
	/* CCC: basic, block read, block write, erase */
	mmcsim_put_bits(sim->csd, 84, 12, 0x035);
	mmcsim_put_bits(sim->csd, 80, 4, 9);	/* READ_BL_LEN 512 */
	mmcsim_put_bits(sim->csd, 62, 12, c_size);
	mmcsim_put_bits(sim->csd, 47, 3, 7);	/* C_SIZE_MULT */
	mmcsim_put_bits(sim->csd, 42, 5, 31);	/* ERASE_GRP_SIZE */
	mmcsim_put_bits(sim->csd, 37, 5, 31);	/* ERASE_GRP_MULT */
	mmcsim_put_bits(sim->csd, 32, 5, 15);	/* WP_GRP_SIZE */
	mmcsim_put_bits(sim->csd, 26, 3, 2);	/* R2W_FACTOR */
	mmcsim_put_bits(sim->csd, 22, 4, 9);	/* WRITE_BL_LEN 512 */
	mmcsim_put_bits(sim->csd, 0, 1, 1);
}

static void mmcsim_put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* BOOT_WP_STATUS from the per-area protection state. */
static void mmcsim_wp_to_ext_csd(struct mmcsim *sim)
{
	u8 st = 0;
	int i;

	for (i = 0; i < 2; i++) {
		if (sim->perm_wp[i])
			st |= 2 << (2 * i);
		else if (sim->pwr_wp[i])
			st |= 1 << (2 * i);
	}
	sim->ext_csd[ECSD_BOOT_WP_STATUS] = st;
}

/*
 * BOOT_WP as a card reads it back after the protection was set in the way
 * BOOT_WP_STATUS describes (used after a debugfs load and a power cycle).
 */
static void mmcsim_wp_to_boot_wp(struct mmcsim *sim)
{
	u8 reg = sim->ext_csd[EXT_CSD_BOOT_WP] & BOOT_WP_PERM_DIS;

	if (sim->perm_wp[0] && sim->perm_wp[1])
		reg |= BOOT_WP_PERM_EN;
	else if (sim->perm_wp[0] || sim->perm_wp[1])
		reg |= BOOT_WP_SEC_SEL | BOOT_WP_PERM_EN |
		       (sim->perm_wp[1] ? BOOT_WP_PERM_SEC_SEL : 0);
	if (sim->pwr_wp[0] && sim->pwr_wp[1])
		reg |= BOOT_WP_PWR_EN;
	else if (sim->pwr_wp[0] || sim->pwr_wp[1])
		reg |= BOOT_WP_SEC_SEL | BOOT_WP_PWR_EN |
		       (sim->pwr_wp[1] ? BOOT_WP_PWR_SEC_SEL : 0);
	sim->ext_csd[EXT_CSD_BOOT_WP] = reg;
}

/*
 * Re-establish the bytes that describe the geometry after userspace loaded
 * an EXT_CSD image, and take the protection state from BOOT_WP_STATUS.
 */
void mmcsim_card_fixup_ext_csd(struct mmcsim *sim)
{
	u8 *e = sim->ext_csd;
	u8 st = e[ECSD_BOOT_WP_STATUS];
	int i;

	mmcsim_put_le32(&e[EXT_CSD_SEC_CNT],
			sim->area[MMCSIM_USER].size >> MMCSIM_SECTOR_SHIFT);
	e[EXT_CSD_BOOT_MULT] = sim->area[MMCSIM_BOOT0].size >> 17;
	e[EXT_CSD_RPMB_MULT] = 0;
	e[EXT_CSD_PARTITION_SUPPORT] = 0;
	e[EXT_CSD_STRUCTURE] = 2;
	e[EXT_CSD_DATA_SECTOR_SIZE] = 0;
	e[EXT_CSD_PART_CONFIG] &= 0x7f;
	for (i = 0; i < 2; i++) {
		u8 s = (st >> (2 * i)) & 3;

		sim->perm_wp[i] = s == 2;
		sim->pwr_wp[i] = s == 1;
	}
	mmcsim_wp_to_boot_wp(sim);
	mmcsim_wp_to_ext_csd(sim);
}

void mmcsim_card_init(struct mmcsim *sim, u64 user_size, u32 boot_size,
		      bool rel_wr, u8 rev, u8 part_config, u8 part_time)
{
	u8 *e = sim->ext_csd;

	mmcsim_area_init(&sim->area[MMCSIM_USER], user_size);
	mmcsim_area_init(&sim->area[MMCSIM_BOOT0], boot_size);
	mmcsim_area_init(&sim->area[MMCSIM_BOOT1], boot_size);

	memset(e, 0, MMCSIM_EXT_CSD_SIZE);
	e[ECSD_S_CMD_SET] = 0x01;
	e[EXT_CSD_PWR_CL_DDR_200_360] = 0;
	e[EXT_CSD_FIRMWARE_VERSION] = 0x01;	/* 8 bytes, little endian */
	e[ECSD_DEVICE_VERSION] = 0x01;
	e[EXT_CSD_PRE_EOL_INFO] = 0x01;		/* normal */
	e[EXT_CSD_DEVICE_LIFE_TIME_EST_TYP_A] = 0x01;
	e[EXT_CSD_DEVICE_LIFE_TIME_EST_TYP_B] = 0x01;
	e[EXT_CSD_GENERIC_CMD6_TIME] = 0x0a;	/* 100 ms */
	e[EXT_CSD_POWER_OFF_LONG_TIME] = 0x3c;	/* 600 ms */
	e[EXT_CSD_SEC_FEATURE_SUPPORT] = EXT_CSD_SEC_GB_CL_EN;	/* trim */
	e[ECSD_SEC_ERASE_MULT] = 0x01;
	e[ECSD_SEC_TRIM_MULT] = 0x01;
	e[ECSD_TRIM_MULT] = 0x01;
	e[ECSD_BOOT_INFO] = 0x07;		/* alt, DDR and HS boot */
	e[EXT_CSD_BOOT_MULT] = boot_size >> 17;
	e[ECSD_ACC_SIZE] = 0x06;
	e[EXT_CSD_HC_ERASE_GRP_SIZE] = 0x01;	/* 512 KiB */
	e[EXT_CSD_ERASE_TIMEOUT_MULT] = 0x01;
	e[EXT_CSD_REL_WR_SEC_C] = rel_wr ? 0x01 : 0x00;
	e[EXT_CSD_HC_WP_GRP_SIZE] = 0x01;
	e[EXT_CSD_S_A_TIMEOUT] = 0x11;
	e[ECSD_SLEEP_NOTIF_TIME] = 0x0c;
	mmcsim_put_le32(&e[EXT_CSD_SEC_CNT], user_size >> MMCSIM_SECTOR_SHIFT);
	e[EXT_CSD_PART_SWITCH_TIME] = part_time;
	e[EXT_CSD_CARD_TYPE] = 0x57;		/* HS26/52, DDR52, HS200 */
	e[EXT_CSD_STRUCTURE] = 2;
	e[EXT_CSD_REV] = rev;
	e[EXT_CSD_PART_CONFIG] = part_config & 0x78;
	e[EXT_CSD_WR_REL_PARAM] = rel_wr ? (EXT_CSD_WR_REL_PARAM_EN | 0x01) : 0;

	mmcsim_build_cid(sim);
	mmcsim_build_csd(sim);
	sim->state = MMCSIM_IDLE;
	sim->op_cond_busy = true;
	mmcsim_wp_to_ext_csd(sim);
}

/* What CMD0 and a hardware reset share: volatile state back to defaults. */
void mmcsim_card_reset(struct mmcsim *sim)
{
	u8 *e = sim->ext_csd;

	sim->state = MMCSIM_IDLE;
	sim->rca = 0;
	sim->pending = 0;
	sim->blk_count = 0;
	sim->blk_count_rel = false;
	sim->erase_start_set = false;
	sim->erase_end_set = false;
	sim->op_cond_busy = true;
	e[EXT_CSD_PART_CONFIG] &= ~EXT_CSD_PART_CONFIG_ACC_MASK;
	e[EXT_CSD_BUS_WIDTH] = 0;
	e[EXT_CSD_HS_TIMING] = 0;
	e[EXT_CSD_POWER_CLASS] = 0;
	e[EXT_CSD_ERASE_GROUP_DEF] = 0;
	e[EXT_CSD_POWER_OFF_NOTIFICATION] = 0;
}

/* VCC from the host switched off: only the volatile state is lost. */
void mmcsim_card_power_off(struct mmcsim *sim)
{
	mmcsim_card_reset(sim);
}

/* A real power cycle of the card (the debugfs operation). */
void mmcsim_card_power_cycle(struct mmcsim *sim)
{
	mmcsim_card_reset(sim);
	sim->dead = false;
	sim->cut_after = -1;
	sim->fail_armed = false;
	sim->corrupt_left = 0;
	sim->pwr_wp[0] = false;
	sim->pwr_wp[1] = false;
	/* power-on bits of BOOT_WP are cleared, permanent ones stay */
	mmcsim_wp_to_boot_wp(sim);
	mmcsim_wp_to_ext_csd(sim);
	sim->cnt.power_cycles++;
}

bool mmcsim_boot_wp(struct mmcsim *sim, unsigned int part)
{
	if (part != MMCSIM_BOOT0 && part != MMCSIM_BOOT1)
		return false;
	return sim->pwr_wp[part - 1] || sim->perm_wp[part - 1];
}

unsigned int mmcsim_cur_part(struct mmcsim *sim)
{
	return sim->ext_csd[EXT_CSD_PART_CONFIG] & EXT_CSD_PART_CONFIG_ACC_MASK;
}

/* BOOT_WP write: enable bits are sticky, disable bits lock them out. */
static int mmcsim_switch_boot_wp(struct mmcsim *sim, u8 old, u8 val)
{
	bool sec = val & BOOT_WP_SEC_SEL;
	u8 sticky = BOOT_WP_PWR_DIS | BOOT_WP_PERM_DIS | BOOT_WP_PERM_EN |
		    BOOT_WP_PWR_EN;
	u8 plain = BOOT_WP_SEC_SEL | BOOT_WP_PERM_SEC_SEL | BOOT_WP_PWR_SEC_SEL;

	if ((val & BOOT_WP_PERM_EN) && (old & BOOT_WP_PERM_DIS))
		return -EPERM;
	if ((val & BOOT_WP_PWR_EN) && (old & BOOT_WP_PWR_DIS))
		return -EPERM;
	if ((val & BOOT_WP_PERM_EN) && (val & BOOT_WP_PERM_DIS))
		return -EINVAL;
	if ((val & BOOT_WP_PWR_EN) && (val & BOOT_WP_PWR_DIS))
		return -EINVAL;

	if (val & BOOT_WP_PERM_EN) {
		if (!sec || !(val & BOOT_WP_PERM_SEC_SEL))
			sim->perm_wp[0] = true;
		if (!sec || (val & BOOT_WP_PERM_SEC_SEL))
			sim->perm_wp[1] = true;
	}
	if (val & BOOT_WP_PWR_EN) {
		if (!sec || !(val & BOOT_WP_PWR_SEC_SEL))
			sim->pwr_wp[0] = true;
		if (!sec || (val & BOOT_WP_PWR_SEC_SEL))
			sim->pwr_wp[1] = true;
	}
	sim->ext_csd[EXT_CSD_BOOT_WP] = ((old | val) & sticky) | (val & plain);
	mmcsim_wp_to_ext_csd(sim);
	return 0;
}

static int mmcsim_switch_byte(struct mmcsim *sim, u8 index, u8 val)
{
	u8 *e = sim->ext_csd;
	u8 old = e[index];

	switch (index) {
	case EXT_CSD_PART_CONFIG:
		if ((val & EXT_CSD_PART_CONFIG_ACC_MASK) > MMCSIM_BOOT1)
			return -EINVAL;		/* no RPMB, no GP areas */
		if ((val ^ old) & EXT_CSD_PART_CONFIG_ACC_MASK)
			sim->cnt.part_switches++;
		e[index] = val & 0x7f;
		return 0;
	case EXT_CSD_BOOT_WP:
		return mmcsim_switch_boot_wp(sim, old, val);
	case EXT_CSD_ERASE_GROUP_DEF:
		e[index] = val & 1;
		return 0;
	case ECSD_BOOT_BUS_COND:
		e[index] = val & 0x1f;
		return 0;
	case ECSD_BOOT_CONFIG_PROT:
		e[index] = (old | val) & 0x11;
		return 0;
	case EXT_CSD_RST_N_FUNCTION:
		if ((old & 3) && (val & 3) != (old & 3))
			return -EPERM;		/* one-time programmable */
		if ((val & 3) == 3)
			return -EINVAL;
		e[index] = val & 3;
		return 0;
	case EXT_CSD_BUS_WIDTH:
		if ((val & 0x7f) > 6 || (val & 0x7f) == 3 || (val & 0x7f) == 4)
			return -EINVAL;
		e[index] = val;
		return 0;
	case EXT_CSD_HS_TIMING:
		if ((val & 0xf) > 3)
			return -EINVAL;
		e[index] = val;
		return 0;
	case EXT_CSD_POWER_CLASS:
		e[index] = val & 0xf;
		return 0;
	case EXT_CSD_POWER_OFF_NOTIFICATION:
		if (e[EXT_CSD_REV] < 6 || val > 4)
			return -EINVAL;
		e[index] = val;
		return 0;
	case EXT_CSD_FLUSH_CACHE:
		return 0;		/* no cache: nothing to flush */
	case ECSD_WR_REL_SET:
		if (!(e[EXT_CSD_WR_REL_PARAM] & 0x01))
			return -EPERM;	/* HS_CTRL_REL not supported */
		e[index] = val & 0x1f;
		return 0;
	default:
		/* read-only, reserved, or a feature this card lacks */
		return -EINVAL;
	}
}

void mmcsim_cmd6(struct mmcsim *sim, struct mmc_command *cmd)
{
	unsigned int access = (cmd->arg >> 24) & 3;
	u8 index = (cmd->arg >> 16) & 0xff;
	u8 value = (cmd->arg >> 8) & 0xff;
	u8 old = sim->ext_csd[index];
	u8 val;

	mmcsim_r1(sim, cmd, MMCSIM_TRAN, 0);
	sim->cnt.cmd6_writes++;
	switch (access) {
	case MMC_SWITCH_MODE_CMD_SET:
		return;
	case MMC_SWITCH_MODE_SET_BITS:
		val = old | value;
		break;
	case MMC_SWITCH_MODE_CLEAR_BITS:
		val = old & ~value;
		break;
	default:
		val = value;
		break;
	}
	/* SWITCH_ERROR is found while busy: the next CMD13 reports it */
	if (mmcsim_switch_byte(sim, index, val))
		sim->pending |= R1_SWITCH_ERROR;
}
