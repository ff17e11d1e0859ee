#!/bin/sh
# board: bpi-r3mini
# targets: x86_64-6.1
# vm: fresh
# timeout: 900
# The helper's integration scripts under dash and busybox ash, each on the
# live media with the module and the boot model:
# - scripts/rauc/mtk-bootmedia-rauc (RAUC custom backend): every verb with
#   good and bad input; set-primary switches the FIP slot (the module's
#   active, the volume named fip, doctor); bad marks are kept in the state
#   file, get-current is the slot of this boot; refusals exit non-zero with
#   the reason and write nothing (media, UBI names, state file);
# - scripts/openwrt/mtk-bootmedia.sysupgrade through a model of OpenWrt's
#   sysupgrade/validate_firmware_image/procd sequence (selftests/lib/openwrt)
#   with a stub platform.sh: a healthy board goes on with the named test
#   result mtk_bootmedia_boot_media true; an unbootable one (fip renamed
#   away) is refused with the result false, not forceable (-F does not
#   help), doctor's reason and the UCI override upgrade_override; a hanging
#   doctor is stopped after upgrade_timeout; nothing written;
# - scripts/openwrt/mtk-bootmedia.{init,hotplug} through models of rc.common
#   and hotplug-call: boot loads, binds and protects, a failure is exit 1;
#   hotplug runs setup only for an added mmcblkNboot0; init and hotplug at
#   once both succeed (the helper's lock); failures go to logger (a stub);
# - scripts/udev/90-mtk-bootmedia.rules parsed (no udevadm in the guest):
#   keys, operators, labels, which guest devices it matches (not UBI volumes,
#   not mtdNro); the command of
#   the service it wants (ExecStart) run by hand from the install path.
# x86_64 has no device tree: the init's modprobe gets the board= the VM
# init passes (a stub adds it); on arm64 the DT carries the identity.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
S=/mnt/src/scripts
H=$S/mtk-bootmedia
R=$S/rauc/mtk-bootmedia-rauc
HOOK=$S/openwrt/mtk-bootmedia.sysupgrade
CFS=/sys/kernel/config/mtk-bootmedia
emmc=$(profile_get emmc.user-size)
if [ -n "$emmc" ]; then tap_plan 155; else tap_plan 154; fi
openwrt_userland x86_64-6.1

# shellcheck disable=SC2317 # called through tap_ok
has() { grep -q -- "$1" /tmp/out; }
volname() { cat "/sys/class/ubi/ubi0_$1/name"; }
volid() { # NAME: the UBI volume id of NAME
	for _v in /sys/class/ubi/ubi0_*; do
		[ "$(cat "$_v/name")" = "$1" ] && echo "${_v##*_}"
	done
}
# what the boot chain reads: the BL2 area, every UBI volume's name and size
# and the static volumes' data (fip, fip2), the eMMC boot areas, GPT and
# partition names
media_sum() {
	{
		cat /dev/mtd0
		for v in /sys/class/ubi/ubi0_*; do
			cat "$v/name" "$v/data_bytes"
			[ "$(cat "$v/type")" != static ] || cat "/dev/${v##*/}"
		done
		if [ -b /dev/mmcblk0boot0 ]; then
			cat /dev/mmcblk0boot0 /dev/mmcblk0boot1
			head -c 65536 /dev/mmcblk0
			cat /sys/class/block/mmcblk0p*/uevent
		fi
	} | sha256sum
}
# every medium of the profile present here bound and protected
# shellcheck disable=SC2317 # called through tap_ok
all_protected() {
	_n=0
	for _g in "$CFS"/*/; do
		[ -d "$_g" ] || continue
		[ "$(cat "$_g/enable")" = 1 ] || { echo "${_g%/} not bound"; return 1; }
		[ "$(cat "$_g/force_ro")" = 1 ] || { echo "${_g%/} force_ro $(cat "$_g/force_ro")"; return 1; }
		_n=$((_n + 1))
	done
	_want=1
	[ ! -b /dev/mmcblk0boot0 ] || _want=2
	[ "$_n" = "$_want" ] || { echo "$_n media bound, want $_want"; return 1; }
}
# remove the configfs tree setup built (unbind first)
# shellcheck disable=SC2317 # called through tap_ok
teardown() {
	for _g in "$CFS"/*/; do
		[ -d "$_g" ] || continue
		echo 0 | dd of="$_g/enable" 2>/dev/null
		for _c in "$_g"*/; do
			[ -d "$_c" ] || continue
			for _s in "$_c"*/; do [ -d "$_s" ] && rmdir "$_s"; done
			rmdir "$_c"
		done
		rmdir "$_g"
	done
	[ -z "$(ls "$CFS")" ]
}

