# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part setup: setup (binding, --create-slots),
# protect, unprotect, boot-partition. Sourced by scripts/mtk-bootmedia
# (installed: /usr/lib/mtk-bootmedia/setup.sh); defines functions only, runs
# nothing by itself.

# setup --create-slots: the missing B slots of the profile. UBI: a static
# volume with the size of the A volume and the lowest free id below 16
# (BL2 loads only ids 0-15). GPT: a partition of the A partition's size in
# free space of the disk. Refuses (exit 1) when there is no room, and when
# a B volume exists but is dynamic (BL2 skips dynamic volumes); never
# moves, shrinks or removes anything.
create_slots() {
	CREATED=''
	# every B slot of the profile: MEDIUM COMPONENT SWITCH SLOT B-LOC A-LOC
	: > "$T/bslots"
	for _m in $(media_present); do
		medium_info "$_m"
		pget component | awk -v m="$_m" '$1 == m && ($4 == "ubi" || $4 == "gpt") { print $2, $4 }' > "$T/cc"
		while read -r _c _sw; do
			_aloc=$(pget slot | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $4; exit }')
			pget slot | awk -v m="$_m" -v c="$_c" -v sw="$_sw" -v a="$_aloc" \
				'$1 == m && $2 == c { if (n++) print m, c, sw, $3, $4, a }' >> "$T/bslots"
		done < "$T/cc"
	done
	# first every check, then the first write: an existing B volume BL2
	# would skip (dynamic) is no slot and is not replaced
	while read -r _m _c _sw _s _loc _aloc; do
		medium_info "$_m"
		resolve "$_loc" < /dev/null || continue
		case $_sw:$R_NOTE in
		ubi:*vol_type=dynamic*) die 1 "setup --create-slots: $_m/$_c/$_s: UBI volume ${_loc##*:} exists but is dynamic: BL2 skips dynamic volumes; remove it (ubirmvol ${R_DEV%_*} -N ${_loc##*:}) and run again; nothing created" ;;
		esac
	done < "$T/bslots"
	while read -r _m _c _sw _s _loc _aloc; do
		medium_info "$_m"
		resolve "$_loc" < /dev/null && continue
		# gpt: the table is checked first (a damaged primary hides every
		# partition from Linux), and slot a is found in it
		resolve "$_aloc" < /dev/null || [ "$_sw" = gpt ] ||
			die 1 "setup --create-slots: $_m/$_c: slot a ($_aloc) is missing too: $R_ERR; restore a backup first"
		case $_sw in
		ubi) create_ubi_slot "$_m" "$_c" "$_s" "$_aloc" "$_loc" < /dev/null ;;
		gpt) create_gpt_slot "$_m" "$_c" "$_s" "$_aloc" "$_loc" < /dev/null ;;
		esac
		CREATED="$CREATED $_m"
	done < "$T/bslots"
	return 0
}

