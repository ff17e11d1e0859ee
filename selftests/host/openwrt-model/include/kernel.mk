# A model of OpenWrt's include/kernel.mk (openwrt/openwrt, see
# Documentation/packaging.md): KERNEL_MAKE with the flags OpenWrt passes to
# Kbuild for an out-of-tree KernelPackage, and a KernelPackage that installs
# FILES into lib/modules/$(LINUX_VERSION)/ and AutoProbe's module names
# into etc/modules.d/NAME.
KERNEL_CROSS:=$(TARGET_CROSS)
KERNEL_MAKE_FLAGS:= \
	HOSTCFLAGS="-O2 -Wall -Wmissing-prototypes -Wstrict-prototypes" \
	CROSS_COMPILE="$(KERNEL_CROSS)" \
	ARCH="$(LINUX_KARCH)" \
	KBUILD_HAVE_NLS=no \
	KBUILD_BUILD_USER="" \
	KBUILD_BUILD_HOST="" \
	KBUILD_BUILD_TIMESTAMP="" \
	KBUILD_BUILD_VERSION="0" \
	CONFIG_SHELL="$(shell command -v bash)" \
	V='' \
	cmd_syscalls= \
	KERNELRELEASE=$(LINUX_VERSION)
KERNEL_MAKE = $(MAKE) -C $(LINUX_DIR) $(KERNEL_MAKE_FLAGS)

AutoProbe = $(1)

define KernelPackage
$(eval $(call KernelPackage/$(1)))
kmod-$(1):
	mkdir -p $(DEST)/kmod-$(1)/lib/modules/$(LINUX_VERSION) $(DEST)/kmod-$(1)/etc/modules.d
	$(CP) -L $(FILES) $(DEST)/kmod-$(1)/lib/modules/$(LINUX_VERSION)/
	for m in $(AUTOLOAD); do echo $$$$m >> $(DEST)/kmod-$(1)/etc/modules.d/$(1); done
endef
