#!/bin/sh
# board: gl-mt6000-dualfip
# targets: x86_64-6.1 x86_64-6.12 arm64-6.12
# switch bspconf: the MediaTek dual FIP on eMMC (reference §4). FIP slots
# a = gpt:fip (bspconf slot 0) and b = gpt:fip2 (slot 1), the record in
# gpt:bspconf (copy 1 in its first block, copy 2 in its last). active reads
# the record BL2 uses; active writes the copy not in use with upd_cnt + 1.
# The records are read from the card (mmcsim debugfs) and their CRC32 is
# computed here (gzip trailer), not by the module; the guest boot model
# checks what the board would boot. Issue 17: a switch right after a stage
# takes the slot from the stage's proof (no read of it; the record's size
# and CRC32 from the proof); one byte written through the block layer in
# between makes it read the slot and refuse it.
# shellcheck disable=SC2317 # functions run through tap_ok

# shellcheck source=../lib/tap.sh
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=core-lib.sh
. /mnt/src/selftests/tests/core-lib.sh
# shellcheck source=../mmcsim/lib.sh
. /mnt/src/selftests/mmcsim/lib.sh
tap_plan 87

E=$CFS/emmc
old=/mnt/media/fip-gl-mt6000-emmc-dual.fip
new=/mnt/media/fip-gl-mt6000-emmc-dual2.fip
d=$(mmcsim_wait_disk 7) || d=none
pb=$(mmcsim_part_by_name "$d" bspconf) || pb=none
pf2=$(mmcsim_part_by_name "$d" fip2) || pf2=none
bs=$(cat "/sys/class/block/$pb/start" 2>/dev/null) || bs=0
bn=$(cat "/sys/class/block/$pb/size" 2>/dev/null) || bn=0
f2s=$(cat "/sys/class/block/$pf2/start" 2>/dev/null) || f2s=0

# crc32: zlib CRC32 of stdin (from the gzip trailer), decimal
crc32() {
	gzip -c | tail -c 8 | od -An -tu4 -N4 | tr -d ' \n'
}

# sector COPY: LBA of record copy 1 or 2
sector() {
	if [ "$1" = 1 ]; then echo "$bs"; else echo $((bs + bn - 1)); fi
}

# rec COPY: words 1..12 of the record copy (len ver upd_cnt slot fip[0]
# fip[1]) as on the card, decimal, one line
rec() {
	mmcsim_dump user "$(sector "$1")" 1 | od -An -tu4 -j4 -N48 | tr -s ' \n' '  ' |
		sed 's/^ //; s/ $//'
}

# crc_ok COPY: the stored CRC32 is the CRC32 of bytes [4, 88)
crc_ok() {
	mmcsim_dump user "$(sector "$1")" 1 > /tmp/blk
	want=$(od -An -tu4 -N4 /tmp/blk | tr -d ' \n')
	got=$(dd if=/tmp/blk bs=4 skip=1 count=21 2>/dev/null | crc32)
	[ "$want" = "$got" ] || { tap_diag "copy $1: stored CRC $want, computed $got"; return 1; }
}

# recsum: md5 of both record copies
recsum() {
	{ mmcsim_dump user "$(sector 1)" 1; mmcsim_dump user "$(sector 2)" 1; } | md5sum
}

# fipinfo FILE: "size crc32" of a FIP file
fipinfo() {
	echo "$(wc -c < "$1" | tr -d ' ') $(crc32 < "$1")"
}

# boots: run the guest boot model on a dump of the live card into /tmp/bm.out
boots() {
	rm -rf /tmp/bmdump
	sh /mnt/src/selftests/bootmodel/dump /tmp/bmdump "$MTKBM_BOARD" > /dev/null 2>&1 || return 2
	rc=0
	bootmodel /tmp/bmdump > /tmp/bm.out 2>&1 || rc=$?
	tap_diag "$(grep -e '^bspconf' -e '^fip' -e '^verdict' /tmp/bm.out)"
	return "$rc"
}

# shellcheck disable=SC2046
set -- $(fipinfo "$old")
n1=$1 c1=$2
# shellcheck disable=SC2046
set -- $(fipinfo "$new")
n2=$1 c2=$2