M=/mnt/media
fip=$M/$(profile_get ubi.vol | awk '$1 == "fip" { print $5 }')
cp "$fip" /tmp/good.fip
mkdir -p /tmp/up /tmp/rauc /tmp/noboards
for s in dash ash; do
	x=$s
	[ "$s" = ash ] && x="busybox ash"
	printf '#!/bin/sh\nexec %s %s "$@"\n' "$x" "$H" > "/tmp/mtkbm-$s"
	chmod +x "/tmp/mtkbm-$s"
done
printf '#!/bin/sh\necho "usage: bootmodel DUMPDIR" >&2\nexit 2\n' > /tmp/oldmodel
chmod +x /tmp/oldmodel

dash "$H" --quiet --yes setup --create-slots > /tmp/out 2>&1
tap_is "$?" 0 "setup --create-slots: fip2 for the B slot"
f1=$(volid fip)
f2=$(volid fip2)
tap_ok "slot b of nand/fip (volume fip2, id $f2)" test -d $CFS/nand/fip/b -a -n "$f2"

# ---------------------------------------------------------------- RAUC
export MTKBM_RAUC_STATE=/tmp/rauc/state MTKBM_RUNDIR=/tmp/rauc/run
B() { # ARGS...: the backend under $sh; stdout /tmp/out, stderr /tmp/err
	# shellcheck disable=SC2086
	$sh "$R" "$@" > /tmp/out 2> /tmp/err
	rc=$?
}
# the refusal: exit non-zero, the message, media, names and state unchanged
# shellcheck disable=SC2317 # called through tap_ok
refusal() { # MESSAGE
	[ "$rc" != 0 ] && grep -q -- "$1" /tmp/err && [ ! -s /tmp/out ] &&
		[ "$(media_sum)" = "$before" ] && [ ! -e "$MTKBM_RAUC_STATE" ] &&
		[ "$(cat "$CFS/nand/fip/active")" = a ] && return 0
	echo "exit $rc, stdout '$(cat /tmp/out)', stderr:"
	cat /tmp/err
	return 1
}
refused() { # DESC MESSAGE
	tap_ok "$sh: rauc $1: refused, says '$2', nothing written" refusal "$2"
}
for sh in dash "busybox ash"; do
	export MTKBM="/tmp/mtkbm-${sh#busybox }"
	rm -rf /tmp/rauc/state /tmp/rauc/run
	ubiupdatevol -t "/dev/ubi0_$f2"
	before=$(media_sum)
	B get-primary
	tap_ok "$sh: rauc get-primary: a, as the module's active" sh -c "[ $rc = 0 ] && [ \"\$(cat /tmp/out)\" = a ] && [ \"\$(cat $CFS/nand/fip/active)\" = a ]"
	B get-current
	tap_ok "$sh: rauc get-current: a" sh -c "[ $rc = 0 ] && [ \"\$(cat /tmp/out)\" = a ]"
	B get-state a
	tap_ok "$sh: rauc get-state a: good" sh -c "[ $rc = 0 ] && [ \"\$(cat /tmp/out)\" = good ]"
	B get-state b
	tap_ok "$sh: rauc get-state b (empty volume): bad" sh -c "[ $rc = 0 ] && [ \"\$(cat /tmp/out)\" = bad ]"
	B frob a
	refused "frob" "unknown command 'frob'"
	B
	refused "without a command" "usage:"
	B get-primary a
	refused "get-primary a" "usage:"
	B get-state c
	refused "get-state c" "no FIP slot 'c' on nand (slots: a b"
	B set-primary c
	refused "set-primary c" "no FIP slot 'c'"
	B set-state ../a bad
	refused "set-state ../a bad" "bad slot name '../a'"
	B set-state a maybe
	refused "set-state a maybe" "expected good or bad, not 'maybe'"
	B set-state a
	refused "set-state a" "usage:"
	B set-primary b
	refused "set-primary b (empty)" "refusing to boot from it"
	B set-state b good
	refused "set-state b good (empty)" "holds no valid FIP (invalid: UBI volume fip2 is empty)"
	B set-state a bad
	refused "set-state a bad (the primary, no other slot)" "no other FIP slot of nand is valid"
	export MTKBM_MEDIUM=nosuch
	B get-primary
	unset MTKBM_MEDIUM
	refused "MTKBM_MEDIUM=nosuch get-primary" "no FIP component at $CFS/nosuch/fip"
	export MTKBM_CONFIGFS=/nonexistent
	B get-primary
	unset MTKBM_CONFIGFS
	refused "without the module" "mtk_bootmedia is not loaded"

	# RAUC's install: mark the target bad, write it, make it primary
	B set-state b bad
	tap_ok "$sh: rauc set-state b bad (not primary): exit 0, kept in the state file" sh -c "[ $rc = 0 ] && grep -qx 'nand b bad' $MTKBM_RAUC_STATE && [ \"\$(cat $CFS/nand/fip/active)\" = a ]"
	ubiupdatevol "/dev/ubi0_$f2" /tmp/good.fip
	tap_is "$(cat $CFS/nand/fip/b/state)" valid "$sh: the image written to fip2 (as RAUC's ubivol handler does): slot b valid"
	B get-state b
	tap_is "$(cat /tmp/out)" bad "$sh: rauc get-state b: still bad (the mark is kept)"
	B set-primary b
	tap_is "$rc" 0 "$sh: rauc set-primary b: exit 0"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/err)"
	tap_is "$(cat $CFS/nand/fip/active) $(volname "$f2")" "b fip" "$sh: ... the module's active is b, volume $f2 is named fip"
	$MTKBM doctor > /tmp/doc 2>&1
	tap_ok "$sh: ... doctor: the board boots from volume id $f2" sh -c "[ $? = 0 ] && grep -q '^fip: UBI volume \"fip\" (id $f2' /tmp/doc"
	B get-primary
	tap_is "$(cat /tmp/out)" b "$sh: rauc get-primary: b"
	B get-state b
	tap_ok "$sh: rauc get-state b: good (set-primary cleared the mark)" sh -c "[ \"\$(cat /tmp/out)\" = good ] && ! grep -q 'nand b' $MTKBM_RAUC_STATE"
	B get-current
	tap_is "$(cat /tmp/out)" a "$sh: rauc get-current: still a (this boot came from a)"
	echo "0000-stale nand b" > /tmp/rauc/run/rauc-booted
	B get-current
	tap_ok "$sh: rauc get-current with another boot's record: the active slot, recorded anew" sh -c "[ \"\$(cat /tmp/out)\" = b ] && grep -q \"^\$(cat /proc/sys/kernel/random/boot_id) nand b\$\" /tmp/rauc/run/rauc-booted"
	mb=$(media_sum)
	B set-state a bad
	tap_ok "$sh: rauc set-state a bad (not primary): exit 0, get-state a bad" sh -c "[ $rc = 0 ] && $sh $R get-state a | grep -qx bad && [ \"\$(cat $CFS/nand/fip/active)\" = b ]"
	B set-state b bad
	tap_ok "$sh: rauc set-state b bad (primary, a marked bad): refused, nothing written" sh -c "[ $rc != 0 ] && grep -q 'no other FIP slot' /tmp/err && [ \"\$(cat $CFS/nand/fip/active)\" = b ] && ! grep -q 'nand b' $MTKBM_RAUC_STATE"
	B set-state a good
	tap_ok "$sh: rauc set-state a good: exit 0, get-state a good" sh -c "[ $rc = 0 ] && $sh $R get-state a | grep -qx good && ! grep -q 'nand a' $MTKBM_RAUC_STATE"
	tap_is "$(media_sum)" "$mb" "$sh: marking good or bad alone wrote nothing to the media"
	B set-state b bad
	tap_is "$rc" 0 "$sh: rauc set-state b bad (primary): exit 0"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/err)"
	tap_ok "$sh: ... switched to a: active a, volume $f1 named fip, b marked bad" sh -c "[ \"\$(cat $CFS/nand/fip/active)\" = a ] && [ \"\$(cat /sys/class/ubi/ubi0_$f1/name)\" = fip ] && grep -qx 'nand b bad' $MTKBM_RAUC_STATE"
	$MTKBM doctor > /tmp/doc 2>&1
	tap_ok "$sh: ... doctor: the board boots from volume id $f1" sh -c "[ $? = 0 ] && grep -q '^fip: UBI volume \"fip\" (id $f1' /tmp/doc"
	B get-state b
	tap_is "$(cat /tmp/out)" bad "$sh: rauc get-state b: bad"
	B get-primary
	tap_is "$(cat /tmp/out)" a "$sh: rauc get-primary: a"
	B set-primary a
	tap_ok "$sh: rauc set-primary of the primary: exit 0, nothing switched" sh -c "[ $rc = 0 ] && [ \"\$(cat /sys/class/ubi/ubi0_$f1/name)\" = fip ]"
	tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "$sh: no temporary directory left behind"
