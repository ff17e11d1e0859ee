#!/bin/sh
# board: bpi-r3mini e8450
# The ubi switch: the FIP in static UBI volumes fip / fip2, written with
# ubiupdatevol and switched with ubirename by userspace. Slots are resolved
# to volume ids at bind and stay with their volumes across renames; a UBI
# volume notifier makes the module re-check the component after every
# change (result, generation). A volume missing at bind is resolved when it
# appears; a dynamic fip and one with an id >= 16 are reported as
# unbootable; detaching UBI while bound is survived. Info of a slot that
# reads back as exactly the staged FIP a verify accepted is what that
# verify found (the same text as the full checks), other bytes get every
# check (issue 17). The VM runner fails
# the test on any kernel warning or oops.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 74

chip=$(profile_get nand.name)
board=$(profile_get name)
m=$CFS/nand
c=$m/fip
good=/mnt/media/fip-$board-snand.fip
ubimtd=$(mtd_dev "$(profile_get ubi.mtd)")
vidoff=$(profile_get ubi.vidoffset)

# vol_sys NAME: /sys/class/ubi/ubi0_N of the volume named NAME
vol_sys() {
	for v in /sys/class/ubi/ubi0_*; do
		[ -e "$v/name" ] || continue
		[ "$(cat "$v/name")" = "$1" ] && { echo "$v"; return 0; }
	done
	return 1
}

# vol_id NAME: the id of the volume named NAME
vol_id() {
	v=$(vol_sys "$1") || return 1
	echo "${v##*_}"
}

# vol_dev NAME (core-lib.sh): /dev/ubi0_N of the volume named NAME

res() {
	cat "$c/result"
}

gen() {
	cat "$c/generation"
}

# result_has TEXT: the component's result contains TEXT
result_has() {
	contains "$(res)" "$1"
}

# junk that is no FIP (and not all 0xff / 0x00, which reads as empty)
i=0
: > /tmp/bad.fip
while [ $i -lt 256 ]; do
	printf 'this is not a FIP image, line %04d..........................\n' $i >> /tmp/bad.fip
	i=$((i + 1))
done

fipid=$(vol_id fip)
tap_ok "the board has a UBI volume fip" test -n "$fipid"
lebs=$(cat "$(vol_sys fip)/reserved_ebs")
if vol_sys fip2 > /dev/null; then
	ubirmvol /dev/ubi0 -N fip2 > /dev/null
fi
tap_fails "no volume fip2 before the test" vol_sys fip2

mkdir -p "$c/a" "$c/b"
put "$c/a/location" ubi:0:fip
put "$c/b/location" ubi:0:fip2
put "$m/device" "mtd:$chip"
put "$m/force_ro_secs" 0
tap_ok "bind with slot b's volume missing" put "$m/enable" 1
tap_is "$(cat "$c/a/state")" valid "slot a (fip) valid"
tap_ok "slot b invalid: no such volume" contains "$(cat "$c/b/state")" "invalid: cannot open UBI volume fip2 on ubi0"
tap_ok "switch ubi" put "$c/switch" ubi
tap_is "$(cat "$c/switch")" ubi "switch reads ubi"
tap_is "$(cat "$c/active")" a "active: a (its volume is named fip)"

# the helper creates fip2 (--create-slots): the notifier resolves slot b
g0=$(gen)
tap_ok "ubimkvol fip2 (static, $lebs LEBs)" ubimkvol /dev/ubi0 -N fip2 -t static -S "$lebs"
fip2id=$(vol_id fip2)
tap_ok "re-check after ADDED: slot a active and valid" wait_for 10 result_has \
	"ok: ubi: volumes changed: slot a (volume fip, id $fipid) is active and valid"
tap_ok "generation increased ($g0 -> $(gen))" test "$(gen)" -gt "$g0"
tap_ok "slot b found: empty volume" contains "$(cat "$c/b/state")" "invalid: UBI volume fip2 is empty"

