# shellcheck shell=sh
# selftests/powercut/lib.sh: power-cut loops (guest side; busybox ash, dash)
#
# pc_loop NAME MEDIUM 'INSTALL COMMANDS' [STRIDE]
#
# MEDIUM is emmc or nand. The loop
#   1. snapshots the boot areas (eMMC: boot0, boot1, EXT_CSD and the user
#      ranges of PC_EMMC_USER, read from mmcsim's debugfs; NAND: the
#      partitions of PC_NAND_PARTS, kept by mtkbm_nandcut's snapshot) and
#      runs the boot model on them: the OLD image;
#   2. runs the install once without a cut, counting the writes T (eMMC:
#      sectors programmed, mmcsim `counters`; NAND: page programs + block
#      erases, mtkbm_nandcut `counters`), power-cycles and runs the model:
#      it must boot, and boot something else than OLD: the NEW image;
#   3. for N = 0, STRIDE, 2*STRIDE, ... up to T - PC_DENSE_TAIL, then
#      every N up to T (with no tail: T itself), and, between two sampled
#      points whose state differs (the outcome; booting, which BL2 and FIP
#      the model says run and from where: a region boundary of the write
#      stream lies between them), the points a bisection cuts until both
#      sides of every boundary are cut (stride 1 at the boundaries; about
#      log2(STRIDE) points each, counted in PC_REFINED): restores the
#      snapshot, arms
#      the cut after N writes, runs the install (it is expected to fail
#      after the cut), checks that the cut fired (the cut layer's `dead`):
#      for N < T it must have, for N = T it must not and the install must
#      succeed; a point where that does not hold is a NOFIRE (an install
#      that stopped early for another reason, or wrote less than T).
#      Then it dumps the media as the power-off left them (NAND: UBI is
#      detached, which writes nothing to a dead chip, and never attached
#      before the dump: no repair by Linux; eMMC: straight from mmcsim's
#      store) and runs the model. A cut point boots OLD or NEW when the
#      model exits 0 and the SHA-256 of the BL2 and FIP it says run
#      (`bl2.sha256:`, `fip.sha256:`) are OLD's or NEW's; anything else is
#      a BRICK (the model's verdict is kept).
#
# Results: PC_T (writes of a full install), PC_POINTS, PC_OLD, PC_NEW,
# PC_BRICK, PC_BRICKS (the bricking N, space separated), PC_NOFIRE,
# PC_NOFIRES (the N where the cut did not fire as armed), PC_ERR (set when
# the loop could not run: calibration failed); one diagnostic line
# "# powercut NAME: T cut points, X old, Y new, Z brick, W nofire"; per
# point "N old|new|BRICK|NOFIRE verdict" in $PC_DIR/NAME.log, in the order
# of N. The last install pc_loop runs is the uncut one (N = T). pc_loop
# returns 1 only when PC_ERR is set. pc_expect_safe / pc_expect_brick
# print the TAP check; both fail on a NOFIRE.
#
# Settings (environment, read by pc_loop):
#   PC_MODEL_ARGS  extra bootmodel arguments, e.g. "--medium emmc" or
#                  "--profile FILE" (default: the board's profile)
#   PC_EMMC_USER   "BYTE-OFFSET:LENGTH ..." user-area ranges the install
#                  may write (default: the primary and backup GPT). The
#                  eMMC restore and dump follow mmcsim's `touched` list:
#                  only the sectors the card changed are put back from
#                  the snapshot and dumped again; a change of the card
#                  outside the snapshot stops the loop (restore failed);
#                  PC_VERIFY=1 checks every restore and dump against a
#                  full read of the snapshotted ranges (slow)
#   PC_NAND_PARTS  MTD partition names the install may write (default bl2);
#                  a partition that holds UBI (profile ubi.mtd) is
#                  detached before a restore and attached after it
#   PC_PREPARE     command run after every restore and power cycle, before
#                  the cut is armed (e.g. set up configfs again)
#   PC_FULL_DUMP   1: dump the whole board with selftests/bootmodel/dump at
#                  every point (slow: a minute per NAND dump under TCG;
#                  after a power cycle, UBI not attached again).
#                  Default: pc_dump_base dumps the medium under test once
#                  (same format and content; NAND from mtkbm_nandcut's raw
#                  file), then every point re-reads only the snapshotted
#                  ranges into it: the only ones the install may change
#                  (restore puts back exactly these)
#   PC_DENSE_TAIL  the last PC_DENSE_TAIL writes are cut one by one whatever
#                  the stride (the commit of a gpt switch comes last)
#   PC_STEPS       at most this many strides from 0 to T: the stride grows
#                  to T / PC_STEPS (rounded up) when STRIDE is smaller; the
#                  region boundaries are still cut on both sides (a sparser
#                  sample for a slow kernel: powercut-raw.t on the debug one)
#   PC_DIR         work directory (default /tmp/powercut)
#   PC_SAME        1: the uncut install leaves the image it found (a loop
#                  through a failed write and its restore): NEW = OLD
#   PC_AFTER       a function called with N after every cut point (after
#                  its model), e.g. to retry the install after the reboot;
#                  the next point restores the snapshot. Non-zero: PC_ERR
#
# The NAND cut layer is selftests/vm/testmod/nandcut_*.c (mtkbm_nandcut.ko): pc_loop loads
# it (modprobe mtkbm_nandcut) when MEDIUM is nand.

