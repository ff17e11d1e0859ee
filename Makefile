# SPDX-License-Identifier: GPL-2.0-only
# mtk-bootmedia: top-level targets. The kernel module itself is built by
# Kbuild (see Kbuild); the test bed lives under selftests/.
#
#   make           build mtk_bootmedia.ko for the running kernel (or KDIR=);
#                  touches nothing outside this tree (no APT, no download)
#   make demo      provision, then boot a VM on the simulated BPI-R3 Mini media
#   make check     provision, build for every target, host checks, unit tests,
#                  fuzzers, and every VM test on every target
#   make provision the test bed's Debian packages (APT), kernels and guest
#                  userland; demo, check, bench, powercut and modules do it
#   make bench [TARGETS="x86_64-6.12"]  install/switch timings, bytes written
#                  and memory against the raw tools (not a test; not in check)
#   make modules   provision, then build mtk_bootmedia.ko (and the test
#                  modules) for every target into .cache/build/TARGET/ko/
#   make module KDIR=/lib/modules/$(uname -r)/build   build for one kernel
#   make install [DESTDIR=...] [INTEGRATION=debian|openwrt]  the helper,
#                  profiles, boot model (built with CC, CFLAGS, LDFLAGS), the
#                  integration files and man page at the paths of
#                  Documentation/admin-guide.md
#   make module_install KDIR=...  install the module built by "make module"
#   make deb-pkg   lay out debian/ (scripts/package/debian) in .cache/deb and
#                  build the packages mtk-bootmedia and mtk-bootmedia-dkms
#   make fuzz [FUZZ_SECONDS=600]  the fuzzers of the format code, each for
#                  FUZZ_SECONDS (make check gives them 30 s each)
#   make powercut  the power-cut proof with every cut point, every engine,
#                  the boot model's strict reading (x86_64-6.12; hours
#                  under TCG; fails on any brick, cut not fired, VM error)
#   make clean     remove build products (keeps downloaded kernels)
#   make distclean remove .cache entirely

KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all demo check fuzz bench powercut modules module module_install install bootmodel provision deb-pkg clean distclean help

all: module

help:
	@sed -n '3,30p' Makefile | sed 's/^# \{0,1\}//'

provision:
	@if [ "$$(id -u)" = 0 ]; then selftests/vm/host-deps; \
	 else sudo selftests/vm/host-deps; fi
	selftests/vm/kernels
	selftests/vm/guest-tools
	selftests/vm/ksource 6.1 6.12
	selftests/vm/debug-kernel

modules: provision
	selftests/vm/build

module:
	@test -f $(KDIR)/Makefile || { echo "make: no kernel build tree at $(KDIR):" \
		"install the kernel headers or pass KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

module_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# the boot model for `mtk-bootmedia doctor`, with CC, CFLAGS and LDFLAGS
# (a packager's cross compiler and flags; defaults: cc, -O2 -g)
CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
BMDIR ?= .cache/bootmodel/install
# LZMA=no: a boot model without liblzma (it then cannot unpack xz FIP images)
LZMA ?= yes
bootmodel:
	CC="$(CC)" CFLAGS="$(CFLAGS)" LDFLAGS="$(LDFLAGS)" MTKBM_LZMA="$(LZMA)" \
		scripts/bootmodel/build host $(BMDIR)

# INTEGRATION: debian (udev, systemd, /etc/mtk-bootmedia.conf) or openwrt
# (init, hotplug, sysupgrade hook, UCI config, keep.d); the package
# descriptions under scripts/package/ install exactly these files
INTEGRATION ?= debian
INSTALL ?= install
SYSTEMDUNITDIR ?= /usr/lib/systemd/system
UDEVRULESDIR ?= /usr/lib/udev/rules.d
install: bootmodel
	$(INSTALL) -D -m 0755 scripts/mtk-bootmedia $(DESTDIR)/usr/sbin/mtk-bootmedia
	$(INSTALL) -d $(DESTDIR)/usr/lib/mtk-bootmedia
	$(INSTALL) -m 0644 scripts/lib/mtk-bootmedia/*.sh $(DESTDIR)/usr/lib/mtk-bootmedia/
	$(INSTALL) -D -m 0755 $(BMDIR)/bootmodel $(DESTDIR)/usr/lib/mtk-bootmedia/bootmodel
	$(INSTALL) -d $(DESTDIR)/usr/share/mtk-bootmedia/boards
	$(INSTALL) -m 0644 scripts/boards/*.profile $(DESTDIR)/usr/share/mtk-bootmedia/boards/
	$(INSTALL) -D -m 0755 scripts/rauc/mtk-bootmedia-rauc \
		$(DESTDIR)/usr/lib/mtk-bootmedia/rauc-backend
ifeq ($(INTEGRATION),openwrt)
	$(INSTALL) -D -m 0755 scripts/openwrt/mtk-bootmedia.init $(DESTDIR)/etc/init.d/mtk-bootmedia
	$(INSTALL) -D -m 0644 scripts/openwrt/mtk-bootmedia.hotplug \
		$(DESTDIR)/etc/hotplug.d/block/50-mtk-bootmedia
	$(INSTALL) -D -m 0644 scripts/openwrt/mtk-bootmedia.sysupgrade \
		$(DESTDIR)/lib/upgrade/zz-mtk-bootmedia.sh
	$(INSTALL) -D -m 0600 scripts/openwrt/mtk-bootmedia.config $(DESTDIR)/etc/config/mtk-bootmedia
	$(INSTALL) -D -m 0644 scripts/openwrt/mtk-bootmedia.keep $(DESTDIR)/lib/upgrade/keep.d/mtk-bootmedia
else ifeq ($(INTEGRATION),debian)
	$(INSTALL) -D -m 0644 scripts/udev/90-mtk-bootmedia.rules \
		$(DESTDIR)$(UDEVRULESDIR)/90-mtk-bootmedia.rules
	$(INSTALL) -D -m 0644 scripts/systemd/mtk-bootmedia.service \
		$(DESTDIR)$(SYSTEMDUNITDIR)/mtk-bootmedia.service
	$(INSTALL) -D -m 0644 scripts/mtk-bootmedia.conf $(DESTDIR)/etc/mtk-bootmedia.conf
	$(INSTALL) -D -m 0644 Documentation/mtk-bootmedia.8 \
		$(DESTDIR)/usr/share/man/man8/mtk-bootmedia.8
else
	@echo "make install: INTEGRATION must be debian or openwrt" >&2; exit 1
endif

# the Debian packages: debian/ from scripts/package/debian laid out on a copy
# of the tracked sources, then dpkg-buildpackage -b (as the kernel's bindeb-pkg)
deb-pkg:
	scripts/package/mkdebian

demo: provision
	selftests/demo/run

TARGETS ?=
bench: provision
	@if [ "$$(id -u)" = 0 ]; then selftests/bench/run $(TARGETS); \
	 else sudo selftests/bench/run $(TARGETS); fi

FUZZ_SECONDS ?= 600
fuzz:
	selftests/fuzz/run $(FUZZ_SECONDS)

powercut: provision
	selftests/powercut/run-full

check:
	@if [ "$$(id -u)" = 0 ]; then selftests/check; else sudo selftests/check; fi

clean:
	rm -rf .cache/build .cache/run .cache/results .cache/check .cache/unit
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null

distclean:
	rm -rf .cache
