#!/bin/sh
# board: bpi-r3mini e8450
# board@arm64-6.12: bpi-r3mini
# targets: x86_64-6.1 arm64-6.12
# timeout: 900
# mtk-bootmedia check, install, activate and setup --create-slots under
# dash and busybox ash, against the module's switch engines: check says yes
# or no (exit 0/1) and writes nothing; an image for another board (an R3
# FIP offered to an R3 Mini) is refused by install with exit 4 and the
# media stay byte for byte the same; BL2 goes to every ROM copy with
# progress shown; the FIP goes to the inactive static UBI volume (fip2,
# created by setup --create-slots with an id below 16; a dynamic fip2 is
# refused) through ubiupdatevol and ubirename; activate switches back;
# doctor agrees after each step.
# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
H=/mnt/src/scripts/mtk-bootmedia
CFS=/sys/kernel/config/mtk-bootmedia
# the 10 eMMC checks only on a board with an eMMC (not skipped in every
# run of a board without one)
nemmc=0
[ ! -b /dev/mmcblk0 ] || nemmc=10
tap_plan $((83 + nemmc))
openwrt_userland x86_64-6.1

run() { # SHELL ARGS...: exit status in $rc, output in /tmp/out
	_sh=$1
	shift
	# shellcheck disable=SC2086
	$_sh "$H" "$@" > /tmp/out 2>&1
	rc=$?
}
# shellcheck disable=SC2317 # called through tap_ok
has() { grep -q -- "$1" /tmp/out; }
# everything the boot chain reads, and the UBI erase counters
media_sum() {
	{
		cat /dev/mtd0 /dev/mtd1
		cat /sys/class/ubi/ubi0/max_ec /sys/class/ubi/ubi0/avail_eraseblocks
		for v in /sys/class/ubi/ubi0_*; do cat "$v/name" "$v/data_bytes"; done
	} | sha256sum
}
volname() { # VOL-ID
	cat "/sys/class/ubi/ubi0_$1/name"
}

M=/mnt/media
fip=$M/$(profile_get ubi.vol | awk '$1 == "fip" { print $5 }')
bl2=$M/$(profile_get nand.write | awk '{ print $3; exit }')
case $MTKBM_BOARD in
bpi-r3mini) other_fip=$M/fip-bpi-r3-snand.fip other_bl2=$M/bl2-snand-2k64.img ;;
*) other_fip=$M/fip-bpi-r3mini-snand.fip other_bl2=$M/bl2-spim-nand-2k64.img ;;
esac
cp "$fip" /tmp/good.fip
head -c 300000 /dev/urandom > /tmp/random.bin
: > /tmp/empty.bin

run dash setup
tap_is "$rc" 0 "setup binds the media"
tap_is "$(cat $CFS/nand/fip/switch)" ubi "setup wrote switch ubi from the profile"
tap_is "$(cat $CFS/nand/bl2/switch)" rom-copies "setup wrote switch rom-copies from the profile"

