// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim card model: command decoding, card states, EXT_CSD, write
 * protection of the boot areas, reliable write, erase and the injected
 * faults.  Every function here runs with sim->lock held.
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

/* 2.7-3.6 V and 1.70-1.95 V, sector addressing */
#define MMCSIM_OCR		0x40ff8080
#define MMCSIM_OCR_READY	0x80000000

#define CMD23_REL_WR		BIT(31)
#define CMD23_PACKED		BIT(30)
#define CMD23_COUNT		0xffff

/* Status bits a response reports once and then clears. */
#define MMCSIM_CLEAR_ON_READ	(R1_OUT_OF_RANGE | R1_ADDRESS_ERROR | \
				 R1_BLOCK_LEN_ERROR | R1_ERASE_SEQ_ERROR | \
				 R1_ERASE_PARAM | R1_WP_VIOLATION | \
				 R1_LOCK_UNLOCK_FAILED | R1_COM_CRC_ERROR | \
				 R1_ILLEGAL_COMMAND | R1_CARD_ECC_FAILED | \
				 R1_CC_ERROR | R1_ERROR | R1_UNDERRUN | \
				 R1_OVERRUN | R1_CID_CSD_OVERWRITE | \
				 R1_WP_ERASE_SKIP | R1_ERASE_RESET | \
				 R1_SWITCH_ERROR)

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
static void mmcsim_card_reset(struct mmcsim *sim)
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
	sim->pwr_wp[0] = false;
	sim->pwr_wp[1] = false;
	/* power-on bits of BOOT_WP are cleared, permanent ones stay */
	mmcsim_wp_to_boot_wp(sim);
	mmcsim_wp_to_ext_csd(sim);
	sim->cnt.power_cycles++;
}

static void mmcsim_trace(struct mmcsim *sim, struct mmc_command *cmd,
			 enum mmcsim_state state)
{
	struct mmcsim_trace *t = &sim->trace[sim->trace_seq % MMCSIM_TRACE_LEN];

	t->seq = sim->trace_seq++;
	t->opcode = cmd->opcode;
	t->arg = cmd->arg;
	t->resp = cmd->resp[0];
	t->err = cmd->error;
	t->state = state;
}

/* R1: the state the card was in when the command arrived, plus errors. */
static void mmcsim_r1(struct mmcsim *sim, struct mmc_command *cmd,
		      enum mmcsim_state state, u32 errors)
{
	u32 st = state == MMCSIM_INA ? 0 : state;

	cmd->resp[0] = sim->pending | errors | (st << 9) | R1_READY_FOR_DATA;
	sim->pending &= ~MMCSIM_CLEAR_ON_READ;
}

/* No response: the host times out; reported in the next status. */
static void mmcsim_illegal(struct mmcsim *sim, struct mmc_command *cmd)
{
	sim->pending |= R1_ILLEGAL_COMMAND;
	sim->cnt.illegal++;
	cmd->error = -ETIMEDOUT;
}

static bool mmcsim_boot_wp(struct mmcsim *sim, unsigned int part)
{
	if (part != MMCSIM_BOOT0 && part != MMCSIM_BOOT1)
		return false;
	return sim->pwr_wp[part - 1] || sim->perm_wp[part - 1];
}

static unsigned int mmcsim_cur_part(struct mmcsim *sim)
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

static void mmcsim_cmd6(struct mmcsim *sim, struct mmc_command *cmd)
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

