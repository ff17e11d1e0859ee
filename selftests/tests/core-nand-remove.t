#!/bin/sh
# board: bpi-r3mini
# timeout: 900
# The bound SPI-NAND partition goes away (mtkbm_nandcut's `remove`: the
# MTD core deletes it, the MTD notifier fires) while a stage writes it
# (slowed down by `delay_us`) and while state/info/active reads run: the
# stage fails with -ENODEV, the medium unbinds by itself, nothing is
# leaked (nandsim's module reference count), the partition put back binds
# again, and mtk_bootmedia unloads and loads. A stage programs the pages
# of every block in order (nandcut's out_of_order); rom-copies follow the
# chip offsets, not the partition names. The VM runner fails the test on
# any oops, WARN, lockdep report or hung task.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 63

chip=$(profile_get nand.name)
N=$CFS/nand
NC=/sys/kernel/debug/mtkbm_nandcut
nandbl2=/mnt/media/bl2-spim-nand-2k64.img
size=$(wc -c < "$nandbl2")
# the bl2 partition as the board profile lays it out: NAME OFFSET SIZE
bl2part=$(profile_get nand.part | awk '$1 == "bl2"')

tap_ok "mtkbm_nandcut loads on the NAND chip" modprobe mtkbm_nandcut
refs0=$(cat /sys/module/nandsim/refcnt)

# the medium of core-switch.t: four BL2 copies, rom-copies
setup() {
	mkdir -p "$N/bl2" || return 1
	for i in 0 1 2 3; do
		mkdir -p "$N/bl2/c$i" || return 1
		put "$N/bl2/c$i/location" "mtd:bl2@$((i * 0x40000))+0x40000" || return 1
	done
	put "$N/device" "mtd:$chip" && put "$N/force_ro_secs" 0 &&
		put "$N/bl2/switch" rom-copies
}
bound() { [ "$(cat "$N/enable")" = 1 ]; }
unbound() { [ "$(cat "$N/enable")" = 0 ]; }
programmed() { sed -n 's/^pages_programmed //p' "$NC/counters"; }
out_of_order() { sed -n 's/^out_of_order //p' "$NC/counters"; }
started() { [ "$(programmed)" -gt 0 ]; }
add_back() { put "$NC/add" "$bl2part" && wait_for 5 mtd_dev bl2; }
no_splat() {
	! dmesg | grep -E 'Call Trace|BUG:|WARNING:|Oops|refcount_t|use-after-free'
}

tap_ok "set up the medium" setup
tap_ok "bind SPI-NAND" put "$N/enable" 1
tap_ok "nandsim referenced while bound" test "$(cat /sys/module/nandsim/refcnt)" -gt "$refs0"

# --- the partition goes away during a stage ---
cat "$nandbl2" > "$N/bl2/image"
put "$NC/counters" 0
# 20 ms per page: one BL2 copy (50 pages) takes more than a second
tap_ok "delay_us 20000" put "$NC/delay_us" 20000
(
	echo all | dd of="$N/bl2/stage" 2> /tmp/stage.err
	echo $? > /tmp/stage.rc
) &
s=$!
tap_ok "the stage is programming pages" wait_for 20 started
tap_ok "bl2 partition present before the removal" mtd_dev bl2
tap_ok "remove the bl2 partition mid-stage" put "$NC/remove" bl2
wait "$s"
put "$NC/delay_us" 0
tap_diag "stage: $(grep -v records /tmp/stage.err)"
tap_fails "the stage write failed" test "$(cat /tmp/stage.rc)" = 0
tap_ok "write(2) failed with ENODEV" grep -q "No such device" /tmp/stage.err
r=$(cat "$N/bl2/result")
tap_diag "result: $r"
tap_ok "result: -ENODEV stage all" contains "$r" "error: -ENODEV stage all: "
tap_ok "result says the device went away" contains "$r" "went away"
tap_ok "not every copy was written: the removal came mid-stage" \
	test "$(programmed)" -lt $((4 * size / 2048))
