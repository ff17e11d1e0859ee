#!/bin/sh
# board: bpi-r3mini-dualfip
# targets: x86_64-6.12
# timeout: 300
# The two -EAGAIN races of the ABI, made to happen every time by the
# module's test build (.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko,
# -DMTK_BM_TEST_KNOBS) with its parameter race naming the window
# (driver/media/medium.h); the VM's module has no such parameter:
#   bind    a slot's MTD partition vanishes between bind's lookup and
#           taking it: enable 1 fails with EAGAIN, status names it, nothing
#           held (not bound, bl2 writable, nandsim's references as before);
#           with the knob off the same bind succeeds
#   record  (switch bspconf on UBI) the pending record is dropped between
#           configfs' size query of `record` and its read: the read fails
#           with EAGAIN, nothing is pending; the helper's activate fails
#           naming it, nothing written; with the knob off `active b` and
#           the helper's activate succeed
# write(2) and read(2) errnos are read from dd's messages. x86_64-6.12
# only (the knob build exists there); shares its VM boot with the other
# bpi-r3mini-dualfip files (the media reset unloads the test build).
# shellcheck disable=SC2317 # functions run through tap_ok

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
tap_plan 29

# shellcheck disable=SC2034 # read by knob (core-lib.sh)
KO=/mnt/src/.cache/build/x86_64-6.12/knobs/mtk_bootmedia.ko
EAGAIN='Resource temporarily unavailable'
chip=$(profile_get nand.name)
m=$CFS/nand
c=$m/fip
old=/mnt/media/fip-bpi-r3mini-snand-dual.fip
new=/mnt/media/fip-bpi-r3mini-snand-dual-v2.fip
H=/mnt/src/scripts/mtk-bootmedia

# knob, race: core-lib.sh

# dd_write FILE VALUE / dd_read FILE OUT: one write() / the reads of dd,
# its messages (strerror of a failed call) in /tmp/dd.err
dd_write() { printf '%s\n' "$2" | dd of="$1" 2> /tmp/dd.err; }
dd_read() { dd if="$1" of="$2" 2> /tmp/dd.err; }
dd_eagain() { grep -q "$EAGAIN" /tmp/dd.err || { cat /tmp/dd.err; return 1; }; }

run() { # ARGS...: the helper under dash, exit status in $rc, output in /tmp/out
	dash "$H" --yes --board bpi-r3mini-dualfip "$@" > /tmp/out 2>&1
	rc=$?
}

tap_ok "the VM's module has no race parameter" test ! -e /sys/module/mtk_bootmedia/parameters/race
tap_ok "test build loaded" knob
tap_ok "... with the race parameter" test -e /sys/module/mtk_bootmedia/parameters/race

# --- bind: the BL2 partition vanishes while binding ---
dualfip_config "$m" "$chip"
mkdir -p "$m/bl2/c0"
put "$m/bl2/c0/location" mtd:bl2@0+0x40000
refs=$(cat /sys/module/nandsim/refcnt)
race bind
tap_fails "race=bind: enable 1 refused" dd_write "$m/enable" 1
tap_ok "... write(2) failed with EAGAIN" dd_eagain
tap_ok "... status: -EAGAIN, the partition named" contains "$(result nand)" \
	"error: -EAGAIN MTD partition bl2 went away while binding"
tap_is "$(cat "$m/enable")" 0 "... not bound"
tap_ok "... bl2 still writable" mtd_writeable bl2
tap_is "$(cat /sys/module/nandsim/refcnt)" "$refs" "... nothing held on the chip"
race ''
tap_ok "race off: the same bind succeeds" dd_write "$m/enable" 1
tap_fails "... bl2 read-only (bound)" mtd_writeable bl2

# --- record: dropped between the size query and the read ---
tap_ok "switch bspconf" put "$c/switch" bspconf
tap_is "$(cat "$c/active")" a "active a"
tap_ok "fip2: the new FIP (ubiupdatevol)" ubiupdatevol "$(vol_dev fip2)" "$new"
s0=$(dualfip_media)
race record
tap_ok "active b: the record is pending" put "$c/active" b
tap_is "$(cat "$c/record_volume")" ubi:0:bspconf2 "... for bspconf2"
tap_fails "race=record: reading record fails" dd_read "$c/record" /tmp/rec
tap_ok "... read(2) failed with EAGAIN" dd_eagain
tap_is "$(cat "$c/record_volume")" none "... the record is no longer pending"
tap_is "$(cat "$c/active")" a "... still active a"
run activate fip b
tap_ok "the helper's activate fip b fails on the read, naming EAGAIN" sh -c \
	"[ $rc != 0 ] && grep -q 'cannot read $c/record: .*$EAGAIN' /tmp/out"
tap_diag "$(tail -n 2 /tmp/out)"
tap_is "$(dualfip_media)" "$s0" "... nothing written"
tap_is "$(cat "$c/active")" a "... still active a"
race ''
tap_ok "race off: active b again" put "$c/active" b
tap_ok "... the record reads" dd_read "$c/record" /tmp/rec
tap_is "$(wc -c < /tmp/rec | tr -d ' ')" 88 "... 88 bytes"
run activate fip b
tap_is "$rc" 0 "... the helper's activate fip b succeeds"
tap_is "$(cat "$c/active")" b "... active b"
tap_ok "... fip still holds the old FIP" cmp -s "$(vol_dev fip)" "$old"
tap_done
