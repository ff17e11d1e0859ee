#!/bin/sh
# board: bpi-r3mini e8450
# image, verify, result and generation of a component on SPI-NAND: an image
# is staged in kernel memory (bounded by the largest slot) and checked for
# this medium and this board; verify writes nothing to any medium.
# shellcheck disable=SC2317 # functions run through tap_ok

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# the OpenWrt-shaped FIPs: 11 checks on e8450, 15 on the others
# e8450: the /chosen check only where there is a device tree (arm64)
if [ "$MTKBM_BOARD" != e8450 ]; then tap_plan 87
elif [ "$MTKBM_TARGET" = arm64-6.12 ]; then tap_plan 83
else tap_plan 82; fi

chip=$(profile_get nand.name)
board=$(profile_get name)
m=$CFS/nand
bl2=$(mtd_dev bl2)
profile_get nand.write > /tmp/copies
second=$(sed -n 2p /tmp/copies | cut -d' ' -f2)
stride=$((second))
nandbl2=$(head -n 1 /tmp/copies | cut -d' ' -f3)
good=/mnt/media/fip-$board-snand.fip
other=/mnt/media/fip-bpi-r3-snand.fip
fipvol=
for v in /sys/class/ubi/ubi0_*; do
	[ "$(cat "$v/name")" = fip ] && fipvol=/dev/${v##*/}
done

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

# stage IMAGE COMPONENT: cat IMAGE into COMPONENT/image
stage() {
	cat "$1" > "$m/$2/image"
}

# verify COMPONENT [force]: write to COMPONENT/verify
verify() {
	put "$m/$1/verify" "${2:-1}"
}

gen() {
	cat "$m/$1/generation"
}

tap_is "$(cat "$m/fip/result")" none "result reads none before anything"
tap_ok "image staged while unbound is refused in result" stage "$good" fip
tap_is "$(cat "$m/fip/result")" "error: -ENODEV image: medium not bound (write 1 to enable first)" \
	"result: not bound"
tap_ok "bind" put "$m/enable" 1
tap_ok "fip volume found" test -n "$fipvol"
bl2_md5=$(md5sum < "$bl2")
fip_md5=$(md5sum < "$fipvol")

# permissions
tap_fails "non-root cannot write image" as_user "cat $good > $m/fip/image"
tap_fails "non-root cannot write verify" as_user "echo 1 > $m/fip/verify"
tap_ok "non-root can read result" as_user "cat $m/fip/result"

# the board's own FIP
g0=$(gen fip)
tap_ok "stage the $board FIP" stage "$good" fip
size=$(wc -c < "$good")
tap_ok "result: staged with its size" contains "$(cat "$m/fip/result")" "ok: image staged, $size bytes"
g1=$(gen fip)
tap_ok "generation increments on image ($g0 -> $g1)" test "$g1" -gt "$g0"
tap_ok "verify" verify fip
res=$(cat "$m/fip/result")
sha=$(sha256sum < "$good" | cut -d' ' -f1)
tap_ok "result ok for this board, with the FIP's sha256" contains "$res" "ok: FIP, $size bytes (sha256 $sha of $size), for this SPI-NAND: FIP for "
# bytes after the FIP's end (a padded image): the sha256 is of the FIP up
# to the end its ToC gives, what a slot's info hashes
{ cat "$good"; head -c 4096 /dev/zero; } > /tmp/padded.fip
stage /tmp/padded.fip fip
verify fip
tap_ok "a padded FIP: the sha256 of its bytes up to the ToC's end" contains "$(cat "$m/fip/result")" \
	"ok: FIP, $((size + 4096)) bytes (sha256 $sha of $size), for this SPI-NAND"
stage "$good" fip
verify fip
tap_ok "result says the board matches" contains "$res" "matches this board"
g2=$(gen fip)
tap_ok "generation increments on verify ($g1 -> $g2)" test "$g2" -gt "$g1"
tap_ok "status has the outcome too" contains "$(result nand)" "ok: fip: FIP, $size bytes"
tap_ok "verify force" verify fip force
tap_ok "forced verify says so" contains "$(cat "$m/fip/result")" "(verify forced)"
tap_ok "verify again: same image still staged" verify fip

# another board's FIP
tap_ok "stage the BPI-R3 FIP" stage "$other" fip
tap_fails "verify fails" verify fip
if [ "$board" = bpi-r3mini ]; then
	tap_is "$(cat "$m/fip/result")" \
		"error: -EINVAL FIP for bananapi,bpi-r3, this board is bananapi,bpi-r3mini" \
		"result names both boards"
else
	tap_ok "result names both boards" sh -c \
		"grep -q '^error: -EINVAL FIP for bananapi,bpi-r3 .*, this board is linksys,e8450' $m/fip/result"
fi
tap_fails "force does not override a mismatch" verify fip force
tap_ok "still an error after force" contains "$(cat "$m/fip/result")" "error: -EINVAL FIP for bananapi,bpi-r3"

# FIPs shaped as OpenWrt builds them (selftests/images/mkimages, "ow"):
# config-1 names no board, on the running board (arm64: /chosen) or in a FIP
if [ "$board" = e8450 ]; then
	if [ "$MTKBM_TARGET" = arm64-6.12 ]; then
		tap_is "$(tr -d '\000' < /proc/device-tree/chosen/u-boot,bootconf)" config-1 \
			"arm64: /chosen/u-boot,bootconf is config-1"
	fi
	tap_ok "stage the OpenWrt-shaped E8450 FIP (bootconf config-1)" stage /mnt/media/fip-ow-e8450-snand.fip fip
	tap_ok "verify: accepted by its compatible" verify fip
	tap_ok "result: matches by compatible" contains "$(cat "$m/fip/result")" \
		"matches this board (compatible linksys,e8450-ubi)"
	tap_ok "stage a Redmi AX6S FIP (also config-1)" stage /mnt/media/fip-ow-redmi-ax6s-snand.fip fip
	tap_fails "verify: refused" verify fip
	tap_fails "verify force: still refused" verify fip force
	tap_is "$(cat "$m/fip/result")" \
		"error: -EINVAL FIP for xiaomi,redmi-router-ax6s, this board is linksys,e8450-ubi" \
		"result names both boards, never 'matches'"
	tap_ok "stage an MT7622 reference-board FIP (config-1)" stage /mnt/media/fip-ow-mt7622-rfb-snand.fip fip
	tap_fails "verify: refused (unknown board)" verify fip
	tap_ok "result: reference board, no match" sh -c \
		"grep -q '^error: -ENODATA .*MediaTek reference board' $m/fip/result && ! grep -q matches $m/fip/result"
else
	tap_ok "stage OpenWrt's BPI-R3 Mini FIP (bootconf, ANSI title)" stage /mnt/media/fip-ow-bpi-r3-mini-snand.fip fip
	tap_ok "verify: accepted" verify fip
	tap_ok "result: matches by bootconf, SPI-NAND" contains "$(cat "$m/fip/result")" \
		"matches this board (bootconf config-mt7986a-bananapi-bpi-r3-mini), medium SPI-NAND"
	tap_ok "stage its xz-compressed variant" stage /mnt/media/fip-ow-bpi-r3-mini-xz-snand.fip fip
	tap_ok "verify: xz BL33 unpacked with lib/xz and accepted" verify fip
	tap_ok "stage its eMMC FIP" stage /mnt/media/fip-ow-bpi-r3-mini-emmc.fip fip
	tap_fails "verify: an eMMC FIP for SPI-NAND refused" verify fip
	tap_ok "stage the BPI-R3 SD-card FIP (no bootfile_fip)" stage /mnt/media/fip-ow-bpi-r3-sdmmc.fip fip
	tap_fails "verify: refused" verify fip
	tap_ok "stage an xz bomb" stage /mnt/media/fip-xz-bomb.fip fip
	tap_fails "verify: refused" verify fip
	tap_ok "result: bounded by the 2 MiB limit" contains "$(cat "$m/fip/result")" \
		"more than the 2097152-byte limit"
	tap_ok "stage an xz stream with a bad CRC32" stage /mnt/media/fip-xz-badcrc.fip fip
	tap_fails "verify: refused" verify fip
	tap_ok "result: CRC32" contains "$(cat "$m/fip/result")" "CRC32 check does not match"
fi

# truncated FIP
head -c 4096 "$good" > /tmp/trunc.fip
tap_ok "stage a truncated FIP" stage /tmp/trunc.fip fip
tap_fails "verify of the truncated FIP fails" verify fip
tap_ok "result: truncated" sh -c "grep -q '^error: -ENODATA ' $m/fip/result"

# BL2: the medium's own, and an eMMC one
tap_ok "stage the SPI-NAND BL2" stage "/mnt/media/$nandbl2" bl2
tap_ok "verify the SPI-NAND BL2" verify bl2
tap_ok "result ok: fits this SPI-NAND" sh -c "grep -q '^ok: BL2 (.* header), [0-9]* bytes, fits this SPI-NAND$' $m/bl2/result"
tap_ok "stage the eMMC BL2 to the NAND bl2" stage /mnt/media/bl2-emmc.img bl2
tap_fails "verify of the eMMC BL2 fails" verify bl2
tap_is "$(cat "$m/bl2/result")" "error: -EMEDIUMTYPE BL2 for eMMC cannot be written to SPI-NAND" \
	"result names both media"

# oversize: one byte more than the largest slot
max=$(cat "/sys/class/ubi/${fipvol#/dev/}/reserved_ebs")
lebsize=$(cat "/sys/class/ubi/${fipvol#/dev/}/usable_eb_size")
over=$((max * lebsize + 1))
head -c "$over" /dev/zero > /tmp/over.img
tap_ok "stage an oversize image (write(2) itself succeeds)" stage /tmp/over.img fip
tap_is "$(cat "$m/fip/result")" \
	"error: -EFBIG image: $over bytes, larger than the largest slot (a, $((over - 1)) bytes)" \
	"result: larger than the largest slot"
tap_fails "verify after a refused image fails" verify fip
tap_is "$(cat "$m/fip/result")" "error: -ENODATA verify: no image staged (write one to image first)" \
	"the refused image dropped the staged one"
# beyond the configfs buffer cap: the writer gets -EFBIG
tap_fails "an image over 16 MiB fails in write(2)" sh -c "head -c 17825792 /dev/zero | cat > $m/fip/image"
tap_ok "result: error" sh -c "grep -q '^error: -EFBIG ' $m/fip/result"

# image_file (issue 17): the module reads the file named by an absolute
# path into one buffer of its size; garbage fails in write(2) with its errno
tap_ok "image_file: the board's FIP by path" put "$m/fip/image_file" "$good"
tap_is "$(cat "$m/fip/result")" \
	"ok: image staged from $good, $(wc -c < "$good") bytes (largest slot a, $((over - 1)) bytes)" \
	"result: staged from the file, its size"
tap_ok "verify of the image read from the file" verify fip
tap_fails "non-root cannot write image_file" as_user "echo $good > $m/fip/image_file"
tap_fails "image_file: a relative path fails" put "$m/fip/image_file" fip.bin
tap_is "$(cat "$m/fip/result")" \
	"error: -EINVAL image_file: expected an absolute path of printable characters, shorter than 4096 bytes" \
	"result: not an absolute path"
tap_fails "the refused path dropped the staged image" verify fip
tap_fails "image_file: a control character fails" put "$m/fip/image_file" "$(printf '/tmp/a\tb')"
tap_fails "image_file: a character device fails" put "$m/fip/image_file" /dev/zero
tap_is "$(cat "$m/fip/result")" \
	"error: -EINVAL image_file: cannot read /dev/zero: not a regular file, or empty" \
	"result: not a regular file"
tap_fails "image_file: a missing file fails" put "$m/fip/image_file" /tmp/no-such.fip
tap_is "$(cat "$m/fip/result")" "error: -ENOENT image_file: cannot read /tmp/no-such.fip: no such file" \
	"result: no such file"
tap_fails "image_file: one byte over the largest slot fails" put "$m/fip/image_file" /tmp/over.img
# (kernel_read_file_from_path() refuses a file over 8 MiB before the slot check)
want="error: -EFBIG image from /tmp/over.img: $over bytes, larger than the largest slot (a, $((over - 1)) bytes)"
[ "$over" -le 8388608 ] || want="error: -EFBIG image_file: /tmp/over.img is larger than 8 MiB"
tap_is "$(cat "$m/fip/result")" "$want" "result: larger than the largest slot"
head -c 9437184 /dev/zero > /tmp/9m.img
tap_fails "image_file: over 8 MiB fails" put "$m/fip/image_file" /tmp/9m.img
tap_is "$(cat "$m/fip/result")" "error: -EFBIG image_file: /tmp/9m.img is larger than 8 MiB" \
	"result: over 8 MiB"
rm -f /tmp/9m.img
g3=$(gen fip)
tap_ok "generation increments on a refused image ($g2 -> $g3)" test "$g3" -gt "$g2"

# garbage
tap_fails "garbage to verify fails" put "$m/fip/verify" maybe
tap_is "$(cat "$m/fip/result")" "error: -EINVAL verify: expected 1, or force to accept an unknown board" \
	"result: garbage explained"
tap_fails "generation is read-only" put "$m/fip/generation" 7
tap_fails "result is read-only" put "$m/fip/result" ok

# nothing was written
tap_is "$(md5sum < "$bl2")" "$bl2_md5" "bl2 MTD byte-identical"
tap_is "$(md5sum < "$fipvol")" "$fip_md5" "fip UBI volume byte-identical"
tap_is "$(cat "$m/fip/a/state")" valid "fip slot still valid"

# unbind drops the staged image
tap_ok "stage the good FIP again" stage "$good" fip
g4=$(gen fip)
tap_ok "unbind" put "$m/enable" 0
tap_ok "generation increments when unbind drops the image" test "$(gen fip)" -gt "$g4"
tap_ok "bind again" put "$m/enable" 1
tap_fails "verify after rebinding fails" verify fip
tap_ok "nothing staged after unbind" contains "$(cat "$m/fip/result")" "no image staged"
tap_ok "stage before rmdir" stage "$good" fip

put "$m/enable" 0
rmdir "$m"/bl2/c* "$m"/fip/a "$m/bl2" "$m/fip" "$m"
tap_ok "medium removed" test ! -e "$m"
tap_done