PC_NC=/sys/kernel/debug/mtkbm_nandcut
PC_MMC=/sys/kernel/debug/mmcsim
PC_DIR=${PC_DIR:-/tmp/powercut}
PC_SRC=${PC_SRC:-/mnt/src}

pc_log() {
	echo "# $*"
}

# pc_mtd_num NAME: number of the MTD partition called NAME
pc_mtd_num() {
	for d in /sys/class/mtd/mtd[0-9]*; do
		case $d in *ro) continue ;; esac
		if [ "$(cat "$d/name")" = "$1" ]; then
			echo "${d##*/mtd}"
			return 0
		fi
	done
	return 1
}

# pc_count FILE KEY: _pc_cv = the value of KEY (a "KEY VALUE" line), read
# by the shell: a fork costs about as much as a cut point's write under the
# debug kernel, and the loops read counters at every point
pc_count() {
	_pc_cv=''
	while read -r _pc_ck _pc_cx _ || [ -n "$_pc_ck" ]; do
		[ "$_pc_ck" != "$2" ] || { _pc_cv=$_pc_cx; return 0; }
	done < "$1"
}
pc_counter() { # FILE KEY
	pc_count "$1" "$2"
	[ -z "$_pc_cv" ] || echo "$_pc_cv"
}

# --- eMMC (mmcsim): selftests/powercut/emmc.sh ---

# shellcheck source=emmc.sh
. "$PC_SRC/selftests/powercut/emmc.sh"

# --- NAND (mtkbm_nandcut): selftests/powercut/nand.sh ---

# shellcheck source=nand.sh
. "$PC_SRC/selftests/powercut/nand.sh"

# pc_emmc_settle: after an install, before its dump (pc_nand_settle: nand.sh)
pc_emmc_settle() { :; }

# pc_fired: _pc_fired = 1 when the armed cut fired (the chip or card is dead)
pc_fired() {
	if [ "$pc_medium" = emmc ]; then
		pc_count "$PC_MMC/state" dead
	else
		pc_count "$PC_NC/state" dead
	fi
	_pc_fired=$_pc_cv
}

