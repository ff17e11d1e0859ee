// SPDX-License-Identifier: GPL-2.0-only
/*
 * Test-only module: power cuts on a simulated NAND chip (nandsim).
 *
 * On load it takes the master MTD of a NAND chip (the one named by the
 * chip= parameter, else the first NAND chip found) and puts a shim in
 * front of its erase, read_oob, write_oob and block_markbad operations.
 * Everything above the chip goes through those four: the partitions,
 * UBI, mtd_read/mtd_write/mtd_erase callers, /dev/mtdN (nandwrite,
 * flash_erase, nanddump). block_isbad and the rest stay nandsim's own.
 * Unloading puts the original operations back. The module pins the chip's
 * driver module (nandsim) while loaded, but holds no MTD device reference:
 * a partition removed with `remove` really goes.
 *
 * debugfs, /sys/kernel/debug/mtkbm_nandcut/ (offsets are chip offsets):
 *   cut_after    N >= 0: N more page programs or block erases complete,
 *                the next one is torn (program: the first half of the
 *                page's data is written, the rest stays as it was; erase:
 *                the first half of the block's pages is erased, the
 *                second half keeps its content), the operation fails
 *                with -EIO and so does every program, erase and read
 *                after it until power_cycle. -1: off (default). Reads
 *                back what is left.
 *   power_cycle  write 1: the chip works again; the cut is disarmed.
 *   counters     pages_programmed, blocks_erased, pages_read, io_errors,
 *                cuts, power_cycles, out_of_order (page programs below a
 *                page already programmed in the same block since its
 *                erase: what datasheets that require in-order programming
 *                within a block forbid). Write anything to reset.
 *   state        dead, cut_after, chip, last_cut, snapshot, remove_refs.
 *   snapshot     "OFFSET LENGTH" (whole blocks): keep the raw pages
 *                (data and OOB) of that range in memory and track the
 *                blocks written or erased from then on; "clear" drops it.
 *   restore      write 1: erase every tracked block of the snapshot and
 *                program its saved raw pages back (not through the cut).
 *   raw          the whole chip, every page's data followed by its OOB,
 *                read raw (no ECC, bad blocks included): the nand.bin of
 *                a boot-model dump (scripts/bootmodel/README.md), fast.
 *                Reads even when the chip is "dead" (a debug port).
 *   delay_us     N (0..1000000, default 0): sleep N microseconds before
 *                each page program and each block erase goes to the chip
 *                (an operation on k pages or blocks sleeps min(k, 64) * N
 *                first), so that a write of a few blocks lasts seconds.
 *   remove       write a partition NAME: delete that partition of the chip
 *                (mtd_del_partition() on the master, from the writer's
 *                context), as if its driver went away; it returns once the
 *                MTD notifiers ran. -ENOENT: no such partition.
 *                `state` then shows remove_refs: the chip driver module's
 *                reference count right after the removal (every MTD
 *                reference on the chip holds one): a count above the one
 *                before anything was bound is a reference that outlived
 *                the device (a put after the master is freed, when a real
 *                flash driver unbinds).
 *   add          write "NAME OFFSET SIZE": add a partition to the chip
 *                (mtd_add_partition()), e.g. to put a removed one back.
 *   flip_program write OFFSET: the next page program that covers that
 *                byte stores it with every bit inverted and reports
 *                success (a program that did not take: only a read-back
 *                compare sees it; once, then off). "off" disarms it;
 *                reads the offset still armed, or "off".
 *
 * Files: nandcut_main.c (load, unload, the chip), nandcut_mtd.c (the
 * shim: cuts, tears, ordering, snapshot and restore), nandcut_debugfs.c
 * (the files above), nandcut.h.
 *
 * Test-only: never load it on a real system.
 */
#include <linux/debugfs.h>
#include <linux/module.h>
#include <linux/mtd/mtd.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "nandcut.h"

static char *chip = "";
module_param(chip, charp, 0444);
MODULE_PARM_DESC(chip, "name of the NAND chip (master MTD); empty: the first NAND chip");

struct nc_state nc;

/*
 * The master of the first matching NAND MTD. Its driver module is pinned
 * (the master lives as long as that module); the MTD reference taken to
 * find it is dropped, so that every partition can be removed.
 */
static struct mtd_info *nc_find_chip(void)
{
	int i;

	for (i = 0; i < NC_MAX_MTD; i++) {
		struct mtd_info *mtd = get_mtd_device(NULL, i);
		struct mtd_info *m;

		if (IS_ERR(mtd))
			continue;
		m = mtd_get_master(mtd);
		if (m->type == MTD_NANDFLASH && (!*chip || !strcmp(m->name, chip))) {
			__module_get(m->owner);	/* live: the reference holds it */
			put_mtd_device(mtd);
			return m;
		}
		put_mtd_device(mtd);
	}
	return NULL;
}

static int __init nc_init(void)
{
	struct mtd_info *m;

	mutex_init(&nc.lock);
	nc.budget = -1;
	nc.flip = -1;
	nc.remove_refs = -1;
	m = nc_find_chip();
	if (!m) {
		pr_err("mtkbm_nandcut: no NAND chip%s%s\n", *chip ? " named " : "", chip);
		return -ENODEV;
	}
	if (!m->_erase || !m->_read_oob || !m->_write_oob || !m->_block_markbad ||
	    !m->writesize || m->erasesize % m->writesize) {
		module_put(m->owner);
		return -EOPNOTSUPP;
	}
	nc.master = m;
	nc.ws = m->writesize;
	nc.es = m->erasesize;
	nc.oobsz = m->oobsize;
	nc.ppb = m->erasesize / m->writesize;
	/* every block erased or not: the first program of a block counts as in order */
	nc.next_page = kvcalloc(div_u64(m->size, nc.es), sizeof(*nc.next_page), GFP_KERNEL);
	if (!nc.next_page) {
		module_put(m->owner);
		return -ENOMEM;
	}
	nc_debugfs_init(m);

	/* the shim: new callers see it from now on */
	mutex_lock(&nc.lock);
	nc.erase = m->_erase;
	nc.read_oob = m->_read_oob;
	nc.write_oob = m->_write_oob;
	nc.markbad = m->_block_markbad;
	WRITE_ONCE(m->_erase, nc_erase);
	WRITE_ONCE(m->_read_oob, nc_read_oob);
	WRITE_ONCE(m->_write_oob, nc_write_oob);
	WRITE_ONCE(m->_block_markbad, nc_markbad);
	mutex_unlock(&nc.lock);
	pr_info("mtkbm_nandcut: shim on %s (%u-byte pages, %u-byte blocks)\n",
		m->name, nc.ws, nc.es);
	return 0;
}

static void __exit nc_exit(void)
{
	struct mtd_info *m = nc.master;

	/*
	 * Test-only: a caller that loaded a shim pointer just before this and
	 * has not entered it yet is not waited for; tests unload it idle.
	 */
	mutex_lock(&nc.lock);
	WRITE_ONCE(m->_erase, nc.erase);
	WRITE_ONCE(m->_read_oob, nc.read_oob);
	WRITE_ONCE(m->_write_oob, nc.write_oob);
	WRITE_ONCE(m->_block_markbad, nc.markbad);
	nc_snap_free();
	mutex_unlock(&nc.lock);
	debugfs_remove_recursive(nc.dir);
	kvfree(nc.next_page);
	module_put(m->owner);
}

module_init(nc_init);
module_exit(nc_exit);
MODULE_DESCRIPTION("mtk-bootmedia test bed: power cuts on a simulated NAND chip");
MODULE_LICENSE("GPL");
