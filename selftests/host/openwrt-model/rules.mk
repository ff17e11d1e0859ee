# A model of OpenWrt's rules.mk for selftests/host/packaging.t: the variables
# a package Makefile uses, with OpenWrt's values (openwrt/openwrt rules.mk:
# INSTALL_BIN install -m0755, INSTALL_DIR install -d -m0755, INSTALL_DATA
# install -m0644, INSTALL_CONF install -m0600, CP cp -fpR). Not OpenWrt's
# code: written from its documented behaviour. Set by the test: BUILD_DIR,
# TARGET_CROSS, TARGET_CFLAGS, TARGET_LDFLAGS, LINUX_DIR, LINUX_VERSION,
# LINUX_KARCH, DEST.
INCLUDE_DIR:=$(TOPDIR)/include
TARGET_CC:=$(TARGET_CROSS)gcc
CP:=cp -fpR
INSTALL_BIN:=install -m0755
INSTALL_DIR:=install -d -m0755
INSTALL_DATA:=install -m0644
INSTALL_CONF:=install -m0600
