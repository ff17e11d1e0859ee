# shellcheck shell=sh
# Helpers of core-gpt.t (sourced after selftests/lib/tap.sh,
# selftests/mmcsim/lib.sh and core-lib.sh): the GPT copies on the card's
# store checked with a CRC32 in awk (gpt_copy, gpt_state, gpt_boot), renamed
# and re-sealed as a tool outside would (gpt_setname, gpt_fixcrc), the
# partitions the kernel shows, and the refusal checks. They work on what
# core-gpt.t sets: d (the disk), m and c (medium and component), lbas,
# blba (the backup's first LBA), fn and f2n (the entries of fip and fip2),
# hasbak (1: a backup GPT).
# shellcheck disable=SC2154 # the variables above are core-gpt.t's

partno() { # NAME: the partition number the kernel shows for it
	for _u in /sys/class/block/"$d"/"$d"p*/uevent; do
		grep -q "^PARTNAME=$1\$" "$_u" && sed -n 's/^PARTN=//p' "$_u" && return
	done
}

# every partition the kernel shows: "N START SIZE NAME" lines
parts() {
	for _p in /sys/class/block/"$d"/"$d"p*; do
		echo "$(cat "$_p/partition") $(cat "$_p/start") $(cat "$_p/size") $(sed -n 's/^PARTNAME=//p' "$_p/uevent")"
	done | sort -n
}
parts_names_swapped() { # the partitions of parts.orig with fip/fip2 swapped
	sed 's/ fip$/ FIP/; s/ fip2$/ fip/; s/ FIP$/ fip2/' /tmp/parts.orig
}

# the awk functions gpt_copy and gpt_fixcrc share: the bytes of the copy
# are b[0..], crcinit() fills the CRC32 table, crc(O, N) is the CRC32 of
# N bytes at O, le32(O) a little-endian 32-bit field
GPT_AWK='
	function crcinit(   i, k, c) {
		for (i = 0; i < 256; i++) {
			c = i
			for (k = 0; k < 8; k++)
				c = and(c, 1) ? xor(rshift(c, 1), 3988292384) : rshift(c, 1)
			T[i] = c
		}
	}
	function crc(o, n,   c, i) {
		c = 4294967295
		for (i = o; i < o + n; i++)
			c = xor(T[and(xor(c, b[i]), 255)], rshift(c, 8))
		return xor(c, 4294967295)
	}
	function le32(o) { return b[o] + b[o + 1] * 256 + b[o + 2] * 65536 + b[o + 3] * 16777216 }
'

# gpt_copy FILE HDR ENTS: check one GPT copy held in FILE (header at byte
# HDR, entry array at byte ENTS); prints "ok NAME3 NAME6" or "bad: WHY"
gpt_copy() {
	od -An -tu1 -v "$1" | awk -v H="$2" -v E="$3" -v A="$fn" -v B="$f2n" "$GPT_AWK"'
	function name(i,   o, s, k) {
		o = E + i * esz + 56
		s = ""
		for (k = 0; k < 72 && b[o + k]; k += 2)
			s = s sprintf("%c", b[o + k])
		return s
	}
	{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
	END {
		crcinit()
		if (sprintf("%c%c%c%c", b[H], b[H + 1], b[H + 2], b[H + 3]) != "EFI ") {
			print "bad: no signature"; exit
		}
		hsz = le32(H + 12); want = le32(H + 16)
		for (k = 16; k < 20; k++) { s[k] = b[H + k]; b[H + k] = 0 }
		got = crc(H, hsz)
		for (k = 16; k < 20; k++) b[H + k] = s[k]
		if (got != want) { print "bad: header CRC"; exit }
		num = le32(H + 80); esz = le32(H + 84)
		if (crc(E, num * esz) != le32(H + 88)) { print "bad: entries CRC"; exit }
		print "ok", name(A - 1), name(B - 1)
	}'
}

# gpt_state: "PRIMARY / BACKUP" of the card's store, each from gpt_copy
# (the backup "none" on the ptgen boards)
gpt_state() {
	mmcsim_dump user 0 34 > /tmp/pri.bin
	mmcsim_dump user "$blba" 33 > /tmp/bak.bin
	if [ "$hasbak" = 1 ]; then
		echo "$(gpt_copy /tmp/pri.bin 512 1024) / $(gpt_copy /tmp/bak.bin $((32 * 512)) 0)"
	else
		echo "$(gpt_copy /tmp/pri.bin 512 1024) / none"
	fi
}
# the state of a board's copies: "ok N1 N2 / ok N1 N2" or "ok N1 N2 / none"
both() {
	if [ "$hasbak" = 1 ]; then echo "ok $1 $2 / ok $1 $2"; else echo "ok $1 $2 / none"; fi
}

# gpt_boot: the names BL2 sees: the primary, or the backup when it is bad
gpt_boot() {
	p=$(gpt_copy /tmp/pri.bin 512 1024)
	case $p in ok*) echo "$p" ;; *) gpt_copy /tmp/bak.bin $((32 * 512)) 0 ;; esac
}

