#!/bin/sh
# board: bpi-r3mini e8450
# timeout: 900
# The helper's integration scripts under dash and busybox ash, each on the
# live media with the module and the boot model:
# - scripts/rauc/mtk-bootmedia-rauc (RAUC custom backend): every verb with
#   good and bad input; set-primary switches the FIP slot (the module's
#   active, the volume named fip, doctor); bad marks are kept in the state
#   file, get-current is the slot of this boot; refusals exit non-zero with
#   the reason and write nothing (media, UBI names, state file);
# - scripts/openwrt/mtk-bootmedia.sysupgrade sourced with a stub
#   platform.sh: a healthy board goes on, an unbootable one (fip renamed
#   away) is refused with doctor's reason, -F and the force file go on,
#   stage 2 holds the reboot until the force flag; nothing written;
# - scripts/openwrt/mtk-bootmedia.{init,hotplug} without procd: the module
#   unloaded, start_service loads it, binds and protects; hotplug runs setup
#   only for an added mmcblkNboot0; failures go to logger (a stub);
# - scripts/udev/90-mtk-bootmedia.rules parsed (no udevadm in the guest):
#   keys, operators, labels, which guest devices it matches; the command of
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
tap_plan 150

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

dash "$H" --quiet setup --create-slots > /tmp/out 2>&1
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
cat > /tmp/up/platform.sh << 'EOF'
platform_check_image() { echo "check $1" >> /tmp/up/calls; return "${CHECK_RC:-0}"; }
platform_do_upgrade() { echo "upgrade $1" >> /tmp/up/calls; return 0; }
EOF
cat > /tmp/up/drive.sh << EOF
logger() { echo "\$*" >> /tmp/logger.out; }
vars() { echo "\$RAMFS_COPY_BIN|\$RAMFS_COPY_DATA"; }
RAMFS_COPY_BIN=/usr/bin/x
. $HOOK
FORCE=\$1
shift
"\$@"
EOF
U() { # FORCE FUNCTION ARGS...: the hook sourced under $sh
	rm -f /tmp/up/calls /tmp/logger.out
	# shellcheck disable=SC2086
	MTKBM=$MTKBM MTKBM_PLATFORM_SH=/tmp/up/platform.sh $sh /tmp/up/drive.sh "$@" > /tmp/out 2>&1
	rc=$?
}
for sh in dash "busybox ash"; do
	MTKBM="/tmp/mtkbm-${sh#busybox }"
	rm -f /tmp/mtk-bootmedia.force-upgrade /etc/mtk-bootmedia/force-upgrade
	before=$(media_sum)
	U 0 platform_check_image /tmp/img
	tap_ok "$sh: sysupgrade stage 1 on a healthy board: exit 0, platform check ran" sh -c "[ $rc = 0 ] && grep -qx 'check /tmp/img' /tmp/up/calls && ! grep -q refusing /tmp/out"
	U 0 vars
	tap_ok "$sh: the helper and the boot model are kept for stage 2" sh -c "grep -qx '/usr/bin/x $MTKBM /usr/lib/mtk-bootmedia/bootmodel|/usr/share/mtk-bootmedia/boards' /tmp/out"
	export CHECK_RC=1
	U 0 platform_check_image /tmp/img
	unset CHECK_RC
	tap_ok "$sh: the platform's own check failing: exit 1" sh -c "[ $rc = 1 ] && grep -qx 'check /tmp/img' /tmp/up/calls"
	export MTKBM_BOOTMODEL=/tmp/oldmodel
	U 0 platform_check_image /tmp/img
	unset MTKBM_BOOTMODEL
	tap_ok "$sh: doctor cannot decide (no live boot model): goes on, says so" sh -c "[ $rc = 0 ] && grep -q 'could not be checked (doctor exit 3)' /tmp/out"
	U 0 platform_do_upgrade /tmp/img
	tap_ok "$sh: stage 2 on a healthy board: flashes, exit 0" sh -c "[ $rc = 0 ] && grep -qx 'upgrade /tmp/img' /tmp/up/calls"

	ubirename /dev/ubi0 fip fipgone
	before=$(media_sum)
	U 0 platform_check_image /tmp/img
	tap_is "$rc" 1 "$sh: stage 1, fip renamed away: exit 1"
	tap_ok "$sh: ... with doctor's reason and the way out" sh -c "grep -q 'THIS BOARD WOULD NOT BOOT' /tmp/out && grep -q '^reason:.*fip' /tmp/out && grep -q 'refusing to upgrade' /tmp/out && grep -q 'sysupgrade -F' /tmp/out"
	tap_ok "$sh: ... logged" grep -q 'WOULD NOT BOOT' /tmp/logger.out
	U 1 platform_check_image /tmp/img
	tap_ok "$sh: stage 1 with -F (FORCE=1): exit 0, override said, flag for stage 2" sh -c "[ $rc = 0 ] && grep -q 'override given' /tmp/out && [ -e /tmp/mtk-bootmedia.force-upgrade ]"
	U 0 platform_check_image /tmp/img
	tap_ok "$sh: without -F again: exit 1, the flag removed" sh -c "[ $rc = 1 ] && [ ! -e /tmp/mtk-bootmedia.force-upgrade ]"
	mkdir -p /etc/mtk-bootmedia
	touch /etc/mtk-bootmedia/force-upgrade
	U 0 platform_check_image /tmp/img
	tap_ok "$sh: /etc/mtk-bootmedia/force-upgrade: exit 0, override said" sh -c "[ $rc = 0 ] && grep -q 'override given' /tmp/out"
	rm -f /etc/mtk-bootmedia/force-upgrade /tmp/mtk-bootmedia.force-upgrade
	rm -f /tmp/up/calls
	MTKBM=$MTKBM MTKBM_PLATFORM_SH=/tmp/up/platform.sh $sh /tmp/up/drive.sh 0 platform_do_upgrade /tmp/img > /tmp/out2 2>&1 &
	pid=$!
	sleep 4
	tap_ok "$sh: stage 2 on the broken board: flashed, holds the reboot, says why" sh -c "kill -0 $pid && grep -qx 'upgrade /tmp/img' /tmp/up/calls && grep -q 'refusing to reboot' /tmp/out2"
	touch /tmp/mtk-bootmedia.force-upgrade
	n=0
	while kill -0 "$pid" 2>/dev/null && [ "$n" -lt 30 ]; do
		sleep 1
		n=$((n + 1))
	done
	wait "$pid"
	tap_ok "$sh: ... the force flag releases it, exit 0" sh -c "[ $? = 0 ] && [ $n -lt 30 ]"
	rm -f /tmp/mtk-bootmedia.force-upgrade
	tap_is "$(media_sum)" "$before" "$sh: the hook wrote nothing to the media"
	ubirename /dev/ubi0 fipgone fip