done
unset MTKBM MTKBM_RAUC_STATE MTKBM_RUNDIR

# ---------------------------------------------------------- sysupgrade
# OpenWrt's call sequence, as models (selftests/lib/openwrt/README):
# sysupgrade validates (validate_firmware_image sources /lib/upgrade/*.sh
# and calls platform_check_image), procd validates again, stage 2 flashes
OM=/mnt/src/selftests/lib/openwrt
UP=/tmp/up/lib/upgrade
mkdir -p $UP
cat > $UP/platform.sh << 'EOF'
platform_check_image() { echo "check $1" >> /tmp/up/calls; return "${CHECK_RC:-0}"; }
platform_do_upgrade() { echo "upgrade $1" >> /tmp/up/calls; return 0; }
EOF
cp "$HOOK" $UP/zz-mtk-bootmedia.sh
cat > /tmp/up/prelude << 'EOF'
logger() { echo "$*" >> /tmp/logger.out; }
modprobe() {
	if [ "$1" = mtk_bootmedia ] && [ -n "$MTKBM_BOARD_OVERRIDE" ]; then
		command modprobe "$@" board="$MTKBM_BOARD_OVERRIDE"
	else
		command modprobe "$@"
	fi
}
EOF
# the settings (UCI) the helper reads, as shipped
cp $S/openwrt/mtk-bootmedia.config /tmp/up/uci
export MTKBM_UCI=/tmp/up/uci MTKBM_PLATFORM_SH=$UP/platform.sh
uci_set() { # KEY VALUE
	sed -i "s/^\(\toption $1 \).*/\1'$2'/" /tmp/up/uci
}
SU() { # [-F] IMAGE: the sysupgrade model under $sh, output in /tmp/out
	rm -f /tmp/up/calls
	if [ "$1" = -F ]; then set -- -F $UP "$2"; else set -- $UP "$1"; fi
	# shellcheck disable=SC2086
	MODEL_SH="$sh" $sh $OM/sysupgrade "$@" > /tmp/out 2>&1
	rc=$?
}
calls() { tr '\n' ';' < /tmp/up/calls 2> /dev/null; }
for sh in dash "busybox ash"; do
	export MTKBM="/tmp/mtkbm-${sh#busybox }"
	SU /tmp/img
	tap_ok "$sh: sysupgrade on a healthy board: validated twice (sysupgrade, procd), flashed by the platform's own platform_do_upgrade" \
		sh -c "[ $rc = 0 ] && [ '$(calls)' = 'check /tmp/img;check /tmp/img;upgrade /tmp/img;' ]"
	tap_ok "$sh: ... the named test result mtk_bootmedia_boot_media true, image valid" \
		sh -c "grep -qx 'sysupgrade: test mtk_bootmedia_boot_media=1' /tmp/out && grep -qx 'procd: valid=1' /tmp/out"
	export CHECK_RC=1
	SU /tmp/img
	unset CHECK_RC
	tap_ok "$sh: the platform's own check failing: refused, not flashed" \
		sh -c "[ $rc = 1 ] && [ '$(calls)' = 'check /tmp/img;' ] && grep -q 'Image check failed' /tmp/out"
	export MTKBM_BOOTMODEL=/tmp/oldmodel
	SU /tmp/img
	unset MTKBM_BOOTMODEL
	tap_ok "$sh: doctor cannot decide (no live boot model): goes on, says so" \
		sh -c "[ $rc = 0 ] && grep -q 'NOT CHECKED (doctor exit 3)' /tmp/out"

	ubirename /dev/ubi0 fip fipgone
	before=$(media_sum)
	SU /tmp/img
	tap_ok "$sh: fip renamed away: refused, not flashed" sh -c "[ $rc = 1 ] && ! grep -q upgrade /tmp/up/calls"
	tap_ok "$sh: ... test result mtk_bootmedia_boot_media false, image not forceable" \
		sh -c "grep -qx 'sysupgrade: test mtk_bootmedia_boot_media=0' /tmp/out && grep -qx 'sysupgrade: forceable=0' /tmp/out"
	tap_ok "$sh: ... with doctor's reason and the dedicated override, never -F" \
		sh -c "grep -q 'WOULD NOT BOOT' /tmp/out && grep -q 'reason:.*fip' /tmp/out && grep -q 'upgrade_override=1' /tmp/out && ! grep -q -- '-F' /tmp/out"
	SU -F /tmp/img
	tap_ok "$sh: sysupgrade -F does not get past it" sh -c "[ $rc = 1 ] && ! grep -q upgrade /tmp/up/calls"
	uci_set upgrade_override 1
	SU /tmp/img
	tap_ok "$sh: upgrade_override=1 (UCI): goes on, says so, flashed" \
		sh -c "[ $rc = 0 ] && grep -q 'overridden' /tmp/out && grep -qx 'upgrade /tmp/img' /tmp/up/calls"
	uci_set upgrade_override 0
	uci_set upgrade_check 0
	SU /tmp/img
	tap_ok "$sh: upgrade_check=0 (UCI): no check, flashed" \
		sh -c "[ $rc = 0 ] && ! grep -q 'mtk_bootmedia' /tmp/out && grep -qx 'upgrade /tmp/img' /tmp/up/calls"
	uci_set upgrade_check 1
	# a doctor that never returns: bounded by upgrade_timeout
	# shellcheck disable=SC2016 # expanded by the stub
	printf '#!/bin/sh\n[ "$1" = doctor ] && exec sleep 300\nexec %s "$@"\n' "$MTKBM" > /tmp/up/hang
	chmod +x /tmp/up/hang
	uci_set upgrade_timeout 3
	t0=$(date +%s)
	MTKBM=/tmp/up/hang SU /tmp/img
	t1=$(date +%s)
	uci_set upgrade_timeout 60
	tap_ok "$sh: a doctor that hangs is stopped after upgrade_timeout (3 s): goes on, says so" \
		sh -c "[ $rc = 0 ] && [ $((t1 - t0)) -lt 20 ] && grep -q 'did not finish in 3 s' /tmp/out"
	tap_is "$(media_sum)" "$before" "$sh: the hook wrote nothing to the media"
	ubirename /dev/ubi0 fipgone fip