static void mmcsim_cmd38(struct mmcsim *sim, struct mmc_command *cmd)
{
	unsigned int part = mmcsim_cur_part(sim);
	struct mmcsim_area *a = &sim->area[part];
	u64 first = sim->erase_start, last = sim->erase_end;
	u64 nsec = a->size >> MMCSIM_SECTOR_SHIFT;
	u32 arg = cmd->arg;

	if (!sim->erase_start_set || !sim->erase_end_set) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_ERASE_SEQ_ERROR);
		return;
	}
	sim->erase_start_set = false;
	sim->erase_end_set = false;
	if (arg != MMC_ERASE_ARG && arg != MMC_TRIM_ARG &&
	    arg != MMC_DISCARD_ARG) {
		/* secure erase/trim were removed in eMMC 4.51: not offered */
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_ERASE_PARAM);
		return;
	}
	if (first > last || last >= nsec) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_OUT_OF_RANGE);
		return;
	}
	if (mmcsim_boot_wp(sim, part)) {
		sim->cnt.wp_violations++;
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_WP_VIOLATION);
		return;
	}
	if (arg == MMC_ERASE_ARG) {
		/* whole erase groups */
		u64 grp = sim->ext_csd[EXT_CSD_ERASE_GROUP_DEF] ?
			  (u64)sim->ext_csd[EXT_CSD_HC_ERASE_GRP_SIZE] << 10 :
			  1024;

		first = rounddown(first, grp);
		last = min(roundup(last + 1, grp), nsec) - 1;
	}
	mmcsim_r1(sim, cmd, MMCSIM_TRAN, 0);
	mmcsim_area_zero(sim, a, first << MMCSIM_SECTOR_SHIFT,
			 (last - first + 1) << MMCSIM_SECTOR_SHIFT);
	sim->cnt.erases++;
	sim->cnt.sectors_erased += last - first + 1;
}

static void mmcsim_data_fail(struct mmc_data *data, int err)
{
	if (data) {
		data->error = err;
		data->bytes_xfered = 0;
	}
}

static void mmcsim_read(struct mmcsim *sim, struct mmc_command *cmd,
			struct mmc_data *data, bool multi)
{
	unsigned int part = mmcsim_cur_part(sim);
	struct mmcsim_area *a = &sim->area[part];
	u64 nsec = a->size >> MMCSIM_SECTOR_SHIFT;
	u32 blocks;

	if (!data) {
		mmcsim_illegal(sim, cmd);
		return;
	}
	blocks = data->blocks;
	if (data->blksz != MMCSIM_SECTOR_SIZE || (!multi && blocks != 1) ||
	    blocks > MMCSIM_MAX_BLOCKS) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_BLOCK_LEN_ERROR);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return;
	}
	if (cmd->arg >= nsec || blocks > nsec - cmd->arg) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_OUT_OF_RANGE);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return;
	}
	mmcsim_r1(sim, cmd, MMCSIM_TRAN, 0);
	mmcsim_area_read(sim, a, (u64)cmd->arg << MMCSIM_SECTOR_SHIFT,
			 sim->bounce, blocks << MMCSIM_SECTOR_SHIFT);
	sg_copy_from_buffer(data->sg, data->sg_len, sim->bounce,
			    blocks << MMCSIM_SECTOR_SHIFT);
	data->bytes_xfered = blocks << MMCSIM_SECTOR_SHIFT;
	sim->cnt.sectors_read += blocks;
	/* open-ended reads stay in DATA until CMD12 */
	sim->state = (multi && !sim->blk_count) ? MMCSIM_DATA : MMCSIM_TRAN;
}

static void mmcsim_write(struct mmcsim *sim, struct mmc_command *cmd,
			 struct mmc_data *data, bool multi, bool rel)
{
	unsigned int part = mmcsim_cur_part(sim);
	struct mmcsim_area *a = &sim->area[part];
	u64 nsec = a->size >> MMCSIM_SECTOR_SHIFT;
	u32 blocks, i;
	int err = 0;

