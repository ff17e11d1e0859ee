#!/bin/sh
# board: gl-mt6000-dualfip
# targets: x86_64-6.12
# timeout: 300
# Issue 17's witness against a writer racing the eMMC stage, made to happen
# every time by the module's test build (.cache/build/x86_64-6.12/knobs/
# mtk_bootmedia.ko, -DMTK_BM_TEST_KNOBS) with race=stage: the stage sleeps
# after its write and read-back (mtk_bm_stage_one(), driver/core/switch.c),
# before the witness that lets the next switch take its proof without
# reading the slot. Switch bspconf on eMMC (fip a/b in gpt:fip/gpt:fip2):
#   control  nothing written in the window: `active b` takes the stage's
#            proof (mmcsim reads fewer sectors than the FIP has)
#   race     one byte of BL33 written through /dev/<fip2> while the stage
#            sleeps: the stage succeeds (its read-back came first), but the
#            disk's written-sectors count moved by more than its own write,
#            so it records no witness: `active b` reads slot b (at least the
#            FIP's sectors) and refuses it (FIP checksum), still active a
# x86_64-6.12 only (the knob build exists there); shares its VM boot with
# core-bspconf.t (the media reset unloads the test build).
# shellcheck disable=SC2317 # functions run through tap_ok and wait_for

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
tap_plan 17

# shellcheck disable=SC2034 # read by knob (core-lib.sh)
KO=/mnt/src/.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko
E=$CFS/emmc
new=/mnt/media/fip-gl-mt6000-emmc-dual2.fip
d=$(mmcsim_wait_disk 7) || d=none
pf2=$(mmcsim_part_by_name "$d" fip2) || pf2=none
sb=$(($(wc -c < "$new") / 512))

# knob, race: core-lib.sh
# the kernel log lines of the stage's sleep so far; asleep N: more than N
sleeps() { dmesg | grep -c 'test build: race=stage, sleeping'; }
asleep() { [ "$(sleeps)" -gt "$1" ]; }
# stage_bg: stage b in the background, its exit status in /tmp/stage.rc
stage_bg() {
	cat "$new" > "$E/fip/image"
	(put "$E/fip/stage" b; echo $? > /tmp/stage.rc) &
	stage_pid=$!
}
reads() { mmcsim_counter sectors_read; }

tap_ok "the test build loaded" knob
tap_ok "... with the race parameter" test -e /sys/module/mtk_bootmedia/parameters/race
mkdir -p "$E/fip/a" "$E/fip/b" "$E/bspconf/a"
put "$E/fip/a/location" gpt:fip
put "$E/fip/b/location" gpt:fip2
put "$E/bspconf/kind" data
put "$E/bspconf/a/location" gpt:bspconf
put "$E/device" "mmc:$d"
tap_ok "bind eMMC (fip a/b, bspconf a), switch bspconf" sh -c \
	"echo 1 > $E/enable && echo bspconf > $E/fip/switch"
tap_is "$(cat "$E/fip/active")" a "active a"

# --- control: the window, nothing written in it ---
race stage
n=$(sleeps)
stage_bg
tap_ok "race=stage: the stage of b sleeps after its write (kernel log)" wait_for 30 asleep "$n"
wait "$stage_pid"
tap_is "$(cat /tmp/stage.rc)" 0 "... and succeeds"
r0=$(reads)
tap_ok "active b right after it" put "$E/fip/active" b
r1=$(reads)
tap_ok "that switch took the stage's proof: $((r1 - r0)) sectors read, the FIP has $sb" \
	test $((r1 - r0)) -lt "$sb"
bl33=$(sed -n 's/^entry[0-9]*: BL33 offset \(0x[0-9a-f]*\) size.*/\1/p' "$E/fip/b/info")
tap_ok "active a again (slot b's BL33 at ${bl33:-none})" sh -c \
	"echo a > $E/fip/active && [ -n '$bl33' ]"

# --- race: one byte of BL33 written through /dev/$pf2 inside the window ---
o=$((${bl33:-0} + 100))
dd if="$new" of=/tmp/sec bs=512 skip=$((o / 512)) count=1 2> /dev/null
v=$(od -An -tu1 -j $((o % 512)) -N 1 /tmp/sec | tr -d ' ')
# shellcheck disable=SC2059 # an octal escape made here
printf "\\$(printf %o $((v ^ 0xff)))" | dd of=/tmp/sec bs=1 seek=$((o % 512)) conv=notrunc 2> /dev/null
n=$(sleeps)
stage_bg
tap_ok "the stage of b sleeps after its write again" wait_for 30 asleep "$n"
tap_ok "one byte of BL33 written through /dev/$pf2 while it sleeps" \
	dd if=/tmp/sec of="/dev/$pf2" bs=512 seek=$((o / 512)) count=1 oflag=direct conv=notrunc,fsync
wait "$stage_pid"
tap_is "$(cat /tmp/stage.rc)" 0 "the stage succeeds (its read-back came before that write)"
race ''
r0=$(reads)
tap_fails "active b refused" put "$E/fip/active" b
r1=$(reads)
tap_ok "... the switch read slot b: $((r1 - r0)) sectors, the FIP has $sb" test $((r1 - r0)) -ge "$sb"
tap_ok "... result: slot b invalid (FIP checksum)" \
	contains "$(cat "$E/fip/result")" "active: slot b is invalid: FIP checksum"
tap_is "$(cat "$E/fip/active")" a "... still active a"
tap_ok "unbind" put "$E/enable" 0
tap_done
