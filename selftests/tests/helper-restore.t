#!/bin/sh
# board: bpi-r3mini e8450
# targets: x86_64-6.1
# timeout: 1500
# mtk-bootmedia restore under dash and busybox ash: a good backup verifies
# and --dry-run lists the writes; another board's backup (identity edited,
# manifest made consistent) is refused with exit 4 before anything else; a
# damaged manifest, sha256 mismatch or non-archive is refused with exit 4;
# until the module has the write nodes, restore stops after verification
# with exit 3 naming the node, and the media stay untouched. With an
# eMMC: an archive whose PARTITION_CONFIG enables boot1, which holds data
# on the BPI-R3 Mini, is refused, nothing written. Last (bpi-r3mini): a BL2 copy that would cross a bad block is
# refused before anything is written.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
D=mtk-bootmedia-backup
CFS=/sys/kernel/config/mtk-bootmedia
nbad=0
[ "$MTKBM_BOARD" != bpi-r3mini ] || nbad=4
# the 14 eMMC checks only on a board with an eMMC (a check that cannot
# apply to the board is not run, rather than skipped in every run)
nemmc=0
[ ! -b /dev/mmcblk0 ] || nemmc=14
tap_plan $((45 + nemmc + nbad))
openwrt_userland x86_64-6.1

dash "$H" --quiet backup /tmp/good.tar > /tmp/bk.log 2>&1 || { cat /tmp/bk.log; exit 1; }
other=e8450
[ "$MTKBM_BOARD" != e8450 ] || other=bpi-r3mini
other_compat=$(awk '$1 == "compatible" { $1 = ""; sub(/^ /, ""); print }' "/mnt/src/selftests/boards/$other.board")

# remake: extract GOOD, apply an edit (a command run in the backup
# directory), fix the manifest unless told not to, tar it again
remake() { # OUT FIXSUMS EDIT...
	_out=$1 _fix=$2
	shift 2
	rm -rf /tmp/re && mkdir /tmp/re && tar -xf /tmp/good.tar -C /tmp/re || return 1
	(cd /tmp/re/$D && sh -c "$*") || return 1
	if [ "$_fix" = fix ]; then
		(cd /tmp/re/$D && grep -v '  SHA256SUMS$' SHA256SUMS | while read -r _ f; do sha256sum "$f"; done > S && mv S SHA256SUMS)
	fi
	(cd /tmp/re && tar -cf "$_out" $D)
}
remake /tmp/other.tar fix "sed -i -e 's/^board .*/board $other/' -e 's/^compatible .*/compatible $other_compat/' identity"
remake /tmp/badsum.tar nofix "sed -i '2s/^[0-9a-f]*/$(printf '%064d' 0)/' SHA256SUMS"
remake /tmp/baddata.tar nofix "printf X | dd of=nand.fip.bin bs=1 seek=100 conv=notrunc 2>/dev/null"
remake /tmp/noarea.tar nofix "rm nand.fip.bin"
head -c 100000 /dev/urandom > /tmp/random.tar

fipvol=$(for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip ] && echo "/dev/${v##*/}"; done)
before=$(sha256sum < "$fipvol")

