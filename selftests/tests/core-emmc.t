#!/bin/sh
# board: bpi-r3mini gl-mt6000
# An eMMC medium bound by disk name: force_ro through the boot disks'
# read-only flag (the same flag as /sys/block/mmcblkXbootY/force_ro),
# back by itself after force_ro_secs; boot_partition and boot_ack through
# PARTITION_CONFIG with the MMC core's cache kept in step (the value
# survives I/O to boot0 and the user area); boot_partition boot1 only with
# boot1_honoured or "boot1 force" (else -EOPNOTSUPP, nothing written), a
# force after another value -EINVAL, a boot area a data component's slot is
# in never (-EPERM, forced or not; switch extcsd neither);
# non-root reads of the card's attributes send no command to the card;
# boot_wp power-on; the card removed while bound unbinds the medium.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 105

d=$(mmcsim_wait_disk) || d=none
m=$CFS/emmc
ro0=/sys/block/${d}boot0/force_ro
ro1=/sys/block/${d}boot1/force_ro
pc() { mmcsim_ext_csd 179; }

mkdir -p "$m/bl2/a" "$m/bl2/b" "$m/fip/a"
put "$m/bl2/a/location" emmc:boot0
put "$m/bl2/b/location" emmc:boot1
put "$m/fip/a/location" gpt:fip
put "$m/force_ro_secs" 0
tap_ok "device mmc:$d" put "$m/device" "mmc:$d"
tap_is "$(cat "$m/type")" emmc "type emmc from the device"
tap_is "$(cat "$m/boot_partition")" unknown "boot_partition unknown while unbound"
tap_fails "boot_partition refused while unbound" put "$m/boot_partition" boot1
tap_ok "status: -ENODEV" contains "$(result emmc)" "error: -ENODEV boot_partition: not bound"
echo 0 > "$ro0"
tap_ok "bind" put "$m/enable" 1
tap_is "$(cat "$ro0"):$(cat "$ro1")" "1:1" "both boot disks read-only after binding"
tap_is "$(cat "$m/force_ro")" 1 "force_ro 1"
tap_is "$(status_of emmc "area.${d}boot0")" read-only "status: area boot0 read-only"

mkdir -p "$CFS/emmc2"
put "$CFS/emmc2/device" "mmc:$d"
tap_fails "a second medium on the same card refused" put "$CFS/emmc2/enable" 1
tap_ok "status: -EBUSY names the owner" contains "$(result emmc2)" "error: -EBUSY $d is already bound by medium emmc"
rmdir "$CFS/emmc2"

# force_ro gates dd to boot0
mt_pattern /tmp/p 9 16
mmcsim_dump boot0 2048 16 > /tmp/before
tap_fails "dd to boot0 fails with force_ro=1" dd if=/tmp/p of="/dev/${d}boot0" bs=512 seek=2048 conv=fsync
tap_ok "boot0 of the card untouched" mt_same_dump boot0 2048 16 /tmp/before
tap_ok "force_ro 0" put "$m/force_ro" 0
tap_is "$(cat "$ro0"):$(cat "$ro1")" "0:0" "sysfs force_ro of both boot disks 0"
tap_ok "dd to boot0 works with force_ro=0" dd if=/tmp/p of="/dev/${d}boot0" bs=512 seek=2048 conv=fsync
tap_ok "data in boot0 of the card" mt_same_dump boot0 2048 16 /tmp/p
echo 1 > "$ro0"
tap_is "$(cat "$m/force_ro")" 0 "sysfs force_ro of boot0 alone: medium not fully protected"
tap_is "$(status_of emmc "area.${d}boot0"):$(status_of emmc "area.${d}boot1")" "read-only:writable" \
	"status shows each area"