mkdir -p "$E/fip/a" "$E/fip/b" "$E/bspconf/a"
put "$E/fip/a/location" gpt:fip
put "$E/fip/b/location" gpt:fip2
put "$E/bspconf/kind" data
put "$E/bspconf/a/location" gpt:bspconf
put "$E/device" "mmc:$d"
tap_ok "bind eMMC (fip a/b, bspconf a)" put "$E/enable" 1
tap_ok "switch bspconf" put "$E/fip/switch" bspconf
tap_is "$(cat "$E/fip/switch")" bspconf "switch reads back"
tap_is "$(rec 1)" "88 1 1 0 0 $n1 $c1 1 1 0 0 0" "initial record copy 1 as made on the host"
tap_is "$(cat "$E/fip/active")" a "active a (copy 1, current_fip_slot 0)"
tap_is "$(cat "$E/fip/a/state")" valid "slot a valid (checksummed FIP)"
tap_ok "slot a: MediaTek checksum entry verified" contains "$(cat "$E/fip/a/info")" "checksum: mediatek, verified"

# --- stage: the active slot is refused, the other written ---
cat "$new" > "$E/fip/image"
w0=$(mmcsim_counter sectors_written)
r0=$(recsum)
tap_fails "stage a refused (active)" put "$E/fip/stage" a
tap_ok "result: -EBUSY slot a is active" contains "$(cat "$E/fip/result")" "-EBUSY stage: slot a is active"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "nothing written by the refusal"
tap_ok "stage b" put "$E/fip/stage" b
tap_ok "result: ok stage b" contains "$(cat "$E/fip/result")" "ok: stage b: $n2 bytes written and read back"
mmcsim_dump user "$f2s" $(((n2 + 511) / 512)) | head -c "$n2" > /tmp/f2
tap_ok "fip2 holds the new FIP" cmp -s /tmp/f2 "$new"
tap_is "$(recsum)" "$r0" "stage leaves the record alone"
tap_is "$(cat "$E/fip/active")" a "still active a"

# --- active b: copy 2 written with upd_cnt 2 ---
g0=$(cat "$E/fip/generation")
tap_ok "active b" put "$E/fip/active" b
tap_ok "result: copy 2 written with upd_cnt 2" contains "$(cat "$E/fip/result")" \
	"ok: active: b (was a); bspconf copy 2 written with upd_cnt 2"
tap_ok "generation bumped" test "$(cat "$E/fip/generation")" -gt "$g0"
tap_is "$(rec 2)" "88 1 2 1 0 $n1 $c1 1 0 $n2 $c2 1" "copy 2: upd_cnt 2, slot 1, fip[1] = new FIP (size, crc32)"
tap_ok "copy 2 CRC32 right" crc_ok 2
tap_is "$(rec 1)" "88 1 1 0 0 $n1 $c1 1 1 0 0 0" "copy 1 untouched"
tap_is "$(cat "$E/fip/active")" b "active reads b"
tap_ok "active b again: nothing to do" put "$E/fip/active" b
tap_ok "result: already active" contains "$(cat "$E/fip/result")" "b is already active"
tap_fails "stage b now refused (active)" put "$E/fip/stage" b
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots"
tap_ok "boot model: copy 2 in use, upd_cnt 2" grep -q '^bspconf: copy 2 in use (upd_cnt 2; valid copies: both)' /tmp/bm.out
tap_ok "boot model: FIP slot 1 (fip2) loaded" grep -q '^fip: bspconf slot 1: GPT partition "fip2"' /tmp/bm.out
tap_ok "boot model: loaded partition fip2 (sha256)" \
	grep -q "^fip.sha256: $(mmcsim_dump user "$f2s" 4096 | sha256sum | cut -d' ' -f1)" /tmp/bm.out
tap_ok "boot model: record fip[1] is the new FIP" \
	grep -q "^bspconf.fip1: invalid 0 size $n2 crc32 $(printf '0x%08x' "$c2") upd_cnt 1" /tmp/bm.out
tap_fails "boot model: no size/crc32 mismatch note" grep -q '^fip-note' /tmp/bm.out

# --- active a: copy 1 rewritten with upd_cnt 3 ---
tap_ok "active a" put "$E/fip/active" a
tap_ok "result: copy 1 written with upd_cnt 3" contains "$(cat "$E/fip/result")" \
	"ok: active: a (was b); bspconf copy 1 written with upd_cnt 3"
tap_is "$(rec 1)" "88 1 3 0 0 $n1 $c1 2 0 $n2 $c2 1" "copy 1: upd_cnt 3, slot 0, fip[0] upd_cnt 2"
tap_ok "copy 1 CRC32 right" crc_ok 1
tap_is "$(rec 2)" "88 1 2 1 0 $n1 $c1 1 0 $n2 $c2 1" "copy 2 untouched"
tap_is "$(cat "$E/fip/active")" a "active reads a"