tap_fails "the bl2 partition is gone" mtd_dev bl2
tap_ok "medium unbound by itself" wait_for 5 unbound
tap_ok "status: removed while bound" contains "$(result nand)" "error: -ENODEV mtd:$chip was removed while bound"
tap_is "$(status_of nand enabled)" 0 "status: enabled 0"
tap_fails "stage with the medium unbound refused" put "$N/bl2/stage" all
tap_ok "result: -ENODATA (the staged image went with the binding)" contains "$(cat "$N/bl2/result")" "-ENODATA"
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs0" "no MTD reference left behind"
tap_fails "bind without the partition refused" put "$N/enable" 1
tap_ok "result: -ENOENT no partition bl2" contains "$(result nand)" "error: -ENOENT slot bl2/c0: no partition \"bl2\" on $chip"
tap_ok "no oops, BUG or WARN so far" no_splat

# --- the partition comes back ---
tap_ok "put the bl2 partition back" add_back
tap_ok "bind again" put "$N/enable" 1
tap_is "$(cat "$N/bl2/c0/state")" valid "c0 untouched: copies are written last to first"
# page order: the counter counts (two pages of an erased block outside the
# copies, the second page first), then a stage programs no page below one
# already programmed in its block: the header page, page 0, comes first
put "$N/force_ro" 0
flash_erase -q "$(mtd_dev bl2)" 0x1c0000 1
head -c 2048 /dev/zero > /tmp/page
put "$NC/counters" 0
nandwrite -q -s 0x1c0800 "$(mtd_dev bl2)" /tmp/page
nandwrite -q -s 0x1c0000 "$(mtd_dev bl2)" /tmp/page
tap_is "$(out_of_order)" 1 "nandcut counts a page programmed below one already programmed"
flash_erase -q "$(mtd_dev bl2)" 0x1c0000 1
put "$N/force_ro" 1
put "$NC/counters" 0
cat "$nandbl2" > "$N/bl2/image"
tap_ok "stage all works again" put "$N/bl2/stage" all
tap_ok "pages were programmed" started
tap_is "$(out_of_order)" 0 "every block programmed in page order (datasheet rule)"
tap_ok "every copy valid" sh -c "for i in 0 1 2 3; do [ \"\$(cat $N/bl2/c\$i/state)\" = valid ] || exit 1; done"

# during a long stage (4 copies of 50 pages at 20 ms: over 4 s) status,
# result and state answer at once from what was kept when the stage began
# and say it runs; a reader of another attribute waits for the medium lock
# and dies at SIGKILL (the lock is taken killable); the stage goes on
put "$NC/counters" 0
put "$NC/delay_us" 20000
rm -f /tmp/stage2.rc /tmp/st.done
( echo all | dd of="$N/bl2/stage" 2> /dev/null; echo $? > /tmp/stage2.rc ) &
s2=$!
wait_for 20 started
( cat "$N/status" > /tmp/st.status; cat "$N/bl2/result" > /tmp/st.result
  cat "$N/bl2/c0/state" > /tmp/st.state; touch /tmp/st.done ) &
read_done() { [ -e /tmp/st.done ]; }
tap_ok "status, result and state read within 1 s of a stage's start" wait_for 1 read_done
tap_ok "the stage was still running when they answered" test ! -e /tmp/stage2.rc
tap_diag "status during the stage: $(grep -v '^area\|^slot' /tmp/st.status | tr '\n' '|')"
tap_ok "status: the lines kept when the stage began, and what runs" \
	sh -c "grep -q '^device: mtd:$chip\$' /tmp/st.status && grep -q '^running: stage all of bl2 for [0-9]* s\$' /tmp/st.status"