# pc_dump_base DIR: a boot-model dump (scripts/bootmodel/README.md) of the
# medium under test: the same content as selftests/bootmodel/dump, but the
# NAND comes from mtkbm_nandcut's raw file in one pass (nanddump of a
# 128 MiB chip takes a minute under TCG)
pc_dump_base() {
	mkdir -p "$1"
	echo "$MTKBM_BOARD" > "$1/board"
	cp "$PC_SRC/selftests/boards/$MTKBM_BOARD.board" "$1/profile.board"
	if [ "$pc_medium" = nand ]; then
		n=$(pc_mtd_num "${PC_NAND_PARTS%% *}") || return 1
		s=/sys/class/mtd/mtd$n
		page=$(cat "$s/writesize") oob=$(cat "$s/oobsize") block=$(cat "$s/erasesize")
		dd if="$PC_NC/raw" of="$1/nand.bin" bs=$(((page + oob) * 64)) 2> /dev/null || return 1
		echo "$page $oob $block $(($(stat -c %s "$1/nand.bin") * page / (page + oob)))" \
			> "$1/nand.geometry"
		return 0
	fi
	dd if="$PC_MMC/ext_csd" of="$1/emmc-ext_csd.bin" bs=512 count=1 2> /dev/null || return 1
	for a in boot0 boot1; do
		dd if="$PC_MMC/$a" of="$1/emmc-$a.bin" bs=65536 2> /dev/null || return 1
	done
	size=$(stat -c %s "$PC_MMC/user")
	dd if=/dev/null of="$1/emmc-user.bin" bs=1048576 seek=$((size / 1048576)) count=0 2> /dev/null
	grep '^user ' "$PC_MMC/map" | while read -r _ off len; do
		dd if="$PC_MMC/user" of="$1/emmc-user.bin" bs=512 skip=$((off / 512)) \
			seek=$((off / 512)) count=$((len / 512)) conv=notrunc 2> /dev/null || exit 1
	done
}

# --- the loop ---

# pc_model DUMPDIR: run the model, set pc_rc, pc_sig (the SHA-256 lines),
# pc_verdict, _pc_runs (the bl2: and fip: lines: what runs from where)
pc_model() {
	pc_rc=0
	# shellcheck disable=SC2086
	bootmodel $PC_MODEL_ARGS "$1" > "$PC_DIR/model.out" 2>&1 || pc_rc=$?
	pc_sig='' pc_verdict='' _pc_runs='' _pc_l1=''
	while IFS= read -r _pc_l || [ -n "$_pc_l" ]; do
		[ -n "$_pc_l1" ] || _pc_l1="=$_pc_l"
		case $_pc_l in
		bl2.sha256:* | fip.sha256:*) pc_sig="$pc_sig$_pc_l " ;;
		bl2:* | fip:*) _pc_runs="$_pc_runs$_pc_l " ;;
		verdict:*) [ -n "$pc_verdict" ] || pc_verdict=$_pc_l ;;
		esac
	done < "$PC_DIR/model.out"
	[ -n "$pc_verdict" ] || pc_verdict="model exit $pc_rc: ${_pc_l1#=}"
}

pc_dump() {
	if [ "${PC_FULL_DUMP:-0}" = 1 ]; then
		# power back on for the dump's readers, nothing attached: UBI
		# stays detached (its attach may write: what BL2 reads at
		# power-on is the state before it); the next restore attaches
		if [ "$pc_medium" = nand ]; then
			echo 1 > "$PC_NC/power_cycle" || return 1
		else
			pc_power_cycle || return 1
		fi
		rm -rf "$PC_DIR/dump"
		sh "$PC_SRC/selftests/bootmodel/dump" "$PC_DIR/dump" > "$PC_DIR/dump.err" 2>&1
	elif [ ! -d "$PC_DIR/dump" ]; then
		pc_dump_base "$PC_DIR/dump" > "$PC_DIR/dump.err" 2>&1
	else
		"pc_${pc_medium}_redump" "$PC_DIR/dump" > "$PC_DIR/dump.err" 2>&1
	fi
}

pc_power_cycle() {
	"pc_${pc_medium}_power_cycle"
}

pc_arm() {
	if [ "$pc_medium" = emmc ]; then
		echo "$1" > "$PC_MMC/cut_after"
	else
		echo "$1" > "$PC_NC/cut_after"
	fi
}

pc_reset_counters() {
	if [ "$pc_medium" = emmc ]; then
		echo 0 > "$PC_MMC/counters"
	else
		echo 0 > "$PC_NC/counters"
	fi
}