for sh in dash "busybox ash"; do
	run() {
		# shellcheck disable=SC2086
		$sh "$H" "$@" > /tmp/out 2>&1
		rc=$?
	}
	run restore /tmp/good.tar --dry-run
	tap_ok "$sh: a good backup verifies; --dry-run exits 0" sh -c "[ $rc = 0 ] && grep -q 'verified, board $MTKBM_BOARD' /tmp/out"
	tap_ok "$sh: --dry-run lists the fip write" grep -q '^  nand.fip (' /tmp/out
	run restore /tmp/good.tar --only fip --dry-run
	tap_ok "$sh: --only fip lists only fip areas" sh -c "[ $rc = 0 ] && grep -q '^  nand.fip (' /tmp/out && ! grep -q '^  nand.bl2' /tmp/out"
	run restore /tmp/good.tar --only nosuch --dry-run
	tap_ok "$sh: --only an unknown area: exit 2, lists the areas" sh -c "[ $rc = 2 ] && grep -q 'nand.bl2' /tmp/out"
	run restore /tmp/good.tar --yes
	if [ -e "$CFS/nand/fip/image" ]; then
		tap_skip "$sh: restore stops before writing" "the module has the write nodes"
	else
		tap_ok "$sh: restore without the module's write nodes: exit 3 naming the node (or 0: every area already the archive's)" \
			sh -c "{ [ $rc = 3 ] && grep -q 'needs the kernel node $CFS/' /tmp/out && grep -q 'nothing was written' /tmp/out; } || { [ $rc = 0 ] && grep -q 'already holds the archive' /tmp/out; }"
	fi
	run restore /tmp/other.tar --yes
	tap_ok "$sh: another board's backup: exit 4" test "$rc" = 4
	tap_ok "$sh: ... saying whose backup it is" grep -q "backup of board $other" /tmp/out
	run restore /tmp/other.tar --dry-run
	tap_is "$rc" 4 "$sh: another board's backup refused even for --dry-run"
	run restore /tmp/badsum.tar --yes
	tap_ok "$sh: a damaged manifest: exit 4, damaged" sh -c "[ $rc = 4 ] && grep -q 'damaged' /tmp/out"
	run restore /tmp/baddata.tar --yes
	tap_ok "$sh: an area that differs from its sha256: exit 4 naming it" sh -c "[ $rc = 4 ] && grep -q 'sha256 of area nand.fip differs' /tmp/out"
	run restore /tmp/noarea.tar --yes
	tap_ok "$sh: a listed area missing from the archive: exit 4" sh -c "[ $rc = 4 ] && grep -q 'nand.fip is listed but not in the archive' /tmp/out"
	run restore /tmp/random.tar --yes
	tap_is "$rc" 4 "$sh: not an archive: exit 4"
	run restore /tmp/nosuch.tar
	tap_is "$rc" 2 "$sh: a missing file: exit 2"
	run restore
	tap_is "$rc" 2 "$sh: no FILE: exit 2"
	run restore /tmp/good.tar --frob
	tap_is "$rc" 2 "$sh: unknown option: exit 2"
	run --force-board --board "$other" restore /tmp/good.tar --dry-run
	tap_ok "$sh: --board $other refuses this board's backup" sh -c "[ $rc = 4 ] && grep -q 'this board is $other' /tmp/out"
	tap_is "$(sha256sum < "$fipvol")" "$before" "$sh: the fip volume is untouched"
done
tap_is "$(nanddump -q --bb=padbad -l 4096 /dev/mtd0 2>/dev/null | sha256sum)" \
	"$(tar -xOf /tmp/good.tar $D/nand.bl2.bin | head -c 4096 | sha256sum)" "bl2 untouched"

