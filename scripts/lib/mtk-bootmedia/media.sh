# SPDX-License-Identifier: GPL-2.0-only
# shellcheck shell=sh
#
# mtk-bootmedia helper, part media: device lookup: MTD, MMC/SD disks, GPT
# partitions, UBI volumes, profile locations. Sourced by
# scripts/mtk-bootmedia (installed: /usr/lib/mtk-bootmedia/media.sh);
# defines functions only, runs nothing by itself.

# ---------------------------------------------------------- device lookup

mtd_num() { # NAME [nand|nor]: number of the MTD device called NAME
	for _md in /sys/class/mtd/mtd[0-9]*; do
		case $_md in *ro) continue ;; esac
		[ -r "$_md/name" ] || continue
		[ "$(cat "$_md/name")" = "$1" ] || continue
		if [ -n "$2" ]; then
			_t=$(cat "$_md/type")
			case $2:$_t in
			nand:nand | nand:mlc-nand | nor:nor | nor:dataflash) ;;
			*) continue ;;
			esac
		fi
		echo "${_md##*/mtd}"
		return 0
	done
	return 1
}

mmc_disk() { # MMC|SD: the first whole MMC disk of that card type
	for _b in /sys/class/block/mmcblk*; do
		_n=${_b##*/}
		case $_n in *boot* | *rpmb | mmcblk*p*) continue ;; esac
		[ "$(cat "$_b/device/type" 2>/dev/null)" = "$1" ] || continue
		echo "$_n"
		return 0
	done
	return 1
}

gpt_part() { # DISK NAME: the partition device with that GPT name
	for _b in /sys/class/block/"$1"p*; do
		[ -r "$_b/uevent" ] || continue
		if grep -qx "PARTNAME=$2" "$_b/uevent"; then
			echo "${_b##*/}"
			return 0
		fi
	done
	return 1
}

ubi_num() { # NUMBER|MTD-NAME: number of the UBI device
	if is_num "$1"; then
		[ -d "/sys/class/ubi/ubi$1" ] && echo "$1"
		return
	fi
	_mn=$(mtd_num "$1") || return 1
	for _u in /sys/class/ubi/ubi[0-9]*; do
		case ${_u##*/} in *_*) continue ;; esac
		[ "$(cat "$_u/mtd_num" 2>/dev/null)" = "$_mn" ] || continue
		echo "${_u##*/ubi}"
		return 0
	done
	return 1
}

# ubi_busy: after a UBI tool failed with its stderr in $T/err: waits a
# moment and returns 0 when it failed with EBUSY ("Device or resource
# busy", musl: "Resource busy") fewer than 25 times since UBI_BUSY was
# reset, else 1. UBI refuses an update or a rename while anyone else has
# the volume open, and the module's re-check after every UBI volume
# notification (attach, update, rename) opens volumes read-only for a
# moment: a write straight after one of those can meet it
ubi_busy() {
	grep -q -e 'esource busy' -e 'error 16 ' "$T/err" 2> /dev/null || return 1
	UBI_BUSY=$((${UBI_BUSY:-0} + 1))
	[ "$UBI_BUSY" -le 25 ] || return 1
	[ "$UBI_BUSY" != 1 ] || info "the UBI volume is busy (open in another program, or in the module's re-check): trying again for up to 5 s"
	sleep 0.2 2> /dev/null || sleep 1
}

# ubi_try COMMAND...: run a UBI tool (stderr in $T/err) again while it
# fails with EBUSY (ubi_busy)
ubi_try() {
	UBI_BUSY=0
	until "$@" 2> "$T/err"; do ubi_busy || return 1; done
}

# ubi_vol_id UBI-NUMBER VOLUME: UV, the volume id (fails when there is
# none); without a subshell, for the install's path
ubi_vol_id() {
	UV=''
	for _v in /sys/class/ubi/ubi"$1"_*; do
		rd "$_v/name" || continue
		if [ "$RD" = "$2" ]; then
			UV=${_v##*_}
			return 0
		fi
	done
	return 1
}

ubi_vol() { # UBI-NUMBER VOLUME: the volume id
	ubi_vol_id "$1" "$2" && echo "$UV"
}

# medium_info NAME: sets M_TYPE M_DEV (configfs device string) M_DISK/M_MTD;
# returns 1 when the medium is not present on this system
# shellcheck disable=SC2034 # read by status.sh and setup.sh
medium_info() {
	_line=$(pget medium | awk -v m="$1" '$1 == m')
	[ -n "$_line" ] || return 2
	# shellcheck disable=SC2086
	set -- $_line
	M_NAME=$1 M_TYPE=$2 M_SPEC=$3 M_DISK='' M_DEV=''
	shift 3
	case $M_SPEC in
	mtd:*)
		case $M_TYPE in spi-nor) _k=nor ;; *) _k=nand ;; esac
		mtd_num "${M_SPEC#mtd:}" "$_k" > /dev/null || return 1
		M_DEV=$M_SPEC
		;;
	mmc:emmc) M_DISK=$(mmc_disk MMC) || return 1 ;;
	mmc:sd) M_DISK=$(mmc_disk SD) || return 1 ;;
	mmc:*)
		M_DISK=${M_SPEC#mmc:}
		[ -e "/sys/class/block/$M_DISK" ] || return 1
		;;
	*) die 5 "profile $PNAME: medium $M_NAME: bad device $M_SPEC" ;;
	esac
	[ -z "$M_DISK" ] || M_DEV=mmc:$M_DISK
	for _mc in "$@"; do
		case $_mc in
		if=*) loc_exists "${_mc#if=}" || return 1 ;;
		unless=*) ! loc_exists "${_mc#unless=}" || return 1 ;;
		esac
	done
	return 0
}