done
unset MTKBM_PLATFORM_SH

# ------------------------------------------------------ init and hotplug
# rc.common and hotplug-call as models (selftests/lib/openwrt/README)
mkdir -p /tmp/up/hotplug.d/block
cp $S/openwrt/mtk-bootmedia.hotplug /tmp/up/hotplug.d/block/50-mtk-bootmedia
export MODEL_PRELUDE=/tmp/up/prelude
INIT() { # ACTION: the init script through the rc.common model under $sh
	# shellcheck disable=SC2086
	$sh $OM/rc-common $S/openwrt/mtk-bootmedia.init "$@" > /tmp/out 2>&1
}
hotplug() { # ACTION DEVNAME [MTKBM_BOARDS]
	# shellcheck disable=SC2086
	env ACTION="$1" DEVNAME="$2" ${3:+MTKBM_BOARDS=$3} $sh $OM/hotplug-call /tmp/up/hotplug.d/block
}
tap_ok "the init script is a plain rc.common one-shot (no USE_PROCD), START=11" \
	sh -c "! grep -q '^[^#]*USE_PROCD' $S/openwrt/mtk-bootmedia.init && grep -qx 'START=11' $S/openwrt/mtk-bootmedia.init"
for sh in dash "busybox ash"; do
	export MTKBM="/tmp/mtkbm-${sh#busybox }"
	tap_ok "$sh: the tree removed" teardown
	rmmod mtk_bootmedia
	tap_fails "$sh: mtk_bootmedia unloaded" test -d /sys/module/mtk_bootmedia
	rm -f /tmp/logger.out
	INIT boot
	tap_is "$?" 0 "$sh: init boot (rc.common runs start): exit 0"
	tap_ok "$sh: ... loaded the module" test -d $CFS -a -d /sys/module/mtk_bootmedia
	tap_ok "$sh: ... bound and protected every medium (force_ro 1)" all_protected
	tap_ok "$sh: ... set up the FIP slots a and b" test -d $CFS/nand/fip/a -a -d $CFS/nand/fip/b
	INIT status
	tap_ok "$sh: init status (EXTRA_COMMANDS): exit 0, the board boots" sh -c "[ $? = 0 ] && grep -q '^next boot: boots' /tmp/out"
	MTKBM_BOARDS=/tmp/noboards INIT start
	tap_ok "$sh: init start failing: exit 1 through rc.common, logged and printed with the reason" \
		sh -c "[ $? = 1 ] && grep -q 'setup failed: .*no profile' /tmp/logger.out && grep -q 'setup failed: .*no profile' /tmp/out"

	tap_ok "$sh: the tree removed again" teardown
	rm -f /tmp/logger.out
	hotplug remove mmcblk0boot0
	tap_ok "$sh: hotplug remove: exit 0, nothing set up" sh -c "[ $? = 0 ] && [ -z \"\$(ls $CFS)\" ]"
	hotplug add mmcblk0
	tap_ok "$sh: hotplug add mmcblk0 (not a boot area): nothing set up" sh -c "[ $? = 0 ] && [ -z \"\$(ls $CFS)\" ]"
	hotplug add mmcblk0boot0 /tmp/noboards
	tap_ok "$sh: hotplug add with setup failing: exit 0, logged with the device" sh -c "[ $? = 0 ] && grep -q 'setup for mmcblk0boot0 failed' /tmp/logger.out"
	hotplug add mmcblk0boot0
	tap_is "$?" 0 "$sh: hotplug add mmcblk0boot0: exit 0"
	tap_ok "$sh: ... every medium bound and protected (force_ro 1)" all_protected
	# init and hotplug at the same time: the helper's lock serialises them
	tap_ok "$sh: the tree removed once more" teardown
	rm -f /tmp/logger.out
	INIT boot & p1=$!
	hotplug add mmcblk0boot0 & p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	tap_ok "$sh: init boot and a hotplug event at once: both exit 0, nothing logged" \
		sh -c "[ $r1 = 0 ] && [ $r2 = 0 ] && [ ! -s /tmp/logger.out ]"
	tap_ok "$sh: ... every medium bound and protected" all_protected
