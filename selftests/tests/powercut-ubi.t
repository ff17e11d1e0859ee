#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.12 x86_64-6.1
# timeout: 2400
# vm: fresh
#
# Power-cut proof of the ubi engine: `mtk-bootmedia install fip` writes the
# static volume fip2 with ubiupdatevol, the module checks it, ubirename
# swaps fip and fip2 (UBI's atomic multi-volume rename). Cut after every
# N-th NAND page program or block erase (STRIDE; the last PC_DENSE_TAIL
# writes, the rename's volume-table updates, one by one), power-cycle,
# detach and attach UBI as a reboot would, ask the boot model (BL2's ubispl
# rules: static volume "fip", id < 16, per-LEB CRC). Every point must boot
# the old or the new FIP. STRIDE: 16 on x86_64 6.12, 48 on x86_64 6.1 (a
# sample, the last 8 writes one by one instead of 16); `make powercut` runs
# x86_64-6.12 with 1. Not on arm64-6.12: the same 6.12 UBI, module and
# helper as x86_64-6.12 (selftests/README.md, "The matrix").
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

[ -r /mnt/share/stride ] && . /mnt/share/stride
case $(uname -m)-$(uname -r) in
x86_64-6.12*) STRIDE=${STRIDE:-16} tail=16 ;;
*) STRIDE=${STRIDE:-48} tail=8 ;;
esac
H=/mnt/src/scripts/mtk-bootmedia

# the negative control (x86_64-6.12 only): the new FIP written into the
# active volume fip in place (ubiupdatevol, no fip2, no rename), the order
# the engine exists to avoid: the loop must report bricks
ctl=
case $(uname -m)-$(uname -r) in x86_64-6.12*) ctl=1 ;; esac
# not under `make powercut` (PC_KEEP), which leaves out the controls
[ -z "${PC_KEEP:-}" ] || ctl=
tap_plan $((2 + ${ctl:-0}))
# UBI dumps the stack on the I/O errors of a cut and when it turns
# read-only (ubi_ro_mode, from the EBA, WL and update paths): a stack with
# a frame in the ubi module is expected here (selftests/vm/init); Oops,
# BUG and WARNING still fail the run. [[]ubi[]] is "[ubi]" without a
# backslash (awk -v would eat it)
echo '[[]ubi[]]' > /tmp/mtkbm-allow-traces
tap_ok "helper setup --create-slots (fip2)" sh "$H" --yes setup --create-slots
PC_NAND_PARTS="bl2 ubi" PC_MODEL_ARGS='' PC_DENSE_TAIL=${PC_DENSE_TAIL:-$tail}
pc_loop ubi nand "sh $H --yes install fip /mnt/media/fip-bpi-r3mini-snand-v2.fip --medium nand" "$STRIDE"
pc_expect_safe "ubi (last $PC_DENSE_TAIL writes one by one)"
if [ -n "$ctl" ]; then
	# the loop restored the media: fip is the old FIP's volume again
	fid=$(for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" != fip ] || echo "${v##*_}"; done)
	PC_DENSE_TAIL=0
	pc_loop ubi-broken nand "sh /mnt/src/selftests/powercut/ubi-update /dev/ubi0_${fid:-none} /mnt/media/fip-bpi-r3mini-snand-v2.fip" 100
	pc_expect_brick "ubi, the active volume fip written in place (negative control)"
fi
pc_keep_logs
tap_done