echo 1 > "$ro1"
tap_is "$(cat "$m/force_ro")" 1 "both set through sysfs: force_ro reads 1"
tap_ok "force_ro 0 again" put "$m/force_ro" 0
tap_ok "force_ro 1" put "$m/force_ro" 1
tap_fails "dd fails again" dd if=/tmp/p of="/dev/${d}boot0" bs=512 seek=4096 conv=fsync
tap_ok "force_ro_secs 2, force_ro 0" sh -c "echo 2 > $m/force_ro_secs && echo 0 > $m/force_ro"
tap_is "$(cat "$ro0")" 0 "boot0 writable"
boot0_ro() { [ "$(cat "$ro0")" = 1 ] && [ "$(cat "$ro1")" = 1 ]; }
tap_ok "boot disks read-only again within 5 s" wait_for 5 boot0_ro
tap_ok "status: protection back" contains "$(result emmc)" "protection back after 2 s"

# lazy slot checks
tap_is "$(cat "$m/bl2/a/state")" valid "BL2 in boot0 valid"
tap_is "$(cat "$m/bl2/b/state")" empty "boot1 empty"
tap_is "$(cat "$m/fip/a/state")" valid "FIP in GPT partition fip valid"
tap_ok "FIP info: eMMC FIP for this board" sh -c "grep -q '^fip_medium: eMMC' $m/fip/a/info && grep -q 'matches this board' $m/fip/a/info"
put "$m/enable" 0
put "$m/fip/a/location" gpt:nosuchpart
tap_fails "bind refused: missing GPT partition" put "$m/enable" 1
tap_ok "status: -ENOENT names the slot" contains "$(result emmc)" "error: -ENOENT slot fip/a: no GPT partition \"nosuchpart\" on $d"
put "$m/fip/a/location" gpt:fip
put "$m/enable" 1

# boot_partition / boot_ack
tap_is "$(cat "$m/boot_partition"):$(cat "$m/boot_ack"):$(pc)" "boot0:1:72" "PARTITION_CONFIG 0x48: boot0, ack"
# boot1 as switch extcsd: no source says the BootROM loads BL2 from boot1,
# so only a medium that states boot1_honoured, or a forced write, sets it
c6=$(mmcsim_counter cmd6_writes)
tap_fails "boot_partition boot1 refused while boot1_honoured is 0" put "$m/boot_partition" boot1
tap_ok "status: -EOPNOTSUPP, the reason, nothing written; dmesg says so" sh -c \
	"grep -qF '$(err_text "error: -EOPNOTSUPP boot_partition: boot1 refused: boot1_honoured is 0 (no source says the MediaTek BootROM loads BL2 from boot1): nothing written")' $m/status && dmesg | grep -q 'emmc: .*boot_partition: boot1 refused: boot1_honoured is 0'"
tap_fails "boot_partition 'boot1 now' refused" put "$m/boot_partition" "boot1 now"
tap_is "$(mmcsim_counter cmd6_writes):$(pc):$(cat "$m/boot_partition")" "$c6:72:boot0" "no CMD6 sent, the card holds 0x48"
tap_ok "boot_partition 'boot1 force'" put "$m/boot_partition" "boot1 force"
tap_is "$(cat "$m/boot_partition")" boot1 "reads boot1"
tap_is "$(pc)" 80 "card holds 0x50"
tap_ok "mmc extcsd read shows 0x50" sh -c "mmc extcsd read /dev/$d | grep -q 'PARTITION_CONFIG: 0x50'"
tap_ok "status: written and read back" contains "$(result emmc)" "ok: PARTITION_CONFIG 0x48 -> 0x50, read back"
# I/O to boot0, boot1 and the user area makes mmc_block switch partitions,
# rewriting the byte from its cache each time
dd if="/dev/${d}boot0" of=/dev/null bs=4k count=4 iflag=direct 2>/dev/null
dd if="/dev/$d" of=/dev/null bs=4k count=4 skip=100 iflag=direct 2>/dev/null
dd if="/dev/${d}boot1" of=/dev/null bs=4k count=4 iflag=direct 2>/dev/null
dd if="/dev/$d" of=/dev/null bs=4k count=4 skip=200 iflag=direct 2>/dev/null
tap_ok "partition switches happened" test "$(mmcsim_counter part_switches)" -gt 0
tap_is "$(pc)" 80 "0x50 survives I/O to boot0, boot1 and user (cache in step)"
tap_ok "mmc extcsd still 0x50" sh -c "mmc extcsd read /dev/$d | grep -q 'PARTITION_CONFIG: 0x50'"
for b in user:120 none:64 boot0:72; do
	tap_ok "boot_partition ${b%:*}" put "$m/boot_partition" "${b%:*}"
	tap_is "$(pc)" "${b#*:}" "card holds ${b#*:}"
