#!/bin/sh
# Host-side tests of selftests/vm/run itself: exit statuses, kernel error
# detection (a deliberately faulting test module), time-outs, argument
# passing, the share directory, and the acceptance commands of the test bed.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/selftests/lib/tap.sh"
run=$root/selftests/vm/run

tap_plan 22

# shellcheck disable=SC2317 # vm and st are called through tap_ok
# vm ARGS...: run a VM quietly, print its stdout, return its exit status
vm() {
	"$run" --no-build "$@" 2> "$TMPDIR_RUN/err"
}
TMPDIR_RUN=$(mktemp -d)
trap 'rm -rf "$TMPDIR_RUN"' EXIT

# shellcheck disable=SC2317
st() { # expected-status ARGS...: pass if the runner exits with that status
	want=$1
	shift
	vm "$@" > /dev/null
	got=$?
	[ "$got" = "$want" ] || { echo "exit $got, want $want"; cat "$TMPDIR_RUN/err"; return 1; }
}

tap_ok "COMMAND's exit status is passed through (7)" st 7 --no-media -- 'exit 7'
tap_ok "an oops in a module's init exits 125" st 125 --no-media -- modprobe mtkbm_fault mode=oops
tap_ok "a WARN() exits 125 although the command succeeded" st 125 --no-media -- modprobe mtkbm_fault mode=warn
tap_ok "a kernel panic exits 125" st 125 --no-media -- 'echo c > /proc/sysrq-trigger'
tap_ok "a hang exits 124 after --timeout" st 124 --no-media --timeout 25 -- sleep 300
tap_ok "an unknown board profile is refused (exit 1)" st 1 --board no-such-board -- true

out=$(vm --no-media -- sh -c 'printf "[%s]" "$@"' x 'a  b' "c'd")
tap_is "$out" "[a  b][c'd]" "several arguments reach the guest as an argument vector"

tap_is "$(vm --no-media --smp 2 -- cat /sys/devices/system/cpu/online | tr -d '\r')" 0-1 \
	"--smp 2: the guest has two vCPUs online (# smp: 2 of a test file)"
tap_ok "--smp outside 1..4 is refused (exit 1)" st 1 --smp 5 -- true

out=$(vm -- cat /proc/mtd)
# shellcheck disable=SC2016 # $1 expands in the inner shell
tap_ok "cat /proc/mtd on the default board lists bl2 and ubi" \
	sh -c 'printf "%s\n" "$1" | grep -q "\"bl2\"" && printf "%s\n" "$1" | grep -q "\"ubi\""' x "$out"

share=$TMPDIR_RUN/share
mkdir -p "$share"
echo host > "$share/in"
vm --no-media --share "$share" -- 'cat /mnt/share/in > /mnt/share/out; echo guest >> /mnt/share/out' > /dev/null
tap_is "$(tr '\n' ' ' < "$share/out" 2>/dev/null)" "host guest " "--share DIR is /mnt/share, read and written"

tap_ok "arm64: ls /sys/kernel/config/mtk-bootmedia succeeds" st 0 --arch arm64 -- ls /sys/kernel/config/mtk-bootmedia
tap_ok "6.1: the module loads and the board media come up" st 0 --kernel 6.1 -- 'test -d /sys/kernel/config/mtk-bootmedia && test -c /dev/ubi0'

# a module of the test bed's set that the kernel lacks (MTKBM_RUN_MODULES
# adds a name no kernel has): the runner says so on its console, every TAP
# stream says so, and a test that needs it skips naming it (the guest's
# lines reach the host ending in CR LF)
# shellcheck disable=SC2016 # $why expands in the guest
out=$(MTKBM_RUN_MODULES=mtkbm_no_such_module vm --no-media -- '. /mnt/src/selftests/lib/tap.sh
tap_plan 2
tap_ok "romfs is there" tap_need_module romfs
if why=$(tap_need_module mtkbm_no_such_module); then tap_result 1 "needs it"; else tap_skip "needs it" "$why"; fi' |
	tr -d '\r')
tap_ok "a missing module: the runner's console names it" \
	grep -q "x86_64-6.12 (.*) lacks the module(s) mtkbm_no_such_module of the test bed's set" "$TMPDIR_RUN/err"
