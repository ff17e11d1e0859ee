# shellcheck shell=sh
# mtk-bootmedia part: the settings and the write lock.
#
# Settings: one source, read by the helper for every integration (init,
# hotplug, sysupgrade hook, udev/systemd, RAUC backend; they ask
# "mtk-bootmedia config KEY"). OpenWrt: the UCI file /etc/config/mtk-bootmedia,
# options of its "config mtk-bootmedia" section (MTKBM_UCI overrides the
# path); elsewhere /etc/mtk-bootmedia.conf, KEY=value lines (MTKBM_CONF).
# Both are parsed, never run. Keys:
#   board             profile name; empty: from the board identity
#   upgrade_check     1 (default): sysupgrade checks the boot media
#   upgrade_override  1: sysupgrade goes on although the check failed
#   upgrade_timeout   seconds doctor gets in sysupgrade (default 60)
SETTINGS_KEYS="board upgrade_check upgrade_override upgrade_timeout"

# SF: the settings file, empty when there is none
settings_file() {
	SF=''
	if [ -f "${MTKBM_UCI:-/etc/config/mtk-bootmedia}" ]; then
		SF=${MTKBM_UCI:-/etc/config/mtk-bootmedia}
	elif [ -f "${MTKBM_CONF:-/etc/mtk-bootmedia.conf}" ]; then
		SF=${MTKBM_CONF:-/etc/mtk-bootmedia.conf}
	fi
}

# settings_raw KEY: _sv, the value as written (empty when unset); a
# process only when there is a settings file
settings_raw() {
	settings_file
	_sv=''
	[ -n "$SF" ] || return 0
	if [ "$SF" = "${MTKBM_UCI:-/etc/config/mtk-bootmedia}" ]; then
		_sv=$(awk -v k="$1" '
		function unq(s) {
			if (s ~ /^\047.*\047$/ || s ~ /^".*"$/) s = substr(s, 2, length(s) - 2)
			return s
		}
		$1 == "config" { in_sec = (unq($2) == "mtk-bootmedia"); next }
		in_sec && $1 == "option" && $2 == k {
			v = $0
			sub(/^[ \t]*option[ \t]+[^ \t]+[ \t]*/, "", v)
			sub(/[ \t]+$/, "", v)
			val = unq(v)
		}
		END { printf "%s", val }' "$SF")
	else
		_sv=$(awk -v k="$1" '
		/^[ \t]*#/ { next }
		{
			line = $0
			sub(/^[ \t]+/, "", line)
			if (index(line, k) != 1) next
			v = substr(line, length(k) + 1)
			if (v !~ /^[ \t]*=/) next
			sub(/^[ \t]*=[ \t]*/, "", v)
			sub(/[ \t]+$/, "", v)
			if (v ~ /^".*"$/ || v ~ /^\047.*\047$/) v = substr(v, 2, length(v) - 2)
			val = v
		}
		END { printf "%s", val }' "$SF")
	fi
}

# settings_get KEY: SV, the checked value (the default when unset), or
# exit 2 naming the file and key
settings_get() {
	case " $SETTINGS_KEYS " in
	*" $1 "*) ;;
	*) usage_error "config: unknown setting '$1' (settings: $SETTINGS_KEYS)" ;;
	esac
	settings_raw "$1"
	case $1 in
	board)
		case $_sv in
		*/* | .*) die 2 "$SF: board: bad profile name '$_sv'" ;;
		esac
		;;
	upgrade_check | upgrade_override)
		case $_sv in
		'' | 0 | 1) ;;
		*) die 2 "$SF: $1: '$_sv' is not 0 or 1" ;;
		esac
		;;
	upgrade_timeout)
		case $_sv in
		'') ;;
		*[!0-9]* | 0*) die 2 "$SF: upgrade_timeout: '$_sv' is not a number of seconds (1-3600)" ;;
		*) [ "$_sv" -le 3600 ] || die 2 "$SF: upgrade_timeout: '$_sv' is not a number of seconds (1-3600)" ;;
		esac
		;;
	esac
	if [ -z "$_sv" ]; then
		case $1 in
		upgrade_check) _sv=1 ;;
		upgrade_override) _sv=0 ;;
		upgrade_timeout) _sv=60 ;;
		esac
	fi
	SV=$_sv
}

# config [KEY]: one setting's value, or every KEY=value
cmd_config() {
	[ $# -le 1 ] || usage_error "config: one KEY at most"
	if [ $# = 1 ]; then
		settings_get "$1"
		printf '%s\n' "$SV"
		return
	fi
	for _k in $SETTINGS_KEYS; do
		settings_get "$_k"
		printf '%s=%s\n' "$_k" "$SV"
	done
}

# lock_writes: one writing command at a time. init, hotplug and udev may
# run setup at once, an admin may run install meanwhile. flock(1) on
# MTKBM_LOCK (default mtk-bootmedia.lock in /run, /var/run or /tmp, the
# first that is writable); without flock, a lock file MTKBM_LOCK.pid
# holding the owner's PID, created by the shell alone (noclobber: O_EXCL,
# one creator wins; a dead owner's lock is taken over) and removed by the
# cleanup's one rm (issue 17: a process costs tens of ms under QEMU
# TCG). Waits up to MTKBM_LOCK_WAIT seconds (default 120), then fails
# naming the lock.
LOCK_FILE=''
lock_writes() {
	_lk=${MTKBM_LOCK:-}
	if [ -z "$_lk" ]; then
		for _d in /run /var/run /tmp; do
			[ -d "$_d" ] && [ -w "$_d" ] && { _lk=$_d/mtk-bootmedia.lock; break; }
		done
		[ -n "$_lk" ] || die 1 "no writable directory for the lock (/run, /var/run, /tmp); set MTKBM_LOCK"
	fi
	_wait=${MTKBM_LOCK_WAIT:-120}
	_n=0
	if command -v flock > /dev/null 2>&1; then
		exec 9>> "$_lk" || die 1 "cannot open the lock $_lk"
		until flock -n 9; do
			[ "$_n" -lt "$_wait" ] || die 1 "another mtk-bootmedia command has held $_lk for ${_wait} s; nothing done"
			[ "$_n" -gt 0 ] || info "waiting for another mtk-bootmedia command (lock $_lk)"
			sleep 1
			_n=$((_n + 1))
		done
		return 0
	fi
	while :; do
		_lr=1
		set -C
		if { echo $$ > "$_lk.pid"; } 2> /dev/null; then _lr=0; fi
		set +C
		[ "$_lr" != 0 ] || break
		[ -f "$_lk.pid" ] || die 1 "cannot create the lock $_lk.pid"
		_op=''
		read -r _op 2> /dev/null < "$_lk.pid"
		if [ -n "$_op" ] && ! kill -0 "$_op" 2> /dev/null; then
			rm -f "$_lk.pid"
			continue
		fi
		[ "$_n" -lt "$_wait" ] || die 1 "another mtk-bootmedia command (PID ${_op:-?}) has held $_lk.pid for ${_wait} s; nothing done"
		[ "$_n" -gt 0 ] || info "waiting for another mtk-bootmedia command (lock $_lk.pid)"
		sleep 1
		_n=$((_n + 1))
	done
	# shellcheck disable=SC2034 # read by cleanup (common.sh)
	LOCK_FILE=$_lk.pid
}
