#!/bin/sh
# board: bpi-r3mini
# The module loads, registers its configfs subsystem, takes the board
# identity override where there is no device tree, and unloads cleanly.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
cfs=/sys/kernel/config/mtk-bootmedia
tap_plan 10

tap_ok "mtk_bootmedia is loaded" grep -q '^mtk_bootmedia ' /proc/modules
tap_ok "configfs subsystem $cfs exists" test -d "$cfs"
tap_is "$(stat -c %U:%a "$cfs")" "root:755" "subsystem directory owned by root, not world-writable"

want=$(profile_get compatible)
if [ -d /proc/device-tree ]; then
	tap_is "$(tr '\0' ' ' < /proc/device-tree/compatible | sed 's/ $//')" "$want" \
		"DT root compatible carries the board identity"
else
	tap_is "$(cat /sys/module/mtk_bootmedia/parameters/board)" "$want" \
		"board parameter carries the board identity (no DT)"
fi
tap_ok "load message names the module" sh -c 'dmesg | grep -q "mtk_bootmedia: loaded"'

tap_ok "rmmod succeeds" rmmod mtk_bootmedia
tap_fails "configfs subsystem gone after rmmod" test -e "$cfs"
tap_ok "modprobe again" modprobe mtk_bootmedia
tap_ok "configfs subsystem back" test -d "$cfs"

# shellcheck disable=SC2317 # called through tap_ok
cycles() {
	i=0
	while [ "$i" -lt 20 ]; do
		rmmod mtk_bootmedia || return 1
		modprobe mtk_bootmedia || return 1
		[ -d "$cfs" ] || return 1
		i=$((i + 1))
	done
}
tap_ok "20 unload/load cycles" cycles
tap_done