# install: ubiupdatevol the inactive volume, then swap the names
g0=$(gen)
tap_ok "ubiupdatevol fip2 with the good FIP" ubiupdatevol "$(vol_dev fip2)" "$good"
tap_ok "re-check after UPDATED" wait_for 10 test "$(gen)" -gt "$g0"
tap_is "$(cat "$c/b/state")" valid "slot b valid after the update"
# info of a slot that reads back as exactly the FIP staged and verified
# (the helper's install on UBI, issue 17): what that verify found, the
# same text as the full checks of the slot; other bytes: the full checks
full=$(cat "$c/b/info")
tap_ok "stage the good FIP (image_file) and verify it" sh -c "echo '$good' > '$c/image_file' && echo 1 > '$c/verify'"
tap_is "$(cat "$c/b/info")" "$full" "info of slot b holding the staged FIP: what the full checks said"
v2=${good%.fip}-v2.fip
g0=$(gen)
tap_ok "ubiupdatevol fip2 with another FIP" ubiupdatevol "$(vol_dev fip2)" "$v2"
tap_ok "info of slot b: that FIP's sha256, not the staged one's" \
	grep -qx "sha256: $(sha256sum < "$v2" | cut -d' ' -f1)" "$c/b/info"
tap_ok "ubiupdatevol fip2 with the good FIP again" ubiupdatevol "$(vol_dev fip2)" "$good"
tap_ok "re-check after the updates" wait_for 10 sh -c "[ \$(cat '$c/generation') -gt $g0 ]"
tap_is "$(cat "$c/b/info")" "$full" "info of slot b: the staged FIP's again"
g0=$(gen)
tap_ok "ubirename fip <-> fip2" ubirename /dev/ubi0 fip fip2 fip2 fip
tap_is "$(vol_id fip)" "$fip2id" "volume $fip2id is named fip now"
tap_ok "result: slot b active and valid" wait_for 10 result_has \
	"ok: ubi: volumes changed: slot b (volume fip, id $fip2id) is active and valid"
tap_ok "generation increased ($g0 -> $(gen))" test "$(gen)" -gt "$g0"
tap_is "$(cat "$c/active")" b "active: b"
tap_ok "medium status has it too" contains "$(result nand)" \
	"ok: fip: ubi: volumes changed: slot b (volume fip, id $fip2id)"

# slots keep their volumes: a bad image into the volume now named fip2
# (slot a's) invalidates slot a, not slot b
tap_ok "ubiupdatevol junk into fip2 (slot a's volume, id $fipid)" \
	ubiupdatevol "$(vol_dev fip2)" /tmp/bad.fip
tap_is "$(vol_id fip2)" "$fipid" "fip2 is volume $fipid"
tap_ok "slot a invalid (it stays with volume $fipid)" wait_for 10 sh -c "grep -q '^invalid: ' $c/a/state"
tap_is "$(cat "$c/b/state")" valid "slot b still valid"
tap_ok "result still ok: the active volume did not change" result_has \
	"ok: ubi: volumes changed: slot b (volume fip, id $fip2id) is active and valid"

# switching to the bad volume is reported
g0=$(gen)
tap_ok "ubirename back: fip = the junk volume" ubirename /dev/ubi0 fip fip2 fip2 fip
tap_ok "result: error, active volume invalid" wait_for 10 result_has \
	"error: -EUCLEAN ubi: active volume fip (slot a, id $fipid) is invalid: "
tap_ok "generation increased ($g0 -> $(gen))" test "$(gen)" -gt "$g0"
tap_is "$(cat "$c/active")" a "active: a (invalid, but what BL2 loads)"
tap_ok "restore the good FIP into slot a's volume" ubiupdatevol "$(vol_dev fip)" "$good"
tap_ok "result: slot a active and valid again" wait_for 10 result_has \
	"ok: ubi: volumes changed: slot a (volume fip, id $fipid) is active and valid"

# no slot's volume named fip
tap_ok "ubirename fip -> fipx" ubirename /dev/ubi0 fip fipx
tap_ok "result: no volume named fip" wait_for 10 result_has \
	"no active slot: no volume named fip on ubi0"
tap_is "$(cat "$c/active")" "$(err_text "none (no volume named fip on ubi0 (-ENODEV))")" "active: none, with the reason"
tap_ok "ubirename fipx -> fip" ubirename /dev/ubi0 fipx fip
tap_ok "result: slot a again" wait_for 10 result_has "slot a (volume fip, id $fipid) is active"

