#!/bin/sh
# board: bpi-r3mini
# The configfs tree of the core: media, components and slots, every
# attribute with good and bad values, -EINVAL with the reason in status,
# -EBUSY for bind-time attributes while enabled, root only, rmmod refused
# while groups exist. Bind errors: -ENODEV, -EMEDIUMTYPE (an mmcblk name
# that is not an MMC disk; an MTD chip of type RAM, mtdram), -EIO (the MMC core's cached EXT_CSD differs
# from the card's); nothing stays bound.
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
tap_plan 158

chip=$(profile_get nand.name)
m=$CFS/nand

tap_ok "mkdir a medium" mkdir "$m"
for a in device enable type booted force_ro force_ro_secs boot_partition boot_ack boot_wp status; do
	tap_ok "medium has $a" test -f "$m/$a"
done
tap_is "$(stat -c %a "$m/status"):$(stat -c %a "$m/device")" "444:644" "modes: status 444, device 644"
tap_is "$(cat "$m/enable")" 0 "enable defaults to 0"
tap_is "$(cat "$m/device")" "" "device defaults to empty"
tap_is "$(cat "$m/force_ro_secs")" 300 "force_ro_secs defaults to 300"
tap_is "$(cat "$m/force_ro")" 1 "force_ro defaults to 1"
tap_is "$(cat "$m/type")" unknown "type unknown before binding"
tap_is "$(cat "$m/booted")" unknown "booted unknown (no DT)"
tap_is "$(cat "$m/boot_partition")" n/a "boot_partition n/a on a non-eMMC medium"

# device
tap_fails "device: no prefix refused" put "$m/device" nand0
tap_ok "status: -EINVAL with the expected syntax" \
	contains "$(result nand)" "error: -EINVAL device \"nand0\": expected mtd:<mtd name> or mmc:<disk name>"
tap_fails "device: empty name refused" put "$m/device" "mtd:"
tap_fails "device: an eMMC boot partition refused" put "$m/device" mmc:mmcblk0boot0
tap_ok "status says whole disk" contains "$(result nand)" "expected the whole eMMC disk"
tap_fails "device: a partition refused" put "$m/device" mmc:mmcblk0p1
tap_fails "device: 80 characters refused" put "$m/device" "mtd:$(printf '%080d' 0)"
tap_ok "status says too long" contains "$(result nand)" "longer than"
tap_is "$(cat "$m/device")" "" "failed writes left device unchanged"

