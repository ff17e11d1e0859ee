#!/bin/sh
# board: bpi-r3mini-dualfip
# targets: x86_64-6.12 x86_64-6.1
# timeout: 2400
# vm: fresh
#
# Power-cut proof of the bspconf engine on SPI-NAND/UBI (MediaTek dual FIP):
# `mtk-bootmedia install fip` writes the static volume fip2 with
# ubiupdatevol, the module checks it, `active b` composes the record, the
# helper writes it to the record volume not in use (bspconf2) with
# ubiupdatevol. Cut after every N-th NAND page program or block erase
# (STRIDE; the last PC_DENSE_TAIL writes, the record volume's update, its
# volume-table changes and UBI's erases after it, one by one), power-cycle, detach and attach
# UBI as a reboot would, ask the boot model (BL2's dual-FIP rules on UBI).
# Every point must boot the old FIP (slot 0) or the new one (slot 1).
# STRIDE / PC_DENSE_TAIL: 24 / 48 on x86_64 6.12, 64 / 8 on x86_64 6.1 (a
# sample; the bisection still cuts both sides of every region boundary it
# finds); `make powercut` runs x86_64-6.12 with stride 1. Not on
# arm64-6.12: the same 6.12 UBI, module and helper as x86_64-6.12, whose
# write order does not depend on the architecture, and UBI's attach is
# slow under TCG there (selftests/README.md, "The matrix").
# shellcheck disable=SC1091,SC2034,SC2016
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

[ -r /mnt/share/stride ] && . /mnt/share/stride
case $(uname -m)-$(uname -r) in
x86_64-6.12*) STRIDE=${STRIDE:-24} tail=48 ;;
*) STRIDE=${STRIDE:-64} tail=8 ;;
esac
H=/mnt/src/scripts/mtk-bootmedia
CFS=/sys/kernel/config/mtk-bootmedia

# the negative control (x86_64-6.12 only): the new FIP written in place
# into the volume the record names (fip; fip2 holds no FIP), the record
# unchanged: the loop must report bricks
ctl=
case $(uname -m)-$(uname -r) in x86_64-6.12*) ctl=1 ;; esac
# not under `make powercut` (PC_KEEP), which leaves out the controls
[ -z "${PC_KEEP:-}" ] || ctl=
tap_plan $((5 + ${ctl:-0}))
# UBI dumps the stack on the I/O errors of a cut and when it turns
# read-only: a stack with a frame in the ubi module is expected here
# (selftests/vm/init, powercut-ubi.t)
echo '[[]ubi[]]' > /tmp/mtkbm-allow-traces
tap_ok "helper setup (profile bpi-r3mini-dualfip)" sh "$H" --board bpi-r3mini-dualfip setup
tap_is "$(cat "$CFS/nand/fip/active")" a "bound; the record names slot a (fip)"
PC_NAND_PARTS="bl2 ubi" PC_MODEL_ARGS='' PC_DENSE_TAIL=${PC_DENSE_TAIL:-$tail}
pc_loop bspconf-ubi nand "sh $H --yes --board bpi-r3mini-dualfip install fip /mnt/media/fip-bpi-r3mini-snand-dual-v2.fip --medium nand" "$STRIDE"
pc_expect_safe "bspconf-ubi (last $PC_DENSE_TAIL writes one by one)"
# one switch: the cut points boot old up to the record write, new after it
# (never old again after a new one), and the new FIP needs the record: the
# first half of the install (the FIP write) never boots it
tap_ok "old until the record is written, new after it (one switch point)" \
	awk '$2 == "new" { n = 1 } $2 == "old" && n { bad = 1 } END { exit bad || !n }' "$PC_DIR/bspconf-ubi.log"
tap_ok "the FIP write alone never boots the new FIP" \
	awk -v t="$PC_T" '$2 == "new" && $1 < t / 2 { bad = 1 } END { exit bad }' "$PC_DIR/bspconf-ubi.log"
if [ -n "$ctl" ]; then
	# the loop restored the media: the record names fip (slot a) again
	fid=$(for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" != fip ] || echo "${v##*_}"; done)
	PC_DENSE_TAIL=0
	pc_loop bspconf-ubi-broken nand "sh /mnt/src/selftests/powercut/ubi-update /dev/ubi0_${fid:-none} /mnt/media/fip-bpi-r3mini-snand-dual-v2.fip" 100
	pc_expect_brick "bspconf-ubi, the slot the record names written in place (negative control)"
fi
pc_keep_logs
tap_done
