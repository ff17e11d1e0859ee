#!/bin/sh
# The helper and the OpenWrt integration scripts use no command outside
# OpenWrt's default userland (selftests/vm/openwrt-applets) and the declared
# dependencies: a static check of the tools the VM tests cannot catch under
# busybox ash (Debian's static busybox runs its own applets whatever PATH
# says; dash sees the restricted PATH of the --openwrt-userland mode).
# Checked: the commands of OpenWrt's busybox "default n" list that the
# helper used to call, tr character classes (FEATURE_TR_CLASSES is off),
# and that no script calls "busybox APPLET" to get around the set.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/selftests/lib/tap.sh"
cd "$root" || exit 1
files=$(ls scripts/mtk-bootmedia scripts/lib/mtk-bootmedia/*.sh scripts/openwrt/mtk-bootmedia.* \
	scripts/rauc/mtk-bootmedia-rauc scripts/rauc/bundle-hook 2> /dev/null)
tap_plan 4

# the code lines of FILES (comments dropped), as FILE:LINE:TEXT
# shellcheck disable=SC2317 # called through tap_ok
code() {
	# shellcheck disable=SC2086
	grep -Hn '' $files | sed -e 's/^\([^:]*:[0-9]*:\)[[:blank:]]*#.*/\1/' | grep -v ':$'
}
# a command word: at the start of a line or after | ; & ( ` $( && ||
cmdre='(^[^:]*:[0-9]+:[[:blank:]]*|[|;&(`][[:blank:]]*|\$\([[:blank:]]*)'
bad='od|stat|timeout|nohup|realpath|truncate|blkid|losetup|getopt|base64|xxd|sha1sum|sha512sum|diff|split|tac|nproc|comm|paste|fold|column|mountpoint'
# shellcheck disable=SC2317
no_bad_tools() {
	if code | grep -E "$cmdre($bad)( |\$|;|\))"; then
		echo "(above: commands OpenWrt's default busybox does not have)"
		return 1
	fi
}
tap_ok "no od, stat, timeout, nohup, realpath, truncate, blkid, losetup, getopt, base64, xxd, sha1sum, diff, ... as commands" no_bad_tools
# shellcheck disable=SC2317
no_tr_classes() {
	if code | grep -E "tr [^|]*\[:[a-z]+:\]"; then
		echo "(above: tr character classes; OpenWrt's tr has none)"
		return 1
	fi
}
tap_ok "no tr character classes" no_tr_classes
# shellcheck disable=SC2317
blockdev_guarded() {
	# blockdev is not in OpenWrt's defaults: only behind "command -v blockdev"
	code | grep -E "${cmdre}blockdev " > /tmp/bd.$$
	n=$(grep -c . /tmp/bd.$$)
	g=$(code | grep -c 'command -v blockdev')
	rm -f /tmp/bd.$$
	[ "$n" = 0 ] || [ "$g" -gt 0 ] || { echo "blockdev called $n times, never guarded by command -v"; return 1; }
}
tap_ok "blockdev only where a missing blockdev is handled" blockdev_guarded
# shellcheck disable=SC2317
no_busybox_calls() {
	if code | grep -E "${cmdre}busybox "; then
		echo "(above: calls busybox APPLET, around the applet set)"
		return 1
	fi
}
tap_ok "no script calls busybox APPLET" no_busybox_calls
tap_done
