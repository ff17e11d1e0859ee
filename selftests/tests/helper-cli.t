#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1
# The mtk-bootmedia helper's command line under dash and busybox ash: usage
# errors, exit codes, board identity and profile lookup, and the commands
# that need kernel nodes the loaded module does not provide yet: they must
# fail with exit 3 and name the missing node, never pretend to succeed.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
CFS=/sys/kernel/config/mtk-bootmedia
tap_plan 134
openwrt_userland x86_64-6.1

# run SHELL ARGS...: exit status in $rc, output in /tmp/out
run() {
	_sh=$1
	shift
	# shellcheck disable=SC2086
	$_sh "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
# shellcheck disable=SC2317 # called through tap_ok
has() { grep -q -- "$1" /tmp/out; }

bl2=/mnt/media/$(profile_get nand.write | awk '{ print $3; exit }')
for sh in dash "busybox ash"; do
	run "$sh"
	tap_is "$rc" 2 "$sh: no command: exit 2"
	run "$sh" frobnicate
	tap_ok "$sh: unknown command: exit 2, named" sh -c "[ $rc = 2 ] && grep -q \"unknown command 'frobnicate'\" /tmp/out"
	run "$sh" --frob status
	tap_is "$rc" 2 "$sh: unknown option: exit 2"
	run "$sh" help
	tap_ok "$sh: help: exit 0 with usage" sh -c "[ $rc = 0 ] && grep -q '^usage: mtk-bootmedia' /tmp/out"
	run "$sh" --version
	tap_is "$rc" 0 "$sh: --version"
	run "$sh" --board
	tap_is "$rc" 2 "$sh: --board without NAME: exit 2"
	run "$sh" --board nosuchboard profile
	tap_ok "$sh: unknown --board: exit 5, named" sh -c "[ $rc = 5 ] && grep -q \"unknown board 'nosuchboard'\" /tmp/out"
	run "$sh" --board ../x profile
	tap_is "$rc" 2 "$sh: --board with a path: exit 2"
	# the dispatcher without its parts (none next to it, none installed)
	mkdir -p /tmp/lone/lib/mtk-bootmedia
	cp "$H" /tmp/lone/mtk-bootmedia
	$sh /tmp/lone/mtk-bootmedia profile > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: helper without its parts: exit 3 naming the part" \
		sh -c "[ $rc = 3 ] && grep -q 'missing part /usr/lib/mtk-bootmedia/common.sh' /tmp/out"
	cp "$(dirname "$H")"/lib/mtk-bootmedia/*.sh /tmp/lone/lib/mtk-bootmedia/
	rm /tmp/lone/lib/mtk-bootmedia/restore.sh
	$sh /tmp/lone/mtk-bootmedia profile > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: ... one part missing: exit 3 naming it" \
		sh -c "[ $rc = 3 ] && grep -q 'missing part /tmp/lone/lib/mtk-bootmedia/restore.sh' /tmp/out"
	rm -rf /tmp/lone

	# an identity no profile knows
	printf 'acme,router\000mediatek,mt7986a\000' > /tmp/compat
	export MTKBM_DT_COMPAT=/tmp/compat
	run "$sh" profile
	tap_ok "$sh: unknown board identity: exit 5, names the compatible" \
		sh -c "[ $rc = 5 ] && grep -q \"unknown board 'acme,router'\" /tmp/out"
	run "$sh" backup /tmp/x.tar
	tap_ok "$sh: backup on an unknown board: exit 5, no file" sh -c "[ $rc = 5 ] && [ ! -e /tmp/x.tar ]"
	# the identity from a DT-style compatible list
	# shellcheck disable=SC2046
	printf '%s\000' $(profile_get compatible) > /tmp/compat
	run "$sh" profile
	tap_ok "$sh: DT compatible selects profile $MTKBM_BOARD" sh -c "[ $rc = 0 ] && grep -q '^board: *$MTKBM_BOARD ' /tmp/out"
	unset MTKBM_DT_COMPAT
	# a profile that breaks a rule: named with its line, in the file it
	# is (the second of two profiles that list the board: issue 17 reads
	# them all in one awk), with and without --board
	rm -rf /tmp/pb
	mkdir /tmp/pb
	cp "$(dirname "$H")/boards/$MTKBM_BOARD.profile" /tmp/pb/z.profile
	echo 'bogus 1' >> /tmp/pb/z.profile
	printf 'name a\ncompatible acme,other\n' > /tmp/pb/a.profile
	_n=$(wc -l < /tmp/pb/z.profile | tr -d ' ')
	export MTKBM_BOARDS=/tmp/pb
	run "$sh" profile
	tap_ok "$sh: a profile with an unknown key: exit 5, file and line named" \
		sh -c "[ $rc = 5 ] && grep -q 'bad profile: /tmp/pb/z.profile:$_n: unknown key bogus' /tmp/out"
	run "$sh" --board z profile
	tap_ok "$sh: ... the same with --board" \
		sh -c "[ $rc = 5 ] && grep -q 'bad profile: /tmp/pb/z.profile:$_n: unknown key bogus' /tmp/out"
	unset MTKBM_BOARDS

	run "$sh" profile
	tap_ok "$sh: profile from the module parameter: $MTKBM_BOARD" sh -c "[ $rc = 0 ] && grep -q '^board: *$MTKBM_BOARD ' /tmp/out"
	tap_ok "$sh: profile shows the NAND medium present" has 'medium nand: spi-nand, mtd:bl2'
	# a profile for another board: refused unless --force-board
	other=e8450
	[ "$MTKBM_BOARD" != e8450 ] || other=bpi-r3mini
	run "$sh" --board $other profile
	tap_ok "$sh: --board $other on $MTKBM_BOARD: exit 4, names both" sh -c "[ $rc = 4 ] && grep -q 'this board is' /tmp/out && grep -q 'force-board' /tmp/out"
	run "$sh" --force-board --board $other profile
	tap_ok "$sh: --force-board --board $other: exit 0, profile $other" sh -c "[ $rc = 0 ] && grep -q '^board: *$other ' /tmp/out"
	run "$sh" --json profile
	tap_ok "$sh: --json profile" sh -c "[ $rc = 0 ] && grep -q '^{\"board\":\"$MTKBM_BOARD\",.*\"present\":true' /tmp/out"
	run "$sh" profile extra
	tap_is "$rc" 2 "$sh: profile with an argument: exit 2"

	# bad arguments are refused before anything else
	run "$sh" unprotect abc
	tap_is "$rc" 2 "$sh: unprotect abc: exit 2"
	run "$sh" boot-partition boot7
	tap_is "$rc" 2 "$sh: boot-partition boot7: exit 2"
	run "$sh" install kernel /tmp/compat
	tap_is "$rc" 2 "$sh: install of an unknown component: exit 2"
	run "$sh" install fip
	tap_is "$rc" 2 "$sh: install without FILE: exit 2"
	run "$sh" check /nonexistent
	tap_is "$rc" 2 "$sh: check of a missing file: exit 2"
	# the write lock without flock (issue 17: a file the shell creates with
	# noclobber): a live owner's makes a writer wait, then exit 1 naming
	# it; a dead owner's is taken over, and the file goes at exit. PATH:
	# this one's commands without flock.
	rm -rf /tmp/nf
	mkdir /tmp/nf
	for _d in $(echo "$PATH" | tr ':' ' '); do
		for _f in "$_d"/*; do
			[ -e "/tmp/nf/${_f##*/}" ] || ln -s "$_f" /tmp/nf/ 2> /dev/null
		done
	done
	rm -f /tmp/nf/flock
	sleep 60 &
	_lp=$!
	echo "$_lp" > /tmp/lk.pid
	# shellcheck disable=SC2086
	PATH=/tmp/nf MTKBM_LOCK=/tmp/lk MTKBM_LOCK_WAIT=1 $sh "$H" check /nonexistent > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: no flock, the lock file of a live process: exit 1 after MTKBM_LOCK_WAIT, named, still its" \
		sh -c "[ $rc = 1 ] && grep -q 'has held /tmp/lk.pid' /tmp/out && [ \"\$(cat /tmp/lk.pid)\" = $_lp ]"
	kill "$_lp"
	wait "$_lp" 2> /dev/null
	# shellcheck disable=SC2086
	PATH=/tmp/nf MTKBM_LOCK=/tmp/lk $sh "$H" check /nonexistent > /tmp/out 2>&1
	rc=$?
	tap_ok "$sh: ... its owner gone: taken over (exit 2 of the missing file), removed at exit" \
		sh -c "[ $rc = 2 ] && [ ! -e /tmp/lk.pid ]"
	rm -rf /tmp/nf /tmp/lk.pid
	run "$sh" activate fip
	tap_is "$rc" 2 "$sh: activate without SLOT: exit 2"
	run "$sh" setup --bogus
	tap_is "$rc" 2 "$sh: setup --bogus: exit 2"

	# commands that need the core or the switch: they work with what the
	# module provides, or fail with exit 3 naming the node it lacks
	run "$sh" setup
	if [ "$rc" = 0 ]; then
		tap_ok "$sh: setup binds the media" test "$(cat $CFS/nand/enable)" = 1
		run "$sh" status
		tap_ok "$sh: status shows the nand medium" sh -c "[ $rc = 0 ] && grep -q '^== nand' /tmp/out"
		run "$sh" protect
		tap_ok "$sh: protect" sh -c "[ $rc = 0 ] && [ \"\$(cat $CFS/nand/force_ro)\" = 1 ]"
		run "$sh" unprotect 30
		tap_ok "$sh: unprotect 30" sh -c "[ $rc = 0 ] && [ \"\$(cat $CFS/nand/force_ro)\" = 0 ] && [ \"\$(cat $CFS/nand/force_ro_secs)\" = 30 ]"
		run "$sh" protect
	else
		tap_ok "$sh: setup: exit 3 naming a node under $CFS" sh -c "[ $rc = 3 ] && grep -q '$CFS' /tmp/out"
		run "$sh" status
		tap_ok "$sh: status: exit 3 naming $CFS" sh -c "[ $rc = 3 ] && grep -q '$CFS' /tmp/out"
		run "$sh" protect
		tap_ok "$sh: protect: exit 3 naming $CFS" sh -c "[ $rc = 3 ] && grep -q '$CFS' /tmp/out"
		tap_is "$(ls $CFS)" "" "$sh: a failed setup leaves no group behind"
	fi
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	cp /mnt/media/"$(profile_get ubi.vol | awk '$1 == "fip" { print $5 }')" /tmp/fip.bin
	run "$sh" check /tmp/fip.bin
	tap_ok "$sh: check of the board's FIP: exit 0, for this board" \
		sh -c "[ $rc = 0 ] && grep -q '^ok: FIP, .* matches this board' /tmp/out"
	run "$sh" check --medium spi-nand /tmp/fip.bin
	tap_ok "$sh: check --medium spi-nand (the medium by its type)" \
		sh -c "[ $rc = 0 ] && grep -q '^ok: FIP, .* matches this board' /tmp/out"
	# a BL2 as the FIP: the module's verify refuses it (the helper reads
	# no magic first since issue 17) and the helper says what it looks like
	run "$sh" --yes install fip "$bl2"
	tap_ok "$sh: install fip of a BL2: exit 4, it looks like a bl2, nothing written" \
		sh -c "[ $rc = 4 ] && grep -q 'it looks like a bl2 image' /tmp/out && ! grep -q 'writing' /tmp/out"
	if [ -e $CFS/emmc/boot_partition ]; then
		run "$sh" --yes boot-partition boot1
		tap_ok "$sh: --yes boot-partition boot1 (empty, or a data area): refused, still boot0" \
			sh -c "{ { [ $rc = 4 ] && grep -q 'no valid BL2' /tmp/out; } || { [ $rc = 1 ] && grep -q 'holds' /tmp/out; }; } && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	else
		tap_skip "$sh: boot-partition boot1 with an empty boot1" "no eMMC bound on $MTKBM_BOARD"
	fi
	run "$sh" boot-partition
	tap_ok "$sh: boot-partition: shows it, exit 3, or no eMMC (1)" \
		sh -c "{ [ $rc = 0 ] && grep -qx 'boot0' /tmp/out; } || [ $rc = 3 ] || { [ $rc = 1 ] && grep -q 'no eMMC' /tmp/out; }"
	run "$sh" doctor
	tap_ok "$sh: doctor without the live boot model: exit 3 naming bootmodel" \
		sh -c "[ $rc = 0 ] || [ $rc = 1 ] || { [ $rc = 3 ] && grep -q 'boot model' /tmp/out; }"
done
# --json, every command, its success and error paths, under both shells:
# standard output is one line, its "exit" the helper's status; at the end
# every object the helper printed validates against the schema
# (selftests/lib/json-check: the guest has no python). File names with
# control characters, a quote and a backslash go through the strings.
nasty=$(printf 'n\001a\tsty\\"x')
cp /tmp/fip.bin "/tmp/fip-$nasty.bin"
head -c 3000 /dev/urandom > "/tmp/rnd-$nasty.bin"
: > /tmp/json.all
# jrun "EXIT..." ARGS...: the helper with --json; EXIT: the statuses accepted
# shellcheck disable=SC2317 # called through tap_ok
jrun() {
	_w=$1
	shift
	# shellcheck disable=SC2086
	$sh "$H" --json "$@" > /tmp/j.out 2> /tmp/j.err < /dev/null
	_r=$?
	cat /tmp/j.out >> /tmp/json.all
	case " $_w " in *" $_r "*) ;; *) tap_diag "exit $_r, want $_w: $(cat /tmp/j.out /tmp/j.err)"; return 1 ;; esac
	[ "$(wc -l < /tmp/j.out | tr -d ' ')" = 1 ] || { tap_diag "not one line: $(cat /tmp/j.out)"; return 1; }
	grep -q "^{\"command\":\"[^\"]*\",\"exit\":${_r}[,}]" /tmp/j.out ||
		{ [ "$_r" = 0 ] && grep -q '^{"board":' /tmp/j.out; } ||
		{ tap_diag "the object does not say exit $_r: $(cat /tmp/j.out)"; return 1; }
}
for sh in dash "busybox ash"; do
	tap_ok "$sh: --json --version" jrun 0 --version
	tap_ok "$sh: --json help" jrun 0 help
	tap_ok "$sh: --json profile" jrun 0 profile
	tap_ok "$sh: --json --board nosuch profile: exit 5" jrun 5 --board nosuch profile
	tap_ok "$sh: --json frobnicate: exit 2" jrun 2 frobnicate
	tap_ok "$sh: --json status" jrun 0 status
	tap_ok "$sh: --json config" jrun 0 config
	tap_ok "$sh: --json setup (bound already)" jrun 0 setup
	tap_ok "$sh: --json unprotect 30" jrun 0 unprotect 30
	tap_ok "$sh: --json protect" jrun 0 protect
	tap_ok "$sh: --json unprotect abc: exit 2" jrun 2 unprotect abc
	tap_ok "$sh: --json check of the board's FIP" jrun 0 check /tmp/fip.bin
	tap_ok "$sh: --json check of random bytes in a file named with control characters: exit 1" jrun 1 check "/tmp/rnd-$nasty.bin"
	tap_ok "$sh: --json check of a missing file of such a name: exit 2" jrun 2 check "/tmp/no-$nasty"
	tap_ok "$sh: --json install bl2 of a FIP: exit 4" jrun 4 --yes install bl2 /tmp/fip.bin
	tap_ok "$sh: --json install without --yes off a terminal: exit 2" jrun 2 install bl2 "$bl2"
	tap_ok "$sh: --json activate of a slot that does not exist: exit 2" jrun 2 activate fip c
	tap_ok "$sh: --json boot-partition" jrun "0 1 3" boot-partition
	tap_ok "$sh: --json boot-partition boot7: exit 2" jrun 2 boot-partition boot7
	tap_ok "$sh: --json doctor" jrun "0 1 3" doctor
	tap_ok "$sh: --json backup to /dev/null: exit 2" jrun 2 backup /dev/null
	tap_ok "$sh: --json restore of a missing archive: exit 2" jrun 2 restore /tmp/nosuch.tar
	tap_ok "$sh: --json restore of random bytes: exit 4" jrun 4 restore "/tmp/rnd-$nasty.bin"
done
# the writing paths once
sh=dash
tap_ok "--json setup --create-slots" jrun 0 --yes setup --create-slots
tap_ok "--json install fip of a file named with control characters" jrun 0 --yes install fip "/tmp/fip-$nasty.bin"
tap_ok "... its file key holds the name escaped (\\u0001, \\t, \\\\, \\\")" grep -qF '"file":"/tmp/fip-n\u0001a\tsty\\\"x.bin"' /tmp/j.out
tap_ok "--json activate fip a" jrun 0 --yes activate fip a
tap_ok "--json backup" jrun 0 backup /tmp/j.tar
tap_ok "--json restore --dry-run" jrun 0 restore /tmp/j.tar --dry-run
rm -f /tmp/j.tar
tap_ok "every --json output ($(wc -l < /tmp/json.all | tr -d ' ') objects) validates against Documentation/mtk-bootmedia.schema.json" \
	sh /mnt/src/selftests/lib/json-check /mnt/src/Documentation/mtk-bootmedia.schema.json /tmp/json.all
tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "no temporary directory left behind"
tap_done
