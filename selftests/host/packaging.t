#!/bin/sh
# Host tests of the build and packaging entry points (issue 16):
#   - plain "make" builds only the module and never touches APT (a PATH of
#     recording apt-get/apt/dpkg/sudo stand-ins, and /etc/apt's checksum)
#   - "make install" honours DESTDIR, CC, CFLAGS and LDFLAGS
#   - the OpenWrt package's install tree equals "make install
#     INTEGRATION=openwrt", and its module builds with the Kbuild call of an
#     OpenWrt KernelPackage against the arm64 6.12 tree
#   - the Debian packages build (dpkg-buildpackage) and hold what
#     "make install" installs; "dkms build" against the 6.1 and 6.12 headers
# Every check works on a copy of the tracked tree in a scratch directory.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../lib/tap.sh
. "$root/selftests/lib/tap.sh"
# shellcheck source=../vm/lib.sh
. "$root/selftests/vm/lib.sh"

tap_plan 8
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# a copy of the tracked (and new, not ignored) files of the tree
copy_tree() { # DEST
	mkdir -p "$1"
	(cd "$root" && git ls-files -co --exclude-standard -z |
		xargs -0 cp -P --parents -t "$1" 2> /dev/null)
	[ -f "$1/Makefile" ]
}
copy_tree "$W/src"

# ---------------------------------------------------------------- make
# stand-ins that record any call to the package tools
mkdir -p "$W/trap"
for t in apt-get apt apt-cache dpkg sudo; do
	printf '#!/bin/sh\necho "%s $*" >> %s/calls\nexit 1\n' "$t" "$W" > "$W/trap/$t"
	chmod +x "$W/trap/$t"
done
apt_sum() { find /etc/apt -type f -exec sha256sum {} + 2> /dev/null | sort; }
apt_sum > "$W/apt.before"
kd=$(kdir x86_64-6.12)/headers
# shellcheck disable=SC2317
make_plain() {
	PATH=$W/trap:$PATH nice make -s -C "$W/src" KDIR="$kd" > "$W/make.log" 2>&1 ||
		{ cat "$W/make.log"; return 1; }
	[ -f "$W/src/mtk_bootmedia.ko" ] || { echo "no mtk_bootmedia.ko"; return 1; }
}
tap_ok "plain make (KDIR=x86_64 6.12 headers) builds mtk_bootmedia.ko" make_plain
# shellcheck disable=SC2317
no_apt() {
	# without KDIR on a machine without headers: fails, and still no APT
	PATH=$W/trap:$PATH make -s -C "$W/src" > "$W/make2.log" 2>&1
	if [ -s "$W/calls" ]; then echo "package tools called:"; cat "$W/calls"; return 1; fi
	if make -n -C "$W/src" KDIR="$kd" 2>&1 | grep -E 'host-deps|vm/kernels|guest-tools|ksource|apt'; then
		echo "make -n plans provisioning (above)"
		return 1
	fi
	apt_sum | cmp -s - "$W/apt.before" || { echo "/etc/apt changed"; return 1; }
}
tap_ok "plain make calls no apt-get/apt/dpkg/sudo, plans no provisioning, leaves /etc/apt as it was" no_apt

# ------------------------------------------------------------ make install
# a CC that records its arguments, so the flags that reach it are known
printf '#!/bin/sh\necho "$*" >> %s/cc.args\nexec gcc "$@"\n' "$W" > "$W/cc"
chmod +x "$W/cc"
# shellcheck disable=SC2317
install_flags() {
	make -s -C "$W/src" install DESTDIR="$W/root" CC="$W/cc" \
		CFLAGS="-O1 -DMTKBM_PKG_CFLAGS" LDFLAGS="-Wl,-z,now" \
		BMDIR="$W/bm" > "$W/install.log" 2>&1 || { cat "$W/install.log"; return 1; }
	grep -q -- '-O1 -DMTKBM_PKG_CFLAGS' "$W/cc.args" || { echo "CFLAGS not used:"; cat "$W/cc.args"; return 1; }
	grep -q -- '-Wl,-z,now' "$W/cc.args" || { echo "LDFLAGS not used:"; cat "$W/cc.args"; return 1; }
	for f in usr/sbin/mtk-bootmedia usr/lib/mtk-bootmedia/common.sh \
		usr/lib/mtk-bootmedia/restore.sh usr/lib/mtk-bootmedia/restore-gpt.sh \
		usr/lib/mtk-bootmedia/restore-dualfip.sh usr/lib/mtk-bootmedia/bootmodel \
		usr/share/mtk-bootmedia/boards/bpi-r3mini.profile etc/mtk-bootmedia.conf \
		usr/lib/systemd/system/mtk-bootmedia.service; do
		[ -f "$W/root/$f" ] || { echo "missing $f"; return 1; }
	done
}
tap_ok "make install honours DESTDIR, CC, CFLAGS, LDFLAGS" install_flags

