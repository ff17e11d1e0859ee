#!/bin/sh
# board: bpi-r3mini-ptgen bpi-r3-sd
# targets: x86_64-6.12
# timeout: 2400
#
# Power-cut proof of the gpt switch on the GPT shapes OpenWrt's ptgen writes
# (primary only; the SD layout with its hybrid MBR), every reader of the GPT
# checked by the boot model at every cut (Documentation/gpt-readers.md):
# stage b + active b of the eMMC FIP through configfs, cut after the N-th
# sector, power-cycled, dumped before anything re-reads the card, given to
# the model. The last PC_DENSE_TAIL writes (the switch) are cut one by one.
# The sgdisk shape is powercut-engines.t's gpt loop. GPT_STRIDE thins the
# FIP's cut points (default 64; `make powercut` runs with 1).
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=/sys/kernel/config/mtk-bootmedia
[ -r /mnt/share/stride ] && . /mnt/share/stride
GPT_STRIDE=${GPT_STRIDE:-64}

tap_plan 3
pc_mmc_wait || PC_MMCBLK=none
mkdir -p "$CFS/emmc/fip/a" "$CFS/emmc/fip/b"
echo gpt:fip > "$CFS/emmc/fip/a/location"
echo gpt:fip2 > "$CFS/emmc/fip/b/location"
echo "mmc:$PC_MMCBLK" > "$CFS/emmc/device"
echo gpt > "$CFS/emmc/fip/switch"
PC_PREPARE="grep -qx 1 $CFS/emmc/enable || echo 1 > $CFS/emmc/enable"
sh -c "$PC_PREPARE"
tap_ok "eMMC bound (gpt switch, slots fip and fip2)" grep -qx 1 "$CFS/emmc/enable"
mbr0=$(dd if="/dev/$PC_MMCBLK" bs=512 count=1 2> /dev/null | md5sum)

# the board's FIP, its -v2 as the new image
img=$(awk '$1 == "emmc.part" && $2 == "fip" { print $6 }' "/mnt/src/selftests/boards/$MTKBM_BOARD.board")
img=/mnt/media/${img%.fip}-v2.fip
c=$CFS/emmc/fip
PC_MODEL_ARGS="--medium emmc"
PC_EMMC_USER="$(pc_emmc_user_default)"
for n in fip fip2; do
	p=$(grep -l "^PARTNAME=$n\$" /sys/class/block/"$PC_MMCBLK"p*/uevent 2> /dev/null | head -n 1)
	p=${p%/uevent}
	PC_EMMC_USER="$PC_EMMC_USER $(($(cat "$p/start") * 512)):$(($(cat "$p/size") * 512))"
done
PC_DENSE_TAIL=16
pc_loop gpt emmc "{ cat $img > $c/image && echo b > $c/stage && echo b > $c/active; } || { cat $c/result; false; }" "$GPT_STRIDE"
pc_expect_safe "gpt on $MTKBM_BOARD (last $PC_DENSE_TAIL writes one by one)"
tap_is "$(dd if="/dev/$PC_MMCBLK" bs=512 count=1 2> /dev/null | md5sum)" "$mbr0" \
	"LBA 0 (the MBR; hybrid on SD) byte for byte as before"
[ -z "${PC_KEEP:-}" ] || cp "$PC_DIR"/*.log "$PC_KEEP"/ 2> /dev/null || true
tap_done