# pc_writes: _pc_w = the writes counted since the last reset
pc_writes() {
	if [ "$pc_medium" = emmc ]; then
		pc_count "$PC_MMC/counters" sectors_written
		_pc_w=$_pc_cv
	else
		pc_count "$PC_NC/counters" pages_programmed
		_pc_w=$_pc_cv
		pc_count "$PC_NC/counters" blocks_erased
		_pc_w=$((_pc_w + _pc_cv))
	fi
}

pc_prepare() {
	[ -z "${PC_PREPARE:-}" ] || sh -c "$PC_PREPARE" > "$PC_DIR/prepare.out" 2>&1
}

# put the snapshot back after a failed calibration (the next loop starts clean)
pc_undo() {
	"pc_${pc_medium}_restore" > /dev/null 2>&1 || true
}

pc_fail() {
	PC_ERR="$*"
	pc_log "powercut $pc_name: cannot run: $PC_ERR"
	return 1
}

# pc_point N: one cut point of pc_loop: restore, arm the cut after N writes,
# install, dump, model; logs "N RESULT VERDICT", counts it, sets
# _pc_state (what distinguishes it from its neighbours). 1: the loop
# cannot go on (PC_ERR set)
pc_point() {
	_pc_p=$1
	"pc_${pc_medium}_restore" || { pc_fail "restore failed at N=$_pc_p"; return 1; }
	pc_prepare || { pc_fail "PC_PREPARE failed at N=$_pc_p"; return 1; }
	pc_reset_counters
	pc_arm "$_pc_p" || { pc_fail "cannot arm the cut"; return 1; }
	_pc_irc=0
	sh -c "$pc_cmds" > "$PC_DIR/install.out" 2>&1 || _pc_irc=$?
	pc_fired
	pc_writes
	pc_arm -1 2> /dev/null || true
	"pc_${pc_medium}_settle" || { pc_fail "UBI detach failed at N=$_pc_p"; return 1; }
	pc_dump || { pc_fail "dump failed at N=$_pc_p"; return 1; }
	pc_model "$PC_DIR/dump"
	# the cut fired where it was armed, or (N = T) the install ran
	# through without one
	_pc_nf=
	if [ "$_pc_p" -lt "$PC_T" ] && [ "$_pc_fired" != 1 ]; then
		_pc_nf="the cut after $_pc_p writes did not fire ($_pc_w writes, install exit $_pc_irc: $(tail -n 1 "$PC_DIR/install.out"))"
	elif [ "$_pc_p" -ge "$PC_T" ] && { [ "$_pc_fired" = 1 ] || [ "$_pc_irc" != 0 ]; }; then
		_pc_nf="the uncut install (N = T = $_pc_p) failed: fired $_pc_fired, exit $_pc_irc: $(tail -n 1 "$PC_DIR/install.out")"
	fi
	if [ -n "$_pc_nf" ]; then
		_pc_r=NOFIRE PC_NOFIRE=$((PC_NOFIRE + 1)) PC_NOFIRES="$PC_NOFIRES${PC_NOFIRES:+ }$_pc_p"
		pc_verdict=$_pc_nf
	elif [ "$pc_rc" -eq 0 ] && [ "$pc_sig" = "$_pc_old" ]; then
		_pc_r=old PC_OLD=$((PC_OLD + 1))
	elif [ "$pc_rc" -eq 0 ] && [ "$pc_sig" = "$_pc_new" ]; then
		_pc_r=new PC_NEW=$((PC_NEW + 1))
	else
		_pc_r=BRICK PC_BRICK=$((PC_BRICK + 1)) PC_BRICKS="$PC_BRICKS${PC_BRICKS:+ }$_pc_p"
		[ "$pc_rc" -ne 0 ] || pc_verdict="boots neither the old nor the new image: $pc_sig"
	fi
	echo "$_pc_p $_pc_r $pc_verdict" >> "$_pc_log"
	PC_POINTS=$((PC_POINTS + 1))
	# the state: the outcome and, booting, what runs from where. A
	# brick is one state whatever its reason (which changes with every
	# write: a brick region is not cut at stride 1 inside)
	_pc_state=$_pc_r
	case $_pc_r in
	old | new) _pc_state="$_pc_r|$_pc_runs" ;;
	esac
	printf '%s\t%s\n' "$_pc_p" "$_pc_state" >> "$_pc_states"
	_pc_last=$_pc_p
	[ -z "${PC_AFTER:-}" ] || "$PC_AFTER" "$_pc_p" || { pc_fail "$PC_AFTER failed at N=$_pc_p"; return 1; }
	return 0
}

