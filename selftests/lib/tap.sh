# shellcheck shell=sh
# TAP 13 helpers for the tests of selftests/tests/ (busybox ash and dash).
#
#   . /mnt/src/selftests/lib/tap.sh
#   tap_plan 3
#   tap_ok "module loads" modprobe mtk_bootmedia
#   tap_fails "bad value refused" sh -c 'echo x > /sys/...'
#   tap_is "$(cat /sys/x)" "1" "x is 1"
#   tap_done
#
# A failed check prints the command's output as TAP diagnostics ("# ...").
# tap_done exits 1 if a check failed or the count differs from the plan.

TAP_N=0
TAP_FAILED=0
TAP_PLAN=
TAP_OUT=${TMPDIR:-/tmp}/tap.$$

tap_plan() {
	TAP_PLAN=$1
	echo "TAP version 13"
	echo "1..$1"
	[ -z "${MTKBM_MISSING_MODULES:-}" ] ||
		tap_diag "kernel ${MTKBM_TARGET:-}: no module(s) $MTKBM_MISSING_MODULES (selftests/vm/run)"
}

tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

tap_result() { # STATUS(0=pass) DESC
	TAP_N=$((TAP_N + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $TAP_N - $2"
	else
		echo "not ok $TAP_N - $2"
		TAP_FAILED=$((TAP_FAILED + 1))
	fi
}

# tap_ok DESC CMD...: pass when CMD exits 0
tap_ok() {
	_d=$1
	shift
	if "$@" > "$TAP_OUT" 2>&1; then
		tap_result 0 "$_d"
	else
		_rc=$?
		tap_result 1 "$_d"
		tap_diag "command: $* (exit $_rc)"
		tap_diag "$(tail -n 20 "$TAP_OUT")"
	fi
	rm -f "$TAP_OUT"
}

# tap_fails DESC CMD...: pass when CMD exits non-zero
tap_fails() {
	_d=$1
	shift
	if "$@" > "$TAP_OUT" 2>&1; then
		tap_result 1 "$_d"
		tap_diag "command succeeded but should have failed: $*"
		tap_diag "$(tail -n 20 "$TAP_OUT")"
	else
		tap_result 0 "$_d"
	fi
	rm -f "$TAP_OUT"
}

# tap_is GOT WANT DESC
tap_is() {
	if [ "$1" = "$2" ]; then
		tap_result 0 "$3"
	else
		tap_result 1 "$3"
		tap_diag "got:  '$1'"
		tap_diag "want: '$2'"
	fi
}

# tap_skip DESC REASON: a check that cannot run here; REASON names the
# missing capability (a tool, a kernel feature). The runners count skips
# apart from passes (selftests/lib/tapsum); a skip without a reason fails.
tap_skip() {
	if [ -z "${2:-}" ]; then
		tap_result 1 "$1"
		tap_diag "tap_skip without a reason naming the missing capability"
		return
	fi
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

# tap_need_module MODULE: returns 0 when the test VM's kernel has MODULE
# (of selftests/vm/run's set); else prints the reason for tap_skip, which
# names it, and returns 1:
#   if why=$(tap_need_module romfs); then ...; else tap_skip DESC "$why"; fi
tap_need_module() {
	case " ${MTKBM_MISSING_MODULES:-} " in
	*" $1 "*)
		echo "kernel ${MTKBM_TARGET:-} has no module $1"
		return 1
		;;
	esac
}

tap_done() {
	if [ -n "$TAP_PLAN" ] && [ "$TAP_N" -ne "$TAP_PLAN" ]; then
		tap_diag "planned $TAP_PLAN tests but ran $TAP_N"
		exit 1
	fi
	[ "$TAP_FAILED" -eq 0 ] || exit 1
	exit 0
}

# board profile access for tests: profile_get KEY (one line per occurrence)
profile_get() {
	awk -v k="$1" '$1 == k { sub(/^[^ \t]+[ \t]+/, ""); print }' \
		"/mnt/src/selftests/boards/$MTKBM_BOARD.board"
}

# openwrt_userland TARGET...: on these targets (and whenever the VM runs
# with --openwrt-userland) the rest of the test runs with only OpenWrt's
# default userland on PATH (/opt/openwrt/bin, selftests/vm/openwrt-applets):
# busybox applets of OpenWrt's defaults, kmodloader's tools, the packages'
# declared dependencies, and the shells the tests start (dash, busybox).
# A tool the test itself needs beyond that is called as "busybox TOOL".
openwrt_userland() {
	case " $* " in *" ${MTKBM_TARGET:-} "*) MTKBM_USERLAND=openwrt ;; esac
	[ "${MTKBM_USERLAND:-}" = openwrt ] || return 0
	PATH=/opt/openwrt/bin
	export PATH MTKBM_USERLAND
	tap_diag "OpenWrt default userland: PATH=$PATH"
}