# detach UBI while bound: the re-check reports it, nothing breaks
g0=$(gen)
tap_ok "ubidetach while bound" ubidetach -d 0
tap_ok "result: no volume" wait_for 10 result_has "error: -ENOENT ubi: volumes changed: no active slot"
tap_ok "slot a invalid while detached" sh -c "grep -q '^invalid: ' $c/a/state"
tap_ok "active: none while detached" contains "$(cat "$c/active")" "none ("
tap_ok "ubiattach again" sh -c "ubiattach -m ${ubimtd#/dev/mtd} -d 0 ${vidoff:+-O $vidoff} > /dev/null"
tap_ok "result: slot a active and valid after attach" wait_for 10 result_has \
	"ok: ubi: volumes changed: slot a (volume fip, id $fipid) is active and valid"
tap_is "$(cat "$c/b/state")" valid "slot b valid after attach"
tap_ok "still bound" test "$(cat "$m/enable")" = 1

# a dynamic fip BL2 cannot load: its UBI reader skips every PEB of a
# dynamic volume (Documentation/real-boards.md), and the VID headers
# ubiupdatevol leaves there say used_ebs 0, data_size 0
tap_ok "unbind" put "$m/enable" 0
tap_ok "ubimkvol fipdyn (dynamic)" ubimkvol /dev/ubi0 -N fipdyn -t dynamic -S "$lebs"
did=$(vol_id fipdyn)
ubiupdatevol "/dev/ubi0_$did" "$good"
put "$c/b/location" ubi:0:fipdyn
tap_ok "bind" put "$m/enable" 1
tap_ok "ubirename fip <-> fipdyn" ubirename /dev/ubi0 fip fipdyn fipdyn fip
tap_ok "result: a dynamic fip cannot boot" wait_for 10 result_has \
	"error: -EUCLEAN ubi: volumes changed: volume fip of slot b (id $did, dynamic) cannot boot: BL2 only loads a static volume named fip with an id below 16"
tap_ok "active: none for a dynamic fip" contains "$(cat "$c/active")" "none (volume fip of slot b (id $did, dynamic) cannot boot"
tap_ok "ubirename back" ubirename /dev/ubi0 fip fipdyn fipdyn fip

# a fip BL2 cannot load: id >= 16 (rebind: slot b on a volume with id 20)
tap_ok "unbind" put "$m/enable" 0
g0=$(gen)
tap_ok "ubimkvol fip16 with id 20" ubimkvol /dev/ubi0 -N fip16 -n 20 -t static -S "$lebs"
ubiupdatevol /dev/ubi0_20 "$good"
sleep 1
tap_is "$(gen)" "$g0" "no re-check while unbound"
put "$c/b/location" ubi:0:fip16
tap_ok "bind" put "$m/enable" 1
tap_is "$(cat "$c/b/state")" valid "slot b (fip16) valid"
tap_ok "ubirename fip <-> fip16" ubirename /dev/ubi0 fip fip16 fip16 fip
tap_ok "result: id 20 cannot boot" wait_for 10 result_has \
	"error: -EUCLEAN ubi: volumes changed: volume fip of slot b (id 20, static) cannot boot: BL2 only loads a static volume named fip with an id below 16"
tap_ok "active: none (BL2 would not load it)" contains "$(cat "$c/active")" "none (volume fip of slot b (id 20, static) cannot boot: BL2 only loads a static volume named fip with an id below 16)"
tap_ok "ubirename back" ubirename /dev/ubi0 fip fip16 fip16 fip

# renames racing with unbind and with rmdir of the bound medium: a queued
# re-check of an unbound or removed medium does nothing (no oops, no hang)
i=0
while [ $i -lt 5 ]; do
	put "$m/enable" 1
	ubirename /dev/ubi0 fip fip16 fip16 fip &
	put "$m/enable" 0
	wait
	i=$((i + 1))
done
tap_is "$(cat "$m/enable")" 0 "unbound after 5 renames racing with unbind"
g0=$(gen)
ubirename /dev/ubi0 fip fip16 fip16 fip
sleep 1
tap_is "$(gen)" "$g0" "no re-check while unbound"
tap_ok "bind" put "$m/enable" 1
ubirename /dev/ubi0 fip fip16 fip16 fip &
tap_ok "rmdir the bound medium while a rename runs" rmdir "$c/a" "$c/b" "$c" "$m"
wait
tap_fails "medium gone" test -e "$m"

tap_fails "no oops or warning in the kernel log" sh -c "dmesg | grep -qE 'Oops|BUG:|WARNING:'"
tap_done