# pc_state_of N: _pc_so = the state pc_point recorded for the cut point N
pc_state_of() {
	_pc_so=''
	while IFS='	' read -r _pc_sn _pc_ss; do
		[ "$_pc_sn" != "$1" ] || { _pc_so=$_pc_ss; return 0; }
	done < "$_pc_states"
}

# pc_refine LO HI: the cut points LO and HI (LO < HI) differ in state:
# bisect until every boundary between them has both its sides cut (two
# neighbours N, N+1 of different state): about log2(HI - LO) points per
# boundary. A state that comes and goes between two points of one state
# is not looked for (the sample's limit; stride 1 has none)
pc_refine() {
	_pc_work="$1:$2"
	while [ -n "$_pc_work" ]; do
		_pc_iv=${_pc_work%% *}
		case $_pc_work in *' '*) _pc_work=${_pc_work#* } ;; *) _pc_work='' ;; esac
		_pc_lo=${_pc_iv%:*} _pc_hi=${_pc_iv#*:}
		[ $((_pc_hi - _pc_lo)) -gt 1 ] || continue
		_pc_m=$(((_pc_lo + _pc_hi) / 2))
		pc_point "$_pc_m" || return 1
		PC_REFINED=$((PC_REFINED + 1))
		pc_state_of "$_pc_lo"
		[ "$_pc_state" = "$_pc_so" ] || _pc_work="$_pc_work${_pc_work:+ }$_pc_lo:$_pc_m"
		pc_state_of "$_pc_hi"
		[ "$_pc_state" = "$_pc_so" ] || _pc_work="$_pc_work${_pc_work:+ }$_pc_m:$_pc_hi"
	done
	return 0
}

# pc_sort_n N...: the numbers in increasing order, one line
pc_sort_n() {
	[ $# = 0 ] || printf '%s\n' "$@" | sort -n | tr '\n' ' ' | sed 's/ $//'
}

pc_loop() {
	pc_name=$1 pc_medium=$2 pc_cmds=$3 pc_stride=${4:-1}
	PC_T=0 PC_POINTS=0 PC_OLD=0 PC_NEW=0 PC_BRICK=0 PC_BRICKS='' PC_ERR=''
	PC_NOFIRE=0 PC_NOFIRES=''
	case $pc_medium in
	emmc) PC_EMMC_USER=${PC_EMMC_USER:-$(pc_emmc_user_default)} ;;
	nand) PC_NAND_PARTS=${PC_NAND_PARTS:-bl2} ;;
	*) pc_fail "medium $pc_medium: emmc or nand"; return 1 ;;
	esac
	command -v bootmodel > /dev/null || { pc_fail "no bootmodel on PATH"; return 1; }
	mkdir -p "$PC_DIR"
	_pc_log=$PC_DIR/$pc_name.log _pc_states=$PC_DIR/$pc_name.states
	: > "$_pc_log"
	_pc_t0=$(date +%s)

	"pc_${pc_medium}_save" || { pc_fail "snapshot failed"; return 1; }
	pc_prepare || { pc_fail "PC_PREPARE failed: $(cat "$PC_DIR/prepare.out")"; return 1; }
	rm -rf "$PC_DIR/dump"
	_pc_rd=
	pc_dump || { pc_fail "dump failed: $(cat "$PC_DIR/dump.err")"; return 1; }
	pc_model "$PC_DIR/dump"
	[ "$pc_rc" -eq 0 ] || { pc_fail "the old image does not boot: $pc_verdict"; return 1; }
	_pc_old=$pc_sig

	# calibration: the whole install, no cut
	pc_reset_counters
	sh -c "$pc_cmds" > "$PC_DIR/install.out" 2>&1 ||
		{ pc_undo; pc_fail "install without a cut failed: $(tail -n 3 "$PC_DIR/install.out")"; return 1; }
	pc_writes
	PC_T=$_pc_w
	"pc_${pc_medium}_settle" || { pc_undo; pc_fail "UBI detach failed"; return 1; }
	pc_dump || { pc_undo; pc_fail "dump failed"; return 1; }
	pc_model "$PC_DIR/dump"
	[ "$pc_rc" -eq 0 ] || { pc_undo; pc_fail "the new image does not boot: $pc_verdict"; return 1; }
	_pc_new=$pc_sig
	[ "$_pc_new" != "$_pc_old" ] || [ "${PC_SAME:-0}" = 1 ] || { pc_undo; pc_fail "the model sees the same BL2/FIP before and after the install"; return 1; }
	[ "$PC_T" -gt 0 ] || { pc_undo; pc_fail "the install wrote nothing"; return 1; }

	if [ "${PC_STEPS:-0}" -gt 0 ] && [ "$pc_stride" -lt $(((PC_T + PC_STEPS - 1) / PC_STEPS)) ]; then
		pc_stride=$(((PC_T + PC_STEPS - 1) / PC_STEPS))
	fi
	_pc_n=0 _pc_pn='' _pc_ps='' PC_REFINED=0 _pc_last=''
	: > "$_pc_states"
	while [ "$_pc_n" -le "$PC_T" ]; do
		pc_point "$_pc_n" || return 1
		# a sample whose state differs from the previous sample's: a
		# region boundary lies between them; find it
		_pc_ns=$_pc_state
		if [ -n "$_pc_pn" ] && [ "$_pc_ps" != "$_pc_ns" ]; then
			pc_refine "$_pc_pn" "$_pc_n" || return 1
		fi
		_pc_pn=$_pc_n _pc_ps=$_pc_ns
		# strided up to the dense tail (never past its first point),
		# then one by one up to T (the tail 0: T itself)
		_pc_ts=$((PC_T - ${PC_DENSE_TAIL:-0}))
		[ "$_pc_ts" -ge 0 ] || _pc_ts=0
		if [ "$_pc_n" -ge "$_pc_ts" ]; then
			_pc_n=$((_pc_n + 1))
		else
			_pc_n=$((_pc_n + pc_stride))
			[ "$_pc_n" -le "$_pc_ts" ] || _pc_n=$_pc_ts
		fi
	done
	# the install of the last point ran whole (what a test may read
	# after the loop, e.g. the component's result, is the uncut one's)
	if [ "$_pc_last" != "$PC_T" ] && "pc_${pc_medium}_restore" > /dev/null 2>&1 && pc_prepare; then
		sh -c "$pc_cmds" > "$PC_DIR/install.out" 2>&1 || pc_log "powercut $pc_name: the last uncut install failed"
	fi
	# leave the media as they were
	"pc_${pc_medium}_restore" > /dev/null 2>&1 || true
	# the log and the lists in the order of N (the refined points were
	# cut after the sample that closed their interval)
	sort -n -k 1,1 "$_pc_log" > "$_pc_log.sorted" && mv "$_pc_log.sorted" "$_pc_log"
	# shellcheck disable=SC2086
	PC_BRICKS=$(pc_sort_n $PC_BRICKS) PC_NOFIRES=$(pc_sort_n $PC_NOFIRES)
	PC_SECONDS=$(($(date +%s) - _pc_t0))
	pc_log "powercut $pc_name: $PC_POINTS cut points, $PC_OLD old, $PC_NEW new, $PC_BRICK brick," \
		"$PC_NOFIRE nofire (T=$PC_T writes, stride $pc_stride, $PC_REFINED at region boundaries, ${PC_SECONDS}s)"
	[ -z "$PC_BRICKS" ] || pc_log "powercut $pc_name: bricking N: $PC_BRICKS"
	if [ "$PC_BRICK" -gt 0 ]; then
		grep ' BRICK ' "$_pc_log" | head -n 3 | while read -r l; do pc_log "  $l"; done
	fi
	[ -z "$PC_NOFIRES" ] || pc_log "powercut $pc_name: cut not as armed at N: $PC_NOFIRES"
	if [ "$PC_NOFIRE" -gt 0 ]; then
		grep ' NOFIRE ' "$_pc_log" | head -n 3 | while read -r l; do pc_log "  $l"; done
	fi
	return 0
}