# --- a FIP for another board: refused, nothing written ---
cat /mnt/media/fip-bpi-r3-emmc.fip > "$E/fip/image"
w0=$(mmcsim_counter sectors_written)
r0=$(recsum)
tap_fails "stage b of a BPI-R3 FIP refused" put "$E/fip/stage" b
tap_ok "result: -EINVAL FIP for another board" contains "$(cat "$E/fip/result")" "-EINVAL FIP for"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "no sector written"
tap_is "$(recsum)" "$r0" "record unchanged"
tap_is "$(cat "$E/fip/b/state")" valid "slot b still holds the new FIP"

# --- the copy in use (copy 1) corrupted: copy 2 is used ---
head -c 512 /dev/urandom > /tmp/garbage
mmcsim_dump user "$(sector 1)" 1 > /tmp/keep1
mmcsim_dump user "$(sector 2)" 1 > /tmp/keep2
mmcsim_load user $(($(sector 1) * 512)) /tmp/garbage
tap_is "$(cat "$E/fip/active")" b "copy 1 garbage: active b (copy 2, upd_cnt 2)"
tap_ok "active a" put "$E/fip/active" a
tap_ok "result: copy 1 (not in use) written with upd_cnt 3" contains "$(cat "$E/fip/result")" \
	"bspconf copy 1 written with upd_cnt 3"
tap_ok "copy 1 valid again" crc_ok 1
tap_is "$(rec 1)" "88 1 3 0 0 $n1 $c1 2 0 $n2 $c2 1" "copy 1 rewritten from copy 2"
tap_is "$(cat "$E/fip/active")" a "active a"
mmcsim_load user $(($(sector 2) * 512)) /tmp/garbage
tap_is "$(cat "$E/fip/active")" a "copy 2 garbage: copy 1 still used (active a)"

# --- both copies invalid ---
mmcsim_load user $(($(sector 1) * 512)) /tmp/garbage
a=$(cat "$E/fip/active")
tap_ok "both garbage: active reads none (no valid bspconf copy)" contains "$a" "none (no valid bspconf copy: copy 1:"
tap_diag "$a"
w0=$(mmcsim_counter sectors_written)
tap_fails "active a refused" put "$E/fip/active" a
tap_ok "result: -EBADMSG no valid bspconf copy" contains "$(cat "$E/fip/result")" "error: -EBADMSG active: no valid bspconf copy"
tap_fails "active b refused" put "$E/fip/active" b
cat "$new" > "$E/fip/image"
tap_fails "stage b refused (BL2 may load either slot)" put "$E/fip/stage" b
tap_ok "result: -EBUSY which slot BL2 loads is not known" contains "$(cat "$E/fip/result")" \
	"error: -EBUSY stage: which slot BL2 loads is not known (no valid bspconf copy"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "no sector written"
rc=0
boots || rc=$?
tap_is "$rc" 1 "boot model: will not boot without a valid record"

# --- BL2 marked the current slot invalid: the other slot is the active one ---
mmcsim_load user $(($(sector 1) * 512)) /tmp/keep1
mmcsim_load user $(($(sector 2) * 512)) /mnt/media/bspconf-invalid0.bin
tap_is "$(cat "$E/fip/active")" b "copy 2 (upd_cnt 7): slot 0 current but marked invalid: active b"
cat "$new" > "$E/fip/image"
tap_fails "stage b refused (BL2 loads it)" put "$E/fip/stage" b
cat "$old" > "$E/fip/image"
tap_ok "stage a (marked invalid) allowed" put "$E/fip/stage" a
tap_ok "active a" put "$E/fip/active" a
tap_is "$(rec 1)" "88 1 8 0 0 $n1 $c1 4 0 $n2 $c2 3" "copy 1: upd_cnt 8, fip[0] valid again"
tap_is "$(cat "$E/fip/active")" a "active a"

# --- an invalid image in fip2: active b refused ---
mmcsim_load user $(((f2s + 128) * 512)) /tmp/garbage
w0=$(mmcsim_counter sectors_written)
r0=$(recsum)
st=$(cat "$E/fip/b/state")
tap_ok "slot b invalid (checksum no longer matches)" contains "$st" "invalid: FIP checksum"
tap_diag "$st"
tap_fails "active b refused" put "$E/fip/active" b
tap_ok "result: -EINVAL slot b is invalid" contains "$(cat "$E/fip/result")" "-EINVAL active: slot b is invalid"
tap_is "$(mmcsim_counter sectors_written)" "$w0" "no sector written"
tap_is "$(recsum)" "$r0" "record unchanged"
tap_is "$(cat "$E/fip/active")" a "still active a"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots (slot 0)"
tap_ok "boot model: FIP slot 0 (fip) loaded" grep -q '^fip: bspconf slot 0: GPT partition "fip"' /tmp/bm.out