	if (!data) {
		mmcsim_illegal(sim, cmd);
		return;
	}
	blocks = data->blocks;
	if (data->blksz != MMCSIM_SECTOR_SIZE || (!multi && blocks != 1) ||
	    blocks > MMCSIM_MAX_BLOCKS) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_BLOCK_LEN_ERROR);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return;
	}
	if (cmd->arg >= nsec || blocks > nsec - cmd->arg) {
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_OUT_OF_RANGE);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return;
	}
	/*
	 * A protected boot area: WP_VIOLATION in the response, the card stays
	 * in TRAN and takes no data, so the host sees no CRC status token.
	 */
	if (mmcsim_boot_wp(sim, part)) {
		sim->cnt.wp_violations++;
		mmcsim_r1(sim, cmd, MMCSIM_TRAN, R1_WP_VIOLATION);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return;
	}
	mmcsim_r1(sim, cmd, MMCSIM_TRAN, 0);
	sg_copy_to_buffer(data->sg, data->sg_len, sim->bounce,
			  blocks << MMCSIM_SECTOR_SHIFT);

	/* sector by sector, so that a power cut tears at a sector boundary */
	for (i = 0; i < blocks; i++) {
		u64 off = ((u64)cmd->arg + i) << MMCSIM_SECTOR_SHIFT;

		if (sim->cut_after == 0) {
			sim->dead = true;
			sim->cut_after = -1;
			dev_info(mmc_dev(sim->mmc),
				 "power cut at sector %llu of area %u\n",
				 off >> MMCSIM_SECTOR_SHIFT, part);
			err = -ETIMEDOUT;
			break;
		}
		err = mmcsim_area_write(sim, a, off,
					sim->bounce + i * MMCSIM_SECTOR_SIZE,
					MMCSIM_SECTOR_SIZE);
		if (err) {
			sim->pending |= R1_ERROR;
			err = -EIO;
			break;
		}
		if (sim->cut_after > 0)
			sim->cut_after--;
		sim->cnt.sectors_written++;
		if (rel)
			sim->cnt.rel_sectors_written++;
	}
	data->bytes_xfered = i << MMCSIM_SECTOR_SHIFT;
	data->error = err;
	if (sim->dead)
		return;
	sim->state = (multi && !sim->blk_count) ? MMCSIM_RCV : MMCSIM_TRAN;
}

/* Parse an injected fault; returns true if the command was consumed. */
static bool mmcsim_inject(struct mmcsim *sim, struct mmc_command *cmd,
			  struct mmc_data *data)
{
	if (!sim->fail_armed)
		return false;
	if (sim->fail_opcode >= 0 && sim->fail_opcode != cmd->opcode)
		return false;
	sim->fail_armed = false;
	sim->cnt.errors_injected++;
	if (sim->fail_cmd_err) {
		cmd->error = sim->fail_cmd_err;
		mmcsim_data_fail(data, sim->fail_cmd_err);
		return true;
	}
	if (sim->fail_r1) {
		mmcsim_r1(sim, cmd, sim->state, sim->fail_r1);
		mmcsim_data_fail(data, -ETIMEDOUT);
		return true;
	}
	return false;		/* data error: applied after the command */
}

static bool mmcsim_addressed(struct mmcsim *sim, struct mmc_command *cmd)
{
	return (cmd->arg >> 16) == sim->rca && sim->rca;
}

static void mmcsim_cmd(struct mmcsim *sim, struct mmc_command *cmd,
		       struct mmc_data *data)
{
	enum mmcsim_state st = sim->state;
	bool data_fault = false;
	u32 count;

	memset(cmd->resp, 0, sizeof(cmd->resp));
	cmd->error = 0;
	if (data) {
		data->error = 0;
		data->bytes_xfered = 0;
	}
	sim->cnt.commands++;
	sim->cnt.per_opcode[cmd->opcode & 63]++;

	if (!sim->present || !sim->powered || sim->dead) {
		cmd->error = -ETIMEDOUT;
		mmcsim_data_fail(data, -ETIMEDOUT);
		goto out;
	}
	if (sim->fail_armed && mmcsim_inject(sim, cmd, data))
		goto out;
	if (sim->fail_armed && sim->fail_data_err &&
	    (sim->fail_opcode < 0 || sim->fail_opcode == cmd->opcode) && data)
		data_fault = true;