# --- set-up shared by the test files (selftests/tests/powercut-*.t) ---

PC_CFS=/sys/kernel/config/mtk-bootmedia
# a restore power-cycles the card, which unbinds the medium: bind again
PC_EMMC_BIND="grep -qx 1 $PC_CFS/emmc/enable || echo 1 > $PC_CFS/emmc/enable"

# pc_stage_cmds MEDIUM COMPONENT IMAGE STAGE-ARG [ACTIVE-SLOT]: the install
# commands of pc_loop for a configfs stage (and active): the component's
# result printed when one fails
pc_stage_cmds() {
	_pc_c=$PC_CFS/$1/$2
	printf '{ cat %s > %s/image && echo %s > %s/stage' "$3" "$_pc_c" "$4" "$_pc_c"
	[ -z "${5:-}" ] || printf ' && echo %s > %s/active' "$5" "$_pc_c"
	printf '; } || { cat %s/result; false; }' "$_pc_c"
}

# pc_emmc_parts NAME...: PC_EMMC_USER = both GPTs and the partitions NAME...
# of the card (the ranges the install may write)
pc_emmc_parts() {
	PC_EMMC_USER=$(pc_emmc_user_default)
	for _pc_nm in "$@"; do
		_pc_pp=$(grep -l "^PARTNAME=$_pc_nm\$" /sys/class/block/"$PC_MMCBLK"p*/uevent 2> /dev/null | head -n 1)
		[ -n "$_pc_pp" ] || { pc_log "no partition $_pc_nm on $PC_MMCBLK"; continue; }
		_pc_pp=${_pc_pp%/uevent}
		PC_EMMC_USER="$PC_EMMC_USER $(($(cat "$_pc_pp/start") * 512)):$(($(cat "$_pc_pp/size") * 512))"
	done
}

