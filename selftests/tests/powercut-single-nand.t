#!/bin/sh
# board: bpi-r3-rawfip
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
# timeout: 1800
#
# Power-cut proof of switch single on SPI-NAND (engine/single.c,
# mtk_bm_mtd_write_keep() of media/mtd_io.c) on the BPI-R3's raw-FIP
# layout (the helper profile's nandraw medium: bl2 single on mtd:bl2, fip
# single on mtd:fip, both written in place). Every write point is a page
# program or a block erase (mtkbm_nandcut); at each cut point the loop
# (selftests/powercut/lib.sh) dumps the chip as the power-off left it and
# asks the boot model, then powers the chip on again and retries the
# install without a cut, which must complete and boot the new image.
#   bl2          BL2 -v2 over copy a (one block: erased, 50 pages); the
#                BootROM takes copy b while a has no valid header and
#                SHA-256 trailer: every cut boots old or new
#   bl2-restore  the same with the page program at 0x800 not taking
#                (nandcut flip_program): the read-back fails and the
#                engine erases the block and programs the old BL2 back;
#                every cut, restore included, boots old
#   fip          FIP -v2 over the only FIP (4 blocks; block 0 erased first
#                and programmed last). No fallback exists: every cut
#                before the end bricks, by construction, as the engine's
#                result says. Checked exactly: no FIP header ("will not
#                boot": BL2 stops) while block 0 is erased (all but its
#                own 64 programs), then a header over a partly programmed
#                block 0 (a FIP neither old nor new), the new image at T
#   fip-restore  the same with the program at 0x380800 (block 0, the last
#                block programmed) not taking: every block erased gets
#                its old content back, block 0 last; bricks up to T, the
#                old FIP at T
# STRIDE and FIP_STRIDE thin the cut points (x86_64 6.12: 4 and 16, the
# other targets 16 and 64); `make powercut` runs x86_64-6.12 with 1 and 1.
# shellcheck disable=SC1091,SC2034,SC2154
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=$PC_CFS
NC=$PC_NC
# make powercut (selftests/powercut/run-full): its stride for every loop
[ ! -r /mnt/share/stride ] || { . /mnt/share/stride; FIP_STRIDE=$STRIDE; }
case $(uname -m)-$(uname -r) in
x86_64-6.12*) STRIDE=${STRIDE:-4} FIP_STRIDE=${FIP_STRIDE:-16} ;;
*) STRIDE=${STRIDE:-16} FIP_STRIDE=${FIP_STRIDE:-64} ;;
esac

tap_plan 16
tap_ok "mtkbm_nandcut loads on the NAND chip" modprobe mtkbm_nandcut

# the nandraw medium of scripts/boards/bpi-r3.profile
R=$CFS/nand
mkdir -p "$R/bl2/a" "$R/fip/a"
echo mtd:bl2 > "$R/bl2/a/location"
echo mtd:fip > "$R/fip/a/location"
echo fip > "$R/fip/kind"
echo "mtd:$(profile_get nand.name)" > "$R/device"
echo 0 > "$R/force_ro_secs"
echo 1 > "$R/enable"
echo single > "$R/bl2/switch"
echo single > "$R/fip/switch"
tap_ok "medium bound, bl2 and fip switch single" sh -c \
	"grep -qx 1 $R/enable && grep -qx single $R/bl2/switch && grep -qx single $R/fip/switch"

# stage COMPONENT IMAGE: the install of pc_loop
stage() { printf '{ cat %s > %s/image && echo a > %s/stage; } || { cat %s/result; false; }' "$2" "$R/$1" "$R/$1" "$R/$1"; }
# stage_restored COMPONENT IMAGE OFFSET PART: the install with the program
# at OFFSET of PART (armed by PC_PREPARE) not taking: it must fail and say
# the old image was written back (the uncut run exits 0)
stage_restored() {
	printf '{ cat %s > %s/image && ! echo a > %s/stage 2> /dev/null && ' "$2" "$R/$1" "$R/$1"
	printf 'grep -q "error: -EIO stage a: read back differs from what was written at %s of %s; the old image was written back" %s/result; } ||' \
		"$3" "$4" "$R/$1"
	printf ' { cat %s/result; false; }' "$R/$1"
}