done
put "$m/boot1_honoured" 1
tap_ok "boot1_honoured 1 (the board states it): boot_partition boot1" put "$m/boot_partition" boot1
tap_is "$(pc)" 80 "card holds 0x50"
put "$m/boot1_honoured" 0
tap_ok "boot_partition boot0" put "$m/boot_partition" boot0
for bad in boot2 USER 1 ""; do
	tap_fails "boot_partition '$bad' refused" put "$m/boot_partition" "$bad"
done
tap_ok "status: the values" contains "$(result emmc)" "error: -EINVAL boot_partition: expected boot0, boot1, user or none"
# force only after boot1: no other value is refused without it
c6=$(mmcsim_counter cmd6_writes)
for v in user none boot0; do
	tap_fails "boot_partition '$v force' refused" put "$m/boot_partition" "$v force"
	tap_ok "... status: -EINVAL, force applies to boot1 only" contains "$(result emmc)" \
		"error: -EINVAL boot_partition: force applies to boot1 only; write $v alone: nothing written"
done
tap_is "$(mmcsim_counter cmd6_writes)" "$c6" "no CMD6 sent for a force after another value"
tap_is "$(pc)" 72 "nothing written by refused values"
tap_ok "boot_ack 0" put "$m/boot_ack" 0
tap_is "$(cat "$m/boot_ack"):$(pc)" "0:8" "ack cleared, boot0 kept"
dd if="/dev/${d}boot1" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
dd if="/dev/$d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
tap_is "$(pc)" 8 "0x08 survives I/O"
tap_fails "boot_ack 2 refused" put "$m/boot_ack" 2
tap_ok "boot_ack 1" put "$m/boot_ack" 1
tap_is "$(pc)" 72 "back to 0x48"
echo "6 r1=0x80" > "$MMCSIM_DBG/fail_next"
tap_fails "a CMD6 the card does not execute fails the write" put "$m/boot_partition" "boot1 force"
echo off > "$MMCSIM_DBG/fail_next"
tap_ok "status: the read-back caught it" contains "$(result emmc)" "error: -EIO the card shows PARTITION_CONFIG 0x48 after writing 0x50"
dd if="/dev/${d}boot0" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
dd if="/dev/$d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
tap_is "$(pc):$(cat "$m/boot_partition")" "72:boot0" "after a failed switch card and cache still agree on 0x48"
# a boot area that holds data (a slot of a kind data component there: the
# BPI-R3 Mini's EN8811H firmware in boot1) is never enabled, forced or not
# (-EPERM, no CMD6), nor switched to by switch extcsd, boot1_honoured or not
put "$m/enable" 0
sw0=$(cat "$m/bl2/switch")
mkdir -p "$m/phyfw/a"
put "$m/phyfw/a/location" emmc:boot1
put "$m/bl2/switch" extcsd
put "$m/enable" 1
c6=$(mmcsim_counter cmd6_writes)
for v in "boot1 force" boot1; do
	tap_fails "boot_partition '$v' refused: boot1 holds phyfw (kind data)" put "$m/boot_partition" "$v"
	tap_ok "... status: -EPERM, not BL2, force does not lift it; dmesg says so" sh -c \
		"grep -qF '$(err_text "error: -EPERM boot_partition: boot1 refused: it holds phyfw (kind data), not BL2: nothing written; force does not lift this")' $m/status && dmesg | grep -q 'emmc: .*boot_partition: boot1 refused: it holds phyfw'"
