// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmcsim card model: the data path: erase (CMD38), block reads and writes
 * (reliable write, write protection, partial transfers). Every function
 * here runs with sim->lock held.
 */
#include <linux/kernel.h>
#include <linux/mmc/core.h>
#include <linux/mmc/mmc.h>
#include <linux/scatterlist.h>
#include <linux/string.h>

#include "mmcsim.h"

/*
 * Record that the card changed sectors [@first, @end) of @area (debugfs
 * "touched": what a test must restore); adjacent and overlapping runs merge
 */
static void mmcsim_touch(struct mmcsim *sim, unsigned int area, u64 first, u64 end)
{
	struct mmcsim_run *r;
	unsigned int i;

	for (i = 0; i < sim->ntouched; i++) {
		r = &sim->touched[i];
		if (r->area == area && first <= r->end && end >= r->first) {
			r->first = min(r->first, first);
			r->end = max(r->end, end);
			return;
		}
	}
	if (sim->ntouched == MMCSIM_TOUCHED_MAX) {
		sim->touched_overflow = true;
		return;
	}
	sim->touched[sim->ntouched++] = (struct mmcsim_run){
		.first = first, .end = end, .area = area,
	};
}

void mmcsim_cmd38(struct mmcsim *sim, struct mmc_command *cmd)
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
	mmcsim_touch(sim, part, first, last + 1);
	sim->cnt.erases++;
	sim->cnt.sectors_erased += last - first + 1;
}

void mmcsim_data_fail(struct mmc_data *data, int err)
{
	if (data) {
		data->error = err;
		data->bytes_xfered = 0;
	}
}

/*
 * corrupt_read: the armed byte, when sectors [@first, @first + @blocks) of
 * @part hold it, goes out inverted in the read's data (sim->bounce); the
 * stored data stays as it is
 */
static void mmcsim_corrupt(struct mmcsim *sim, unsigned int part, u64 first, u32 blocks)
{
	u64 start = first << MMCSIM_SECTOR_SHIFT;
	u64 off = sim->corrupt_off;

	if (!sim->corrupt_left || sim->corrupt_area != part || off < start ||
	    off - start >= (u64)blocks << MMCSIM_SECTOR_SHIFT)
		return;
	sim->bounce[off - start] ^= 0xff;
	if (sim->corrupt_left > 0)
		sim->corrupt_left--;
	sim->cnt.reads_corrupted++;
}

void mmcsim_read(struct mmcsim *sim, struct mmc_command *cmd,
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
	mmcsim_corrupt(sim, part, cmd->arg, blocks);
	sg_copy_from_buffer(data->sg, data->sg_len, sim->bounce,
			    blocks << MMCSIM_SECTOR_SHIFT);
	data->bytes_xfered = blocks << MMCSIM_SECTOR_SHIFT;
	sim->cnt.sectors_read += blocks;
	/* open-ended reads stay in DATA until CMD12 */
	sim->state = (multi && !sim->blk_count) ? MMCSIM_DATA : MMCSIM_TRAN;
}

void mmcsim_write(struct mmcsim *sim, struct mmc_command *cmd,
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
		mmcsim_touch(sim, part, off >> MMCSIM_SECTOR_SHIFT,
			     (off >> MMCSIM_SECTOR_SHIFT) + 1);
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
