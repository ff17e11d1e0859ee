#!/bin/sh
# board: bpi-r3mini e8450
# timeout: 900
# mtk-bootmedia restore under dash and busybox ash: a good backup verifies
# and --dry-run lists the writes; another board's backup (identity edited,
# manifest made consistent) is refused with exit 4 before anything else; a
# damaged manifest, sha256 mismatch or non-archive is refused with exit 4;
# until the module has the write nodes, restore stops after verification
# with exit 3 naming the node, and the media stay untouched.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
D=mtk-bootmedia-backup
CFS=/sys/kernel/config/mtk-bootmedia
tap_plan 36
openwrt_userland x86_64-6.1

dash "$H" --quiet backup /tmp/good.tar > /tmp/bk.log 2>&1 || { cat /tmp/bk.log; exit 1; }
other=e8450
[ "$MTKBM_BOARD" != e8450 ] || other=bpi-r3mini
other_compat=$(awk '$1 == "compatible" { $1 = ""; sub(/^ /, ""); print }' "/mnt/src/selftests/boards/$other.board")

# remake: extract GOOD, apply an edit (a command run in the backup
# directory), fix the manifest unless told not to, tar it again
remake() { # OUT FIXSUMS EDIT...
	_out=$1 _fix=$2
	shift 2
	rm -rf /tmp/re && mkdir /tmp/re && tar -xf /tmp/good.tar -C /tmp/re || return 1
	(cd /tmp/re/$D && sh -c "$*") || return 1
	if [ "$_fix" = fix ]; then
		(cd /tmp/re/$D && grep -v '  SHA256SUMS$' SHA256SUMS | while read -r _ f; do sha256sum "$f"; done > S && mv S SHA256SUMS)
	fi
	(cd /tmp/re && tar -cf "$_out" $D)
}
remake /tmp/other.tar fix "sed -i -e 's/^board .*/board $other/' -e 's/^compatible .*/compatible $other_compat/' identity"
remake /tmp/badsum.tar nofix "sed -i '2s/^[0-9a-f]*/$(printf '%064d' 0)/' SHA256SUMS"
remake /tmp/baddata.tar nofix "printf X | dd of=nand.fip.bin bs=1 seek=100 conv=notrunc 2>/dev/null"
remake /tmp/noarea.tar nofix "rm nand.fip.bin"
head -c 100000 /dev/urandom > /tmp/random.tar

fipvol=$(for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip ] && echo "/dev/${v##*/}"; done)
before=$(sha256sum < "$fipvol")

for sh in dash "busybox ash"; do
	run() {
		# shellcheck disable=SC2086
		$sh "$H" "$@" > /tmp/out 2>&1
		rc=$?
	}
	run restore /tmp/good.tar --dry-run
	tap_ok "$sh: a good backup verifies; --dry-run exits 0" sh -c "[ $rc = 0 ] && grep -q 'verified, board $MTKBM_BOARD' /tmp/out"
	tap_ok "$sh: --dry-run lists the fip write" grep -q '^  nand.fip (' /tmp/out
	run restore /tmp/good.tar --only fip --dry-run
	tap_ok "$sh: --only fip lists only fip areas" sh -c "[ $rc = 0 ] && grep -q '^  nand.fip (' /tmp/out && ! grep -q '^  nand.bl2' /tmp/out"
	run restore /tmp/good.tar --only nosuch --dry-run
	tap_ok "$sh: --only an unknown area: exit 2, lists the areas" sh -c "[ $rc = 2 ] && grep -q 'nand.bl2' /tmp/out"
	run restore /tmp/good.tar --yes
	if [ -e "$CFS/nand/fip/image" ]; then
		tap_skip "$sh: restore stops before writing" "the module has the write nodes"
	else
		tap_ok "$sh: restore without the module's write nodes: exit 3 naming the node" \
			sh -c "[ $rc = 3 ] && grep -q 'needs the kernel node $CFS/' /tmp/out && grep -q 'nothing was written' /tmp/out"
	fi
	run restore /tmp/other.tar --yes
	tap_ok "$sh: another board's backup: exit 4" test "$rc" = 4
	tap_ok "$sh: ... saying whose backup it is" grep -q "backup of board $other" /tmp/out
	run restore /tmp/other.tar --dry-run
	tap_is "$rc" 4 "$sh: another board's backup refused even for --dry-run"
	run restore /tmp/badsum.tar --yes
	tap_ok "$sh: a damaged manifest: exit 4, damaged" sh -c "[ $rc = 4 ] && grep -q 'damaged' /tmp/out"
	run restore /tmp/baddata.tar --yes
	tap_ok "$sh: an area that differs from its sha256: exit 4 naming it" sh -c "[ $rc = 4 ] && grep -q 'sha256 of area nand.fip differs' /tmp/out"
	run restore /tmp/noarea.tar --yes
	tap_ok "$sh: a listed area missing from the archive: exit 4" sh -c "[ $rc = 4 ] && grep -q 'nand.fip is listed but not in the archive' /tmp/out"
	run restore /tmp/random.tar --yes
	tap_is "$rc" 4 "$sh: not an archive: exit 4"
	run restore /tmp/nosuch.tar
	tap_is "$rc" 2 "$sh: a missing file: exit 2"
	run restore
	tap_is "$rc" 2 "$sh: no FILE: exit 2"
	run restore /tmp/good.tar --frob
	tap_is "$rc" 2 "$sh: unknown option: exit 2"
	run --board "$other" restore /tmp/good.tar --dry-run
	tap_ok "$sh: --board $other refuses this board's backup" sh -c "[ $rc = 4 ] && grep -q 'this board is $other' /tmp/out"
	tap_is "$(sha256sum < "$fipvol")" "$before" "$sh: the fip volume is untouched"
done
tap_is "$(nanddump -q --bb=padbad -l 4096 /dev/mtd0 2>/dev/null | sha256sum)" \
	"$(tar -xOf /tmp/good.tar $D/nand.bl2.bin | head -c 4096 | sha256sum)" "bl2 untouched"
tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "no temporary directory left behind"
tap_done
