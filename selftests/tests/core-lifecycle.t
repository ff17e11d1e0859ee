#!/bin/sh
# board: bpi-r3mini
# timeout: 900
# Lifecycle: unbind while state/info reads run, the eMMC card removed while
# bound and while reads run (repeatedly), rmmod of the media drivers while
# bound, rmmod of mtk_bootmedia with groups present. The VM runner fails the
# test on any kernel warning, lockdep report, oops or hung task.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 20

chip=$(profile_get nand.name)
NM=$CFS/nand
EM=$CFS/emmc
d=$(mmcsim_wait_disk) || d=none

mkdir -p "$NM/bl2/a" "$NM/fip/a" "$EM/bl2/a" "$EM/fip/a"
put "$NM/device" "mtd:$chip"
put "$NM/bl2/a/location" "mtd:bl2@0+0x40000"
put "$NM/fip/a/location" ubi:0:fip
put "$EM/device" "mmc:$d"
put "$EM/bl2/a/location" emmc:boot0
put "$EM/fip/a/location" gpt:fip

# readers that keep the media busy
reader() { # DIR
	while [ ! -e /tmp/stop ]; do
		cat "$1/fip/a/info" "$1/bl2/a/state" "$1/status" > /dev/null 2>&1
	done
}

# --- unbind while reads run, MTD and eMMC at once ---
reader "$NM" & r1=$!
reader "$EM" & r2=$!
toggle() {
	_c=0
	while [ "$_c" -lt 25 ]; do
		put "$NM/enable" 1 || return 1
		put "$EM/enable" 1 || return 1
		put "$NM/force_ro" 0 || return 1
		put "$EM/force_ro" 0 || return 1
		put "$NM/enable" 0 || return 1
		put "$EM/enable" 0 || return 1
		_c=$((_c + 1))
	done
}
t0=$(date +%s)
tap_ok "25 bind/unlock/unbind cycles while readers run" toggle
tap_diag "toggle took $(($(date +%s) - t0)) s"
touch /tmp/stop
wait "$r1" "$r2"
rm -f /tmp/stop
tap_ok "bl2 writable as before binding" mtd_writeable bl2
tap_is "$(cat "/sys/block/${d}boot0/force_ro")" 1 "boot0 read-only as mmc_block left it"

# --- the eMMC card goes away while bound and read ---
cycle() {
	_c=0
	while [ "$_c" -lt 5 ]; do
		put "$EM/enable" 1 || { echo "bind $_c: $(result emmc)"; return 1; }
		reader "$EM" & r=$!
		sleep 0.3
		mmcsim_power_cycle 5 || { echo "power cycle $_c"; return 1; }
		wait_for 5 sh -c "[ \"\$(cat $EM/enable)\" = 0 ]" || { echo "still bound $_c"; return 1; }
		touch /tmp/stop
		wait "$r"
		rm -f /tmp/stop
		contains "$(result emmc)" "was removed while bound" || { echo "status $_c: $(result emmc)"; return 1; }
		_c=$((_c + 1))
	done
}
tap_ok "5 card removals while bound and read" cycle
tap_ok "bind after the removals" put "$EM/enable" 1
tap_is "$(cat "$EM/fip/a/state")" valid "the FIP reads fine on the re-inserted card"

# --- rmmod mmcsim (the host goes) while bound ---
reader "$EM" & r=$!
sleep 0.3
tap_ok "rmmod mmcsim while bound" rmmod mmcsim
touch /tmp/stop
wait "$r"
rm -f /tmp/stop
unbound_e() { [ "$(cat "$EM/enable")" = 0 ]; }
tap_ok "medium unbound by itself" wait_for 5 unbound_e
tap_fails "bind without the card fails" put "$EM/enable" 1
tap_ok "status: no disk" contains "$(result emmc)" "error: -ENODEV no disk $d"
tap_is "$(cat "$EM/boot_partition")" unknown "boot_partition unknown without the card"

# --- rmmod nandsim while bound ---
tap_ok "bind nand" put "$NM/enable" 1
ubidetach -d 0 > /dev/null 2>&1
tap_fails "rmmod nandsim refused while bound (references held)" rmmod nandsim
tap_is "$(cat "$NM/bl2/a/state")" valid "the bound medium still works"
tap_ok "unbind nand" put "$NM/enable" 0
tap_ok "rmmod nandsim once unbound" rmmod nandsim
tap_fails "bind without the chip fails" put "$NM/enable" 1
tap_ok "status: -ENODEV" contains "$(result nand)" "error: -ENODEV no MTD chip or partition named \"$chip\""

# --- rmmod mtk_bootmedia with groups present, then reload cycles ---
tap_fails "rmmod mtk_bootmedia refused while groups exist" rmmod mtk_bootmedia
rmdir "$NM"/bl2/a "$NM"/fip/a "$NM"/bl2 "$NM"/fip "$NM" "$EM"/bl2/a "$EM"/fip/a "$EM"/bl2 "$EM"/fip "$EM"
reload() {
	_c=0
	while [ "$_c" -lt 10 ]; do
		rmmod mtk_bootmedia || return 1
		modprobe mtk_bootmedia || return 1
		mkdir -p "$NM/bl2/a" || return 1
		put "$NM/device" "mtd:x" || return 1
		rmdir "$NM/bl2/a" "$NM/bl2" "$NM" || return 1
		_c=$((_c + 1))
	done
}
tap_ok "10 load/mkdir/rmdir/unload cycles" reload
tap_done
