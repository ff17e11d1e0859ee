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
		resolve "$_aloc" < /dev/null || die 1 "setup --create-slots: $_m/$_c: slot a ($_aloc) is missing too: $R_ERR; restore a backup first"
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

# GPT editing for setup --create-slots (no sfdisk/sgdisk needed): the
# CRC32 comes from gzip's trailer, numbers are little-endian
crc32_le() { # FILE: the CRC32 as 4 little-endian bytes (printf escapes)
	gzip -c < "$1" | tail -c 8 | head -c 4 | hexdump -v -e '1/1 "\\%03o"'
}
le_bytes() { # VALUE COUNT: printf escapes
	awk -v v="$1" -v n="$2" 'BEGIN { for (i = 0; i < n; i++) { b = v % 256; v = (v - b) / 256; printf "\\%03o", b } }'
}
put_bytes() { # FILE OFFSET ESCAPES
	# shellcheck disable=SC2059 # the escapes are the format
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
get_le() { # FILE OFFSET COUNT
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null | hexdump -v -e '1/1 "%u\n"' |
		awk '{ for (i = 1; i <= NF; i++) b[n++] = $i } END { v = 0; for (i = n - 1; i >= 0; i--) v = v * 256 + b[i]; printf "%.0f\n", v }'
}
gpt_fix_crcs() { # HEADER-FILE ENTRIES-FILE
	put_bytes "$1" 88 "$(crc32_le "$2")"
	put_bytes "$1" 16 '\000\000\000\000'
	head -c "$(get_le "$1" 12 4)" "$1" > "$T/hcrc"
	put_bytes "$1" 16 "$(crc32_le "$T/hcrc")"
}

create_gpt_slot() { # MEDIUM COMPONENT SLOT A-LOCATION B-LOCATION
	_dk=$M_DISK
	_an=${4#gpt:} _bn=${5#gpt:}
	[ "$(cat "/sys/class/block/$_dk/queue/logical_block_size")" = 512 ] || die 1 "setup --create-slots: $_dk does not have 512-byte sectors"
	_ap=$(gpt_part "$_dk" "$_an") || die 1 "setup --create-slots: no GPT partition $_an on $_dk"
	_asz=$(cat "/sys/class/block/$_ap/size")
	dd if="/dev/$_dk" bs=512 skip=1 count=1 of="$T/h1" 2>/dev/null
	[ "$(head -c 8 "$T/h1")" = "EFI PART" ] || die 1 "setup --create-slots: $_dk has no primary GPT"
	_alt=$(get_le "$T/h1" 32 8)
	_first=$(get_le "$T/h1" 40 8) _last=$(get_le "$T/h1" 48 8)
	_elba=$(get_le "$T/h1" 72 8) _ne=$(get_le "$T/h1" 80 4) _es=$(get_le "$T/h1" 84 4)
	[ "$_es" = 128 ] || die 1 "setup --create-slots: GPT entries of $_es bytes are not supported"
	_eb=$(((_ne * _es + 511) / 512))
	dd if="/dev/$_dk" bs=512 skip="$_elba" count="$_eb" of="$T/e" 2>/dev/null
	dd if="/dev/$_dk" bs=512 skip="$_alt" count=1 of="$T/h2" 2>/dev/null
	[ "$(head -c 8 "$T/h2")" = "EFI PART" ] || die 1 "setup --create-slots: $_dk has no backup GPT at LBA $_alt; restore the GPT first"
	_belba=$(get_le "$T/h2" 72 8)
	# the entries: "INDEX FIRST LAST NAME" of used ones, "INDEX - - -" of the first free one
	hexdump -v -e '1/1 "%u\n"' "$T/e" | awk -v ne="$_ne" '
		{ for (i = 1; i <= NF; i++) b[n++] = $i }
		function le(o, c,   v, i) { v = 0; for (i = c - 1; i >= 0; i--) v = v * 256 + b[o + i]; return v }
		END {
			for (e = 0; e < ne; e++) {
				o = e * 128; used = 0
				for (i = 0; i < 16; i++) if (b[o + i]) used = 1
				if (!used) { if (!free) { printf "%d - - -\n", e; free = 1 }; continue }
				nm = ""
				for (i = 56; i < 128; i += 2) { if (!b[o + i] && !b[o + i + 1]) break; nm = nm sprintf("%c", b[o + i]) }
				printf "%d %.0f %.0f %s\n", e, le(o + 32, 8), le(o + 40, 8), nm
			}
		}' > "$T/ents"
	awk -v n="$_bn" '$4 == n { f = 1 } END { exit !f }' "$T/ents" && die 1 "setup --create-slots: $_dk already has a GPT entry named $_bn, but the kernel does not show it: reboot (or run 'blockdev --rereadpt /dev/$_dk' where there is blockdev)"
	_ai=$(awk -v n="$_an" '$4 == n { print $1; exit }' "$T/ents")
	_fi=$(awk '$2 == "-" { print $1; exit }' "$T/ents")
	[ -n "$_fi" ] || die 1 "setup --create-slots: the GPT of $_dk has no free entry; nothing written"
	# the first gap of the free space that holds the A partition's size
	_start=$(awk '$2 != "-" { print $2, $3 }' "$T/ents" | sort -n | awk -v lo="$_first" -v hi="$_last" -v sz="$_asz" '
		function up(x, a) { return int((x + a - 1) / a) * a }
		{ f[n] = $1; l[n] = $2; n++ }
		END {
			for (al = 2048; al >= 1; al = (al == 2048 ? 8 : 0)) {
				s = up(lo, al)
				for (i = 0; i < n; i++) {
					if (s + sz - 1 < f[i]) break
					if (l[i] + 1 > s) s = up(l[i] + 1, al)
				}
				if (s + sz - 1 <= hi) { printf "%.0f\n", s; exit }
				if (al == 8) break
			}
		}')
	[ -n "$_start" ] || die 1 "setup --create-slots: $1/$2/$3: no room on $_dk for a $_bn partition of $(kib $((_asz * 512))) KiB (the size of $_an) in the free space between the partitions; nothing written"
	_end=$((_start + _asz - 1))
	# the new entry: the A entry's type, a random unique GUID, the name
	dd if="$T/e" bs=128 skip="$_ai" count=1 of="$T/ne" 2>/dev/null
	head -c 16 /dev/urandom | dd of="$T/ne" bs=1 seek=16 conv=notrunc 2>/dev/null
	put_bytes "$T/ne" 32 "$(le_bytes "$_start" 8)$(le_bytes "$_end" 8)$(le_bytes 0 8)"
	dd if=/dev/zero of="$T/ne" bs=1 seek=56 count=72 conv=notrunc 2>/dev/null
	put_bytes "$T/ne" 56 "$(printf '%s' "$_bn" | hexdump -v -e '1/1 "\\%03o\\000"')"
	dd if="$T/ne" of="$T/e" bs=128 seek="$_fi" count=1 conv=notrunc 2>/dev/null
	head -c $((_ne * _es)) "$T/e" > "$T/earr"
	gpt_fix_crcs "$T/h1" "$T/earr"
	gpt_fix_crcs "$T/h2" "$T/earr"
	# unbind, so that the kernel may read the partition table again
	[ "$(cat "$CFS/$1/enable" 2>/dev/null)" != 1 ] || cfs_write "$CFS/$1/enable" 0 "$CFS/$1/status"
	# backup entries and header first, the primary header last
	if ! { dd if="$T/e" of="/dev/$_dk" bs=512 seek="$_belba" conv=notrunc 2>/dev/null &&
		dd if="$T/h2" of="/dev/$_dk" bs=512 seek="$_alt" conv=notrunc 2>/dev/null &&
		dd if="$T/e" of="/dev/$_dk" bs=512 seek="$_elba" conv=notrunc 2>/dev/null &&
		dd if="$T/h1" of="/dev/$_dk" bs=512 seek=1 conv=notrunc 2>/dev/null; }; then
		die 1 "setup --create-slots: writing the GPT of $_dk failed"
	fi
	sync
	# blockdev is not in OpenWrt's default userland: without it, a reboot
	# makes the kernel read the new table; the media are bound again (slot
	# a only here) before cmd_setup reports it, never left unprotected
	if ! command -v blockdev > /dev/null 2>&1; then
		REBOOT_FOR="${REBOOT_FOR:+$REBOOT_FOR; }$_bn is in the GPT of $_dk (LBA $_start-$_end), but this system has no blockdev to make the kernel read the table now: reboot, then run '$PROG setup'"
		return 0
	fi
	blockdev --flushbufs "/dev/$_dk" 2>/dev/null
	blockdev --rereadpt "/dev/$_dk" 2> "$T/err" || die 1 "setup --create-slots: $_bn is in the GPT of $_dk (LBA $_start-$_end), but the kernel cannot read the table again while the disk is in use ($(head -n 1 "$T/err")): reboot, then run '$PROG setup'"
	_i=0
	while ! gpt_part "$_dk" "$_bn" > /dev/null && [ "$_i" -lt 20 ]; do
		sleep 1
		_i=$((_i + 1))
	done
	info "$1/$2/$3: created GPT partition $_bn on $_dk (LBA $_start-$_end, as $_an)"
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
					[ "$_opt" = optional ] && continue
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
	# the BootROM loads BL2 from the enabled boot area: only one holding a
	# valid BL2 (the module's check of the slot there); user and none boot
	# nothing the module can check
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
	cfs_write "$CFS/$_m/boot_partition" "$_val" "$CFS/$_m/status"
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