partname() { # PARTITION-NUMBER: PARTNAME the kernel shows
	sed -n 's/^PARTNAME=//p' "/sys/class/block/$d/${d}p$1/uevent"
}

written() { mmcsim_counter sectors_written; }
relwritten() { mmcsim_counter rel_sectors_written; }

setup() {
	mkdir -p "$c/a" "$c/b" &&
	put "$c/a/location" gpt:fip &&
	put "$c/b/location" gpt:fip2 &&
	put "$m/device" "mmc:$d" &&
	put "$m/force_ro_secs" 0 &&
	put "$c/switch" gpt &&
	put "$m/enable" 1
}

restore() {
	mmcsim_load user 0 /tmp/pri.orig
	mmcsim_load user $((blba * 512)) /tmp/bak.orig
}
refused() { # DESC EXPECTED-RESULT-SUBSTRING
	w0=$(written)
	tap_fails "$1: active b refused" put "$c/active" b
	tap_ok "$1: result names the problem and the repair" \
		sh -c "cat $c/result; grep -q -- '-EUCLEAN' $c/result && grep -q '$2' $c/result && grep -q 'sgdisk -e /dev/$d' $c/result"
	tap_is "$(written)" "$w0" "$1: no sector written"
	tap_is "$(cat "$c/active")" a "$1: active still a"
}
poke() { # BYTE-OFFSET: one byte of the card's user area changes (X, or Y
	# where it was X: a random disk GUID can hold an X)
	_pb=$(mmcsim_dump user $(($1 / 512)) 1 | dd bs=1 skip=$(($1 % 512)) count=1 2>/dev/null)
	if [ "$_pb" = X ]; then _pb=Y; else _pb=X; fi
	printf '%s' "$_pb" | dd of="$MMCSIM_DBG/user" bs=1 seek="$1" conv=notrunc 2>/dev/null
}

primary_refused() { # DESC EXPECTED-RESULT-SUBSTRING
	w0=$(written)
	tap_fails "$1: active b refused" put "$c/active" b
	tap_ok "$1: result names the problem" sh -c "cat $c/result; grep -q '$2' $c/result"
	tap_is "$(written)" "$w0" "$1: no sector written"
	restore
	tap_is "$(cat "$c/active")" a "$1: restored, active a"
}

# gpt_setname FILE HDR ENTS INDEX NAME: rename entry INDEX (from 0) of the
# GPT copy in FILE, both CRCs recomputed, as a tool outside would
gpt_setname() {
	dd if=/dev/zero of="$1" bs=1 seek=$(($3 + $4 * 128 + 56)) count=72 conv=notrunc 2>/dev/null
	# shellcheck disable=SC2059 # the name as UTF-16LE through octal escapes
	printf "$(printf '%s' "$5" | sed 's/./&\\000/g')" |
		dd of="$1" bs=1 seek=$(($3 + $4 * 128 + 56)) conv=notrunc 2>/dev/null
	gpt_fixcrc "$1" "$2" "$3"
}
# gpt_fixcrc FILE HDR ENTS: both CRCs of the GPT copy in FILE recomputed
gpt_fixcrc() {
	od -An -tu1 -v "$1" | awk -v H="$2" -v E="$3" "$GPT_AWK"'
	function put(o, v,   k) { for (k = 0; k < 4; k++) { b[o + k] = and(v, 255); v = rshift(v, 8) } }
	function oct(o,   k, s) { s = ""; for (k = 0; k < 4; k++) s = s sprintf("\\%03o", b[o + k]); return s }
	{ for (i = 1; i <= NF; i++) b[n++] = $i + 0 }
	END {
		crcinit()
		put(H + 88, crc(E, le32(H + 80) * le32(H + 84)))
		put(H + 16, 0)
		put(H + 16, crc(H, le32(H + 12)))
		print oct(H + 88), oct(H + 16)
	}' > /tmp/crcs.txt
	read -r _ec _hc < /tmp/crcs.txt
	# shellcheck disable=SC2059 # octal escapes from awk
	printf "$_ec" | dd of="$1" bs=1 seek=$(($2 + 88)) conv=notrunc 2>/dev/null
	# shellcheck disable=SC2059
	printf "$_hc" | dd of="$1" bs=1 seek=$(($2 + 16)) conv=notrunc 2>/dev/null
}
