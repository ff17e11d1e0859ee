#!/bin/sh
# board: bpi-r3mini e8450
# board@arm64-6.12: bpi-r3mini
# targets: x86_64-6.1 arm64-6.12
# timeout: 900
# mtk-bootmedia doctor and status under dash and busybox ash: the boot model
# (bootmodel --live --profile scripts/boards/NAME.profile) on the live media
# says the board boots (exit 0); the field failures make it say it will not
# (exit 1) with the reason and the fix: no UBI volume named fip, an empty
# fip volume, erased BL2 copies. Backup, wipe, restore through the module:
# doctor says the board boots again and every byte matches the backup.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
D=mtk-bootmedia-backup
tap_plan 36
openwrt_userland x86_64-6.1

run() { # SHELL ARGS...: exit status in $rc, output in /tmp/out
	_sh=$1
	shift
	# shellcheck disable=SC2086
	$_sh "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
# shellcheck disable=SC2317 # called through tap_ok
has() { grep -q -- "$1" /tmp/out; }
fipvol() { # the /dev node of the UBI volume named NAME (default fip)
	for _v in /sys/class/ubi/ubi0_*; do
		[ "$(cat "$_v/name")" = "${1:-fip}" ] && echo "/dev/${_v##*/}"
	done
}

run dash setup
tap_is "$rc" 0 "setup binds the media"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"

printf '#!/bin/sh\necho "usage: bootmodel DUMPDIR" >&2\nexit 2\n' > /tmp/oldmodel
chmod +x /tmp/oldmodel
for sh in dash "busybox ash"; do
	run "$sh" doctor
	tap_ok "$sh: doctor on a good board: exit 0, will boot" sh -c "[ $rc = 0 ] && grep -q '^verdict: the board will boot' /tmp/out"
	tap_ok "$sh: doctor names the BL2 and the FIP it found" sh -c "grep -q '^bl2: SPI-NAND copy 0' /tmp/out && grep -q '^fip: UBI volume \"fip\"' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run "$sh" doctor --verbose
	tap_ok "$sh: doctor --verbose shows the model's lines" sh -c "[ $rc = 0 ] && grep -q '^strict-readings:' /tmp/out"
	run "$sh" doctor --bogus
	tap_is "$rc" 2 "$sh: doctor --bogus: exit 2"
	run "$sh" doctor --medium nosuch
	tap_ok "$sh: doctor --medium of another board: exit 2" sh -c "[ $rc = 2 ] && grep -q \"nosuch: board .* has no such medium (media: \" /tmp/out"
	MTKBM_BOOTMODEL=/tmp/oldmodel run "$sh" doctor
	tap_ok "$sh: a boot model without --live: exit 3, says so" sh -c "[ $rc = 3 ] && grep -q 'live' /tmp/out"
	run "$sh" status
	tap_ok "$sh: status gives the next-boot verdict" sh -c "[ $rc = 0 ] && grep -q '^next boot: boots' /tmp/out"
	tap_ok "$sh: status shows the active slot of fip" grep -q '^  fip  *switch ubi  *active: a' /tmp/out
done

# field failure: no static volume named fip (renamed away)
fv=$(fipvol fip)
ubirename /dev/ubi0 fip fipgone
run dash doctor
tap_is "$rc" 1 "no volume named fip: doctor exits 1"
tap_ok "... the reason: BL2 stops loading the FIP" has 'Failed to load image id 3'
tap_ok "... the reason names the fip volume" sh -c "grep '^reason:' /tmp/out | grep -q 'fip'"
tap_ok "... the fix: restore --only fip" sh -c "grep '^fix:' /tmp/out | grep -q 'restore .* --only fip'"
run "busybox ash" status
tap_ok "status: next boot will not boot" sh -c "[ $rc = 0 ] && grep -q '^next boot: will not boot' /tmp/out"
ubirename /dev/ubi0 fipgone fip
run "busybox ash" doctor
tap_is "$rc" 0 "fip renamed back: doctor exits 0"

# backup, wipe the fip volume, restore through the module
run dash --quiet backup /tmp/b.tar
tap_is "$rc" 0 "backup"
tar -xOf /tmp/b.tar $D/nand.fip.bin > /tmp/fip.orig
tar -xOf /tmp/b.tar $D/nand.bl2.bin > /tmp/bl2.orig
ubiupdatevol -t "$fv"
run dash doctor
tap_ok "empty fip volume: doctor exits 1 with a fix" sh -c "[ $rc = 1 ] && grep -q '^fix: ' /tmp/out"
run dash --yes restore /tmp/b.tar --only nand.fip
tap_is "$rc" 0 "restore --only nand.fip: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
run "busybox ash" doctor
tap_is "$rc" 0 "after the restore doctor says the board boots"
tap_is "$(head -c "$(wc -c < /tmp/fip.orig)" "$fv" | sha256sum)" "$(sha256sum < /tmp/fip.orig)" "every byte of fip matches the backup"
tap_is "$(cat "/sys/class/ubi/${fv#/dev/}/data_bytes")" "$(wc -c < /tmp/fip.orig | tr -d ' ')" "the fip volume's data size matches"

# erase the BL2 copies (with protection lifted), then restore them
run dash unprotect 60
flash_erase -q /dev/mtd0 0 0 > /tmp/erase.out 2>&1
tap_ok "the BL2 area erased" test "$(nanddump -q -l 4096 /dev/mtd0 2>/dev/null | tr -d '\377' | wc -c)" -eq 0
run dash protect
run "busybox ash" doctor
tap_ok "no BL2 copy: doctor exits 1 naming BL2" sh -c "[ $rc = 1 ] && grep '^reason:' /tmp/out | grep -qi 'bl2'"
run "busybox ash" --yes restore /tmp/b.tar --only nand.bl2
tap_is "$rc" 0 "restore --only nand.bl2: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
run dash doctor
tap_is "$rc" 0 "after the BL2 restore doctor says the board boots"
tap_is "$(nanddump -q --bb=padbad /dev/mtd0 2>/dev/null | sha256sum)" "$(sha256sum < /tmp/bl2.orig)" "every byte of the BL2 area matches the backup"
run dash doctor --medium nand
tap_is "$rc" 0 "doctor --medium nand"
tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "no temporary directory left behind"
tap_done