loc_exists() { # LOCATION (in the current medium's context)
	resolve "$1" > /dev/null 2>&1
}

media_present() { # the names of the profile's media present here
	for _m in $(pget medium | awk '{ print $1 }'); do
		if medium_info "$_m"; then echo "$_m"; fi
	done
}

# resolve LOCATION: in the context of the medium set by medium_info, sets
# R_KIND (nand|mtd|blk|gpt|extcsd) R_DEV R_OFF R_LEN R_NOTE; prints nothing.
# Returns 1 with R_ERR set when the location does not exist.
# shellcheck disable=SC2034 # the R_* results are read by backup.sh and restore.sh
resolve() {
	R_KIND='' R_DEV='' R_OFF=0 R_LEN='' R_NOTE='' R_ERR=''
	case $1 in
	mtd:*)
		_rsx=${1#mtd:}
		_rpx=${_rsx%%@*}
		_rnx=$(mtd_num "$_rpx") || { R_ERR="no MTD partition named $_rpx"; return 1; }
		_rsizex=$(cat "/sys/class/mtd/mtd$_rnx/size")
		case $(cat "/sys/class/mtd/mtd$_rnx/type") in
		nand | mlc-nand) R_KIND=nand ;;
		*) R_KIND=mtd ;;
		esac
		R_LEN=$_rsizex
		case $_rsx in
		*@*)
			_rrx=${_rsx#*@}
			R_OFF=$((${_rrx%%+*}))
			case $_rrx in *+*) R_LEN=$((${_rrx#*+})) ;; *) R_LEN=$((_rsizex - R_OFF)) ;; esac
			;;
		esac
		[ $((R_OFF + R_LEN)) -le "$_rsizex" ] || { R_ERR="$1 ends past the end of mtd$_rnx ($_rsizex bytes)"; return 1; }
		R_DEV=/dev/mtd$_rnx
		R_NOTE="mtd=$_rnx erasesize=$(cat "/sys/class/mtd/mtd$_rnx/erasesize") bad_blocks=$(cat "/sys/class/mtd/mtd$_rnx/bad_blocks" 2>/dev/null || echo ?)"
		;;
	ubi:*)
		_rsx=${1#ubi:}
		_rux=$(ubi_num "${_rsx%%:*}") || { R_ERR="no UBI device attached to ${_rsx%%:*}"; return 1; }
		_rvx=$(ubi_vol "$_rux" "${_rsx#*:}") || { R_ERR="no UBI volume named ${_rsx#*:} on ubi$_rux"; return 1; }
		_rsysx=/sys/class/ubi/ubi${_rux}_$_rvx
		R_KIND=blk R_DEV=/dev/ubi${_rux}_$_rvx R_LEN=$(cat "$_rsysx/data_bytes")
		R_NOTE="ubi=$_rux vol_id=$_rvx vol_type=$(cat "$_rsysx/type") reserved_ebs=$(cat "$_rsysx/reserved_ebs") usable_eb_size=$(cat "$_rsysx/usable_eb_size")"
		;;
	emmc:boot0 | emmc:boot1)
		[ -n "$M_DISK" ] || { R_ERR="$1 outside an eMMC medium"; return 1; }
		_rbx=$M_DISK${1#emmc:}
		[ -e "/sys/class/block/$_rbx" ] || { R_ERR="no $_rbx (not an eMMC with boot partitions)"; return 1; }
		R_KIND=blk R_DEV=/dev/$_rbx R_LEN=$(($(cat "/sys/class/block/$_rbx/size") * 512))
		R_NOTE="disk=$_rbx"
		;;
	gpt:*)
		[ -n "$M_DISK" ] || { R_ERR="$1 outside an MMC medium"; return 1; }
		_rbx=$(gpt_part "$M_DISK" "${1#gpt:}") || { R_ERR="no GPT partition named ${1#gpt:} on $M_DISK"; return 1; }
		R_KIND=blk R_DEV=/dev/$_rbx R_LEN=$(($(cat "/sys/class/block/$_rbx/size") * 512))
		R_NOTE="part=$_rbx start=$(cat "/sys/class/block/$_rbx/start")"
		;;
	disk:gpt)
		[ -n "$M_DISK" ] || { R_ERR="$1 outside an MMC medium"; return 1; }
		_rsecx=$(cat "/sys/class/block/$M_DISK/size")
		R_KIND=gpt R_DEV=/dev/$M_DISK R_LEN=$(((34 + 33) * 512))
		R_NOTE="primary=0+34 backup=$((_rsecx - 33))+33 sectors=$_rsecx"
		;;
	emmc:extcsd)
		[ -n "$M_DISK" ] || { R_ERR="$1 outside an eMMC medium"; return 1; }
		[ "$(cat "/sys/class/block/$M_DISK/device/type" 2>/dev/null)" = MMC ] || { R_ERR="$M_DISK is not an eMMC"; return 1; }
		R_KIND=extcsd R_DEV=/dev/$M_DISK R_LEN=''
		;;
	*)
		R_ERR="bad location $1 (mtd:NAME[@OFF[+LEN]], ubi:DEV:VOLUME, emmc:boot0|boot1, gpt:NAME, disk:gpt, emmc:extcsd)"
		return 1
		;;
	esac
	[ -e "$R_DEV" ] || { R_ERR="$R_DEV does not exist"; return 1; }
	return 0
}

# the EXT_CSD bytes that matter for booting, as "NAME 0xVALUE" lines
extcsd_text() { # DEV
	command -v mmc > /dev/null 2>&1 || { echo "mmc (mmc-utils) is not installed" >&2; return 3; }
	mmc extcsd read "$1" > "$T/extcsd.raw" 2> "$T/extcsd.err" || { cat "$T/extcsd.err" >&2; return 1; }
	sed -n -e 's/.*\[\([A-Z0-9_]*\): *\(0x[0-9a-fA-F]*\)\].*/\1 \2/p' \
		-e 's/.*\[\([A-Z0-9_]*\)\]: *\(0x[0-9a-fA-F]*\).*/\1 \2/p' "$T/extcsd.raw" |
		awk '$1 ~ /^(PARTITION_CONFIG|BOOT_CONFIG_PROT|BOOT_BUS_CONDITIONS|BOOT_WP|BOOT_WP_STATUS|RST_N_FUNCTION|BOOT_SIZE_MULTI|BOOT_INFO|ERASE_GROUP_DEF|WR_REL_SET|PARTITION_SETTING_COMPLETED|SEC_COUNT)$/'
}