done
unset MTKBM MODEL_PRELUDE

# ----------------------------------------------------------------- udev
RULES=$S/udev/90-mtk-bootmedia.rules
awk '
/^[ \t]*(#|$)/ { next }
{
	line = $0
	while (line != "") {
		if (!match(line, /^[A-Z_]+(\{[A-Za-z0-9_]+\})?(==|!=|\+=|-=|:=|=)"[^"]*"/)) { print "line " NR ": cannot parse: " line; bad = 1; next }
		tok = substr(line, 1, RLENGTH)
		line = substr(line, RLENGTH + 1)
		sub(/^,[ \t]*/, "", line)
		key = tok
		sub(/[!=+:{-].*/, "", key)
		if (key !~ /^(ACTION|SUBSYSTEM|KERNEL|GOTO|LABEL|TAG|ENV|RUN)$/) { print "line " NR ": unknown key " key; bad = 1 }
		val = tok
		sub(/^[^"]*"/, "", val)
		sub(/"$/, "", val)
		if (key == "GOTO") gotos[val] = NR
		if (key == "LABEL") labels[val] = NR
	}
}
END {
	for (g in gotos) if (!(g in labels)) { print "GOTO " g " has no LABEL"; bad = 1 }
	exit bad
}' "$RULES" > /tmp/out 2>&1
tap_ok "udev rule: every line parses, known keys, every GOTO has its LABEL" sh -c "[ $? = 0 ]"
[ -s /tmp/out ] && tap_diag "$(cat /tmp/out)"
# the SUBSYSTEM/KERNEL==/KERNEL!= triples that lead to the run label
awk -F', *' '/^SUBSYSTEM==/ && /GOTO="mtk_bootmedia_run"/ {
	s = $1; k = $2; x = "-"; sub(/^SUBSYSTEM=="/, "", s); sub(/"$/, "", s); sub(/^KERNEL=="/, "", k); sub(/"$/, "", k)
	if ($3 ~ /^KERNEL!=/) { x = $3; sub(/^KERNEL!="/, "", x); sub(/"$/, "", x) }
	print s, k, x }' "$RULES" > /tmp/udev.match
matches() { # SUBSYSTEM NAME: the rule would act on it
	while read -r _s _k _x; do
		[ "$_s" = "$1" ] || continue
		# shellcheck disable=SC2254 # the globs are the point
		case $2 in $_x) continue ;; esac
		# shellcheck disable=SC2254
		case $2 in $_k) return 0 ;; esac
	done < /tmp/udev.match
	return 1
}
tap_ok "udev rule acts on the UBI device ubi0" matches ubi ubi0
tap_fails "... not on its volumes (ubi0_0: udev fires once per volume)" matches ubi ubi0_0
tap_fails "... not on the read-only MTD twins (mtd0ro)" matches mtd mtd0ro
miss=''
for d in /sys/class/mtd/mtd[0-9]*; do
	case ${d##*/} in *ro) continue ;; esac
	matches mtd "${d##*/}" || miss="$miss ${d##*/}"
done
tap_is "$miss" "" "... on every MTD device of the guest"
tap_fails "... not on the whole eMMC disk mmcblk0" matches block mmcblk0
tap_fails "... not on a GPT partition mmcblk0p1" matches block mmcblk0p1
tap_fails "... not on boot1 (boot0 comes with it)" matches block mmcblk0boot1
if [ -n "$emmc" ]; then
	tap_ok "... on mmcblk0boot0 of this guest" matches block mmcblk0boot0
fi
tap_ok "udev rule: ACTION add only, hands over to mtk-bootmedia.service" sh -c "grep -q '^ACTION!=\"add\", GOTO=\"mtk_bootmedia_end\"' $RULES && grep -q 'ENV{SYSTEMD_WANTS}+=\"mtk-bootmedia.service\"' $RULES && test -f $S/systemd/mtk-bootmedia.service"
cmd=$(sed -n 's/^ExecStart=//p' $S/systemd/mtk-bootmedia.service)
tap_is "$cmd" "/usr/sbin/mtk-bootmedia --quiet setup" "the service runs the helper from its install path"
# install as the admin guide says, then run that command line by hand
mkdir -p /usr/sbin /usr/share/mtk-bootmedia/boards /usr/lib/mtk-bootmedia
cp "$H" /usr/sbin/mtk-bootmedia
cp $S/lib/mtk-bootmedia/*.sh /usr/lib/mtk-bootmedia/
cp $S/boards/*.profile /usr/share/mtk-bootmedia/boards/
chmod +x /usr/sbin/mtk-bootmedia
for sh in dash "busybox ash"; do
	tap_ok "$sh: the tree removed" teardown
	# shellcheck disable=SC2086
	$sh $cmd > /tmp/out 2>&1
	tap_ok "$sh: '$cmd' from the install path: exit 0, quiet" sh -c "[ $? = 0 ] && [ ! -s /tmp/out ]"
	tap_ok "$sh: ... every medium bound and protected" all_protected
done
$cmd > /tmp/out 2>&1
tap_ok "'$cmd' again (a second device event): exit 0, nothing to do" sh -c "[ $? = 0 ] && [ ! -s /tmp/out ] && [ -d $CFS/nand/fip/b ]"
tap_done
