#!/bin/sh
# board: bpi-r3-nor
# targets: arm64-6.12
# smp: 2
# The platform driver builds the tree from the DT node (overlay
# selftests/boards/bpi-r3-nor.dtso) and binds the CFI NOR medium at probe:
# booted from /chosen/rootdisk, protection on by default, force_ro through
# MTD_WRITEABLE (a DT read-only partition is never lifted), a partition
# the kernel forces read-only stays so, kernel-owned groups cannot be
# removed, the flash driver unbound while bound (MTD remove notifier), and
# the DT device unbound and bound again while `enable 1` is written (the
# teardown leaves configfs before it unbinds: no medium freed while bound).
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 56

m=$CFS/nor
chip=4000000.flash
bound() { [ "$(cat "$m/enable" 2>/dev/null)" = 1 ]; }

tap_ok "platform driver bound to the DT node" test -e /sys/bus/platform/drivers/mtk-bootmedia/boot-media
tap_ok "medium nor created from DT and bound" wait_for 10 bound
tap_is "$(cat "$m/device")" "mtd:$chip" "device: the CFI chip"
tap_is "$(cat "$m/type")" spi-nor "type spi-nor"
tap_is "$(cat "$m/booted")" yes "booted: /chosen/rootdisk lies on this flash"
comps=
for c in "$m"/*/; do comps="$comps$(basename "$c") "; done
tap_is "$comps" "bl2 factory fip " "three components"
tap_is "$(cat "$m/bl2/a/location")" mtd:bl2 "bl2/a from mediatek,partition"
tap_is "$(cat "$m/fip/b/location")" "mtd:fip@0x80000+0x80000" "fip/b from mediatek,range"
tap_is "$(cat "$m/fip/kind"):$(cat "$m/factory/kind")" fip:data "kinds"
tap_is "$(cat "$m/force_ro")" 1 "protected from probe on"
tap_fails "bl2 not writable" mtd_writeable bl2
tap_fails "factory not writable (DT read-only)" mtd_writeable factory
tap_is "$(cat "$m/bl2/a/state")" valid "BL2 for NOR valid"
tap_ok "BL2 info: SF_BOOT header" sh -c "grep -q 'SF_BOOT' $m/bl2/a/info"
# the NOR holds the BPI-R3's SPI-NAND FIP (bootconf ...-bpi-r3), the DT says
# the board booted ...-bpi-r3-nor: invalid, naming both
tap_is "$(cat "$m/fip/a/state")" \
	"invalid: FIP for bananapi,bpi-r3 (U-Boot bootconf config-mt7986a-bananapi-bpi-r3), this board booted config-mt7986a-bananapi-bpi-r3-nor" \
	"fip/a: the R3's SPI-NAND FIP is not this NOR board's, the state says why"
tap_is "$(cat "$m/fip/b/state")" empty "fip/b empty (erased NOR)"
tap_is "$(cat "$m/factory/a/state")" empty "factory empty"

# kernel-owned groups
tap_fails "rmdir of a DT slot refused" rmdir "$m/bl2/a"
tap_fails "mkdir under a DT medium refused" mkdir "$m/env"
tap_fails "mkdir under a DT component refused" mkdir "$m/bl2/b"
tap_fails "device of a bound DT medium: -EBUSY" put "$m/device" mtd:other

# force_ro on NOR
fip=$(mtd_dev fip)
printf 'NEW-FIP-SLOT-B' > /tmp/b
tap_fails "flash_erase fip fails with force_ro=1" flash_erase -q "$fip" 0x80000 1
tap_ok "force_ro 0" put "$m/force_ro" 0
tap_fails "factory stays read-only (DT read-only is never lifted)" mtd_writeable factory
tap_ok "status: area.factory says why" contains "$(status_of nor area.factory)" "read-only (kernel: the device tree marks it read-only)"
tap_ok "flash_erase fip works" flash_erase -q "$fip" 0x80000 1
dd if=/dev/zero bs=1k count=1 2>/dev/null | tr '\000' '\377' > /tmp/page
dd if=/tmp/b of=/tmp/page conv=notrunc 2>/dev/null
tap_ok "write to fip/b" mtd_debug write "$fip" $((0x80000)) 1024 /tmp/page
tap_ok "fip/b holds it" sh -c "mtd_debug read $fip $((0x80000)) 1024 /tmp/rb >/dev/null && cmp /tmp/rb /tmp/page"
tap_ok "fip/b is invalid now, with a reason" sh -c "grep -q '^invalid: .' $m/fip/b/state"
tap_ok "force_ro 1" put "$m/force_ro" 1
tap_fails "flash_erase fails again" flash_erase -q "$fip" 0x80000 1
tap_fails "factory read-only again" mtd_writeable factory

# a partition the kernel keeps read-only
mkdir -p "$CFS/odd/data/a"
put "$CFS/odd/data/a/location" mtd:odd
put "$CFS/odd/device" "mtd:$chip"
tap_ok "a second medium on the chip binds the odd partition" put "$CFS/odd/enable" 1
tap_fails "force_ro 0 refused for a misaligned partition" put "$CFS/odd/force_ro" 0
tap_ok "status: -EPERM with the reason" contains "$(result odd)" "error: -EPERM odd stays read-only: the partition does not start and end on an erase block boundary"
tap_fails "odd still not writable" mtd_writeable odd
tap_ok "status: area says the kernel keeps it" contains "$(status_of odd area.odd)" "read-only (kernel: "

# the flash driver goes away while bound and read (the MTD notifier waits
# for the read in progress, then drops the references)
reader() {
	while [ ! -e /tmp/stop ]; do
		cat "$m/fip/a/info" "$m/bl2/a/state" "$CFS/odd/status" > /dev/null 2>&1
	done
}
reader & r=$!
sleep 0.5
tap_ok "unbind physmap while bound and read" sh -c "echo $chip > /sys/bus/platform/drivers/physmap-flash/unbind"
touch /tmp/stop
wait "$r"
rm -f /tmp/stop
unbound() { [ "$(cat "$m/enable")" = 0 ] && [ "$(cat "$CFS/odd/enable")" = 0 ]; }
tap_ok "both media unbound by themselves" wait_for 5 unbound
tap_ok "status: removed while bound" contains "$(result nor)" "error: -ENODEV mtd:$chip was removed while bound"
tap_is "$(cat "$m/booted")" unknown "booted unknown while unbound"
tap_ok "bind physmap again" sh -c "echo $chip > /sys/bus/platform/drivers/physmap-flash/bind"
tap_ok "partitions back" wait_for 5 mtd_dev fip
tap_ok "enable the DT medium again" put "$m/enable" 1
tap_is "$(cat "$m/bl2/a/state")" valid "BL2 still valid"
tap_is "$(cut -c1-8 "$m/fip/b/state")" "invalid:" "fip/b kept what was written"

# the DT device unbound and bound again while `enable 1` writers and status
# readers run: the teardown leaves configfs before it unbinds, so no write
# binds the medium again behind it (a medium freed while bound leaves its
# MTD references and its area on the notifier's list: the next probe finds
# the partitions "already bound", rmmod WARNs). Bounded: DT_ROUNDS cycles.
PD=/sys/bus/platform/drivers/mtk-bootmedia
refs=/sys/module/physmap/refcnt
refs1=$(cat "$refs")
tap_ok "physmap referenced by the bound medium" test "${refs1:-0}" -gt 0
# no fork in the loop (a builtin read, not cat): a write every few
# hundred microseconds, so that one meets the teardown's hold of the
# medium lock; on a second vCPU (# smp) they run beside the teardown
enabler() {
	while [ ! -e /tmp/stop ]; do
		put "$m/enable" 1 2> /dev/null
		read -r _s 2> /dev/null < "$m/status"
	done
}
dt_cycle() {
	_i=0
	while [ "$_i" -lt "${DT_ROUNDS:-10}" ]; do
		echo boot-media > "$PD/unbind" || return 1
		echo boot-media > "$PD/bind" || return 1
		wait_for 10 bound || { echo "cycle $_i: not bound: $(result nor)"; return 1; }
		_i=$((_i + 1))
	done
}
tap_diag "vCPUs online: $(cat /sys/devices/system/cpu/online)"
enabler & e1=$!
enabler & e2=$!
tap_ok "DT device unbound and bound ${DT_ROUNDS:-10} times while enable is written" dt_cycle
touch /tmp/stop
wait "$e1" "$e2"
rm -f /tmp/stop
tap_is "$(cat "$refs")" "$refs1" "no flash reference left by the torn-down media"
tap_ok "bound after the teardown race" put "$m/enable" 1

# unload and reload: the DT tree goes and comes back
put "$CFS/odd/enable" 0
rmdir "$CFS/odd/data/a" "$CFS/odd/data" "$CFS/odd"
tap_ok "rmmod with only kernel-owned groups" rmmod mtk_bootmedia
tap_ok "bl2 writable after unload (as the DT says)" mtd_writeable bl2
tap_fails "factory read-only after unload (as the DT says)" mtd_writeable factory
tap_ok "modprobe again" modprobe mtk_bootmedia
tap_ok "the DT medium is back and bound" wait_for 10 bound
tap_is "$(cat "$m/force_ro")" 1 "protected again"
tap_done