# retry N (PC_AFTER): after the cut point N < T the chip is powered on
# again ("reboot": the medium stays bound, as after a boot) and the install
# runs again without a cut (RETRY): it must complete, and the model must
# see the new image (NEW_SIG). Failures in RETRY_BAD, the reasons in
# $PC_DIR/NAME.retry
retry() {
	[ "$1" -lt "$PC_T" ] || return 0
	pc_nand_power_cycle || return 1
	RETRIED=$((RETRIED + 1))
	_rc=0
	sh -c "$RETRY" > "$PC_DIR/retry.out" 2>&1 || _rc=$?
	pc_nand_settle && pc_dump && pc_model "$PC_DIR/dump" || return 1
	[ "$_rc" = 0 ] && [ "$pc_rc" = 0 ] && [ "$pc_sig" = "${NEW_SIG:-$_pc_new}" ] && return 0
	RETRY_BAD="$RETRY_BAD${RETRY_BAD:+ }$1"
	echo "$1 exit $_rc, $pc_verdict: $(tail -n 1 "$PC_DIR/retry.out")" >> "$PC_DIR/$pc_name.retry"
}
# loop NAME PARTS INSTALL STRIDE RETRY-INSTALL: pc_loop with retries
loop() {
	PC_NAND_PARTS=$2 RETRY=$5 RETRIED=0 RETRY_BAD='' PC_AFTER=retry
	rm -f "$PC_DIR/$1.retry"
	pc_loop "$1" nand "$3" "$4"
	PC_AFTER='' PC_PREPARE='' PC_SAME=0
	echo off > "$NC/flip_program"
	[ -z "$RETRY_BAD" ] || pc_log "powercut $1: retry failed after N: $RETRY_BAD"
}
# ran: what keeps a check of the last loop from meaning anything (it did
# not run, or cut nothing), or nothing
ran() {
	if [ -n "$PC_ERR" ]; then
		printf 'the loop did not run: %s ' "$PC_ERR"
	elif [ "$PC_POINTS" -lt 2 ]; then
		printf 'the loop cut %s points ' "$PC_POINTS"
	fi
}
retried() { # NAME
	tap_is "$(ran)${RETRY_BAD:-none}" none "$1: after each of the $RETRIED cut points before T the retried install completes and boots the new image"
	[ -z "$RETRY_BAD" ] || tap_diag "$(head -n 3 "$PC_DIR/$1.retry")"
}

NEWBL2=/mnt/media/bl2-spim-nand-2k64-v2.img
NEWFIP=/mnt/media/fip-bpi-r3-snand-v2.fip
PC_MODEL_ARGS=

# --- bl2: copy a in place, copies b-d old ---
NEW_SIG=
loop bl2 bl2 "$(stage bl2 "$NEWBL2")" "$STRIDE" "$(stage bl2 "$NEWBL2")"
pc_expect_safe "bl2 (copy a in place, b-d the old BL2)"
tap_is "$PC_T" 51 "bl2: a full install is 1 erase + 50 programs"
retried bl2
NEW_BL2=$_pc_new

# --- bl2-restore: the page at 0x800 does not take; the old BL2 back ---
PC_PREPARE="echo 0x800 > $NC/flip_program" PC_SAME=1 NEW_SIG=$NEW_BL2
loop bl2-restore bl2 "$(stage_restored bl2 "$NEWBL2" 0x800 bl2)" "$STRIDE" \
	"echo off > $NC/flip_program; $(stage bl2 "$NEWBL2")"
