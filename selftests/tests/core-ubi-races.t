#!/bin/sh
# board: bpi-r3mini e8450
# targets: x86_64-6.12
# The ubi switch's re-check after a rename (issue 17), with the module's
# test build (.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko,
# -DMTK_BM_TEST_KNOBS; the knob build exists for this target only, so the
# file runs here and nowhere else, instead of skipping elsewhere). The
# re-check runs from a workqueue; `result` waits for a queued one, so a
# reader right after ubirename (the helper's install) gets its outcome,
# not the one before it. ubirename notifies once per volume renamed: a
# re-check that ran after the first and finds the volume it read, no
# volume's data changed since, keeps its outcome instead of reading the
# FIP again. The knobs make both windows happen every time (race=,
# driver/media/medium.h): recheck (every re-check sleeps 2 s before it
# runs: the read of `result` meets it queued), renamed (the notifier
# sleeps at a rename before it queues: the re-check of the first
# notification runs before the second); the NAND layer's counters
# (mtkbm_nandcut) count the pages read.

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 6

chip=$(profile_get nand.name)
board=$(profile_get name)
m=$CFS/nand
c=$m/fip
good=/mnt/media/fip-$board-snand.fip
KO=/mnt/src/.cache/build/${MTKBM_TARGET:-}/knobs/mtk_bootmedia.ko

# vol_id NAME: the id of the volume named NAME
vol_id() {
	for v in /sys/class/ubi/ubi0_*; do
		[ -e "$v/name" ] || continue
		[ "$(cat "$v/name")" = "$1" ] && { echo "${v##*_}"; return 0; }
	done
	return 1
}

tap_ok "the test build of the module is there ($KO)" test -f "$KO"
if ! vol_id fip2 > /dev/null; then
	lebs=$(cat "/sys/class/ubi/ubi0_$(vol_id fip)/reserved_ebs")
	ubimkvol /dev/ubi0 -N fip2 -t static -S "$lebs" > /dev/null
fi
[ "$(vol_id fip)" -lt 16 ] || ubirename /dev/ubi0 fip fip16 fip16 fip
ubiupdatevol "$(vol_dev fip)" "$good"
ubiupdatevol "$(vol_dev fip2)" "$good"
fa=$(vol_id fip) fb=$(vol_id fip2)
knob
modprobe mtkbm_nandcut chip="$chip" 2> /dev/null || modprobe mtkbm_nandcut
mkdir -p "$c/a" "$c/b"
put "$c/a/location" ubi:0:fip
put "$c/b/location" ubi:0:fip2
put "$m/device" "mtd:$chip"
put "$m/force_ro_secs" 0
put "$c/switch" ubi
put "$m/enable" 1
pr() { awk '$1 == "pages_read" { print $2 }' /sys/kernel/debug/mtkbm_nandcut/counters; }
race recheck
ubirename /dev/ubi0 fip fip2 fip2 fip
r=$(cat "$c/result")
race ''
tap_ok "race=recheck: result right after ubirename is the re-check's" contains "$r" \
	"ok: ubi: volumes changed: slot b (volume fip, id $fb) is active and valid"
sleep 3
race renamed
p0=$(pr)
ubirename /dev/ubi0 fip fip2 fip2 fip
r=$(cat "$c/result")
sleep 3
p1=$(pr)
race ''
tap_ok "race=renamed: result after ubirename is the re-check's" contains "$r" \
	"ok: ubi: volumes changed: slot a (volume fip, id $fa) is active and valid"
# the FIP's pages and its LEBs' VID headers: under 1.5 times the FIP
np=$((($(wc -c < "$good") + 2047) / 2048))
tap_ok "race=renamed: the FIP read once after the rename ($((p1 - p0)) pages, the FIP is $np)" \
	test $((p1 - p0)) -ge "$np" -a $((2 * (p1 - p0))) -lt $((3 * np))
tap_ok "the test build slept in both windows" sh -c \
	"dmesg | grep -q 'race=recheck, sleeping' && dmesg | grep -q 'race=renamed, sleeping'"
put "$m/enable" 0
rmdir "$c/a" "$c/b" "$c" "$m"
tap_fails "no oops or warning in the kernel log" sh -c "dmesg | grep -qE 'Oops|BUG:|WARNING:'"
tap_done
