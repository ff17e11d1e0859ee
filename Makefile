# SPDX-License-Identifier: GPL-2.0-only
# mtk-bootmedia: top-level targets. The kernel module itself is built by
# Kbuild (see Kbuild); these targets drive the test bed under selftests/.
#
#   make demo      boot a VM on the simulated BPI-R3 Mini media and show them
#   make check     provision, build for every target, host checks, unit tests,
#                  fuzzers, and every VM test on every target
#   make modules   build mtk_bootmedia.ko (and the test modules) for every
#                  target into .cache/build/TARGET/ko/
#   make module KDIR=/lib/modules/$(uname -r)/build   build for one kernel
#   make clean     remove build products (keeps downloaded kernels)
#   make distclean remove .cache entirely

KDIR ?= /lib/modules/$(shell uname -r)/build

.PHONY: all demo check modules module provision clean distclean help

all: modules

help:
	@sed -n '3,12p' Makefile | sed 's/^# \{0,1\}//'

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

demo: provision
	selftests/demo/run

check:
	@if [ "$$(id -u)" = 0 ]; then selftests/check; else sudo selftests/check; fi

clean:
	rm -rf .cache/build .cache/run .cache/results .cache/check .cache/unit
	-$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null

distclean:
	rm -rf .cache
