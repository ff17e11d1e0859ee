#!/bin/sh
# board: bpi-r3mini e8450
# timeout: 900
# mtk-bootmedia backup under dash and busybox ash: every boot area of the
# simulated board goes into the archive and matches the device byte for
# byte; the manifest checks with sha256sum -c; the identity names the board;
# a full, missing or read-only destination fails cleanly, leaving no file.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
openwrt_userland x86_64-6.1
H=/mnt/src/scripts/mtk-bootmedia
D=mtk-bootmedia-backup

# the device's bytes for an area, read independently of the helper
# shellcheck disable=SC2317 # called through tap_ok
dev_bytes() { # LEN LOCATION DEV
	case $2 in
	mtd:*) nanddump -q --bb=padbad -l "$1" "$3" 2>/dev/null ;;
	disk:gpt)
		sec=$(cat "/sys/class/block/${3#/dev/}/size")
		dd if="$3" bs=512 count=34 2>/dev/null
		dd if="$3" bs=512 skip=$((sec - 33)) count=33 2>/dev/null
		;;
	*) head -c "$1" "$3" ;;
	esac
}

# shellcheck disable=SC2317 # called through tap_ok
area_matches() { # ARCHIVE AREA LEN LOCATION DEV
	tar -xOf "$1" "$D/$2.bin" > /tmp/area || return 1
	if [ "$4" = emmc:extcsd ]; then
		pc=$(awk '$1 == "PARTITION_CONFIG" { print $2 }' /tmp/area)
		[ -n "$pc" ] && mmc extcsd read "$5" | grep -q "PARTITION_CONFIG: $pc]"
		return
	fi
	dev_bytes "$3" "$4" "$5" > /tmp/dev
	[ "$(wc -c < /tmp/dev)" -eq "$3" ] && cmp /tmp/area /tmp/dev
}

# the backups first (to count the areas), then the checks
for sh in dash "busybox ash"; do
	n=${sh%% *}
	# shellcheck disable=SC2086
	$sh "$H" backup "/tmp/b-$n.tar" > "/tmp/b-$n.log" 2>&1
	echo $? > "/tmp/b-$n.rc"
	tar -xOf "/tmp/b-$n.tar" $D/areas > "/tmp/areas-$n" 2>/dev/null
done
nareas=$(grep -vc ' missing ' /tmp/areas-dash)
tap_plan $((2 * (nareas + 11) + 2))

for sh in dash "busybox ash"; do
	n=${sh%% *}
	b=/tmp/b-$n.tar
	tap_is "$(cat "/tmp/b-$n.rc")" 0 "$sh: backup exits 0"
	[ "$(cat "/tmp/b-$n.rc")" = 0 ] || tap_diag "$(cat "/tmp/b-$n.log")"
	tap_is "$(grep -vc ' missing ' "/tmp/areas-$n")" "$nareas" "$sh: $nareas areas"
	while read -r a len loc dev _; do
		[ "$len" != missing ] || continue
		tap_ok "$sh: $a ($loc, $len bytes) matches $dev" area_matches "$b" "$a" "$len" "$loc" "$dev"
	done < "/tmp/areas-$n"
	rm -rf /tmp/x && mkdir /tmp/x
	tap_ok "$sh: the manifest checks (sha256sum -c)" sh -c "tar -xf $b -C /tmp/x && cd /tmp/x/$D && sha256sum -c SHA256SUMS"
	tap_ok "$sh: identity names board $MTKBM_BOARD" grep -qx "board $MTKBM_BOARD" /tmp/x/$D/identity
	tap_ok "$sh: identity carries the compatible" grep -qx "compatible $(profile_get compatible)" /tmp/x/$D/identity
	tap_ok "$sh: the fip volume is in the backup" test -s /tmp/x/$D/nand.fip.bin

	# to standard output: the same members
	# shellcheck disable=SC2086
	$sh "$H" --quiet backup - 2>/dev/null | tar -tf - > /tmp/list-stdout
	tap_is "$(cat /tmp/list-stdout)" "$(tar -tf "$b")" "$sh: backup - streams the same archive"

	# a destination too small: fails, says so, leaves nothing
	mkdir -p /tmp/full && mount -t tmpfs -o size=1m tmpfs /tmp/full
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp/full/b.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to a full filesystem fails with exit 1 (no space)" sh -c "[ $rc = 1 ] && grep -q 'not enough space' /tmp/out"
	tap_ok "$sh: ... and leaves no file" test ! -e /tmp/full/b.tar
	umount /tmp/full
	# shellcheck disable=SC2086
	$sh "$H" backup /mnt/src/b.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to a read-only path fails with exit 1" sh -c "[ $rc = 1 ] && grep -q 'cannot write /mnt/src/b.tar' /tmp/out"
	# shellcheck disable=SC2086
	$sh "$H" backup /nonexistent/b.tar > /tmp/out 2>&1
	tap_is "$?" 1 "$sh: backup into a missing directory fails with exit 1"
done
tap_is "$(tar -tf /tmp/b-dash.tar)" "$(tar -tf /tmp/b-busybox.tar)" "dash and busybox ash make the same archive"
# shellcheck disable=SC2086
tap_fails "backup without FILE is a usage error" dash "$H" backup
tap_done
