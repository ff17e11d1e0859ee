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

# contains STRING PATTERN
contains() {
	case $1 in *"$2"*) return 0 ;; esac
	return 1
}
