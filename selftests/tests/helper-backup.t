#!/bin/sh
# board: bpi-r3mini e8450
# targets: x86_64-6.1
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

# every byte of the media, read independently of the helper
media_sha() {
	for m in /sys/class/mtd/mtd*; do
		case ${m##*/} in *ro) continue ;; esac
		nanddump -q --bb=padbad "/dev/${m##*/}" 2>/dev/null | sha256sum
	done
	# the eMMC: both boot areas, the first 64 MiB of the user area (GPT,
	# every boot partition of the board) and its last 64 sectors (the
	# backup GPT); the whole "8 GB" card takes minutes under TCG
	for b in /dev/mmcblk0boot0 /dev/mmcblk0boot1; do
		[ ! -b $b ] || sha256sum < $b
	done
	if [ -b /dev/mmcblk0 ]; then
		dd if=/dev/mmcblk0 bs=1M count=64 2>/dev/null | sha256sum
		dd if=/dev/mmcblk0 bs=512 skip=$(($(cat /sys/class/block/mmcblk0/size) - 64)) 2>/dev/null | sha256sum
	fi
}
# a device node of the board's media to give as FILE
if [ -b /dev/mmcblk0 ]; then
	node=/dev/mmcblk0
elif [ -b /dev/mtdblock0 ]; then
	node=/dev/mtdblock0
else
	node=/dev/mtd0
fi
media_sha > /tmp/media.before

# the backups first (to count the areas), then the checks; each over an
# existing regular file, which the backup replaces at the end
for sh in dash "busybox ash"; do
	n=${sh%% *}
	echo old > "/tmp/b-$n.tar"
	# shellcheck disable=SC2086
	$sh "$H" backup "/tmp/b-$n.tar" > "/tmp/b-$n.log" 2>&1
	echo $? > "/tmp/b-$n.rc"
	tar -xOf "/tmp/b-$n.tar" $D/areas > "/tmp/areas-$n" 2>/dev/null
done
# the boot areas the simulated board holds (its media as selftests/vm
# builds them: NAND partition bl2 and UBI volumes; eMMC boot areas, GPT,
# EXT_CSD and the boot chain's GPT partitions), not the helper's own list:
# an area the backup leaves out is a failure
case $MTKBM_BOARD in
bpi-r3mini) expect="nand.bl2 nand.fip nand.ubootenv nand.ubootenv2 emmc.boot0 emmc.boot1
	emmc.gpt emmc.extcsd emmc.ubootenv emmc.factory emmc.fip emmc.fip2" ;;
