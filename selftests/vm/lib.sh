# shellcheck shell=sh
# Shared helpers of the host-side test-bed scripts (sourced, POSIX sh).

: "${MTKBM_ROOT:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${MTKBM_CACHE:=$MTKBM_ROOT/.cache}"
export MTKBM_ROOT MTKBM_CACHE

ALL_TARGETS="x86_64-6.1 x86_64-6.12 arm64-6.12"
# kernels built here with KASAN, lockdep, KMEMLEAK, UBSAN (selftests/vm/debug-kernel):
# never in a default target set, run where asked for (-t, the check phase debug)
DEBUG_TARGETS="x86_64-6.12-debug"

die() { echo "${0##*/}: $*" >&2; exit 1; }
log() { echo "${0##*/}: $*" >&2; }

# target_arch TARGET / target_series TARGET (6.1, 6.12; a debug target's too)
target_arch() { echo "${1%%-*}"; }
target_series() {
	_s=${1#*-}
	echo "${_s%-debug}"
}
# target_base TARGET: the Debian target a debug target is built like
target_base() { echo "${1%-debug}"; }

# Debian flavour of an architecture
deb_flavour() {
	case $1 in
	x86_64) echo amd64 ;;
	arm64) echo arm64 ;;
	*) die "unknown arch $1" ;;
	esac
}

# apt suffix for a foreign-architecture package
deb_sfx() {
	[ "$1" = arm64 ] && echo ":arm64" || echo ""
}

# kdir TARGET: where a target's kernel set lives
kdir() { echo "$MTKBM_CACHE/k/$1"; }
bdir() { echo "$MTKBM_CACHE/build/$1"; }

# kver TARGET: uname -r of a provisioned target
kver() {
	[ -f "$(kdir "$1")/kver" ] || die "target $1 not provisioned (run selftests/vm/kernels $1)"
	cat "$(kdir "$1")/kver"
}

check_target() {
	case " $ALL_TARGETS $DEBUG_TARGETS " in
	*" $1 "*) ;;
	*) die "unknown target '$1' (known: $ALL_TARGETS $DEBUG_TARGETS)" ;;
	esac
}

# bm_build ARCH DIR [CFLAGS]: scripts/bootmodel/build, unless DIR holds the
# binary of a build with the same arguments, compilers, flags and sources
# (DIR/.bootmodel.key, written after a build that passed its -Werror)
bm_build() {
	_k=$({
		echo "bm_build 1: $* | ${CC:-} ${CFLAGS:-} ${LDFLAGS:-} ${MTKBM_LZMA:-}"
		"${CC:-gcc}" --version | head -n 1
		aarch64-linux-gnu-gcc --version 2> /dev/null | head -n 1
		cd "$MTKBM_ROOT" && find driver/formats scripts/bootmodel -type f | LC_ALL=C sort |
			xargs sha256sum
	} | sha256sum | cut -d' ' -f1)
	if [ -x "$2/bootmodel" ] && [ "$(cat "$2/.bootmodel.key" 2> /dev/null)" = "$_k" ]; then
		echo "bm_build $1 $2: up to date"
		return 0
	fi
	rm -f "$2/.bootmodel.key"
	"$MTKBM_ROOT/scripts/bootmodel/build" "$@" && echo "$_k" > "$2/.bootmodel.key"
}
