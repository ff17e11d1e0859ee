# SPDX-License-Identifier: GPL-2.0-only
# mtk-bootmedia: top-level targets. The kernel module itself is built by
# Kbuild (see Kbuild); these targets drive the test bed under selftests/.
#
#   make demo      boot a VM on the simulated BPI-R3 Mini media and show them
#   make check     provision, build for every target, host checks, unit tests,
#                  fuzzers, and every VM test on every target
#   make bench [TARGETS="x86_64-6.12"]  install/switch timings, bytes written
#                  and memory against the raw tools (not a test; not in check)
#   make modules   build mtk_bootmedia.ko (and the test modules) for every
#                  target into .cache/build/TARGET/ko/
#   make module KDIR=/lib/modules/$(uname -r)/build   build for one kernel
#   make install [DESTDIR=...]  the helper, profiles, boot model (built with
#                  CC), udev/systemd files and man page at the paths of
#                  Documentation/admin-guide.md
#   make module_install KDIR=...  install the module built by "make module"
#   make powercut  the power-cut proof with every cut point, every engine
#                  (x86_64-6.12; hours under TCG)
#   make clean     remove build products (keeps downloaded kernels)
#   make distclean remove .cache entirely

KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all demo check bench powercut modules module module_install install bootmodel provision clean distclean help

all: modules

help:
	@sed -n '3,20p' Makefile | sed 's/^# \{0,1\}//'

provision:
	@if [ "$$(id -u)" = 0 ]; then selftests/vm/host-deps; \
	 else sudo selftests/vm/host-deps; fi
	selftests/vm/kernels
	selftests/vm/guest-tools
	selftests/vm/ksource 6.1 6.12

modules: provision
	selftests/vm/build

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

module_install:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules_install

# the boot model for `mtk-bootmedia doctor`, with the host compiler (CC)
bootmodel:
	selftests/bootmodel/build host .cache/bootmodel/install

install: bootmodel
	install -D -m 0755 scripts/mtk-bootmedia $(DESTDIR)/usr/sbin/mtk-bootmedia
	install -D -m 0755 .cache/bootmodel/install/bootmodel \
		$(DESTDIR)/usr/lib/mtk-bootmedia/bootmodel
	install -d $(DESTDIR)/usr/share/mtk-bootmedia/boards
	install -m 0644 scripts/boards/*.profile $(DESTDIR)/usr/share/mtk-bootmedia/boards/
	install -D -m 0644 scripts/udev/90-mtk-bootmedia.rules \
		$(DESTDIR)/usr/lib/udev/rules.d/90-mtk-bootmedia.rules
	install -D -m 0644 scripts/systemd/mtk-bootmedia.service \
		$(DESTDIR)/usr/lib/systemd/system/mtk-bootmedia.service
	install -D -m 0755 scripts/rauc/mtk-bootmedia-rauc \
		$(DESTDIR)/usr/lib/mtk-bootmedia/rauc-backend
	install -D -m 0644 Documentation/mtk-bootmedia.8 \
		$(DESTDIR)/usr/share/man/man8/mtk-bootmedia.8

demo: provision
	selftests/demo/run

TARGETS ?=
bench: provision
	@if [ "$$(id -u)" = 0 ]; then selftests/bench/run $(TARGETS); \
	 else sudo selftests/bench/run $(TARGETS); fi

powercut: provision
	selftests/powercut/run-full

check:
	@if [ "$$(id -u)" = 0 ]; then selftests/check; else sudo selftests/check; fi

clean:
	rm -rf .cache/build .cache/run .cache/results .cache/check .cache/unit
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null

distclean:
	rm -rf .cache