# ------------------------------------------------- backup, wipe, restore
# with the module bound: back up every area, wipe them all, refuse an
# archive whose third area cannot be written (pre-flight: nothing changes),
# then restore: every area byte-identical to the backup
media_sha() { # every byte of the media, read independently of the helper
	for m in /sys/class/mtd/mtd*; do
		case ${m##*/} in *ro) continue ;; esac
		nanddump -q --bb=padbad "/dev/${m##*/}" 2>/dev/null | sha256sum
	done
	# the eMMC: both boot areas, the first 64 MiB of the user area (GPT,
	# every boot partition of the board) and its last 64 sectors (the
	# backup GPT); the whole "8 GB" card takes minutes under TCG
	for b in /dev/mmcblk0boot0 /dev/mmcblk0boot1; do
		[ ! -b $b ] || sha256sum < $b
	done
	if [ -b /dev/mmcblk0 ]; then
		dd if=/dev/mmcblk0 bs=1M count=64 2>/dev/null | sha256sum
		dd if=/dev/mmcblk0 bs=512 skip=$(($(cat /sys/class/block/mmcblk0/size) - 64)) 2>/dev/null | sha256sum
	fi
}
area_sums() { # ARCHIVE: "sha256 area" of every area (not the extcsd text)
	tar -xOf "$1" $D/SHA256SUMS | awk '$2 ~ /\.bin$/ && $2 !~ /extcsd/'
}
vol_dev() { # NAME: /dev/ubi0_N of the volume called NAME
	for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = "$1" ] && echo "/dev/${v##*/}"; done
}
dash "$H" --quiet --yes setup --create-slots > /tmp/out 2>&1
tap_is "$?" 0 "setup --create-slots (fip2: the inactive slot restore writes first)"
# an archive whose GPT is valid and differs from the valid one on the disk
# (an attribute byte of entry 1, the CRCs made right): refused, nothing
# written
if [ -b /dev/mmcblk0 ]; then
	rm -rf /tmp/re && mkdir /tmp/re && tar -xf /tmp/good.tar -C /tmp/re
	g=/tmp/re/$D/emmc.gpt.bin
	printf '\377' | dd of=$g bs=1 seek=$((1024 + 55)) conv=notrunc 2>/dev/null
	ne=$(hexdump -s $((512 + 80)) -n 4 -e '1/4 "%u"' $g) es=$(hexdump -s $((512 + 84)) -n 4 -e '1/4 "%u"' $g)
	dd if=$g bs=1024 skip=1 count=16 2>/dev/null | head -c $((ne * es)) | gzip -c | tail -c 8 | head -c 4 |
		dd of=$g bs=1 seek=$((512 + 88)) conv=notrunc 2>/dev/null
	printf '\000\000\000\000' | dd of=$g bs=1 seek=$((512 + 16)) conv=notrunc 2>/dev/null
	dd if=$g bs=1 skip=512 count=92 2>/dev/null | gzip -c | tail -c 8 | head -c 4 | dd of=$g bs=1 seek=$((512 + 16)) conv=notrunc 2>/dev/null
	(cd /tmp/re/$D && grep -v '  SHA256SUMS$' SHA256SUMS | while read -r _ f; do sha256sum "$f"; done > S && mv S SHA256SUMS)
	(cd /tmp/re && tar -cf /tmp/gptdiff.tar $D)
	rm -rf /tmp/re
	media_sha > /tmp/m.before
	dash "$H" --yes restore /tmp/gptdiff.tar --only gpt > /tmp/out 2>&1
	rc=$?
	rm -f /tmp/gptdiff.tar
	tap_ok "restore of an archive whose GPT is valid and differs from the valid one on the disk: exit 4, says why" \
		sh -c "[ $rc = 4 ] && grep -q 'is valid and differs' /tmp/out"
	[ "$rc" = 4 ] || tap_diag "$(cat /tmp/out)"
	media_sha > /tmp/m.after
	tap_ok "... every byte of the media as it was" cmp /tmp/m.before /tmp/m.after
fi
dash "$H" --quiet backup /tmp/rt.tar > /tmp/out 2>&1
tap_is "$?" 0 "backup of the bound board"
tar -xOf /tmp/rt.tar $D/areas | awk '$2 != "missing" { print $1 }' > /tmp/rt.areas
bp=$(cat $CFS/emmc/boot_partition 2>/dev/null)
# wipe every area: BL2 erased, UBI volumes emptied, eMMC boot areas,
# partitions and both GPT copies zeroed (the kernel keeps the partitions it
# read at boot), boot partition none
dash "$H" --quiet unprotect 600 > /dev/null 2>&1
bl2mtd=$(grep -l '^bl2$' /sys/class/mtd/mtd*/name | head -n 1 | sed 's,.*/\(mtd[0-9]*\)/name,\1,')
flash_erase -q "/dev/$bl2mtd" 0 0
while read -r a; do
	loc=$(tar -xOf /tmp/rt.tar $D/areas | awk -v a="$a" '$1 == a { print $3 }')
	case $loc in
	ubi:*) d=$(vol_dev "${loc##*:}"); [ -z "$d" ] || ubiupdatevol -t "$d" ;;
	emmc:boot0 | emmc:boot1)
		echo 0 > "/sys/block/mmcblk0${loc#emmc:}/force_ro"
		dd if=/dev/zero of="/dev/mmcblk0${loc#emmc:}" bs=64k 2>/dev/null
		;;
	gpt:*)
		p=$(grep -l "^PARTNAME=${loc#gpt:}\$" /sys/class/block/mmcblk0p*/uevent | head -n 1 | sed 's,.*/\(mmcblk0p[0-9]*\)/uevent,\1,')
		[ -z "$p" ] || dd if=/dev/zero of="/dev/$p" bs=64k 2>/dev/null
		;;
	emmc:extcsd) dash "$H" --quiet --yes boot-partition none --force > /dev/null 2>&1 ;;
	disk:gpt) gpt_wipe=1 ;;
	esac