# --- the checks read what BL2 reads (the ToC and its entries), nothing else ---
# flip_byte OFFSET: invert one byte of the user area in the card's store
flip_byte() {
	mmcsim_dump user $(($1 / 512)) 1 > /tmp/sec
	v=$(od -An -tu1 -j $(($1 % 512)) -N 1 /tmp/sec | tr -d ' ')
	# shellcheck disable=SC2059 # an octal escape made here
	printf "\\$(printf %o $((v ^ 0xff)))" | dd of=/tmp/sec bs=1 seek=$(($1 % 512)) conv=notrunc 2> /dev/null
	mmcsim_load user $(($1 / 512 * 512)) /tmp/sec
}
cat "$new" > "$E/fip/image"
tap_ok "stage b: the new FIP again" put "$E/fip/stage" b
f2size=$(($(cat "/sys/class/block/$pf2/size") * 512))
flip_byte $((f2s * 512 + n2 + 4096))
tap_ok "a byte after the FIP's end changed (BL2 does not read it): slot b still valid" \
	test "$(cat "$E/fip/b/state")" = valid -a $((n2 + 4096)) -lt "$f2size"
bl33=$(sed -n 's/^entry[0-9]*: BL33 offset \(0x[0-9a-f]*\) size.*/\1/p' "$E/fip/b/info")
flip_byte $((f2s * 512 + ${bl33:-0} + 100))
st=$(cat "$E/fip/b/state")
tap_ok "one byte inside BL33 changed after the stage: slot b invalid" contains "$st" "invalid: FIP checksum"
tap_diag "BL33 at ${bl33:-none}: $st"
tap_fails "active b refused" put "$E/fip/active" b
tap_is "$(cat "$E/fip/active")" a "still active a"

# --- issue 17: a switch right after the stage takes the stage's proof ---
# The stage wrote slot b and read every byte back; while no write reached
# the card since (the block layer's count of the sectors written to it),
# `active` does not read the slot again. One byte written through
# /dev/$pf2 in between (as dd or a filesystem would write it) makes the
# switch read and check the slot: refused. `state` is not read in between:
# a full check clears a proof its bytes no longer match by itself.
sb=$((n2 / 512))
cat "$new" > "$E/fip/image"
tap_ok "stage b: the new FIP, a third time" put "$E/fip/stage" b
r0=$(mmcsim_counter sectors_read)
tap_ok "active b right after the stage" put "$E/fip/active" b
r1=$(mmcsim_counter sectors_read)
tap_ok "that switch did not read slot b again: $((r1 - r0)) sectors read, the FIP has $sb" \
	test $((r1 - r0)) -lt "$sb"
rc=0
boots || rc=$?
tap_is "$rc" 0 "boot model: the board boots (the record's size and CRC32 from the stage's proof)"
tap_ok "boot model: FIP slot 1 (fip2) loaded" grep -q '^fip: bspconf slot 1: GPT partition "fip2"' /tmp/bm.out
tap_ok "active a" put "$E/fip/active" a
cat "$new" > "$E/fip/image"
tap_ok "stage b: the new FIP, a fourth time" put "$E/fip/stage" b
o=$((${bl33:-0} + 100))
dd if="/dev/$pf2" of=/tmp/sec bs=512 skip=$((o / 512)) count=1 iflag=direct 2> /dev/null
v=$(od -An -tu1 -j $((o % 512)) -N 1 /tmp/sec | tr -d ' ')
# shellcheck disable=SC2059 # an octal escape made here
printf "\\$(printf %o $((v ^ 0xff)))" | dd of=/tmp/sec bs=1 seek=$((o % 512)) conv=notrunc 2> /dev/null
dd if=/tmp/sec of="/dev/$pf2" bs=512 seek=$((o / 512)) count=1 oflag=direct conv=notrunc,fsync 2> /dev/null
r0=$(mmcsim_counter sectors_read)
tap_fails "one byte of BL33 written through /dev/$pf2 after the stage: active b refused" \
	put "$E/fip/active" b
r1=$(mmcsim_counter sectors_read)
tap_ok "result: slot b invalid (FIP checksum)" \
	contains "$(cat "$E/fip/result")" "active: slot b is invalid: FIP checksum"
tap_ok "that switch read slot b again: $((r1 - r0)) sectors, the FIP has $sb" \
	test $((r1 - r0)) -ge "$sb"
tap_is "$(cat "$E/fip/active")" a "still active a"
tap_done