pc_expect_safe "bl2-restore (a failed read-back, copy a put back)"
tap_is "$PC_T $PC_NEW" "102 0" "bl2-restore: 51 writes of the install, 51 of the restore; the old BL2 at every cut"
retried bl2-restore

# --- fip: the only FIP in place: bricks by construction, checked exactly ---
# regions NAME SPEC: the cut points of NAME's log whose kind is not the one
# SPEC gives their N ("LO-HI:KIND ...", later ranges win): nohdr (the model
# finds no FIP header: BL2 stops, 'Failed to load image id 3'), hdr (a
# brick with a FIP header: the header page of block 0 is programmed, the
# rest of the block not, or other blocks are not the header's), any (either
# of the two), old, new
regions() {
	awk -v spec="$2" '{
		k = $2
		if (k == "BRICK") k = $0 ~ /not a FIP: ToC name 0xffffffff/ ? "nohdr" : "hdr"
		want = "?"
		n = split(spec, r, " ")
		for (i = 1; i <= n; i++) {
			split(r[i], a, /[-:]/)
			if ($1 >= a[1] && $1 <= a[2]) want = a[3]
		}
		if (want != k && !(want == "any" && (k == "nohdr" || k == "hdr"))) printf "%s %s (want %s) ", $1, k, want
	}' "$PC_DIR/$1.log"
}
NEW_SIG=
loop fip fip "$(stage fip "$NEWFIP")" "$FIP_STRIDE" "$(stage fip "$NEWFIP")"
T0=$PC_T B0=$(($(profile_get nand.geometry | cut -d' ' -f3) / $(profile_get nand.geometry | cut -d' ' -f1)))
tap_is "$PC_T $PC_NEW $PC_NOFIRE" "229 1 0" "fip: T = 4 erases + 225 programs, the new FIP at T only"
# block 0 (B0 = 64 pages) is programmed by the last B0 writes: before them
# it is erased, no header; the cut after T-B0 tears its header page
tap_is "$(ran)$(regions fip "0-$((T0 - B0 - 1)):nohdr $((T0 - B0))-$((T0 - B0)):any $((T0 - B0 + 1))-$((T0 - 1)):hdr $T0-$T0:new")" "" \
	"fip: what the model says: no FIP header up to T-$((B0 + 1)), a header over a partly programmed block 0 from T-$((B0 - 1)), new at T"
NEW_FIP=$_pc_new
retried fip
tap_ok "fip: the result says a cut could have bricked the board" \
	grep -q "a power cut during this write could have bricked the board" "$R/fip/result"

# --- fip-restore: the program of block 0 (the last) does not take: every
# block gets its old content back; block 0 is erased again first, so no
# header stands over the blocks being put back ---
PC_PREPARE="echo 0x380800 > $NC/flip_program" PC_SAME=1 NEW_SIG=$NEW_FIP
loop fip-restore fip "$(stage_restored fip "$NEWFIP" 0x800 fip)" "$FIP_STRIDE" \
	"echo off > $NC/flip_program; $(stage fip "$NEWFIP")"
tap_is "$PC_T $PC_OLD $PC_NOFIRE" "$((2 * T0)) 1 0" "fip-restore: T = the install's $T0 writes + $T0 of the restore, the old FIP at T only"
tap_is "$(ran)$(regions fip-restore "0-$((T0 - B0 - 1)):nohdr $((T0 - B0))-$((T0 - B0)):any $((T0 - B0 + 1))-$((T0 - 1)):hdr $T0-$((PC_T - B0 - 1)):nohdr $((PC_T - B0))-$((PC_T - B0)):any $((PC_T - B0 + 1))-$((PC_T - 1)):hdr $PC_T-$PC_T:old")" "" \
	"fip-restore: no FIP header at any cut of the restore before block 0's old header page (T-$((B0 + 1))), the old FIP at T"
retried fip-restore
tap_ok "mtkbm_nandcut unloads" rmmod mtkbm_nandcut
pc_keep_logs
tap_done