done < /tmp/rt.areas
# the GPT last: the partitions were found by the names it held
if [ -n "${gpt_wipe:-}" ]; then
	dd if=/dev/zero of=/dev/mmcblk0 bs=512 count=34 conv=notrunc 2>/dev/null
	dd if=/dev/zero of=/dev/mmcblk0 bs=512 count=33 seek=$(($(cat /sys/class/block/mmcblk0/size) - 33)) conv=notrunc 2>/dev/null
fi
sync
dash "$H" --quiet protect > /dev/null 2>&1
area_sums /tmp/rt.tar > /tmp/rt.sums
n=$(wc -l < /tmp/rt.sums)
fipsys=/sys/class/ubi/$(basename "$(vol_dev fip)")
tap_ok "the wipe emptied the fip volume and erased the BL2 copies" \
	sh -c "[ \"\$(cat $fipsys/data_bytes)\" = 0 ] && [ \"\$(head -c 4096 /dev/$bl2mtd | tr -d '\\377' | wc -c)\" = 0 ]"
if [ -n "${gpt_wipe:-}" ]; then
	sec=$(cat /sys/class/block/mmcblk0/size)
	tap_ok "the wipe zeroed both GPT copies" sh -c \
		"[ -z \"\$({ dd if=/dev/mmcblk0 bs=512 count=34; dd if=/dev/mmcblk0 bs=512 skip=$((sec - 33)); } 2>/dev/null | tr -d '\\000' | head -c 1)\" ]"
fi
# room in the guest's RAM /tmp: the archives of the checks above go
rm -rf /tmp/re /tmp/other.tar /tmp/badsum.tar /tmp/baddata.tar /tmp/noarea.tar /tmp/random.tar
# the third area made larger than its volume (manifest and list fixed):
# pre-flight refuses it before the first write
third=$(sed -n 3p /tmp/rt.areas)
cp /tmp/rt.tar /tmp/good.tar
big=$((8 * 1048576))
remake /tmp/third.tar fix "head -c $big /dev/urandom > $third.bin && awk -v a=$third '\$1 == a { \$2 = $big } { print }' areas > a2 && mv a2 areas"
media_sha > /tmp/m.before
busybox ash "$H" --yes restore /tmp/third.tar > /tmp/out 2>&1
rc=$?
tap_ok "a restore whose third area ($third) cannot be written: exit 4, names it" sh -c "[ $rc = 4 ] && grep -q '$third' /tmp/out"
[ "$rc" = 4 ] || tap_diag "$(cat /tmp/out)"
media_sha > /tmp/m.after
tap_ok "... and the two areas before it (and every other byte of the media) are untouched" cmp /tmp/m.before /tmp/m.after
# an archive whose area sits elsewhere than the profile says: refused
remake /tmp/moved.tar fix "awk '\$1 == \"$third\" { \$3 = \"ubi:ubi:elsewhere\" } { print }' areas > a2 && mv a2 areas"
dash "$H" --yes restore /tmp/moved.tar > /tmp/out 2>&1
tap_ok "an area at another location than the profile's: exit 4" sh -c "[ $? = 4 ] && grep -q 'profile $MTKBM_BOARD at' /tmp/out"
# the real restore (the crafted archives go first: RAM)
rm -rf /tmp/re /tmp/third.tar /tmp/moved.tar /tmp/good.tar
if [ -n "${gpt_wipe:-}" ]; then
	# the partitions are checked through the table: the GPT goes first, alone
	busybox ash "$H" --yes restore /tmp/rt.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "restore with the GPT wiped: exit 4, restore the GPT alone first" sh -c "[ $rc = 4 ] && grep -q 'only emmc.gpt' /tmp/out"
	[ "$rc" = 4 ] || tap_diag "$(cat /tmp/out)"
	busybox ash "$H" --yes restore /tmp/rt.tar --only gpt > /tmp/out 2>&1
	rc=$?
	tap_ok "restore --only gpt: exit 0, the archive's table written" sh -c "[ $rc = 0 ] && grep -q 'the primary header last' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