# enable
tap_fails "enable without device refused" put "$m/enable" 1
tap_ok "status: no device" contains "$(result nand)" "error: -EINVAL no device"
tap_fails "enable: 2 refused" put "$m/enable" 2
tap_ok "status: enable expects 1 or 0" contains "$(result nand)" "enable: expected 1 or 0"
tap_ok "device mtd:nonexistent accepted (checked at bind)" put "$m/device" mtd:nonexistent
tap_fails "enable with a missing chip fails" put "$m/enable" 1
tap_ok "status: -ENODEV names the chip" contains "$(result nand)" "error: -ENODEV no MTD chip or partition named \"nonexistent\""
tap_is "$(cat "$m/enable")" 0 "still disabled"
# -EMEDIUMTYPE: a device node named like an eMMC disk that is a loop device
modprobe loop
mknod /tmp/mmcblk7 b 7 0 && mv /tmp/mmcblk7 /dev/mmcblk7
tap_ok "device mmc:mmcblk7 accepted (checked at bind)" put "$m/device" mmc:mmcblk7
tap_fails "enable on a disk that is not an MMC disk fails" put "$m/enable" 1
tap_is "$(result nand)" "error: -EMEDIUMTYPE mmcblk7 is not a whole MMC disk" "status: -EMEDIUMTYPE names the disk"
tap_is "$(cat "$m/enable"):$(cat "$m/type")" "0:emmc" "not bound"
rm -f /dev/mmcblk7
# -EMEDIUMTYPE on MTD: a chip that is neither NAND nor NOR (mtdram, an MTD
# of type RAM, built from linux-source by selftests/vm/build); nothing is
# held: its module unloads after the refusal
modprobe mtdram total_size=1024 erase_size=128
ram=none
for x in /sys/class/mtd/mtd[0-9]*; do
	[ "$(cat "$x/name" 2> /dev/null)" != "mtdram test device" ] || ram=${x##*/}
done
tap_is "$(cat "/sys/class/mtd/$ram/type" 2> /dev/null)" ram "mtdram: an MTD chip of type ram ($ram)"
tap_ok "device mtd:mtdram test device accepted (checked at bind)" put "$m/device" "mtd:mtdram test device"
tap_fails "enable on a RAM MTD chip fails" put "$m/enable" 1
tap_is "$(result nand)" "error: -EMEDIUMTYPE mtdram test device is neither NAND nor NOR flash" \
	"status: -EMEDIUMTYPE names the chip"
tap_is "$(cat "$m/enable"):$(cat "$m/type")" "0:unknown" "not bound, type unknown"
tap_ok "nothing held: mtdram unloads" rmmod mtdram
# -EIO: PARTITION_CONFIG changed behind the MMC core (its cached copy is
# stale): refused rather than risk corrupting the card with it
d=$(mmcsim_wait_disk) || d=none
put "$m/device" "mmc:$d"
pc=$(mmcsim_ext_csd 179)
ro0=$(cat "/sys/block/${d}boot0/force_ro")
echo 0 > "/sys/block/${d}boot0/force_ro"
printf '%b' "\\0$(printf %o $((pc ^ 0x18)))" | dd of="$MMCSIM_DBG/ext_csd" bs=1 seek=179 conv=notrunc 2>/dev/null
tap_fails "enable with a stale cached EXT_CSD fails" put "$m/enable" 1
tap_ok "status: -EIO, both values" contains "$(result nand)" \
	"error: -EIO the MMC core's cached EXT_CSD (rev $(mmcsim_ext_csd 192), PARTITION_CONFIG $(printf 0x%02x "$pc")) disagrees with the card (rev $(mmcsim_ext_csd 192), $(printf 0x%02x $((pc ^ 0x18))))"
tap_is "$(cat "$m/enable")" 0 "not bound"
tap_is "$(cat "/sys/block/${d}boot0/force_ro")" 0 "boot0 left writable as it was (nothing protected)"
echo "$ro0" > "/sys/block/${d}boot0/force_ro"
printf '%b' "\\0$(printf %o "$pc")" | dd of="$MMCSIM_DBG/ext_csd" bs=1 seek=179 conv=notrunc 2>/dev/null
tap_ok "the card agrees again: bind" put "$m/enable" 1
put "$m/enable" 0
put "$m/device" mtd:nonexistent

# force_ro and force_ro_secs
tap_fails "force_ro while unbound refused" put "$m/force_ro" 0
tap_ok "status: not bound" contains "$(result nand)" "error: -ENODEV not bound"
for v in abc -1 86401 1.5; do
	tap_fails "force_ro_secs $v refused" put "$m/force_ro_secs" "$v"
done
tap_ok "status: the range" contains "$(result nand)" "force_ro_secs: expected 0 (never) to 86400 seconds"
tap_is "$(cat "$m/force_ro_secs")" 300 "force_ro_secs unchanged after bad writes"
tap_ok "force_ro_secs 0 accepted" put "$m/force_ro_secs" 0
tap_ok "force_ro_secs 86400 accepted" put "$m/force_ro_secs" 86400
tap_is "$(cat "$m/force_ro_secs")" 86400 "force_ro_secs reads back"

# eMMC-only attributes on an MTD medium
tap_fails "boot_partition on MTD refused" put "$m/boot_partition" boot0
tap_ok "status: -EOPNOTSUPP" contains "$(result nand)" "error: -EOPNOTSUPP boot_partition is for eMMC media only"
tap_fails "boot_ack on MTD refused" put "$m/boot_ack" 1
tap_fails "boot_wp on MTD refused" put "$m/boot_wp" power-on

# components and kinds
tap_ok "mkdir components bl2 fip factory" mkdir "$m/bl2" "$m/fip" "$m/factory"
tap_is "$(cat "$m/bl2/kind") $(cat "$m/fip/kind") $(cat "$m/factory/kind")" "bl2 fip data" \
	"kind defaults from the name"
tap_fails "kind: bogus refused" put "$m/factory/kind" bogus
tap_ok "status: kinds listed" contains "$(result nand)" "kind: expected bl2, fip or data"
tap_ok "kind data accepted" put "$m/fip/kind" data
tap_ok "kind fip accepted" put "$m/fip/kind" fip

# slots and locations
tap_ok "mkdir slots" mkdir "$m/bl2/a" "$m/bl2/b" "$m/fip/a" "$m/factory/a"
for a in location state info; do
	tap_ok "slot has $a" test -f "$m/bl2/a/$a"
done
tap_is "$(cat "$m/bl2/a/state")" "invalid: no location" "state without a location"
for bad in "bogus" "mtd:" "mtd:bl2@x" "mtd:bl2@0+0" "mtd:bl2@0+x" "mtd:bl2@0xffffffffffffffff+2" \
	"ubi:x:fip" "ubi:32:fip" "ubi:0:" "ubi:0" "emmc:boot2" "emmc:" \
	"gpt:" "gpt:$(printf '%037d' 0)"; do
	tap_fails "location '$bad' refused" put "$m/bl2/a/location" "$bad"
done
tap_ok "status: -EINVAL with the reason" contains "$(result nand)" "error: -EINVAL bl2/a: GPT partition name"
tap_is "$(cat "$m/bl2/a/location")" "" "refused locations leave it unset"
tap_ok "mtd:bl2@0+0x40000 accepted" put "$m/bl2/a/location" "mtd:bl2@0+0x40000"
tap_ok "mtd:bl2@0x40000 accepted" put "$m/bl2/b/location" "mtd:bl2@0x40000+0x40000"
tap_ok "ubi:0:fip accepted" put "$m/fip/a/location" "ubi:0:fip"
tap_ok "gpt:factory accepted (syntax)" put "$m/factory/a/location" "gpt:factory"
tap_is "$(cat "$m/bl2/b/location")" "mtd:bl2@0x40000+0x40000" "location reads back"
tap_is "$(cat "$m/bl2/a/state")" "invalid: medium not bound (enable=0)" "state of an unbound medium"

# binding checks the whole tree
tap_ok "device by chip name" put "$m/device" "mtd:$chip"
tap_fails "enable refused: gpt: slot on an MTD medium" put "$m/enable" 1
tap_ok "status names the slot" contains "$(result nand)" "slot factory/a: location gpt:factory does not fit device"
tap_ok "rmdir the misfit slot" rmdir "$m/factory/a"
tap_ok "location past the partition" put "$m/bl2/b/location" "mtd:bl2@0x1f0000+0x40000"
tap_fails "enable refused: slot outside its partition" put "$m/enable" 1
tap_ok "status: outside partition" contains "$(result nand)" "lies outside partition bl2"
tap_ok "location not erase-block aligned" put "$m/bl2/b/location" "mtd:bl2@0x1000+0x40000"
tap_fails "enable refused: misaligned slot" put "$m/enable" 1
tap_ok "status: alignment" contains "$(result nand)" "is not aligned to the 0x20000-byte erase block"
tap_ok "location of a missing partition" put "$m/bl2/b/location" "mtd:nothere"
tap_fails "enable refused: missing partition" put "$m/enable" 1
tap_ok "status: -ENOENT" contains "$(result nand)" "error: -ENOENT slot bl2/b: no partition \"nothere\""
tap_ok "mtd_writeable of bl2 untouched by failed binds" mtd_writeable bl2
tap_ok "good location" put "$m/bl2/b/location" "mtd:bl2@0x40000+0x40000"
tap_ok "enable 1" put "$m/enable" 1
tap_is "$(cat "$m/enable")" 1 "enable reads 1"
tap_is "$(cat "$m/type")" spi-nand "type spi-nand"
tap_ok "status: bound" contains "$(result nand)" "ok: bound mtd:$chip (spi-nand), boot areas read-only"
tap_ok "enable 1 again is harmless" put "$m/enable" 1

# one medium per partition: a second one cannot fight over MTD_WRITEABLE
mkdir -p "$CFS/nand2/bl2/a" "$CFS/nand2/fip/a"
put "$CFS/nand2/bl2/a/location" mtd:bl2
put "$CFS/nand2/fip/a/location" ubi:0:fip
put "$CFS/nand2/device" "mtd:$chip"
tap_fails "a second medium cannot bind a bound partition" put "$CFS/nand2/enable" 1
tap_ok "status: -EBUSY names the owner" contains "$(result nand2)" "error: -EBUSY partition bl2 is already bound by medium nand"
rmdir "$CFS/nand2/bl2/a" "$CFS/nand2/bl2"
tap_ok "a second medium with only a UBI slot binds" put "$CFS/nand2/enable" 1
tap_ok "and unbinds" put "$CFS/nand2/enable" 0
tap_fails "bl2 still protected by the first medium" mtd_writeable bl2
rmdir "$CFS/nand2/fip/a" "$CFS/nand2/fip" "$CFS/nand2"

# bind-time attributes while enabled
tap_fails "device while enabled: -EBUSY" put "$m/device" "mtd:bl2"
tap_ok "status: -EBUSY" contains "$(result nand)" "error: -EBUSY device cannot change while enabled"
tap_fails "location while enabled: -EBUSY" put "$m/bl2/a/location" "mtd:bl2"
tap_fails "kind while enabled: -EBUSY" put "$m/bl2/kind" data
tap_fails "mkdir component while enabled: -EBUSY" mkdir "$m/env"
tap_fails "mkdir slot while enabled: -EBUSY" mkdir "$m/bl2/c"
tap_ok "status: -EBUSY for mkdir" contains "$(result nand)" "error: -EBUSY slots cannot be added while enabled"
tap_fails "force_ro: bogus refused" put "$m/force_ro" maybe
tap_is "$(cat "$m/force_ro")" 1 "force_ro still 1"

# the longest reasons stay whole in status, never cut at a fixed length
# (issue 13): a component's and a slot's name of NAME_MAX (255) characters
# each, with a location, a bind error and a component's result
lc=$(awk 'BEGIN { while (n++ < 255) printf "c" }')
lsl=$(awk 'BEGIN { while (n++ < 255) printf "s" }')
lp=$(awk 'BEGIN { while (n++ < 63) printf "p" }')
lq=$(awk 'BEGIN { while (n++ < 154) printf "q" }')
ld=$CFS/long/$lc/$lsl
tap_ok "mkdir a component and a slot of 255 characters each" mkdir -p "$ld"
tap_fails "a bad partition name of 154 characters refused" put "$ld/location" "mtd:$lq"
tap_is "$(result long)" "$(err_text "error: -EINVAL $lc/$lsl: bad MTD partition name \"$lq\"")" \
	"status: the whole reason (707 characters)"
