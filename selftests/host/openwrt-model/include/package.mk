# A model of OpenWrt's include/package.mk: PKG_BUILD_DIR, and the steps
# prepare (Build/Prepare), compile (Build/Compile) and one target per
# package running Package/NAME/install into $(DEST)/NAME.
PKG_BUILD_DIR ?= $(BUILD_DIR)/$(PKG_NAME)-$(PKG_VERSION)

prepare:
	$(Build/Prepare)
compile:
	$(Build/Compile)

define BuildPackage
$(1):
	mkdir -p $(DEST)/$(1)
	$$(call Package/$(1)/install,$(DEST)/$(1))
endef