fi
busybox ash "$H" --yes restore /tmp/rt.tar > /tmp/out 2>&1
rc=$?
tap_is "$rc" 0 "restore of every area: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
dash "$H" --quiet backup /tmp/after.tar > /dev/null 2>&1
area_sums /tmp/after.tar > /tmp/after.sums
tap_ok "every area is byte-identical to the backup ($n areas, UBI data volumes and eMMC areas included)" cmp /tmp/rt.sums /tmp/after.sums
if [ -n "$bp" ]; then
	tap_is "$(cat $CFS/emmc/boot_partition)" "$bp" "the eMMC boot partition is restored ($bp)"
fi
dash "$H" doctor > /tmp/out 2>&1
tap_is "$?" 0 "doctor after the restore: the board boots"
if [ -n "${gpt_wipe:-}" ]; then
	dash "$H" doctor --medium emmc > /tmp/out 2>&1
	rc=$?
	tap_ok "doctor --medium emmc after the GPT restore: the boot model reads the table and boots" sh -c "[ $rc = 0 ] && grep -q 'will boot' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	# an install through the gpt switch swaps the names fip and fip2: the
	# table differs from the archive's only by them and is left as it is
	dash "$H" --quiet --yes install fip /mnt/media/fip-bpi-r3mini-emmc.fip --medium emmc > /tmp/out 2>&1
	tap_is "$?" 0 "eMMC install fip (the gpt switch swaps the names)"
	dash "$H" --yes restore /tmp/rt.tar --only gpt > /tmp/out 2>&1
	rc=$?
	tap_ok "restore --only gpt after the switch: exit 0, the table left as it is (only fip/fip2 differ)" \
		sh -c "[ $rc = 0 ] && grep -q 'only by the names fip and fip2' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
fi
# an archive whose PARTITION_CONFIG enables boot1 (0x50: hand-edited or
# from another card, the manifest made consistent) and whose ubootenv
# differs: the eMMC board here is the BPI-R3 Mini, whose boot1 holds the
# EN8811H firmware (data): the BootROM must never be pointed at it.
# --dry-run and restore refuse it (exit 4, naming boot1 and en8811h-fw)
# before the first write: PARTITION_CONFIG, boot_partition and every byte
# of the media (ubootenv, restored before EXT_CSD, too) as they were. The
# module refuses it as well, forced: an echo to configfs is just as safe
if [ -b /dev/mmcblk0 ]; then
	cp /tmp/rt.tar /tmp/good.tar
	remake /tmp/boot1.tar fix "sed -i 's/^PARTITION_CONFIG .*/PARTITION_CONFIG 0x50/' *extcsd.bin && printf mtkbm-restore-t! | dd of=nand.ubootenv.bin conv=notrunc 2>/dev/null"
	rm -f /tmp/good.tar
	pc0=$(hexdump -s 179 -n 1 -e '1/1 "%u"' /sys/kernel/debug/mmcsim/ext_csd)
	why="emmc.extcsd: PARTITION_CONFIG 0x50 enables boot1, which holds en8811h-fw on $MTKBM_BOARD (data, not BL2"
	dash "$H" --yes restore /tmp/boot1.tar --dry-run > /tmp/out 2>&1
	rc=$?
	tap_ok "restore --dry-run of an archive whose PARTITION_CONFIG enables boot1 (en8811h-fw there): exit 4, says why" \
		sh -c "[ $rc = 4 ] && grep -qF '$why' /tmp/out"
	[ "$rc" = 4 ] || tap_diag "$(tail -n 3 /tmp/out)"
	media_sha > /tmp/m.before
	busybox ash "$H" --yes restore /tmp/boot1.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "restore of that archive: exit 4, says why" sh -c "[ $rc = 4 ] && grep -qF '$why' /tmp/out"
	[ "$rc" = 4 ] || tap_diag "$(tail -n 3 /tmp/out)"
	tap_is "$(cat $CFS/emmc/boot_partition) $(hexdump -s 179 -n 1 -e '1/1 "%u"' /sys/kernel/debug/mmcsim/ext_csd)" \
		"$bp $pc0" "... PARTITION_CONFIG unchanged ($bp, $pc0)"
	media_sha > /tmp/m.after
	tap_ok "... every byte of the media as it was (the changed ubootenv not written)" cmp /tmp/m.before /tmp/m.after
	rm -f /tmp/boot1.tar
	printf 'boot1 force\n' > $CFS/emmc/boot_partition 2> /dev/null
	rc=$?
	tap_ok "the module refuses 'boot1 force' there too: -EPERM, the card as it was" sh -c \
		"[ $rc != 0 ] && grep -qF 'error: -EPERM boot_partition: boot1 refused: it holds en8811h-fw (kind data), not BL2: nothing written' $CFS/emmc/status && [ \"\$(hexdump -s 179 -n 1 -e '1/1 \"%u\"' /sys/kernel/debug/mmcsim/ext_csd)\" = $pc0 ]"
