// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim card model: command decoding, card states, R1 responses, the
 * injected faults and the host controller's request (SBC, command, data,
 * STOP). Every function here runs with sim->lock held.
 */
#include <linux/kernel.h>
#include <linux/mmc/core.h>
#include <linux/mmc/mmc.h>
#include <linux/scatterlist.h>
#include <linux/string.h>

#include "mmcsim.h"

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
void mmcsim_r1(struct mmcsim *sim, struct mmc_command *cmd,
	       enum mmcsim_state state, u32 errors)
{
	u32 st = state == MMCSIM_INA ? 0 : state;

	cmd->resp[0] = sim->pending | errors | (st << 9) | R1_READY_FOR_DATA;
	sim->pending &= ~MMCSIM_CLEAR_ON_READ;
}

/* No response: the host times out; reported in the next status. */
void mmcsim_illegal(struct mmcsim *sim, struct mmc_command *cmd)
{
	sim->pending |= R1_ILLEGAL_COMMAND;
	sim->cnt.illegal++;
	cmd->error = -ETIMEDOUT;
}

/* does the armed fault select this command? */
static bool mmcsim_fail_match(struct mmcsim *sim, u32 opcode)
{
	switch (sim->fail_opcode) {
	case MMCSIM_FAIL_ANY:
		return true;
	case MMCSIM_FAIL_READ:
		return opcode == MMC_READ_SINGLE_BLOCK || opcode == MMC_READ_MULTIPLE_BLOCK;
	case MMCSIM_FAIL_WRITE:
		return opcode == MMC_WRITE_BLOCK || opcode == MMC_WRITE_MULTIPLE_BLOCK;
	default:
		return sim->fail_opcode == opcode;
	}
}

/* Parse an injected fault; returns true if the command was consumed. */
static bool mmcsim_inject(struct mmcsim *sim, struct mmc_command *cmd,
			  struct mmc_data *data)
{
	if (!sim->fail_armed)
		return false;
	if (!mmcsim_fail_match(sim, cmd->opcode))
		return false;
	sim->fail_armed = sim->fail_sticky;
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
	    mmcsim_fail_match(sim, cmd->opcode) && data)
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
		sim->fail_armed = sim->fail_sticky;
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