# ------------------------------------------------------------ OpenWrt
# scripts/package/openwrt/mtk-bootmedia/Makefile driven by a model of
# OpenWrt's rules.mk/kernel.mk/package.mk (selftests/host/openwrt-model):
# Build/Compile runs Kbuild as a KernelPackage does, against the arm64 6.12
# tree, and the boot model with the target's compiler and flags
ka=$(kdir arm64-6.12)
# shellcheck disable=SC2317
owrt_build() {
	nice make -C "$W/src/scripts/package/openwrt/mtk-bootmedia" \
		TOPDIR="$root/selftests/host/openwrt-model" BUILD_DIR="$W/owrt" DEST="$W/ipk" \
		TARGET_CROSS=aarch64-linux-gnu- TARGET_CFLAGS="-Os -pipe -fstack-protector -D_FORTIFY_SOURCE=1 -Wformat -Werror=format-security" \
		TARGET_LDFLAGS="-static -Wl,-z,now -Wl,-z,relro" \
		LINUX_DIR="$ka/headers" LINUX_VERSION="$(kver arm64-6.12)" LINUX_KARCH=arm64 \
		prepare compile mtk-bootmedia kmod-mtk-bootmedia > "$W/owrt.log" 2>&1 ||
		{ tail -n 30 "$W/owrt.log"; return 1; }
	if grep -E 'warning:|error:' "$W/owrt.log"; then echo "compiler warnings (above)"; return 1; fi
	ko=$W/ipk/kmod-mtk-bootmedia/lib/modules/$(kver arm64-6.12)/mtk_bootmedia.ko
	[ -f "$ko" ] || { echo "no $ko"; return 1; }
	vm=$(modinfo -F vermagic "$ko")
	case $vm in "$(kver arm64-6.12) "*aarch64*) ;; *) echo "vermagic '$vm'"; return 1 ;; esac
	[ "$(cat "$W/ipk/kmod-mtk-bootmedia/etc/modules.d/mtk-bootmedia")" = mtk_bootmedia ] ||
		{ echo "etc/modules.d/mtk-bootmedia does not probe mtk_bootmedia"; return 1; }
	readelf -h "$W/ipk/mtk-bootmedia/usr/lib/mtk-bootmedia/bootmodel" | grep -q 'Machine:.*AArch64' ||
		{ echo "the boot model is not built for the target"; return 1; }
}
tap_ok "OpenWrt package: KernelPackage Kbuild call builds mtk_bootmedia.ko for arm64 6.12 (AutoProbe), boot model with TARGET_CC" owrt_build
# shellcheck disable=SC2317
owrt_tree() {
	[ -d "$W/ipk/mtk-bootmedia" ] || { echo "no package tree (check above failed)"; return 1; }
	make -s -C "$W/src" install INTEGRATION=openwrt DESTDIR="$W/owrt-root" BMDIR="$W/bm3" \
		> "$W/i3.log" 2>&1 || { cat "$W/i3.log"; return 1; }
	(cd "$W/owrt-root" && find . ! -type d -printf '%m %P\n' | sort) > "$W/want"
	(cd "$W/ipk/mtk-bootmedia" && find . ! -type d -printf '%m %P\n' | sort) > "$W/got"
	diff -u "$W/want" "$W/got" || { echo "(- make install INTEGRATION=openwrt, + the package's install)"; return 1; }
}
tap_ok "OpenWrt package: Package/mtk-bootmedia/install = make install INTEGRATION=openwrt (files and modes)" owrt_tree