done
put "$m/boot1_honoured" 1
tap_fails "switch extcsd: active b (boot1) refused with boot1_honoured 1" put "$m/bl2/active" b
tap_ok "... result: -EPERM, boot1 holds phyfw" contains "$(cat "$m/bl2/result")" \
	"error: -EPERM active: boot1 refused: it holds phyfw (kind data), not BL2: nothing written"
put "$m/boot1_honoured" 0
tap_is "$(mmcsim_counter cmd6_writes):$(pc)" "$c6:72" "no CMD6 sent, the card holds 0x48"
put "$m/enable" 0
rmdir "$m/phyfw/a" "$m/phyfw"
put "$m/bl2/switch" "$sw0"
put "$m/enable" 1

# the world-readable card attributes answer from the module's last EXT_CSD
# read (at bind, its own writes, a root read): no command to the card per
# read (mmcsim counts each CMD8); a root read reads the card
cmd8() { c=$(mmcsim_counter cmd8); echo "${c:-0}"; }
c0=$(cmd8)
u=$(as_user "cat $m/boot_partition $m/boot_ack $m/boot_wp $m/status $m/boot_partition")
tap_is "$(cmd8)" "$c0" "non-root reads of boot_partition, boot_ack, boot_wp, status: no CMD8"
tap_is "$(echo "$u" | head -n 3 | tr '\n' ' ')" "boot0 1 none " "non-root reads the values the module last read"
tap_ok "non-root status has the card lines" contains "$u" "partition_config: 0x48 (boot boot0, ack 1)"
cat "$m/boot_partition" > /dev/null
tap_ok "a root read of boot_partition reads the card (CMD8)" test "$(cmd8)" -gt "$c0"

# boot_wp
tap_is "$(cat "$m/boot_wp")" none "boot_wp none"
tap_fails "boot_wp bogus refused" put "$m/boot_wp" permanent
tap_ok "boot_wp none accepted when none" put "$m/boot_wp" none
tap_ok "boot_wp power-on" put "$m/boot_wp" power-on
tap_is "$(cat "$m/boot_wp")" power-on "reads power-on"
tap_is "$(status_of emmc boot_wp)" "boot0 power-on, boot1 power-on" "status: both areas"
tap_is "$(mmcsim_ext_csd 174)" 5 "BOOT_WP_STATUS of the card: both areas power-on"
tap_fails "force_ro 0 refused under power-on protection" put "$m/force_ro" 0
tap_ok "status: -EROFS" contains "$(result emmc)" "error: -EROFS the eMMC boot areas are write-protected by BOOT_WP"
tap_fails "boot_wp none refused until power cycle" put "$m/boot_wp" none
tap_ok "status: -EPERM" contains "$(result emmc)" "error: -EPERM boot_wp: power-on protection lasts until the next power cycle"

# the card goes away while bound
tap_ok "power cycle (card removed and inserted)" mmcsim_power_cycle 1
unbound() { [ "$(cat "$m/enable")" = 0 ]; }
tap_ok "medium unbound by itself" wait_for 5 unbound
tap_ok "status: removed while bound" contains "$(result emmc)" "error: -ENODEV mmc:$d was removed while bound"
tap_ok "bind the new card" put "$m/enable" 1
tap_is "$(cat "$m/boot_wp"):$(cat "$m/boot_partition")" "none:boot0" "new card: no protection, boot0"
tap_ok "unbind" put "$m/enable" 0
rmdir "$m"/bl2/a "$m"/bl2/b "$m"/fip/a "$m"/bl2 "$m"/fip "$m"
tap_done