tap_ok "result: the stage runs" grep -q '^running: stage all of bl2 for [0-9]* s$' /tmp/st.result
tap_ok "state: busy, the stage runs" grep -q '^busy: stage all of bl2 for [0-9]* s$' /tmp/st.state
cat "$N/device" > /dev/null &
rd=$!
sleep 0.5
kill -9 "$rd"
reader_gone() {
	_st=$(cut -d' ' -f3 "/proc/$rd/stat" 2> /dev/null)
	[ -z "$_st" ] || [ "$_st" = Z ]
}
tap_ok "a device reader blocked behind the stage dies at SIGKILL" wait_for 1 reader_gone
tap_ok "the stage was still running then" test ! -e /tmp/stage2.rc
wait "$s2"
put "$NC/delay_us" 0
tap_is "$(cat /tmp/stage2.rc)" 0 "the stage completed"
tap_fails "status after the stage: no running line" grep -q '^running:' "$N/status"
tap_fails "bl2 read-only again after the stage" mtd_writeable bl2

# --- the partition goes away while state, info and active are read ---
reader() {
	while [ ! -e /tmp/stop ]; do
		cat "$N/bl2/active" "$N/bl2/c0/state" "$N/bl2/c1/info" "$N/status" \
			> /dev/null 2>&1
	done
}
reader & r1=$!
reader & r2=$!
sleep 0.5
tap_ok "remove the bl2 partition while reads run" put "$NC/remove" bl2
tap_ok "medium unbound by itself" wait_for 5 unbound
touch /tmp/stop
wait "$r1" "$r2"
rm -f /tmp/stop
tap_ok "status: removed while bound" contains "$(result nand)" "was removed while bound"
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs0" "no MTD reference left behind"
tap_ok "put the bl2 partition back" add_back
tap_ok "bind again" put "$N/enable" 1
tap_is "$(cat "$N/bl2/c3/state")" valid "c3 valid"

# --- unload and load ---
tap_ok "unbind" put "$N/enable" 0
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs0" "no MTD reference after unbind"
tap_ok "bl2 writable after unbind, as found" mtd_writeable bl2
rmdir "$N"/bl2/c0 "$N"/bl2/c1 "$N"/bl2/c2 "$N"/bl2/c3 "$N"/bl2 "$N"

# --- rom-copies in flash order, whatever the partition names: za lies
# after zb on the chip, so zb's copy is the one the BootROM tries first ---
O=$CFS/ord
put "$NC/add" "zb 0x100000 0x40000"
put "$NC/add" "za 0x140000 0x40000"
mkdir -p "$O/bl2/p" "$O/bl2/q"
put "$O/bl2/p/location" mtd:za
put "$O/bl2/q/location" mtd:zb
put "$O/device" "mtd:$chip"
put "$O/force_ro_secs" 0
put "$O/bl2/switch" rom-copies
tap_ok "bind copies in partitions za and zb" put "$O/enable" 1
put "$O/force_ro" 0
flash_erase -q "$(mtd_dev za)" 0 0
flash_erase -q "$(mtd_dev zb)" 0 0
put "$O/force_ro" 1
cat "$nandbl2" > "$O/bl2/image"
tap_ok "stage all" put "$O/bl2/stage" all
tap_is "$(cat "$O/bl2/p/state"):$(cat "$O/bl2/q/state")" valid:valid "both copies valid"
tap_is "$(cat "$O/bl2/active")" q "active: q, the copy at the lower chip offset (zb)"
put "$O/enable" 0
rmdir "$O/bl2/p" "$O/bl2/q" "$O/bl2" "$O"
put "$NC/remove" za
put "$NC/remove" zb
tap_ok "rmmod mtk_bootmedia" rmmod mtk_bootmedia
if [ -n "$MTKBM_BOARD_OVERRIDE" ]; then
	tap_ok "modprobe mtk_bootmedia again" modprobe mtk_bootmedia board="$MTKBM_BOARD_OVERRIDE"
else
	tap_ok "modprobe mtk_bootmedia again" modprobe mtk_bootmedia
fi
tap_ok "set up the medium again" setup
tap_ok "bind after the reload" put "$N/enable" 1
tap_is "$(cat "$N/bl2/c0/state")" valid "c0 valid"
tap_ok "unbind" put "$N/enable" 0
tap_ok "mtkbm_nandcut unloads" rmmod mtkbm_nandcut
tap_ok "no oops, BUG or WARN" no_splat
tap_done