tap_is "$(printf '%s\n' "$out" | sed -n '3,5p' | tr '\n' '|')" \
	"# kernel x86_64-6.12: no module(s) mtkbm_no_such_module (selftests/vm/run)|ok 1 - romfs is there|ok 2 - needs it # SKIP kernel x86_64-6.12 has no module mtkbm_no_such_module|" \
	"a missing module: a TAP diagnostic, and the test that needs it skips naming it"

# the debug kernel's detectors (selftests/vm/debug-kernel), when the check
# runs its debug phase (selftests/check sets MTKBM_DEBUG_CHECKS=1)
# shellcheck disable=SC2317
reports() { # PATTERN...: each in the runner's report of the last VM
	for p in "$@"; do
		grep -q "$p" "$TMPDIR_RUN/err" || { echo "no '$p' in:"; cat "$TMPDIR_RUN/err"; return 1; }
	done
}
# shellcheck disable=SC2317
debug_st() { # COMMAND PATTERN...: exit 125 on the debug kernel, each reported
	cmd=$1
	shift
	st 125 --kernel 6.12-debug --no-media -- "$cmd" && reports "$@"
}
if [ -n "${MTKBM_DEBUG_CHECKS:-}" ]; then
	tap_ok "debug kernel: a leak found by the kmemleak scan after the command exits 125" \
		debug_st 'modprobe mtkbm_fault mode=leak' "suspected memory leak" "mtkbm_fault_leak"
	# lockdep first: the KASAN report taints the kernel and turns lockdep off
	# shellcheck disable=SC2016 # $m expands in the guest
	tap_ok "debug kernel: KASAN, lockdep, atomic sleep and UBSAN reports exit 125" \
		debug_st 'for m in lockdep sleep shift uaf; do modprobe mtkbm_fault mode=$m && rmmod mtkbm_fault; done' \
		"BUG: KASAN: slab-use-after-free" "possible circular locking dependency" \
		"sleeping function called from invalid context" "UBSAN: shift-out-of-bounds"
	# its config has no romfs (selftests/vm/debug-kernel.config)
	# shellcheck disable=SC2016 # expands in the guest
	out=$(vm --kernel 6.12-debug --no-media -- 'echo "missing: $MTKBM_MISSING_MODULES"' | tr -d '\r')
	# shellcheck disable=SC2016 # $1 and $2 expand in the inner shell
	tap_ok "debug kernel: romfs reported missing on the console and to the guest" \
		sh -c 'grep -q "lacks the module(s) romfs " "$1" && [ "$2" = "missing: romfs" ]' x "$TMPDIR_RUN/err" "$out"
else
	tap_skip "debug kernel: kmemleak" "no debug phase (MTKBM_DEBUG_CHECKS unset)"
	tap_skip "debug kernel: romfs reported missing" "no debug phase (MTKBM_DEBUG_CHECKS unset)"
	tap_skip "debug kernel: KASAN, lockdep, atomic sleep, UBSAN" "no debug phase"
fi

# core-lib.sh's contains(): the debug kernel prints errnos as numbers (no
# CONFIG_SYMBOLIC_ERRNAME); there a pattern's -ENAME matches its number,
# never another errno's, and elsewhere only the name matches
# shellcheck disable=SC2317
matcher() { # TARGET STRING PATTERN
	# shellcheck source=../tests/core-lib.sh
	(export MTKBM_TARGET="$1" && . "$root/selftests/tests/core-lib.sh" && contains "$2" "$3")
}
tap_ok "contains: debug kernel, -19 matches -ENODEV" \
	matcher x86_64-6.12-debug "error: -19 no disk mmcblk0" "error: -ENODEV no disk"
tap_fails "contains: debug kernel, -16 does not match -ENODEV" \
	matcher x86_64-6.12-debug "error: -16 no disk mmcblk0" "error: -ENODEV no disk"
tap_fails "contains: debug kernel, -12 does not match -EMEDIUMTYPE (124)" \
	matcher x86_64-6.12-debug "error: -12 BL2" "-EMEDIUMTYPE BL2"
tap_fails "contains: Debian kernel, -19 does not match -ENODEV" \
	matcher x86_64-6.12 "error: -19 no disk mmcblk0" "error: -ENODEV no disk"
tap_done
