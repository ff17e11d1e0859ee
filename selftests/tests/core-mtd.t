#!/bin/sh
# board: bpi-r3mini e8450
# An SPI-NAND medium bound by chip name: BL2 copies and the UBI FIP as
# slots; force_ro through MTD_WRITEABLE gates flash_erase and nandwrite on
# bl2 and comes back by itself after force_ro_secs; state and info run the
# format checks lazily (valid, empty, invalid). Slot targets that share
# bytes, the whole chip or a partition attached to UBI are refused at bind,
# and the last two already when the location is written with the device known.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 65

chip=$(profile_get nand.name)
m=$CFS/nand
bl2=$(mtd_dev bl2)
block=$(profile_get nand.geometry | cut -d' ' -f3)
page=$(profile_get nand.geometry | cut -d' ' -f1)
profile_get nand.write > /tmp/copies
ncopies=$(wc -l < /tmp/copies)
second=$(sed -n 2p /tmp/copies | cut -d' ' -f2)
stride=$((second))
img=$(head -n 1 /tmp/copies | cut -d' ' -f3)

mkdir -p "$m/bl2" "$m/fip"
i=0
while read -r _ off _; do
	mkdir "$m/bl2/c$i"
	put "$m/bl2/c$i/location" "mtd:bl2@$off+$(printf 0x%x $stride)"
	i=$((i + 1))
done < /tmp/copies
mkdir "$m/fip/a"
put "$m/fip/a/location" ubi:0:fip
put "$m/device" "mtd:$chip"
put "$m/force_ro_secs" 0

tap_ok "bl2 writable before binding" mtd_writeable bl2
tap_ok "bind" put "$m/enable" 1
tap_is "$(cat "$m/type")" spi-nand "type spi-nand"
tap_fails "bl2 not writable after binding (protection on by default)" mtd_writeable bl2
tap_is "$(cat "$m/force_ro")" 1 "force_ro 1 after binding"
tap_is "$(status_of nand area.bl2)" read-only "status: area.bl2 read-only"
tap_is "$(status_of nand chip)" "$chip (erase $block, page $page, oob $(profile_get nand.geometry | cut -d' ' -f2))" \
	"status: chip geometry"

# lazy checks of every BL2 copy and the FIP
i=0
while [ $i -lt "$ncopies" ]; do
	tap_is "$(cat "$m/bl2/c$i/state")" valid "BL2 copy $i valid"
	i=$((i + 1))
done
tap_ok "BL2 info names the SPI-NAND header" sh -c "grep -q 'SPINAND!\|BOOTLOADER!\|NANDCFG!' $m/bl2/c0/info"
tap_is "$(cat "$m/fip/a/state")" valid "UBI FIP valid"
tap_ok "FIP info: board matches" sh -c "grep -q '^board_check: FIP for .* matches this board' $m/fip/a/info"
tap_ok "FIP info: sha256 present" sh -c "grep -q '^sha256: [0-9a-f]\{64\}$' $m/fip/a/info"

# force_ro=1: writes to bl2 fail and change nothing
last=$(tail -n 1 /tmp/copies | cut -d' ' -f2)
nanddump -q -s "$((last))" -l "$stride" -f /tmp/before "$bl2" 2>/dev/null
tap_fails "flash_erase on bl2 fails with force_ro=1" flash_erase -q "$bl2" "$((last))" 1
tap_fails "nandwrite on bl2 fails with force_ro=1" nandwrite -q -p -s "$((last))" "$bl2" "/mnt/media/$img"
nanddump -q -s "$((last))" -l "$stride" -f /tmp/after "$bl2" 2>/dev/null
tap_ok "bl2 unchanged" cmp /tmp/before /tmp/after

# force_ro=0: they go through
tap_ok "force_ro 0" put "$m/force_ro" 0
tap_is "$(cat "$m/force_ro")" 0 "force_ro reads 0"
tap_ok "bl2 writable" mtd_writeable bl2
tap_is "$(status_of nand relock_in)" "never (force_ro_secs = 0)" "status: never relocks with force_ro_secs 0"
tap_ok "flash_erase of the last copy works with force_ro=0" flash_erase -q "$bl2" "$((last))" "$((stride / block))"
tap_is "$(cat "$m/bl2/c$((ncopies - 1))/state")" empty "erased copy reads empty"
printf 'not a BL2 image' > /tmp/junk
tap_ok "nandwrite junk works with force_ro=0" nandwrite -q -p -s "$((last))" "$bl2" /tmp/junk
tap_ok "junk copy is invalid with a reason" sh -c "grep -q '^invalid: ' $m/bl2/c$((ncopies - 1))/state"
flash_erase -q "$bl2" "$((last))" "$((stride / block))"
tap_ok "nandwrite the image back" nandwrite -q -p -s "$((last))" "$bl2" "/mnt/media/$img"
tap_is "$(cat "$m/bl2/c$((ncopies - 1))/state")" valid "restored copy valid again"
tap_ok "force_ro 1" put "$m/force_ro" 1
tap_fails "bl2 read-only again" mtd_writeable bl2
tap_fails "flash_erase fails again" flash_erase -q "$bl2" "$((last))" 1