for sh in dash "busybox ash"; do
	before=$(media_sum)
	run "$sh" check /tmp/good.fip
	tap_ok "$sh: check of the board's FIP: exit 0, ok" sh -c "[ $rc = 0 ] && grep -q '^ok: FIP' /tmp/out"
	run "$sh" check "$other_fip"
	tap_ok "$sh: check of another board's FIP: exit 1 naming the board" sh -c "[ $rc = 1 ] && grep -q 'this board is' /tmp/out"
	run "$sh" check /tmp/random.bin
	tap_is "$rc" 1 "$sh: check of random bytes: exit 1"
	run "$sh" check /tmp/empty.bin
	tap_is "$rc" 1 "$sh: check of an empty file: exit 1"
	run "$sh" check "$bl2"
	tap_ok "$sh: check of the board's BL2: exit 0, the module's and the boot model's yes" sh -c \
		"[ $rc = 0 ] && grep -q '^ok: BL2 (' /tmp/out && grep -q 'BL2 for $MTKBM_BOARD runs from SPI-NAND' /tmp/out"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run "$sh" check "$other_bl2"
	tap_ok "$sh: check of another SoC's BL2: exit 1, nothing written" sh -c "[ $rc = 1 ] && grep -q 'nothing written' /tmp/out"
	run "$sh" check /tmp/good.fip --medium
	tap_is "$rc" 2 "$sh: check --medium without a name: exit 2"
	run "$sh" --yes install fip "$other_fip"
	tap_ok "$sh: install of another board's FIP: exit 4, nothing written" sh -c "[ $rc = 4 ] && grep -q 'nothing written' /tmp/out"
	run "$sh" --yes install bl2 "$other_bl2"
	tap_is "$rc" 4 "$sh: install of another SoC's BL2: exit 4"
	run "$sh" --yes install bl2 /tmp/good.fip
	tap_is "$rc" 4 "$sh: install bl2 of a FIP: exit 4"
	run "$sh" install bl2 "$bl2" < /dev/null
	tap_ok "$sh: install without --yes off a terminal: exit 2" sh -c "[ $rc = 2 ] && grep -q -- '--yes' /tmp/out"
	tap_is "$(media_sum)" "$before" "$sh: the refused images left every byte and counter as it was"
	run "$sh" activate fip c
	tap_is "$rc" 2 "$sh: activate of a slot that does not exist: exit 2"
	run "$sh" activate nosuch a
	tap_is "$rc" 2 "$sh: activate of a component that does not exist: exit 2"
	run "$sh" --yes activate bl2 b
	tap_ok "$sh: activate of a rom-copies component: exit 1, nothing to switch" sh -c "[ $rc = 1 ] && grep -q 'nothing to switch' /tmp/out"
done

run dash --yes install bl2 "$bl2"
tap_is "$rc" 0 "install bl2: exit 0"
tap_ok "install bl2: progress shown" grep -q '100%' /tmp/out
tap_ok "install bl2: written and read back" grep -q 'ok: stage all' /tmp/out
for s in a b c d; do
	tap_is "$(cat $CFS/nand/bl2/$s/state)" valid "BL2 copy $s valid after install"
done

# no fip2 yet: install needs the B slot
run dash --yes install fip /tmp/good.fip
tap_ok "install fip without a fip2 volume: exit 1, says setup --create-slots" sh -c "[ $rc = 1 ] && grep -q 'create-slots' /tmp/out"
# a dynamic fip2 (made by hand, or left by an old layout): BL2 skips
# dynamic volumes, so install and setup --create-slots refuse it
for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip ] && flebs=$(cat "$v/reserved_ebs"); done
ubimkvol /dev/ubi0 -N fip2 -t dynamic -S "$flebs" > /dev/null
echo 0 > $CFS/nand/enable
run dash setup
before=$(media_sum)
run dash --yes install fip /tmp/good.fip
tap_ok "install fip into a dynamic fip2: exit 1, says dynamic, names ubirmvol" sh -c \
	"[ $rc = 1 ] && grep -q 'volume fip2 (id [0-9]*) is dynamic' /tmp/out && grep -q 'ubirmvol /dev/ubi0 -N fip2' /tmp/out"