e8450) expect="nand.bl2 nand.fip nand.factory nand.ubootenv nand.ubootenv2" ;;
*) expect= ;;
esac
# shellcheck disable=SC2086
nareas=$(set -- $expect; echo $#)
tap_plan $((2 * (nareas + 24) + 3))

for sh in dash "busybox ash"; do
	n=${sh%% *}
	b=/tmp/b-$n.tar
	tap_is "$(cat "/tmp/b-$n.rc")" 0 "$sh: backup exits 0"
	[ "$(cat "/tmp/b-$n.rc")" = 0 ] || tap_diag "$(cat "/tmp/b-$n.log")"
	# shellcheck disable=SC2086
	tap_is "$(awk '$2 != "missing" { print $1 }' "/tmp/areas-$n" | sort | tr '\n' ' ')" \
		"$(printf '%s\n' $expect | sort | tr '\n' ' ')" "$sh: the $nareas boot areas of $MTKBM_BOARD, no other"
	for a in $expect; do
		# shellcheck disable=SC2046
		set -- $(awk -v a="$a" '$1 == a && $2 != "missing" { print $2, $3, $4 }' "/tmp/areas-$n")
		if [ $# -lt 3 ]; then
			tap_ok "$sh: $a is in the backup" false
			continue
		fi
		tap_ok "$sh: $a ($2, $1 bytes) matches $3" area_matches "$b" "$a" "$1" "$2" "$3"
	done
	rm -rf /tmp/x && mkdir /tmp/x
	tap_ok "$sh: the manifest checks (sha256sum -c)" sh -c "tar -xf $b -C /tmp/x && cd /tmp/x/$D && sha256sum -c SHA256SUMS"
	tap_ok "$sh: identity names board $MTKBM_BOARD" grep -qx "board $MTKBM_BOARD" /tmp/x/$D/identity
	tap_ok "$sh: identity carries the compatible" grep -qx "compatible $(profile_get compatible)" /tmp/x/$D/identity
	tap_ok "$sh: the fip volume is in the backup" test -s /tmp/x/$D/nand.fip.bin

	# to standard output: the same members
	# shellcheck disable=SC2086
	$sh "$H" --quiet backup - 2>/dev/null | tar -tf - > /tmp/list-stdout
	tap_is "$(cat /tmp/list-stdout)" "$(tar -tf "$b")" "$sh: backup - streams the same archive"

	tap_is "$(find "$b" -perm 0600)" "$b" "$sh: the archive is readable by its owner only (umask 077)"
	tap_ok "$sh: no FILE.partial left after a backup" test ! -e "$b.partial"

	# FILE that is not a regular file: refused before anything is read or written
	t=-c
	[ ! -b $node ] || t=-b
	# shellcheck disable=SC2086
	$sh "$H" backup $node > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup $node (a device node of the media) refused: exit 2, says why" \
		sh -c "[ $rc = 2 ] && grep -q '$node is a .* device, not a regular file' /tmp/out"
	tap_ok "$sh: ... $node is still the same device node, no $node.partial" \
		sh -c "[ $t $node ] && [ ! -e $node.partial ]"
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to a directory refused: exit 2" sh -c "[ $rc = 2 ] && grep -q '/tmp is a directory' /tmp/out"
	tap_ok "$sh: ... nothing created next to it" test ! -e /tmp.partial
	# shellcheck disable=SC2086
	$sh "$H" backup /dev/null > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to /dev/null refused: exit 2" sh -c "[ $rc = 2 ] && grep -q '/dev/null is a character device' /tmp/out"
	tap_ok "$sh: ... /dev/null is still a character device" test -c /dev/null
	mkfifo /tmp/fifo
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp/fifo > /tmp/out 2>&1
	tap_is "$?" 2 "$sh: backup to a FIFO refused: exit 2"
	rm -f /tmp/fifo
	# shellcheck disable=SC2086
	$sh "$H" backup - > $node 2> /tmp/out
	rc=$?
	tap_ok "$sh: backup - with standard output on $node refused: exit 2" \
		sh -c "[ $rc = 2 ] && grep -q 'standard output is a block device' /tmp/out || [ ! -b $node ]"
	# a FILE.partial this run did not create is refused and left alone
	echo keep > /tmp/k.tar.partial
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp/k.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: an existing FILE.partial is refused: exit 1, kept, no FILE" \
		sh -c "[ $rc = 1 ] && grep -q 'k.tar.partial exists' /tmp/out && [ \"\$(cat /tmp/k.tar.partial)\" = keep ] && [ ! -e /tmp/k.tar ]"
	rm -f /tmp/k.tar.partial

	# a destination too small: fails, says so, leaves the old FILE as it was
	mkdir -p /tmp/full && mount -t tmpfs -o size=1m tmpfs /tmp/full
	echo old > /tmp/full/b.tar
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp/full/b.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to a full filesystem fails with exit 1 (no space)" sh -c "[ $rc = 1 ] && grep -q 'not enough space' /tmp/out"
	tap_ok "$sh: ... the old FILE is untouched, no FILE.partial" \
		sh -c "[ \"\$(cat /tmp/full/b.tar)\" = old ] && [ ! -e /tmp/full/b.tar.partial ]"
	umount /tmp/full
	# interrupted half-way (TERM): the partial file goes, the old FILE stays
	echo old > /tmp/i.tar
	# shellcheck disable=SC2086
	$sh "$H" backup /tmp/i.tar > /tmp/out 2>&1 &
	pid=$!
	w=0
	while [ ! -s /tmp/i.tar.partial ] && [ $w -lt 100 ]; do sleep 0.1; w=$((w + 1)); done
	kill -TERM $pid
	wait $pid
	rc=$?
	tap_ok "$sh: a backup interrupted half-way: exit 143, the old FILE untouched, no FILE.partial" \
		sh -c "[ $rc = 143 ] && [ \"\$(cat /tmp/i.tar)\" = old ] && [ ! -e /tmp/i.tar.partial ]"
	rm -f /tmp/i.tar
	# the backup above went over an existing regular file ("old"): replaced
	tap_ok "$sh: backup over an existing regular file replaces it" sh -c "[ $(cat "/tmp/b-$n.rc") = 0 ] && tar -tf $b | grep -q identity"
	# shellcheck disable=SC2086
	$sh "$H" backup /mnt/src/b.tar > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: backup to a read-only path fails with exit 1" sh -c "[ $rc = 1 ] && grep -q 'cannot write /mnt/src/b.tar' /tmp/out"
	# shellcheck disable=SC2086
	$sh "$H" backup /nonexistent/b.tar > /tmp/out 2>&1
	tap_is "$?" 1 "$sh: backup into a missing directory fails with exit 1"
done
tap_is "$(tar -tf /tmp/b-dash.tar)" "$(tar -tf /tmp/b-busybox.tar)" "dash and busybox ash make the same archive"
media_sha > /tmp/media.after
tap_ok "the media are byte-identical after every refused backup (sha256 of every MTD device and of the eMMC)" cmp /tmp/media.before /tmp/media.after
# shellcheck disable=SC2086
tap_fails "backup without FILE is a usage error" dash "$H" backup
tap_done
