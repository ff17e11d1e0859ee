# shellcheck shell=sh
# Helpers of the core-*.t tests (sourced after selftests/lib/tap.sh).

CFS=/sys/kernel/config/mtk-bootmedia

# put FILE VALUE: write VALUE as one write(); fails as the store fails
put() {
	printf '%s\n' "$2" > "$1" 2>/dev/null
}

# result MEDIUM: the result line of MEDIUM's status
result() {
	sed -n 's/^result: //p' "$CFS/$1/status"
}

# status_of MEDIUM KEY: one "key: value" of MEDIUM's status
status_of() {
	sed -n "s/^$2: //p" "$CFS/$1/status"
}

# mtd_dev NAME: /dev/mtdN of the MTD partition NAME
mtd_dev() {
	for d in /sys/class/mtd/mtd[0-9]*; do
		case $d in *ro) continue ;; esac
		[ "$(cat "$d/name")" = "$1" ] && { echo "/dev/${d##*/}"; return 0; }
	done
	return 1
}

# mtd_flags NAME: the flags of MTD partition NAME (hex)
mtd_flags() {
	d=$(mtd_dev "$1") || return 1
	cat "/sys/class/mtd/${d#/dev/}/flags"
}

# mtd_writeable NAME: MTD_WRITEABLE (0x400) set?
mtd_writeable() {
	[ $(($(mtd_flags "$1") & 0x400)) -ne 0 ]
}

# as_user CMD: run a shell command line as an unprivileged user
as_user() {
	grep -q '^nobody:' /etc/passwd ||
		echo 'nobody:x:65534:65534:nobody:/:/bin/sh' >> /etc/passwd
	su -s /bin/sh nobody -c "$1" 2>/dev/null
}

# wait_for SECONDS CMD...: poll CMD every 0.2 s until it succeeds
wait_for() {
	_n=$(($1 * 5))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" 2>/dev/null && return 0
		sleep 0.2
		_n=$((_n - 1))
	done
	return 1
}

# errnos_numeric TEXT: TEXT with each -ENAME the module prints as -NUMBER
# (asm-generic numbers, x86_64 and arm64 alike); an unknown name fails
errnos_numeric() {
	T=$1 awk 'BEGIN {
		n = split("EPERM 1 ENOENT 2 ESRCH 3 EINTR 4 EIO 5 ENXIO 6 E2BIG 7 EAGAIN 11 " \
			"ENOMEM 12 EACCES 13 EBUSY 16 EEXIST 17 ENODEV 19 EINVAL 22 ENOTTY 25 " \
			"EFBIG 27 ENOSPC 28 EROFS 30 ERANGE 34 ENOSYS 38 ENODATA 61 EBADMSG 74 " \
			"EOVERFLOW 75 EOPNOTSUPP 95 ETIMEDOUT 110 ESTALE 116 EUCLEAN 117 " \
			"EMEDIUMTYPE 124 ECANCELED 125", a, " ")
		for (i = 1; i < n; i += 2)
			num[a[i]] = a[i + 1]
		s = ENVIRON["T"]
		out = ""
		while (match(s, /-E[A-Z0-9]+/)) {
			name = substr(s, RSTART + 1, RLENGTH - 1)
			if (!(name in num))
				exit 1
			out = out substr(s, 1, RSTART - 1) "-" num[name]
			s = substr(s, RSTART + RLENGTH)
		}
		print out s
	}'
}

# err_text TEXT: TEXT as the module prints it on this target: its -ENAMEs
# as numbers on the debug kernel (see contains), unchanged elsewhere; an
# unknown name is left as it is (and fails the comparison there)
err_text() {
	case ${MTKBM_TARGET:-} in *-debug) errnos_numeric "$1" && return 0 ;; esac
	printf '%s\n' "$1"
}

# contains STRING PATTERN. The module prints errnos with %pe: "-ENODEV" on
# kernels with CONFIG_SYMBOLIC_ERRNAME (Debian's), "-19" on the debug kernel
# (tinyconfig-based, without it): there, and only there, PATTERN's -ENAMEs
# also match as numbers, so another errno still fails.
contains() {
	case $1 in *"$2"*) return 0 ;; esac
	case ${MTKBM_TARGET:-} in *-debug) ;; *) return 1 ;; esac
	_cp=$(errnos_numeric "$2") || return 1
	case $1 in *"$_cp"*) return 0 ;; esac
	return 1
}

# --- SPI-NAND with the boot chain in UBI and the MediaTek dual-FIP record
# (board bpi-r3mini-dualfip; core-bspconf-ubi.t and core-races.t) ---

# vol_dev NAME: /dev/ubi0_N of the UBI volume named NAME
vol_dev() {
	for _v in /sys/class/ubi/ubi0_*; do
		[ -e "$_v/name" ] || continue
		[ "$(cat "$_v/name")" = "$1" ] && { echo "/dev/${_v##*/}"; return 0; }
	done
	return 1
}

# vol_bytes NAME: data bytes of UBI volume NAME
vol_bytes() {
	_d=$(vol_dev "$1") || return 1
	cat "/sys/class/ubi/${_d#/dev/}/data_bytes"
}

# dualfip_media: digest of what the boot chain and the record volumes
# hold (fip, fip2, bspconf1, bspconf2: sizes and bytes)
dualfip_media() {
	for _v in fip fip2 bspconf1 bspconf2; do
		echo "$_v $(vol_bytes "$_v")"
		cat "$(vol_dev "$_v")"
	done | md5sum
}

# dualfip_config MEDIUM CHIP: medium MEDIUM (configfs dir) set up for
# switch bspconf, not enabled: FIP slots a/b in volumes fip/fip2 (component
# fip), the record copies in bspconf1/bspconf2 (component bspconf, kind
# data), the device mtd:CHIP, force_ro_secs 0
dualfip_config() {
	mkdir -p "$1/fip/a" "$1/fip/b" "$1/bspconf/a" "$1/bspconf/b"
	put "$1/fip/a/location" ubi:0:fip
	put "$1/fip/b/location" ubi:0:fip2
	put "$1/bspconf/kind" data
	put "$1/bspconf/a/location" ubi:0:bspconf1
	put "$1/bspconf/b/location" ubi:0:bspconf2
	put "$1/device" "mtd:$2"
	put "$1/force_ro_secs" 0
}

# knob: load the module's test build $KO (-DMTK_BM_TEST_KNOBS, the caller
# names it) with the board= the running module was given
knob() {
	kb=$(cat /sys/module/mtk_bootmedia/parameters/board 2> /dev/null || true)
	rmmod mtk_bootmedia 2> /dev/null || true
	case $kb in
	'' | '(null)') insmod "$KO" ;;
	*) insmod "$KO" "board=\"$kb\"" ;;
	esac
}

# race WINDOW: the test build's race= parameter ('' for none)
race() { echo "$1" > /sys/module/mtk_bootmedia/parameters/race; }