tap_ok "a location with a partition name of 63 characters" put "$ld/location" "mtd:$lp@0+0x20000"
tap_is "$(result long)" "ok: $lc/$lsl location mtd:$lp@0+0x20000" "status: the whole location line"
put "$CFS/long/device" "mtd:$chip"
tap_fails "enable refused: no such partition" put "$CFS/long/enable" 1
tap_is "$(result long)" "$(err_text "error: -ENOENT slot $lc/$lsl: no partition \"$lp\" on $chip")" \
	"status: the whole bind reason"
tap_fails "stage without an image refused" put "$CFS/long/$lc/stage" a
tap_is "$(result long)" "$(err_text "error: -ENODATA $lc: stage: no image staged (write one to image first)")" \
	"status: the component's whole result after its name"
tap_is "$(cat "$CFS/long/$lc/result")" "$(err_text "error: -ENODATA stage: no image staged (write one to image first)")" \
	"the component's result"
tap_ok "rmdir the long names" rmdir "$ld" "$CFS/long/$lc" "$CFS/long"

# root only
tap_ok "a user can read status" as_user "cat $m/status"
tap_fails "a user cannot write force_ro" as_user "echo 0 > $m/force_ro"
tap_fails "a user cannot write enable" as_user "echo 0 > $m/enable"
tap_fails "a user cannot read a slot's state" as_user "cat $m/bl2/a/state"
tap_fails "a user cannot mkdir a medium" as_user "mkdir $CFS/evil"
tap_is "$(cat "$m/force_ro"):$(cat "$m/enable")" "1:1" "nothing changed by the user"

# rmmod with groups present
tap_fails "rmmod refused while groups exist" rmmod mtk_bootmedia
tap_ok "module still loaded" grep -q '^mtk_bootmedia ' /proc/modules
tap_ok "rmdir a bound medium's slot" rmdir "$m/bl2/b"
tap_ok "enable 0" put "$m/enable" 0
tap_ok "MTD_WRITEABLE restored on unbind" mtd_writeable bl2
tap_ok "location writable again" put "$m/bl2/a/location" "mtd:bl2@0+0x40000"
tap_ok "rmdir everything" sh -c "rmdir $m/bl2/a $m/fip/a $m/bl2 $m/fip $m/factory $m"
tap_ok "rmmod once the tree is gone" rmmod mtk_bootmedia
tap_done