	/* CMD23 applies to the command that immediately follows it */
	count = sim->blk_count;
	if (cmd->opcode != MMC_SET_BLOCK_COUNT &&
	    cmd->opcode != MMC_READ_MULTIPLE_BLOCK &&
	    cmd->opcode != MMC_WRITE_MULTIPLE_BLOCK &&
	    cmd->opcode != MMC_SEND_STATUS) {
		sim->blk_count = 0;
		sim->blk_count_rel = false;
	}

	if (st == MMCSIM_INA) {
		cmd->error = -ETIMEDOUT;
		goto out;
	}

	switch (cmd->opcode) {
	case MMC_GO_IDLE_STATE:
		mmcsim_card_reset(sim);
		break;
	case MMC_SEND_OP_COND:
		if (st != MMCSIM_IDLE && st != MMCSIM_READY) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		cmd->resp[0] = MMCSIM_OCR;
		if (!cmd->arg)
			break;		/* voltage inquiry */
		if (!(cmd->arg & MMCSIM_OCR & 0x00ffff80)) {
			sim->state = MMCSIM_INA;	/* no common voltage */
			cmd->error = -ETIMEDOUT;
			break;
		}
		if (sim->op_cond_busy) {
			sim->op_cond_busy = false;	/* still powering up */
			break;
		}
		cmd->resp[0] |= MMCSIM_OCR_READY;
		sim->state = MMCSIM_READY;
		break;
	case MMC_ALL_SEND_CID:
		if (st != MMCSIM_READY) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		memcpy(cmd->resp, sim->cid, sizeof(sim->cid));
		sim->state = MMCSIM_IDENT;
		break;
	case MMC_SET_RELATIVE_ADDR:
		if (st != MMCSIM_IDENT || !(cmd->arg >> 16)) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		sim->rca = cmd->arg >> 16;
		sim->state = MMCSIM_STBY;
		break;
	case MMC_SLEEP_AWAKE:
		if (!mmcsim_addressed(sim, cmd) ||
		    (st != MMCSIM_STBY && st != MMCSIM_SLP)) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		sim->state = (cmd->arg & BIT(15)) ? MMCSIM_SLP : MMCSIM_STBY;
		break;
	case MMC_SWITCH:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_cmd6(sim, cmd);
		break;
	case MMC_SELECT_CARD:
		if (mmcsim_addressed(sim, cmd)) {
			if (st != MMCSIM_STBY && st != MMCSIM_TRAN) {
				mmcsim_illegal(sim, cmd);
				break;
			}
			mmcsim_r1(sim, cmd, st, 0);
			sim->state = MMCSIM_TRAN;
		} else if (st == MMCSIM_TRAN || st == MMCSIM_DATA) {
			sim->state = MMCSIM_STBY;	/* deselected: silent */
		}
		break;
	case MMC_SEND_EXT_CSD:
		if (st != MMCSIM_TRAN || !data || data->blksz != 512 ||
		    data->blocks != 1) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		sg_copy_from_buffer(data->sg, data->sg_len, sim->ext_csd,
				    MMCSIM_EXT_CSD_SIZE);
		data->bytes_xfered = MMCSIM_EXT_CSD_SIZE;
		break;
	case MMC_SEND_CSD:
	case MMC_SEND_CID:
		if (st != MMCSIM_STBY || !mmcsim_addressed(sim, cmd)) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		memcpy(cmd->resp, cmd->opcode == MMC_SEND_CSD ? sim->csd :
		       sim->cid, sizeof(sim->cid));
		break;
	case MMC_STOP_TRANSMISSION:
		if (st != MMCSIM_DATA && st != MMCSIM_RCV) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		sim->state = MMCSIM_TRAN;	/* via PRG, never busy */
		break;
	case MMC_SEND_STATUS:
		if (!mmcsim_addressed(sim, cmd) || st < MMCSIM_STBY) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		break;
	case MMC_GO_INACTIVE_STATE:
		if (mmcsim_addressed(sim, cmd))
			sim->state = MMCSIM_INA;
		break;
	case MMC_SET_BLOCKLEN:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, cmd->arg == MMCSIM_SECTOR_SIZE ? 0 :
			  R1_BLOCK_LEN_ERROR);
		break;
	case MMC_READ_SINGLE_BLOCK:
	case MMC_READ_MULTIPLE_BLOCK:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		if (count && data && count != data->blocks)
			count = 0;
		sim->blk_count = cmd->opcode == MMC_READ_MULTIPLE_BLOCK ?
				 count : 0;
		mmcsim_read(sim, cmd, data,
			    cmd->opcode == MMC_READ_MULTIPLE_BLOCK);
		sim->blk_count = 0;
		break;
	case MMC_WRITE_BLOCK:
	case MMC_WRITE_MULTIPLE_BLOCK:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		if (data_fault) {
			/* data CRC/timeout: nothing programmed */
			mmcsim_r1(sim, cmd, st, 0);
			break;
		}
		sim->blk_count = cmd->opcode == MMC_WRITE_MULTIPLE_BLOCK ?
				 count : 0;
		mmcsim_write(sim, cmd, data,
			     cmd->opcode == MMC_WRITE_MULTIPLE_BLOCK,
			     sim->blk_count && sim->blk_count_rel);
		sim->blk_count = 0;
		sim->blk_count_rel = false;
		break;
	case MMC_SET_BLOCK_COUNT:
		if (st != MMCSIM_TRAN || (cmd->arg & CMD23_PACKED)) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_r1(sim, cmd, st, 0);
		sim->blk_count = cmd->arg & CMD23_COUNT;
		sim->blk_count_rel = cmd->arg & CMD23_REL_WR;
		break;
	case MMC_ERASE_GROUP_START:
	case MMC_ERASE_GROUP_END:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		if (cmd->opcode == MMC_ERASE_GROUP_END &&
		    !sim->erase_start_set) {
			mmcsim_r1(sim, cmd, st, R1_ERASE_SEQ_ERROR);
			break;
		}
		if (cmd->opcode == MMC_ERASE_GROUP_START) {
			sim->erase_start = cmd->arg;
			sim->erase_start_set = true;
			sim->erase_end_set = false;
		} else {
			sim->erase_end = cmd->arg;
			sim->erase_end_set = true;
		}
		mmcsim_r1(sim, cmd, st, 0);
		break;
	case MMC_ERASE:
		if (st != MMCSIM_TRAN) {
			mmcsim_illegal(sim, cmd);
			break;
		}
		mmcsim_cmd38(sim, cmd);
		break;
	default:
		mmcsim_illegal(sim, cmd);
		break;
	}

	if (data_fault && !cmd->error) {
		sim->fail_armed = false;
		sim->cnt.errors_injected++;
		mmcsim_data_fail(data, sim->fail_data_err);
	}
out:
	mmcsim_trace(sim, cmd, st);
}

/*
 * The host controller: send SBC, the command, move the data and send STOP
 * for open-ended transfers or after a data error, like SDHCI does.
 */
void mmcsim_card_request(struct mmcsim *sim, struct mmc_request *mrq)
{
	struct mmc_data *data = mrq->data;

	if (mrq->sbc) {
		mmcsim_cmd(sim, mrq->sbc, NULL);
		if (mrq->sbc->error) {
			mmcsim_data_fail(data, 0);
			return;
		}
	}
	mmcsim_cmd(sim, mrq->cmd, data);
	if (mrq->cmd->error || !data || !data->stop)
		return;
	if (!mrq->sbc || data->error)
		mmcsim_cmd(sim, data->stop, NULL);
}