done

# ------------------------------------------------------ init and hotplug
cat > /tmp/up/init.sh << EOF
logger() { echo "\$*" >> /tmp/logger.out; }
modprobe() {
	if [ "\$1" = mtk_bootmedia ] && [ -n "\$MTKBM_BOARD_OVERRIDE" ]; then
		command modprobe "\$@" board="\$MTKBM_BOARD_OVERRIDE"
	else
		command modprobe "\$@"
	fi
}
. $S/openwrt/mtk-bootmedia.init
"\$@"
EOF
# OpenWrt's hotplug-call sources each script in a subshell, with logger a
# command (busybox ash runs its own applet before PATH: a function here)
hotplug() { # ACTION DEVNAME [MTKBM_BOARDS]
	# shellcheck disable=SC2016,SC2086
	env ACTION="$1" DEVNAME="$2" ${3:+MTKBM_BOARDS=$3} $sh -c 'logger() { echo "$*" >> /tmp/logger.out; }; ( . "$0" )' $S/openwrt/mtk-bootmedia.hotplug
}
for sh in dash "busybox ash"; do
	export MTKBM="/tmp/mtkbm-${sh#busybox }"
	tap_ok "$sh: the tree removed" teardown
	rmmod mtk_bootmedia
	tap_fails "$sh: mtk_bootmedia unloaded" test -d /sys/module/mtk_bootmedia
	rm -f /tmp/logger.out
	$sh /tmp/up/init.sh start_service > /tmp/out 2>&1
	tap_is "$?" 0 "$sh: init start_service: exit 0"
	tap_ok "$sh: ... loaded the module" test -d $CFS -a -d /sys/module/mtk_bootmedia
	tap_ok "$sh: ... bound and protected every medium (force_ro 1)" all_protected
	tap_ok "$sh: ... set up the FIP slots a and b" test -d $CFS/nand/fip/a -a -d $CFS/nand/fip/b
	$sh /tmp/up/init.sh status > /tmp/out 2>&1
	tap_ok "$sh: init status: exit 0, the board boots" sh -c "[ $? = 0 ] && grep -q '^next boot: boots' /tmp/out"
	MTKBM_BOARDS=/tmp/noboards $sh /tmp/up/init.sh start_service > /tmp/out 2>&1
	tap_ok "$sh: init start_service failing: exit 1, logged with the reason" sh -c "[ $? = 1 ] && grep -q 'setup failed: .*no profile' /tmp/logger.out"

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
done
unset MTKBM

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
# the SUBSYSTEM/KERNEL pairs that lead to the run label
awk -F', *' '/^SUBSYSTEM==/ && /GOTO="mtk_bootmedia_run"/ {
	s = $1; k = $2; sub(/^SUBSYSTEM=="/, "", s); sub(/"$/, "", s); sub(/^KERNEL=="/, "", k); sub(/"$/, "", k); print s, k }' "$RULES" > /tmp/udev.match
matches() { # SUBSYSTEM NAME: the rule would act on it
	while read -r _s _k; do
		[ "$_s" = "$1" ] || continue
		# shellcheck disable=SC2254 # the glob is the point
		case $2 in $_k) return 0 ;; esac
	done < /tmp/udev.match
	return 1
}
tap_ok "udev rule acts on the UBI device ubi0" matches ubi ubi0
miss=''
for d in /sys/class/mtd/mtd[0-9]*; do
	matches mtd "${d##*/}" || miss="$miss ${d##*/}"
done
tap_is "$miss" "" "... on every MTD device of the guest"
tap_fails "... not on the whole eMMC disk mmcblk0" matches block mmcblk0
tap_fails "... not on a GPT partition mmcblk0p1" matches block mmcblk0p1
tap_fails "... not on boot1 (boot0 comes with it)" matches block mmcblk0boot1
if [ -b /dev/mmcblk0boot0 ]; then
	tap_ok "... on mmcblk0boot0 of this guest" matches block mmcblk0boot0
else
	tap_skip "... on mmcblk0boot0" "board $MTKBM_BOARD has no eMMC"
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