fi
# ------------------------------------------ a bad block inside a BL2 copy
# (bpi-r3mini: a copy takes one block of its two-block slot; on e8450 each
# slot is one block, and a bad one shifts every later copy out of bl2 when
# vm/media writes the board.) nandsim again with block 4, the first of slot
# c, bad; the media written as at boot (nandwrite put c's copy in block 5),
# the eMMC left as it is. The archive's copy c would cross the bad block
# (no BL2 copy across a bad block, Documentation/mtk-bootmedia-core.rst):
# the pre-flight refuses it through the module's `stage c check` before
# anything is written, though copy d is written first when they are
if [ "$MTKBM_BOARD" = bpi-r3mini ]; then
	# shellcheck disable=SC2317 # run through tap_ok
	badnand() (
		PATH=/usr/sbin:/usr/bin:/sbin:/bin
		# the medium's references on the partitions hold nandsim
		echo 0 > "$CFS/nand/enable" || exit 1
		for u in /sys/class/ubi/ubi[0-9]*; do
			[ -e "$u/mtd_num" ] && ubidetach -d "${u##*ubi}" > /dev/null 2>&1
		done
		rmmod nandsim || exit 1
		grep -v '^emmc\.' "/mnt/src/selftests/boards/$MTKBM_BOARD.board" |
			sed 's/^nand\.options.*/& badblocks=4/' > /tmp/bad.board
		sh /mnt/src/selftests/vm/media /tmp/bad.board /mnt/media > /tmp/media.log 2>&1 ||
			{ cat /tmp/media.log; exit 1; }
		b=$(grep -l '^bl2$' /sys/class/mtd/mtd*/name | head -n 1 | sed 's,/name$,,')
		[ "$(cat "$b/bad_blocks")" = 1 ] || exit 1
		# copy d erased: the write a restore without the pre-flight makes first shows
		flash_erase -q "/dev/${b##*/}" 0xc0000 2
	)
	tap_ok "nandsim again with block 4 (slot c of bl2) bad, the NAND written as at boot" badnand
	dash "$H" --quiet --yes setup --create-slots > /tmp/out 2>&1
	tap_ok "setup --create-slots: nand bound again" sh -c "[ $? = 0 ] && [ \"\$(cat $CFS/nand/enable)\" = 1 ]"
	media_sha > /tmp/m.before
	busybox ash "$H" --yes restore /tmp/rt.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "restore: copy c would cross the bad block: exit 4, the module's -ENOSPC" sh -c \
		"[ $rc = 4 ] && grep -q 'nand.bl2: BL2 copy c cannot be written to its slot: -ENOSPC stage c check: block 0x80000 of bl2 is bad' /tmp/out"
	[ "$rc" = 4 ] || tap_diag "$(tail -n 5 /tmp/out)"
	media_sha > /tmp/m.after
	tap_ok "... every byte of the media as it was (copy d not written first)" cmp /tmp/m.before /tmp/m.after
fi
tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "no temporary directory left behind"
tap_done