# ------------------------------------------------------------ Debian
# shellcheck disable=SC2317
deb_build() {
	(cd "$W/src" && nice make -s deb-pkg) > "$W/deb.log" 2>&1 || { tail -n 30 "$W/deb.log"; return 1; }
	deb=$(ls "$W"/src/.cache/deb/mtk-bootmedia_*.deb) || return 1
	dkmsdeb=$(ls "$W"/src/.cache/deb/mtk-bootmedia-dkms_*_all.deb) || return 1
	# the helper package holds what make install installs (same directories)
	make -s -C "$W/src" install DESTDIR="$W/debroot" BMDIR="$W/bm2" INTEGRATION=debian \
		SYSTEMDUNITDIR=/lib/systemd/system UDEVRULESDIR=/lib/udev/rules.d > "$W/i2.log" 2>&1 ||
		{ cat "$W/i2.log"; return 1; }
	(cd "$W/debroot" && find . -type f | sed 's,^\.,,' | sort) > "$W/want"
	dpkg-deb -c "$deb" | awk '$1 !~ /^d/ { sub(/^\./, "", $6); print $6 }' |
		grep -v '^/usr/share/doc/' | sed 's,\.8\.gz$,.8,' | sort > "$W/got"
	diff -u "$W/want" "$W/got" || { echo "the .deb differs from make install (- make install, + .deb)"; return 1; }
	# the DKMS package: dkms.conf and exactly the module's sources
	(cd "$W/src" && { echo Kbuild; find driver -name '*.[ch]'; echo dkms.conf; } | sort) > "$W/want"
	dpkg-deb -c "$dkmsdeb" | awk '$1 !~ /^d/ { print $6 }' | sed -n 's,^\./usr/src/mtk-bootmedia-[^/]*/,,p' |
		sort > "$W/got"
	diff -u "$W/want" "$W/got" || { echo "the -dkms package's sources differ (- tree, + .deb)"; return 1; }
	dpkg-deb -x "$dkmsdeb" "$W/dkmsroot"
}
tap_ok "make deb-pkg: dpkg-buildpackage builds mtk-bootmedia (= make install) and mtk-bootmedia-dkms (module sources, dkms.conf)" deb_build

# dkms build of the packaged source, in a scratch DKMS tree, against the
# provisioned headers (no /lib/modules/VER needed: --kernelsourcedir)
# shellcheck disable=SC2317
dkms_build() { # TARGET
	kv=$(kver "$1")
	src=$(ls -d "$W"/dkmsroot/usr/src/mtk-bootmedia-*) || { echo "no -dkms package contents"; return 1; }
	v=${src##*/mtk-bootmedia-}
	mkdir -p "$W/dkms-$1"
	nice dkms build -m mtk-bootmedia -v "$v" -k "$kv" --kernelsourcedir "$(kdir "$1")/headers" \
		--sourcetree "$W/dkmsroot/usr/src" --dkmstree "$W/dkms-$1" > "$W/dkms-$1.log" 2>&1 ||
		{ tail -n 30 "$W/dkms-$1.log"; return 1; }
	ko=$(find "$W/dkms-$1/mtk-bootmedia/$v/$kv" -name 'mtk_bootmedia.ko*' | head -n 1)
	[ -n "$ko" ] || { echo "no mtk_bootmedia.ko in the DKMS tree"; return 1; }
	case $ko in *.xz) xz -dk "$ko" && ko=${ko%.xz} ;; *.zst) zstd -qd "$ko" && ko=${ko%.zst} ;; esac
	vm=$(modinfo -F vermagic "$ko")
	case $vm in "$kv "*) ;; *) echo "vermagic '$vm', want $kv"; return 1 ;; esac
}
for t in x86_64-6.1 x86_64-6.12; do
	tap_ok "dkms build of mtk-bootmedia-dkms against the $t headers ($(kver "$t"))" dkms_build "$t"
done
tap_done