# protection comes back by itself
tap_ok "force_ro_secs 2" put "$m/force_ro_secs" 2
tap_ok "force_ro 0" put "$m/force_ro" 0
tap_ok "status: writable for 2 s" contains "$(result nand)" "ok: boot areas writable for 2 s"
tap_ok "bl2 writable right after" mtd_writeable bl2
bl2_ro() { ! mtd_writeable bl2; }
tap_ok "bl2 read-only again within 5 s" wait_for 5 bl2_ro
tap_is "$(cat "$m/force_ro")" 1 "force_ro reads 1 after force_ro_secs"
tap_ok "status: protection back" contains "$(result nand)" "ok: protection back after 2 s (force_ro_secs)"
tap_ok "kernel log says so" sh -c "dmesg | grep -q 'nand: boot areas read-only again after 2 s'"

tap_ok "unbind" put "$m/enable" 0
tap_ok "bl2 writable as found before binding" mtd_writeable bl2
tap_is "$(cat "$m/type")" unknown "type unknown again"
rmdir "$m"/bl2/c* "$m"/fip/a "$m/bl2" "$m/fip" "$m"

# bind by partition name, with only a UBI slot: the chip is followed
mkdir -p "$m/fip/a"
put "$m/fip/a/location" ubi:0:fip
tap_ok "device given by a partition name" put "$m/device" mtd:ubi
tap_ok "bind with only a ubi: slot" put "$m/enable" 1
tap_is "$(status_of nand chip | cut -d' ' -f1-3)" "$(echo "$chip" | cut -d' ' -f1-3)" "the chip of the partition is bound"
tap_ok "bl2 stays writable (no slot on it)" mtd_writeable bl2
tap_is "$(cat "$m/fip/a/state")" valid "UBI FIP valid"
put "$m/enable" 0
rmdir "$m/fip/a" "$m/fip" "$m"

# slot targets refused at bind, nothing held: two slots sharing bytes, the
# whole chip, a partition attached to UBI
ubipart=$(profile_get ubi.mtd)
refs=$(cat /sys/module/nandsim/refcnt)
bad_target() { # DESC LOC1 LOC2 ERRNO TEXT
	mkdir -p "$m/bl2/x" "$m/bl2/y"
	# the locations before the device: nothing to check them against yet
	put "$m/bl2/x/location" "$2"
	if [ -n "$3" ]; then put "$m/bl2/y/location" "$3"; else rmdir "$m/bl2/y"; fi
	put "$m/device" "mtd:$chip"
	tap_fails "$1: bind refused" put "$m/enable" 1
	tap_ok "$1: status $4 names it" contains "$(result nand)" "error: $4 $5"
	tap_is "$(cat "$m/enable")" 0 "$1: not bound"
	rmdir "$m/bl2/x" "$m/bl2/y" 2>/dev/null
	rmdir "$m/bl2" "$m"
}
bad_target "overlapping slots" "mtd:bl2@0+0x40000" "mtd:bl2@0x20000+0x40000" -EINVAL \
	"slot bl2/y: mtd:bl2@0x20000+0x40000 overlaps slot bl2/x"
# (the master is an MTD device of its own only with MTD_PARTITIONED_MASTER;
# without, as on Debian, it is not found at all)
bad_target "the whole chip" "mtd:$chip@0+0x40000" "" -ENOENT "slot bl2/x: no partition \"$chip\""
# 6.12 makes the UBI device a child of the MTD device; 6.1 does not (then
# only the reference count tells, and the reason is the general one)
case $(uname -r) in
6.1.*) ubiwhy="partition $ubipart is in use (attached to UBI, mounted through mtdblock, or open)" ;;
*) ubiwhy="partition $ubipart is attached to UBI (ubi0): a slot would be written under it" ;;
esac
bad_target "a partition attached to UBI" "mtd:$ubipart@0+$(printf 0x%x "$block")" "" -EBUSY \
	"$ubiwhy"
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs" "no MTD reference left behind"

# with the device known, the same targets are refused when the location is
# written: the location stays as it was and nothing is held
bad_location() { # DESC LOC ERRNO TEXT
	mkdir -p "$m/bl2/x"
	put "$m/device" "mtd:$chip"
	tap_fails "$1: location refused" put "$m/bl2/x/location" "$2"
	tap_ok "$1: status $3 names it" contains "$(result nand)" "error: $3 bl2/x: $4"
	tap_is "$(cat "$m/bl2/x/location")" "" "$1: location unchanged"
	rmdir "$m/bl2/x" "$m/bl2" "$m"
}
bad_location "the whole chip" "mtd:$chip@0+0x40000" -EINVAL \
	"$chip is the whole chip, not a partition: a slot names a partition"
bad_location "a partition attached to UBI" "mtd:$ubipart@0+$(printf 0x%x "$block")" -EBUSY "$ubiwhy"
mkdir -p "$m/bl2/x"
put "$m/device" "mtd:$chip"
tap_ok "a partition nobody uses: location accepted" put "$m/bl2/x/location" "mtd:bl2@0+0x40000"
rmdir "$m/bl2/x" "$m/bl2" "$m"
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs" "no MTD reference left behind by the location checks"
tap_done