# pc_emmc_fip SWITCH: the eMMC FIP slots a (gpt:fip) and b (gpt:fip2) under
# SWITCH (gpt or bspconf; bspconf adds its record slot gpt:bspconf), the
# card as the device; not bound yet (pc_emmc_bind)
pc_emmc_fip() {
	mkdir -p "$PC_CFS/emmc/fip/a" "$PC_CFS/emmc/fip/b"
	echo gpt:fip > "$PC_CFS/emmc/fip/a/location"
	echo gpt:fip2 > "$PC_CFS/emmc/fip/b/location"
	if [ "$1" = bspconf ]; then
		mkdir -p "$PC_CFS/emmc/bspconf/a"
		echo gpt:bspconf > "$PC_CFS/emmc/bspconf/a/location"
	fi
	echo "mmc:$PC_MMCBLK" > "$PC_CFS/emmc/device"
	echo "$1" > "$PC_CFS/emmc/fip/switch"
}

# pc_emmc_bl2: the eMMC BL2 slots a (boot0) and b (boot1) under extcsd
pc_emmc_bl2() {
	mkdir -p "$PC_CFS/emmc/bl2/a" "$PC_CFS/emmc/bl2/b"
	echo emmc:boot0 > "$PC_CFS/emmc/bl2/a/location"
	echo emmc:boot1 > "$PC_CFS/emmc/bl2/b/location"
	echo "mmc:$PC_MMCBLK" > "$PC_CFS/emmc/device"
	echo extcsd > "$PC_CFS/emmc/bl2/switch"
}

# pc_emmc_bind: bind the eMMC medium, and again after every restore
# (PC_PREPARE)
pc_emmc_bind() {
	PC_PREPARE=$PC_EMMC_BIND
	sh -c "$PC_PREPARE"
}