run dash --yes setup --create-slots
tap_ok "setup --create-slots with a dynamic fip2: exit 1, says so" sh -c "[ $rc = 1 ] && grep -q 'fip2 exists but is dynamic' /tmp/out"
tap_is "$(media_sum)" "$before" "... and neither wrote anything"
ubirmvol /dev/ubi0 -N fip2 > /dev/null
echo 0 > $CFS/nand/enable
run dash setup
# no room in UBI for fip2: refused, nothing created
ubimkvol /dev/ubi0 -N filler -m > /dev/null 2>&1
gpt_before=$(cat /sys/class/block/*/uevent 2> /dev/null | grep -c '^PARTNAME=' || true)
run dash setup --create-slots < /dev/null
tap_ok "setup --create-slots without --yes off a terminal: exit 2, asks for --yes, creates nothing" \
	sh -c "[ $rc = 2 ] && grep -q -- '--yes' /tmp/out && ! grep -qx fip2 /sys/class/ubi/ubi0_*/name && [ \"\$(cat /sys/class/block/*/uevent 2> /dev/null | grep -c '^PARTNAME=')\" = $gpt_before ]"
run dash --yes setup --create-slots
tap_ok "setup --create-slots without room: exit 1, says no room" sh -c "[ $rc = 1 ] && grep -q 'no room' /tmp/out"
tap_ok "... and creates nothing" sh -c "! grep -qx fip2 /sys/class/ubi/ubi0_*/name && [ \"\$(cat /sys/class/block/*/uevent 2> /dev/null | grep -c '^PARTNAME=')\" = $gpt_before ]"
ubirmvol /dev/ubi0 -N filler > /dev/null 2>&1
run "busybox ash" --yes setup --create-slots
tap_is "$rc" 0 "setup --create-slots: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
f2=''
for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip2 ] && f2=${v##*_}; done
tap_ok "fip2 is a static UBI volume with an id below 16" sh -c "[ -n '$f2' ] && [ '$f2' -lt 16 ] && [ \"\$(cat /sys/class/ubi/ubi0_$f2/type)\" = static ]"
tap_ok "the module has slot b" test -d $CFS/nand/fip/b
tap_is "$(cat $CFS/nand/force_ro)" 1 "protected again after setup --create-slots"
run dash --yes setup --create-slots
tap_is "$rc" 0 "setup --create-slots again: nothing to do, exit 0"

f1=''
for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip ] && f1=${v##*_}; done
run "busybox ash" --yes install fip /tmp/good.fip
tap_is "$rc" 0 "install fip: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
# the module's re-check of the renamed volume (`result` waits for it:
# core-ubi.t, race=recheck)
tap_ok "install fip: reports the module's check after the rename" \
	grep -q "check after the rename: slot [a-z0-9]* (volume fip, id $f2) is active and valid" /tmp/out
tap_is "$(volname "$f2")" fip "the written volume (id $f2) is now named fip"
tap_is "$(volname "$f1")" fip2 "the old volume (id $f1) is now fip2"
tap_is "$(head -c "$(wc -c < /tmp/good.fip)" "/dev/ubi0_$f2" | sha256sum)" "$(sha256sum < /tmp/good.fip)" "the new fip holds the image"
# a write that does not read back as the image checked (here an
# ubiupdatevol that writes another valid FIP, as if the file changed after
# the check): install reads the slot once (info), refuses to switch
cp "${fip%.fip}-v2.fip" /tmp/v2.fip
mkdir -p /tmp/fakebin
cat > /tmp/fakebin/ubiupdatevol <<EOF
#!/bin/sh
for a do case \$a in /dev/ubi*) v=\$a ;; esac; done
exec $(command -v ubiupdatevol) "\$v" /tmp/v2.fip
EOF
chmod +x /tmp/fakebin/ubiupdatevol
opath=$PATH
PATH=/tmp/fakebin:$PATH
run "busybox ash" --yes install fip /tmp/good.fip
PATH=$opath
tap_ok "install whose write does not read back: exit 1, says so, not switching" sh -c \
	"[ $rc = 1 ] && grep -q 'slot a (volume fip2): it does not read back as the image checked (sha256 of its [0-9]* bytes differs); not switching, fip still boots' /tmp/out"
[ "$rc" = 1 ] || tap_diag "$(cat /tmp/out)"
tap_is "$(volname "$f2")" fip "... the volume named fip is still the one installed before (id $f2)"
tap_is "$(head -c "$(wc -c < /tmp/v2.fip)" "/dev/ubi0_$f1" | sha256sum)" "$(sha256sum < /tmp/v2.fip)" \
	"... fip2 (id $f1) holds what the fake ubiupdatevol wrote: the check read that"
run dash status
tap_ok "status: fip active b" grep -q '^  fip  *switch ubi  *active: b' /tmp/out
run dash doctor
tap_ok "doctor after install: boots from the volume id $f2" sh -c "[ $rc = 0 ] && grep -q \"^fip: UBI volume \\\"fip\\\" (id $f2\" /tmp/out"

run "busybox ash" --yes activate fip a
tap_is "$rc" 0 "activate fip a: exit 0"
tap_is "$(volname "$f1")" fip "activate a: volume $f1 named fip again"
run dash --yes activate fip a
tap_ok "activate of the active slot: exit 0, already active" sh -c "[ $rc = 0 ] && grep -q 'already active' /tmp/out"
run dash doctor
tap_is "$rc" 0 "doctor after activate a"
ubiupdatevol -t "/dev/ubi0_$f2"
run dash --yes activate fip b
tap_ok "activate of an empty slot: exit 1, refused" sh -c "[ $rc = 1 ] && [ \"\$(cat /sys/class/ubi/ubi0_$f1/name)\" = fip ]"
# two installs of different FIPs at once: one waits for the other (one
# writer at a time); each written volume holds the image its install
# checked and confirmed: the last one is fip, the first fip2
cp "${fip%.fip}-v2.fip" /tmp/v2.fip
# the first install's ubiupdatevol starts 1 s late, so that it holds the
# lock when the second starts (an install of a small FIP takes less than
# the 0.3 s between them)
mkdir -p /tmp/slowbin
printf '#!/bin/sh\nsleep 1\nexec %s "$@"\n' "$(command -v ubiupdatevol)" > /tmp/slowbin/ubiupdatevol
chmod +x /tmp/slowbin/ubiupdatevol
PATH=/tmp/slowbin:$PATH dash "$H" --yes install fip /tmp/good.fip > /tmp/out1 2>&1 &
p1=$!
sleep 0.3
dash "$H" --yes install fip /tmp/v2.fip > /tmp/out2 2>&1
rc2=$?
wait $p1
rc1=$?
tap_ok "two concurrent installs: both exit 0" sh -c "[ $rc1 = 0 ] && [ $rc2 = 0 ]"
[ "$rc1$rc2" = 00 ] || tap_diag "$(cat /tmp/out1 /tmp/out2)"
tap_ok "... one waited for the other" grep -q 'waiting for another' /tmp/out1 /tmp/out2
sa=$(sha256sum < /tmp/good.fip) sb=$(sha256sum < /tmp/v2.fip)
vsha() { # NAME: sha256 of the volume named NAME over its data bytes
	for v in /sys/class/ubi/ubi0_*; do
		[ "$(cat "$v/name")" = "$1" ] || continue
		head -c "$(cat "$v/data_bytes")" "/dev/${v##*/}" | sha256sum
	done
}
if grep -q 'waiting for another' /tmp/out2; then first=$sa last=$sb; else first=$sb last=$sa; fi
vf=$(vsha fip) vf2=$(vsha fip2)
tap_ok "... fip holds the image of the install that ran last, fip2 the other: each wrote what it confirmed" \
	sh -c "[ '$vf' = '$last' ] && [ '$vf2' = '$first' ]"
run dash doctor
tap_is "$rc" 0 "... doctor: boots"
# a reader of the inactive volume: UBI refuses the update (-EBUSY) while
# it is open; the helper tries again for up to 5 s (the module's re-check
# after a volume notification holds volumes open like this for a moment)
vid() { for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" != "$1" ] || echo "${v##*_}"; done; }
# hold VOLUME open (read-only) until FILE says the helper met it busy, or
# (FILE empty) until /tmp/release exists; 60 s at most
hold() { # VOLUME [FILE]
	: > /tmp/held
	(
		trap 'rm -f /tmp/held' EXIT
		exec 3< "/dev/ubi0_$(vid "$1")"
		rm -f /tmp/held
		i=0
		while [ $i -lt 300 ]; do
			if [ -n "${2:-}" ]; then grep -q 'volume is busy' "$2" 2> /dev/null && break
			else [ ! -e /tmp/release ] || break; fi
			sleep 0.2
			i=$((i + 1))
		done
	) &
	while [ -e /tmp/held ]; do sleep 0.1; done
}
rm -f /tmp/release /tmp/out
hold fip2 /tmp/out
run dash --yes install fip /tmp/good.fip
wait
tap_ok "install while a reader holds fip2: says busy, tries again, exit 0 once it is closed" sh -c "[ $rc = 0 ] && grep -q 'volume is busy' /tmp/out"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
a0=$(vid fip)
hold fip2
run dash --yes install fip /tmp/v2.fip
touch /tmp/release
wait
tap_ok "... held all the time: exit 1 after 5 s of tries, says busy, nothing switched" sh -c \
	"[ $rc = 1 ] && grep -q 'ubiupdatevol .* failed' /tmp/out && grep -q 'volume is busy' /tmp/out && [ '$(vid fip)' = '$a0' ]"
[ "$rc" = 1 ] || tap_diag "$(cat /tmp/out)"
# a FIP too large for the inactive volume: says so with both sizes
room=$(($(cat "/sys/class/ubi/ubi0_$f2/reserved_ebs") * $(cat "/sys/class/ubi/ubi0_$f2/usable_eb_size")))
head -c $((room + 4096)) /dev/zero | cat /tmp/good.fip - > /tmp/big.fip
run dash --yes install fip /tmp/big.fip
tap_ok "install of a FIP larger than its slot: exit 4 with both sizes" \
	sh -c "[ $rc = 4 ] && grep -q \"($(wc -c < /tmp/big.fip) bytes)\" /tmp/out && grep -Eq 'largest slot|larger than volume' /tmp/out"
[ "$rc" = 4 ] || tap_diag "$(cat /tmp/out)"
run dash --yes install fip /tmp/good.fip --force
tap_ok "install --force with switch ubi: refused (exit 2), nothing written" sh -c "[ $rc = 2 ] && grep -q 'force' /tmp/out"
run dash check --medium spi-nand /tmp/good.fip
tap_ok "check --medium spi-nand (the type name): exit 0" sh -c "[ $rc = 0 ] && grep -q '^ok: FIP' /tmp/out"
run dash check --medium usb /tmp/good.fip
tap_ok "check --medium usb: exit 2 listing the board's media" sh -c "[ $rc = 2 ] && grep -q 'media: nand (spi-nand)' /tmp/out"

# a dynamic volume named fip (an old layout, or made by hand): BL2 skips it,
# so the board does not boot now; install writes the static fip2, warns, and
# the rename makes it the fip BL2 loads
fid=''
for v in /sys/class/ubi/ubi0_*; do [ "$(cat "$v/name")" = fip ] && fid=${v##*_}; done
flebs=$(cat "/sys/class/ubi/ubi0_$fid/reserved_ebs")
ubirmvol /dev/ubi0 -n "$fid" > /dev/null
ubimkvol /dev/ubi0 -n "$fid" -N fip -t dynamic -S "$flebs" > /dev/null
ubiupdatevol "/dev/ubi0_$fid" /tmp/good.fip
echo 0 > $CFS/nand/enable
run dash setup
run dash doctor
tap_ok "a dynamic fip volume: doctor says the board will not boot" sh -c "[ $rc = 1 ] && grep -q 'NOT boot' /tmp/out"
[ "$rc" = 1 ] || tap_diag "$(cat /tmp/out)"
run "busybox ash" --yes install fip /tmp/good.fip
tap_is "$rc" 0 "install fip over a dynamic active fip: exit 0"
[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
tap_ok "... warns that the active volume is dynamic and is replaced" \
	grep -q "the active volume fip (id $fid) is dynamic: BL2 skips it, this board does not boot from it now; after this install fip is the static volume" /tmp/out
tap_ok "... fip is the static volume written, the dynamic one is fip2 now" sh -c \
	"[ \"\$(cat /sys/class/ubi/ubi0_$fid/name)\" = fip2 ] && for v in /sys/class/ubi/ubi0_*; do [ \"\$(cat \$v/name)\" != fip ] || [ \"\$(cat \$v/type)\" = static ] || exit 1; done"
run dash doctor
tap_is "$rc" 0 "... doctor: boots again"

# eMMC (bpi-r3mini): BL2 boot0/boot1 through EXT_CSD, FIP through GPT names
# eMMC (bpi-r3mini): BL2 in boot0 only (single: boot1 holds the EN8811H
# firmware), FIP through GPT names
if [ -d $CFS/emmc ]; then
	tap_ok "setup --create-slots made GPT partition fip2" grep -qx 'PARTNAME=fip2' /sys/class/block/mmcblk0p*/uevent
	tap_ok "the module has slot emmc/fip/b" test -d $CFS/emmc/fip/b
	run dash doctor --medium emmc
	tap_is "$rc" 0 "doctor --medium emmc after the GPT edit: boots"
	before=$(cat /dev/mmcblk0boot0 /dev/mmcblk0boot1 | sha256sum)
	run dash --yes install fip "$M/fip-bpi-r3-emmc.fip" --medium emmc
	tap_ok "eMMC: install of the R3's FIP: exit 4, nothing written" sh -c "[ $rc = 4 ] && [ \"\$(cat /dev/mmcblk0boot0 /dev/mmcblk0boot1 | sha256sum)\" = '$before' ]"
	# boot1 holds the EN8811H firmware on this board: BL2 is boot0 only
	b1=$(sha256sum < /dev/mmcblk0boot1)
	run dash install bl2 "$M/bl2-emmc-v2.img" --medium emmc
	tap_ok "eMMC: install bl2 without --yes: exit 2, the prompt says single, UART, boot1 kept" sh -c \
		"[ $rc = 2 ] && grep -q 'switch single' /tmp/out && grep -q 'recovery is over UART' /tmp/out && grep -q 'boot1 holds en8811h-fw' /tmp/out"
	run dash --yes install bl2 "$M/bl2-emmc-v2.img" --medium emmc
	tap_is "$rc" 0 "eMMC: install bl2 (single, boot0): exit 0"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	tap_ok "eMMC: boot0 holds the new BL2, boot1 byte-identical, boot partition boot0" sh -c \
		"cmp -n $(wc -c < "$M/bl2-emmc-v2.img") /dev/mmcblk0boot0 $M/bl2-emmc-v2.img && [ \"\$(sha256sum < /dev/mmcblk0boot1)\" = '$b1' ] && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	run "busybox ash" boot-partition boot1 --medium emmc
	tap_ok "eMMC: boot-partition boot1 refused (en8811h-fw), still boot0" sh -c \
		"[ $rc = 1 ] && grep -q 'holds en8811h-fw' /tmp/out && [ \"\$(cat $CFS/emmc/boot_partition)\" = boot0 ]"
	run "busybox ash" --yes install fip "$M/fip-bpi-r3mini-emmc.fip" --medium emmc
	tap_is "$rc" 0 "eMMC: install fip (GPT switch): exit 0"
	[ "$rc" = 0 ] || tap_diag "$(cat /tmp/out)"
	run dash doctor --medium emmc
	tap_is "$rc" 0 "eMMC: doctor after the FIP install: boots"
fi
tap_is "$(ls -d /tmp/mtkbm.* 2>/dev/null)" "" "no temporary directory left behind"
tap_done