create_ubi_slot() { # MEDIUM COMPONENT SLOT A-LOCATION B-LOCATION
	_x=${4#ubi:}
	_un=$(ubi_num "${_x%%:*}") || die 1 "setup --create-slots: no UBI device on ${_x%%:*}"
	_av=$(ubi_vol "$_un" "${_x#*:}")
	_bn=${5##*:}
	_sys=/sys/class/ubi/ubi${_un}_$_av
	_lebs=$(cat "$_sys/reserved_ebs")
	_free=$(cat "/sys/class/ubi/ubi$_un/avail_eraseblocks")
	_id=0
	while [ "$_id" -lt 16 ] && [ -e "/sys/class/ubi/ubi${_un}_$_id" ]; do _id=$((_id + 1)); done
	[ "$_id" -lt 16 ] || die 1 "setup --create-slots: $1/$2/$3: no free UBI volume id below 16 on ubi$_un (BL2 loads only ids 0-15); nothing created"
	[ "$_free" -ge "$_lebs" ] || die 1 "setup --create-slots: $1/$2/$3: ubi$_un has $_free free eraseblocks, volume $_bn needs $_lebs (as ${_x#*:}); no room, nothing created"
	command -v ubimkvol > /dev/null 2>&1 || die 3 "setup --create-slots: ubimkvol (mtd-utils) is not installed"
	ubimkvol "/dev/ubi$_un" -N "$_bn" -t static -n "$_id" -S "$_lebs" > /dev/null 2> "$T/err" ||
		die 1 "setup --create-slots: ubimkvol $_bn failed: $(head -n 1 "$T/err")"
	info "$1/$2/$3: created static UBI volume $_bn (id $_id, $_lebs LEBs) on ubi$_un"
}

# GPT editing for setup --create-slots (no sfdisk/sgdisk needed). The new
# entry goes into the first free entry of every copy, one sector each,
# backup first, and no header is written: the 4 bytes of its unique GUID
# that are not random are solved so that the entry array's CRC32 stays the
# one the headers hold (Documentation/gpt-readers.md). Every copy is valid
# before, between and after the writes, for every reader (BL2 by either
# reading, U-Boot, Linux). The CRC32 comes from gzip's trailer; numbers are
# little-endian.
le_bytes() { # VALUE COUNT: printf escapes
	awk -v v="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) { b = v % 256; v = (v - b) / 256; printf "\\%03o", b } }'
}
put_bytes() { # FILE OFFSET ESCAPES
	# shellcheck disable=SC2059 # the escapes are the format
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
get_bytes() { # FILE OFFSET COUNT: decimal bytes, space separated
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | hexdump -v -e '1/1 "%u "'
}
get_le() { # FILE OFFSET COUNT
	get_bytes "$@" | awk '{ v = 0; for (i = NF; i >= 1; i--) v = v * 256 + $i; printf "%.0f\n", v }'
}
crc32_le() { # FILE: the CRC32 as 4 little-endian bytes (printf escapes; restore.sh)
	gzip -c < "$1" | tail -c 8 | head -c 4 | hexdump -v -e '1/1 "\\%03o"'
}
crc32_dec() { # FILE: its CRC32 as 4 decimal bytes, little-endian (as a GPT holds it)
	gzip -c < "$1" | tail -c 8 | head -c 4 | hexdump -v -e '1/1 "%u "'
}

# gpt_dd DISK: DDI, the dd flags that read the disk past the page cache
# where dd has them (the module writes the disk with its own requests)
gpt_dd() {
	if dd if="/dev/$1" of=/dev/null bs=512 count=1 iflag=direct 2>/dev/null; then
		DDI='iflag=direct'
	else
		DDI=''
	fi
}
gpt_get() { # DISK LBA COUNT FILE
	# shellcheck disable=SC2086 # DDI is a list of operands
	dd if="/dev/$1" bs=512 skip="$2" count="$3" $DDI of="$4" 2>/dev/null &&
		[ "$(wc -c < "$4")" -eq $(($3 * 512)) ]
}
# gpt_put GROUP DISK LBA FILE: one entry sector, written by the module
# (the medium's gpt_sector: checked, one reliable write, read back), then
# read back here. Not with dd: OpenWrt's BusyBox dd has no oflag=dsync and
# falls back to the page cache, whose write-back rewrites the 4 KiB page
# around the sector in one non-reliable multi-sector write
# (Documentation/gpt-readers.md)
gpt_put() {
	printf '%s %s\n' "$3" "$(hexdump -v -e '1/1 "%02x"' "$4")" > "$1/gpt_sector" 2>"$T/err" || {
		_e=$(sed -n 's/^result: error: //p' "$1/status")
		[ -z "$_e" ] || echo "$_e" > "$T/err"
		return 1
	}
	gpt_get "$2" "$3" 1 "$T/rb" && cmp -s "$4" "$T/rb"
}
# cs_group MEDIUM: CSG, a bound configfs group of the medium's disk for
# gpt_put: the medium's own when it is bound, else a temporary one
# (CS_TMP, unbound and removed by cs_ungroup) that binds the disk alone
cs_group() {
	CSG=$CFS/$1 CS_TMP=''
	[ "$(cat "$CSG/enable" 2>/dev/null)" = 1 ] && return 0
	CSG=$CFS/$1-create-slots
	[ -d "$CSG" ] || mkdir "$CSG" 2>"$T/err" || die 3 "setup --create-slots: cannot create $CSG: $(sed 's/.*: //' "$T/err"); nothing written"
	CS_TMP=$CSG
	[ -e "$CSG/gpt_sector" ] || { cs_ungroup; die 3 "setup --create-slots: the loaded mtk_bootmedia has no gpt_sector (update the module); nothing written"; }
	if ! { printf '%s\n' "$M_DEV" > "$CSG/device" && printf '1\n' > "$CSG/enable"; } 2>/dev/null; then
		_why=$(sed -n 's/^result: error: //p' "$CSG/status")
		cs_ungroup
		die 1 "setup --create-slots: cannot bind $M_DEV to write its GPT: $_why; nothing written"
	fi
}
cs_ungroup() {
	[ -n "$CS_TMP" ] || return 0
	printf '0\n' > "$CS_TMP/enable" 2>/dev/null
	rmdir "$CS_TMP" 2>/dev/null
	CS_TMP=''
}

# gpt_bad HEADER ENTRIES MY-LBA WHAT: why that GPT copy is not valid, or
# nothing
gpt_bad() {
	[ "$(head -c 8 "$1")" = "EFI PART" ] || { echo "the $4 GPT header has no signature"; return; }
	_hs=$(get_le "$1" 12 4)
	if [ "$_hs" -lt 92 ] || [ "$_hs" -gt 512 ]; then echo "the $4 GPT header size is $_hs"; return; fi
	head -c "$_hs" "$1" > "$T/hc"
	put_bytes "$T/hc" 16 '\000\000\000\000'
	[ "$(crc32_dec "$T/hc")" = "$(get_bytes "$1" 16 4)" ] || { echo "the $4 GPT header CRC32 does not match"; return; }
	_my=$(get_le "$1" 24 8)
	[ "$_my" = "$3" ] || { echo "the $4 GPT header says it is at LBA $_my, not $3"; return; }
	[ "$(get_le "$1" 84 4)" = 128 ] || { echo "the $4 GPT has entries of $(get_le "$1" 84 4) bytes (128 supported)"; return; }
	_n=$(get_le "$1" 80 4)
	if [ "$_n" -lt 1 ] || [ "$_n" -gt 1024 ]; then echo "the $4 GPT has $_n entries"; return; fi
	[ "$(wc -c < "$2")" -eq $((_n * 128)) ] || { echo "the $4 GPT entry array cannot be read"; return; }
	[ "$(crc32_dec "$2")" = "$(get_bytes "$1" 88 4)" ] || echo "the $4 GPT entry array CRC32 does not match"
}
# the header fields a backup shares with the primary (all but the CRC,
# own, alternate and entry-array LBA)
gpt_common() { # HEADER OUT
	head -c "$(get_le "$1" 12 4)" "$1" > "$2"
	put_bytes "$2" 16 '\000\000\000\000'
	put_bytes "$2" 24 "$(le_bytes 0 16)"
	put_bytes "$2" 72 "$(le_bytes 0 8)"
}
# cs_gpt_entries ARRAY: "INDEX FIRST LAST NAME" of the used entries, "INDEX -
# - -" of the first free one
cs_gpt_entries() {
	hexdump -v -e '1/1 "%u\n"' "$1" | awk '
		{ b[n++] = $1 }
		function le(o, c,   v, i) { v = 0; for (i = c - 1; i >= 0; i--) v = v * 256 + b[o + i]; return v }
		END {
			for (e = 0; e * 128 < n; e++) {
				o = e * 128; used = 0
				for (i = 0; i < 16; i++) if (b[o + i]) used = 1
				if (!used) { if (!free) { printf "%d - - -\n", e; free = 1 }; continue }
				nm = ""
				for (i = 56; i < 128; i += 2) { if (!b[o + i] && !b[o + i + 1]) break; nm = nm sprintf("%c", b[o + i]) }
				printf "%d %.0f %.0f %s\n", e, le(o + 32, 8), le(o + 40, 8), nm
			}
		}'
}

# gpt_keep_crc ARRAY OFFSET CRC: set the 4 bytes at OFFSET of ARRAY so
# that its CRC32 is CRC (4 decimal bytes). CRC32 is affine over GF(2): the
# 32 bits there change the CRC by 32 independent vectors (any 32
# consecutive bits do), measured one bit at a time, and the system is
# solved by elimination.
gpt_keep_crc() {
	put_bytes "$1" "$2" '\000\000\000\000'
	{
		echo "T $3"
		echo "B $(crc32_dec "$1")"
		_j=0
		while [ "$_j" -lt 32 ]; do
			cp "$1" "$T/cb"
			put_bytes "$T/cb" $(($2 + _j / 8)) "$(le_bytes $((1 << (_j % 8))) 1)"
			echo "C $(crc32_dec "$T/cb")"
			_j=$((_j + 1))
		done
	} | awk '
		BEGIN { j = 0 }
		{ for (k = 0; k < 4; k++) { x = $(k + 2); for (m = 0; m < 8; m++) { w[8 * k + m] = x % 2; x = int(x / 2) } } }
		$1 == "T" { for (k = 0; k < 32; k++) t[k] = w[k] }
		$1 == "B" { for (k = 0; k < 32; k++) z[k] = w[k] }
		$1 == "C" { for (k = 0; k < 32; k++) a[k, j] = (w[k] + z[k]) % 2; j++ }
		END {
			if (j != 32) exit 1
			for (k = 0; k < 32; k++) a[k, 32] = (t[k] + z[k]) % 2
			for (col = 0; col < 32; col++) {
				p = -1
				for (r = col; r < 32; r++) if (a[r, col]) { p = r; break }
				if (p < 0) exit 1
				for (k = 0; k <= 32; k++) { x = a[p, k]; a[p, k] = a[col, k]; a[col, k] = x }
				for (r = 0; r < 32; r++)
					if (r != col && a[r, col])
						for (k = col; k <= 32; k++) a[r, k] = (a[r, k] + a[col, k]) % 2
			}
			for (k = 0; k < 4; k++) {
				v = 0
				for (m = 7; m >= 0; m--) v = v * 2 + a[8 * k + m, 32]
				printf "\\%03o", v
			}
		}' > "$T/solved" || return 1
	put_bytes "$1" "$2" "$(cat "$T/solved")"
	[ "$(crc32_dec "$1")" = "$3" ]
}

create_gpt_slot() { # MEDIUM COMPONENT SLOT A-LOCATION B-LOCATION
	_dk=$M_DISK
	_an=${4#gpt:} _bn=${5#gpt:}
	_what="setup --create-slots: $1/$2/$3"
	[ "$(cat "/sys/class/block/$_dk/queue/logical_block_size")" = 512 ] || die 1 "$_what: $_dk does not have 512-byte sectors"
	_lbas=$(cat "/sys/class/block/$_dk/size")
	gpt_dd "$_dk"
	# read what the disk holds, not what the page cache may still have
	# from before the module's last write
	! command -v blockdev > /dev/null 2>&1 || blockdev --flushbufs "/dev/$_dk" 2>/dev/null
	# the primary: it must be valid for every reader
	gpt_get "$_dk" 1 1 "$T/h1" || die 5 "$_what: cannot read LBA 1 of $_dk"
	[ "$(head -c 8 "$T/h1")" = "EFI PART" ] || die 1 "$_what: $_dk has no primary GPT; nothing written"
	_ne=$(get_le "$T/h1" 80 4) _elba=$(get_le "$T/h1" 72 8)
	_eb=$(((_ne * 128 + 511) / 512))
	if [ "$_ne" -lt 1 ] || [ "$_ne" -gt 1024 ] || [ "$_elba" -lt 2 ] || [ $((_elba + _eb)) -gt "$_lbas" ]; then
		die 1 "$_what: the primary GPT of $_dk is damaged ($_ne entries at LBA $_elba); nothing written"
	fi
	gpt_get "$_dk" "$_elba" "$_eb" "$T/e" || die 5 "$_what: cannot read the GPT entries of $_dk"
	head -c $((_ne * 128)) "$T/e" > "$T/earr"
	_why=$(gpt_bad "$T/h1" "$T/earr" 1 primary)
	[ -z "$_why" ] || die 1 "$_what: $_why on $_dk: the table is damaged; repair it first (nothing written)"
	_alt=$(get_le "$T/h1" 32 8)
	_first=$(get_le "$T/h1" 40 8) _last=$(get_le "$T/h1" 48 8)
	if [ "$_alt" -le "$_last" ] || [ "$_alt" -ge "$_lbas" ] || [ "$_last" -lt "$_first" ]; then
		die 1 "$_what: the primary GPT of $_dk has a bad alternate LBA $_alt or usable range $_first-$_last (disk: $_lbas sectors); nothing written"
	fi
	# the backup where the primary says: kept in step when it is a GPT
	# (sgdisk); none there (OpenWrt's ptgen) is a primary-only disk
	_belba='' _adopt=''
	gpt_get "$_dk" "$_alt" 1 "$T/h2" || die 5 "$_what: cannot read LBA $_alt of $_dk"
	if [ "$(head -c 8 "$T/h2")" = "EFI PART" ]; then
		_belba=$(get_le "$T/h2" 72 8)
		if [ "$_belba" -le "$_last" ] || [ $((_belba + _eb)) -gt "$_alt" ]; then
			die 1 "$_what: the backup GPT of $_dk has its entries at LBA $_belba, inside the disk's partitions; nothing written"
		fi
		gpt_get "$_dk" "$_belba" "$_eb" "$T/be" || die 5 "$_what: cannot read the backup GPT entries of $_dk"
		head -c $((_ne * 128)) "$T/be" > "$T/barr"
		_why=$(gpt_bad "$T/h2" "$T/barr" "$_alt" backup)
		[ -z "$_why" ] || die 1 "$_what: $_why on $_dk: the table is damaged; repair it first (nothing written)"
		[ "$(get_le "$T/h2" 32 8)" = 1 ] || die 1 "$_what: the backup GPT of $_dk does not point back at LBA 1; nothing written"
		gpt_common "$T/h1" "$T/c1"
		gpt_common "$T/h2" "$T/c2"
		cmp -s "$T/c1" "$T/c2" || die 1 "$_what: the primary and backup GPT headers of $_dk differ (disk GUID, usable range, entry count or entry CRC); nothing written"
		if ! cmp -s "$T/earr" "$T/barr"; then
			# the one difference a cut short create-slots leaves: the
			# backup has the new entry in the primary's first free one
			_di=$(cmp -l "$T/earr" "$T/barr" | awk '{ print int(($1 - 1) / 128) }' | sort -u)
			_pf=$(cs_gpt_entries "$T/earr" | awk '$2 == "-" { print $1; exit }')
			_bname=$(cs_gpt_entries "$T/barr" | awk -v i="$_di" '$1 == i { print $4; exit }')
			if [ "$_di" != "$_pf" ] || [ "$_bname" != "$_bn" ]; then
				die 1 "$_what: the primary and backup GPT entries of $_dk differ (entry $(echo "$_di" | awk '{ printf "%s%d", NR > 1 ? "," : "", $1 + 1 }')); nothing written"
			fi
			_adopt=1
		fi
	fi
	cs_gpt_entries "$T/earr" > "$T/ents"
	awk -v n="$_bn" '$4 == n { f = 1 } END { exit !f }' "$T/ents" && die 1 "$_what: $_dk already has a GPT entry named $_bn, but the kernel does not show it: reboot (or run 'blockdev --rereadpt /dev/$_dk' where there is blockdev)"
	_ai=$(awk -v n="$_an" '$4 == n { print $1; exit }' "$T/ents")
	[ -n "$_ai" ] || die 1 "$_what: the GPT of $_dk has no entry named $_an (slot a); restore a backup first (nothing written)"
	_asz=$(awk -v i="$_ai" '$1 == i { printf "%.0f\n", $3 - $2 + 1 }' "$T/ents")
	_fi=$(awk '$2 == "-" { print $1; exit }' "$T/ents")
	[ -n "$_fi" ] || die 1 "$_what: the GPT of $_dk has no free entry; nothing written"
	if [ -n "$_adopt" ]; then
		# finish what a cut left: the backup's new entry into the primary
		dd if="$T/barr" of="$T/earr" bs=128 skip="$_fi" seek="$_fi" count=1 conv=notrunc 2>/dev/null
		_start=$(get_le "$T/earr" $((_fi * 128 + 32)) 8) _end=$(get_le "$T/earr" $((_fi * 128 + 40)) 8)
		info "$1/$2/$3: the backup GPT of $_dk already has $_bn (a cut short setup --create-slots): writing it to the primary"
	else
		# the first gap of the free space that holds the A partition's size
		_gaps=$(awk '$2 != "-" { print $2, $3 }' "$T/ents" | sort -n | awk -v lo="$_first" -v hi="$_last" -v sz="$_asz" '
			function up(x, a) { return int((x + a - 1) / a) * a }
			BEGIN { n = 0 }
			{ f[n] = $1; l[n] = $2; n++ }
			END {
				# the largest free space, for the refusal
				s = lo; big = 0
				for (i = 0; i <= n; i++) {
					e = (i < n) ? f[i] - 1 : hi
					if (e - s + 1 > big) { big = e - s + 1; bs = s }
					if (i < n && l[i] + 1 > s) s = l[i] + 1
				}
				for (al = 2048; al >= 1; al = (al == 2048 ? 8 : 0)) {
					s = up(lo, al)
					for (i = 0; i < n; i++) {
						if (s + sz - 1 < f[i]) break
						if (l[i] + 1 > s) s = up(l[i] + 1, al)
					}
					if (s + sz - 1 <= hi) { printf "%.0f\n", s; exit }
					if (al == 8) break
				}
				printf "- %.0f %.0f\n", big, bs
			}')
		case $_gaps in
		-*)
			_big=${_gaps#- } && _bs=${_big#* } && _big=${_big%% *}
			die 1 "$_what: no room on $_dk for a $_bn partition of $(kib $((_asz * 512))) KiB (the size of $_an): the largest free space between the partitions, up to the GPT's last usable LBA $_last, is $(kib $((_big * 512))) KiB (at LBA $_bs); partitions are never moved, so $2 keeps one slot on this medium (OpenWrt's SD-card layout has no such gap); nothing written"
			;;
		esac
		_start=$_gaps
		_end=$((_start + _asz - 1))
		# the new entry: the A entry's type and attributes, a unique GUID
		# (random, version 4, its first 4 bytes solved for the CRC), the name
		_o=$((_fi * 128))
		dd if="$T/earr" bs=128 skip="$_ai" count=1 of="$T/ne" 2>/dev/null
		put_bytes "$T/ne" 20 "$(head -c 12 /dev/urandom | hexdump -v -e '1/1 "%u\n"' | awk '
			NR == 4 { $1 = $1 % 16 + 64 }
			NR == 5 { $1 = $1 % 64 + 128 }
			{ printf "\\%03o", $1 }')"
		put_bytes "$T/ne" 32 "$(le_bytes "$_start" 8)$(le_bytes "$_end" 8)"
		dd if=/dev/zero of="$T/ne" bs=1 seek=56 count=72 conv=notrunc 2>/dev/null
		put_bytes "$T/ne" 56 "$(printf '%s' "$_bn" | hexdump -v -e '1/1 "\\%03o\\000"')"
		dd if="$T/ne" of="$T/earr" bs=128 seek="$_fi" count=1 conv=notrunc 2>/dev/null
		gpt_keep_crc "$T/earr" $((_o + 16)) "$(get_bytes "$T/h1" 88 4)" ||
			die 1 "$_what: no GUID for $_bn keeps the entry CRC of $_dk (internal error); nothing written"
		# unique among the entries
		_g=$(get_bytes "$T/earr" $((_o + 16)) 16)
		_i=0
		while [ "$_i" -lt "$_ne" ]; do
			[ "$_i" = "$_fi" ] || [ "$(get_bytes "$T/earr" $((_i * 128 + 16)) 16)" != "$_g" ] ||
				die 1 "$_what: the new GUID is already in the GPT of $_dk; run it again (nothing written)"
			_i=$((_i + 1))
		done
	fi
	[ "$(crc32_dec "$T/earr")" = "$(get_bytes "$T/h1" 88 4)" ] ||
		die 1 "$_what: the new entry would change the entry CRC of $_dk (internal error); nothing written"
	_sec=$((_fi * 128 / 512))
	dd if="$T/earr" of="$T/sec" bs=512 skip="$_sec" count=1 2>/dev/null
	# one sector per copy, the backup first; no header
	cs_group "$1"
	if [ -n "$_belba" ] && [ -z "$_adopt" ]; then
		gpt_put "$CSG" "$_dk" $((_belba + _sec)) "$T/sec" || {
			cs_ungroup
			die 5 "setup --create-slots: writing LBA $((_belba + _sec)) (backup GPT entries) of $_dk failed: $(head -n 1 "$T/err"); the primary is untouched, the backup valid or as before: run it again"
		}
	fi
	gpt_put "$CSG" "$_dk" $((_elba + _sec)) "$T/sec" || {
		cs_ungroup
		die 5 "setup --create-slots: writing LBA $((_elba + _sec)) (primary GPT entries) of $_dk failed: $(head -n 1 "$T/err"); run it again"
	}
	_note=$(sed -n 's/^result: ok: //p' "$CSG/status")
	cs_ungroup
	# the module re-read the partitions after the primary unless one was in
	# use; then blockdev (not in OpenWrt's default userland) or a reboot
	if ! gpt_part "$_dk" "$_bn" > /dev/null; then
		if ! command -v blockdev > /dev/null 2>&1; then
			REBOOT_FOR="${REBOOT_FOR:+$REBOOT_FOR; }$_bn is in the GPT of $_dk (LBA $_start-$_end), but the kernel could not read the table now ($_note): reboot, then run '$PROG setup'"
			return 0
		fi
		blockdev --flushbufs "/dev/$_dk" 2>/dev/null
		blockdev --rereadpt "/dev/$_dk" 2> "$T/err" || die 1 "setup --create-slots: $_bn is in the GPT of $_dk (LBA $_start-$_end), but the kernel cannot read the table again while the disk is in use ($(head -n 1 "$T/err")): reboot, then run '$PROG setup'"
		_i=0
		while ! gpt_part "$_dk" "$_bn" > /dev/null && [ "$_i" -lt 20 ]; do
			sleep 1
			_i=$((_i + 1))
		done
	fi
	info "$1/$2/$3: created GPT partition $_bn on $_dk (LBA $_start-$_end, as $_an; one entry sector per copy, each a reliable write by the module, entry CRC and headers unchanged)"
}

cmd_setup() {
	_create=''
	while [ $# -gt 0 ]; do
		case $1 in
		--create-slots) _create=1 ;;
		*) usage_error "setup: unknown argument '$1'" ;;
		esac
		shift
	done
	load_profile
	tmpdir
	if [ ! -d "$CFS" ]; then
		grep -q ' /sys/kernel/config configfs' /proc/mounts 2>/dev/null ||
			mount -t configfs none /sys/kernel/config 2>/dev/null
		modprobe mtk_bootmedia 2>/dev/null || true
	fi
	need_module
	_media=$(media_present)
	[ -n "$_media" ] || die 1 "none of the media of profile $PNAME is present ($(pget medium | awk '{ printf "%s ", $3 }'))"
	CREATED='' REBOOT_FOR=''
	[ -z "$_create" ] || _yes_or_ask "create the missing B slots of $PNAME (rewrites the GPT of an eMMC, adds UBI volumes)"
	[ -z "$_create" ] || create_slots
	for _m in $_media; do
		medium_info "$_m"
		_g=$CFS/$_m
		CFS_UNDO=''
		cfs_mkdir "$_g"
		for _a in device enable force_ro; do
			cfs_need "$_g/$_a" setup
		done
		case " $CREATED " in
		*" $_m "*)
			# new slots: bind again so that the module takes them
			[ "$(cat "$_g/enable")" != 1 ] || cfs_write "$_g/enable" 0 "$_g/status"
			;;
		esac
		if [ "$(cat "$_g/enable")" = 1 ]; then
			info "$_m: already bound ($(cat "$_g/device"))"
			CFS_UNDO=''
			continue
		fi
		cfs_write "$_g/device" "$M_DEV" "$_g/status"
		# switch extcsd writes nothing unless boot1_honoured (profiles.sh)
		[ ! -e "$_g/boot1_honoured" ] || cfs_write "$_g/boot1_honoured" "$(boot1_honoured)" "$_g/status"
		_noswitch=''
		for _c in $(pget component | awk -v m="$_m" '$1 == m { print $2 }'); do
			# shellcheck disable=SC2046
			set -- $(pget component | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $3, $4 }')
			cfs_mkdir "$_g/$_c"
			cfs_need "$_g/$_c/kind" setup
			cfs_write "$_g/$_c/kind" "$1" "$_g/status"
			if [ -e "$_g/$_c/switch" ]; then
				cfs_write "$_g/$_c/switch" "$2" "$_g/status"
			else
				_noswitch="$_g/$_c/switch"
			fi
			pget slot | awk -v m="$_m" -v c="$_c" '$1 == m && $2 == c { print $3, $4, $5 }' > "$T/slots"
			while read -r _s _loc _opt; do
				resolve "$_loc" || {
					# an optional slot that is gone (U-Boot's emmc_init
					# writes a GPT without fip2): a directory left from an
					# earlier bind would make the module refuse the bind
					if [ "$_opt" = optional ]; then
						[ ! -d "$_g/$_c/$_s" ] || rmdir "$_g/$_c/$_s" 2>/dev/null || true
						continue
					fi
					cfs_undo
					die 1 "$_m/$_c/$_s: $_loc: $R_ERR"
				}
				case $_loc in
				ubi:*)
					_x=${_loc#ubi:}
					_loc=ubi:$(ubi_num "${_x%%:*}"):${_x#*:}
					;;
				esac
				cfs_mkdir "$_g/$_c/$_s"
				cfs_need "$_g/$_c/$_s/location" setup
				cfs_write "$_g/$_c/$_s/location" "$_loc" "$_g/status"
			done < "$T/slots"
		done
		cfs_write "$_g/enable" 1 "$_g/status"
		# shellcheck disable=SC2034 # read by cfs_need and die paths (configfs.sh)
		CFS_UNDO=''
		cfs_write "$_g/force_ro" 1 "$_g/status"
		info "$_m: bound $M_DEV and protected"
		[ -z "$_noswitch" ] || info "$_m: no switch engine in this module ($_noswitch missing): bound for protection, check and backup only"
	done
	[ -z "$REBOOT_FOR" ] || die 1 "setup --create-slots: $REBOOT_FOR"
}

cmd_protect() {
	[ $# -eq 0 ] || usage_error "protect takes no arguments"
	load_profile
	tmpdir
	need_module
	_groups=$(medium_groups)
	[ -n "$_groups" ] || die 3 "no medium groups under $CFS to protect: run '$PROG setup'"
	for _g in $_groups; do
		need_node "$CFS/$_g/force_ro" protect
		cfs_write "$CFS/$_g/force_ro" 1 "$CFS/$_g/status"
		info "$_g: protected"
	done
}

cmd_unprotect() {
	_secs=''
	if [ $# -gt 0 ]; then
		case $1 in '' | *[!0-9]*) usage_error "unprotect: SECONDS must be a number, not '$1'" ;; esac
		_secs=$1
		shift
	fi
	[ $# -eq 0 ] || usage_error "unprotect takes at most one argument"
	load_profile
	tmpdir
	need_module
	_groups=$(medium_groups)
	[ -n "$_groups" ] || die 3 "no medium groups under $CFS: run '$PROG setup'"
	for _g in $_groups; do
		need_node "$CFS/$_g/force_ro" unprotect
		if [ -n "$_secs" ]; then
			need_node "$CFS/$_g/force_ro_secs" "unprotect SECONDS"
			cfs_write "$CFS/$_g/force_ro_secs" "$_secs" "$CFS/$_g/status"
		fi
		cfs_write "$CFS/$_g/force_ro" 0 "$CFS/$_g/status"
		info "$_g: writable${_secs:+ for $_secs s}"
	done
}

cmd_boot_partition() {
	_val='' _force=''
	while [ $# -gt 0 ]; do
		case $1 in
		--medium) [ $# -ge 2 ] || usage_error "--medium needs a name"; OPT_MEDIUM=$2; shift ;;
		--force) _force=1 ;;
		boot0 | boot1 | user | none) _val=$1 ;;
		*) usage_error "boot-partition: expected boot0, boot1, user or none, not '$1'" ;;
		esac
		shift
	done
	load_profile
	tmpdir
	need_module
	_m=$OPT_MEDIUM
	if [ -z "$_m" ]; then
		for _g in $(medium_groups); do
			[ "$(cat "$CFS/$_g/type" 2>/dev/null)" = emmc ] && { _m=$_g; break; }
		done
	fi
	[ -n "$_m" ] || _m=$(pget medium | awk '$2 == "emmc" { print $1; exit }')
	[ -n "$_m" ] || die 1 "board $PNAME has no eMMC medium"
	need_node "$CFS/$_m/boot_partition" boot-partition
	if [ -z "$_val" ]; then
		json_put medium "$_m"
		json_put boot_partition "$(cat "$CFS/$_m/boot_partition")"
		cat "$CFS/$_m/boot_partition"
		return
	fi
	# a boot area the profile gives to data (BPI-R3 Mini: boot1 holds the
	# EN8811H firmware) is never a boot partition
	_dc=$(boot_area_data "$_m" "$_val")
	[ -z "$_dc" ] || die 1 "boot-partition $_val refused: on $PNAME, $_val holds $_dc (data, not BL2; U-Boot sets the boot partition back to boot0 at every boot); nothing written"
	_now=$(cat "$CFS/$_m/boot_partition")
	if [ "$_now" = "$_val" ]; then
		info "$_m: boot partition is already $_val"
		json_put medium "$_m"
		json_put boot_partition "$_now"
		return 0
	fi
	# only an enabled area whose slot holds a valid BL2 boots (user, none: nothing
	# checkable); --force lifts this, for boot1 also the module's refusal ("boot1 force")
	[ "$_val" != boot1 ] || [ -n "$_force" ] || boot1_stated "boot-partition boot1"
	case $_val in
	boot0 | boot1)
		_bs=$(boot_area_state "$_m" "$_val")
		case $_bs in
		valid) ;;
		'') [ -n "$_force" ] || die 4 "boot-partition: no BL2 slot of $_m covers emmc:$_val, so its BL2 cannot be checked; refusing to boot from it (--force to set it anyway; nothing written)" ;;
		*) [ -n "$_force" ] || die 4 "boot-partition: $_val of $_m holds no valid BL2 ($_bs): the board would not boot; nothing written (install a BL2 there first, or --force)" ;;
		esac
		;;
	*)
		[ -n "$_force" ] || die 4 "boot-partition: $_val leaves $_m without a BL2 the BootROM loads from a boot area: the board may not boot; give --force to set it (nothing written)"
		;;
	esac
	_yes_or_ask "set the eMMC boot partition of $_m from $_now to $_val"
	[ "$_val" = boot1 ] || _force=''
	cfs_write "$CFS/$_m/boot_partition" "$_val${_force:+ force}" "$CFS/$_m/status"
	json_put medium "$_m"
	json_put boot_partition "$(cat "$CFS/$_m/boot_partition")"
	info "$_m: boot partition $(cat "$CFS/$_m/boot_partition")"
}

# the state of the slot at emmc:AREA (boot0|boot1) of any component of
# MEDIUM, or "" when no slot covers it
boot_area_state() { # MEDIUM AREA
	for _bd in "$CFS/$1"/*/*/; do
		_bd=${_bd%/}
		[ -f "$_bd/location" ] || continue
		[ "$(cat "$_bd/location" 2>/dev/null)" = "emmc:$2" ] || continue
		cat "$_bd/state" 2>/dev/null || echo "unreadable"
		return 0
	done
}