# pc_nand_bl2: the four SPI-NAND BL2 copies c0..c3 (mtd:bl2, 256 KiB
# apart) under rom-copies, the board's chip as the device, bound
pc_nand_bl2() {
	mkdir -p "$PC_CFS/nand/bl2"
	for _pc_i in 0 1 2 3; do
		mkdir -p "$PC_CFS/nand/bl2/c$_pc_i"
		echo "mtd:bl2@$((_pc_i * 0x40000))+0x40000" > "$PC_CFS/nand/bl2/c$_pc_i/location"
	done
	echo "mtd:$(profile_get nand.name)" > "$PC_CFS/nand/device"
	echo 0 > "$PC_CFS/nand/force_ro_secs"
	echo 1 > "$PC_CFS/nand/enable"
	echo rom-copies > "$PC_CFS/nand/bl2/switch"
}

# _pc_profile_with KEY-VALUE...: --profile, the board's with these lines
_pc_profile_with() {
	mkdir -p "$PC_DIR"
	_pc_prof=$PC_DIR/with.board
	cp "$PC_SRC/selftests/boards/$MTKBM_BOARD.board" "$_pc_prof"
	for _pc_o in "$@"; do
		awk -v k="${_pc_o%% *}" '$1 != k' "$_pc_prof" > "$_pc_prof.new"
		echo "$_pc_o" >> "$_pc_prof.new"
		mv "$_pc_prof.new" "$_pc_prof"
	done
	# shellcheck disable=SC2034 # read by pc_loop
	PC_MODEL_ARGS="${PC_MODEL_ARGS:+$PC_MODEL_ARGS }--profile $_pc_prof"
}

# pc_reading OPTION...: add to PC_MODEL_ARGS the lenient reading OPTION...
# of the boot model (profile keys, scripts/bootmodel/README.md: a copy of
# the board's profile with them as --profile); PC_READING says which
# reading the loop ran under. Under PC_STRICT=1 (`make powercut`) they are
# not applied: the model takes its strict reading, and a brick there is a
# failure
pc_reading() {
	if [ "${PC_STRICT:-0}" = 1 ]; then
		PC_READING="strict reading, not: $*"
		return 0
	fi
	_pc_profile_with "$@"
	# shellcheck disable=SC2034 # read by the test files
	PC_READING="profile + $*"
}

# pc_board_states KEY-VALUE...: the loop proves a board whose profile
# states KEY-VALUE... (e.g. "boot.emmc-boot1 honoured", which no real
# board's does): a fact of that board, not a reading of the model, so the
# model gets it under PC_STRICT=1 too; the eMMC medium states it as well
# (boot1_honoured, as the helper's setup writes it from the key)
pc_board_states() {
	_pc_profile_with "$@"
	for _pc_o in "$@"; do
		[ "$_pc_o" != "boot.emmc-boot1 honoured" ] || echo 1 > "$PC_CFS/emmc/boot1_honoured"
	done
	# shellcheck disable=SC2034 # read by the test files
	PC_READING="a board that states: $*"
}

# pc_keep_logs: `make powercut` (PC_KEEP): keep the per-point logs
pc_keep_logs() {
	[ -z "${PC_KEEP:-}" ] || cp "$PC_DIR"/*.log "$PC_KEEP"/ 2> /dev/null || true
}

# pc_expect_safe NAME: TAP check that every cut point boots old or new
pc_expect_safe() {
	if [ -n "$PC_ERR" ]; then
		tap_result 1 "$1: power-cut loop ran ($PC_ERR)"
		return
	fi
	tap_is "$PC_BRICK $PC_NOFIRE" "0 0" "$1: every one of $PC_POINTS cut points (T=$PC_T) fired as armed and boots old or new"
}

# pc_expect_brick NAME: TAP check that the loop finds bricking cut points
pc_expect_brick() {
	if [ -n "$PC_ERR" ]; then
		tap_result 1 "$1: power-cut loop ran ($PC_ERR)"
		return
	fi
	tap_ok "$1: bricks found at $PC_BRICK of $PC_POINTS cut points (T=$PC_T), every cut as armed" \
		test "$PC_BRICK" -gt 0 -a "$PC_NOFIRE" = 0
}
