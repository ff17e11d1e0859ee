#!/bin/sh
# board: bpi-r3mini e8450
# The simulated SPI-NAND media match the board profile: geometry, named
# partitions, BL2 copies, UBI volumes (id, type, size) and their content.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh

mtd_of() {
	for d in /sys/class/mtd/mtd[0-9]*; do
		case $d in *ro) continue ;; esac
		[ "$(cat "$d/name")" = "$1" ] && { echo "$d"; return 0; }
	done
	return 1
}

# shellcheck disable=SC2046
set -- $(profile_get nand.geometry)
page=$1 oob=$2 block=$3 total=$4
nparts=$(profile_get nand.part | wc -l)
nwrites=$(profile_get nand.write | wc -l)
nvols=$(profile_get ubi.vol | wc -l)
nstatic=$(profile_get ubi.vol | awk '$2 == "static"' | wc -l)
tap_plan $((4 + 3 * nparts + nwrites + 3 * nvols + nstatic + 2))

first=$(mtd_of "$(profile_get nand.part | head -n 1 | cut -d' ' -f1)")
tap_is "$(cat "$first/writesize")" "$page" "page size $page"
tap_is "$(cat "$first/oobsize")" "$oob" "OOB size $oob"
tap_is "$(cat "$first/erasesize")" "$block" "erase block $block"
tap_is "$(cat "$first/subpagesize")" "$page" "no sub-page writes (subpage = page)"

end=0
profile_get nand.part > /tmp/parts
while read -r name off size; do
	d=$(mtd_of "$name")
	tap_ok "partition $name exists" test -n "$d"
	[ "$size" != - ] || size=$((total - off))
	tap_is "$(cat "$d/offset" 2>/dev/null)" "$((off))" "partition $name at $off"
	tap_is "$(cat "$d/size" 2>/dev/null)" "$((size))" "partition $name size $size"
	end=$((off + size))
done < /tmp/parts

profile_get nand.write > /tmp/writes
while read -r part off img; do
	d=$(mtd_of "$part")
	len=$(stat -c %s "/mnt/media/$img")
	nanddump -q -s "$((off))" -l "$len" -f /tmp/dump "/dev/${d##*/}" 2>/dev/null
	tap_ok "$img at $part+$off reads back intact" cmp -n "$len" /tmp/dump "/mnt/media/$img"
done < /tmp/writes

profile_get ubi.vol > /tmp/vols
leb=$(cat /sys/class/ubi/ubi0/eraseblock_size)
while read -r name type id size img; do
	v=/sys/class/ubi/ubi0_$id
	tap_is "$(cat "$v/name" 2>/dev/null)" "$name" "UBI volume $id is $name"
	tap_is "$(cat "$v/type" 2>/dev/null)" "$type" "UBI volume $name is $type"
	tap_ok "UBI volume $name reserves at least $size bytes" \
		test "$(($(cat "$v/reserved_ebs") * leb))" -ge "$((size))"
	if [ "$type" = static ]; then
		tap_ok "static volume $name holds $img" cmp "/dev/ubi0_$id" "/mnt/media/$img"
	fi
done < /tmp/vols
tap_ok "UBI attached to the ubi partition" \
	test "$(cat /sys/class/ubi/ubi0/mtd_num)" = "$(mtd_of "$(profile_get ubi.mtd)" | sed 's/.*mtd//')"
tap_is "$end" "$total" "partitions cover the whole chip"
tap_done
