# mtk-bootmedia board profile: GL.iNet GL-MT6000 (MT7986A), eMMC only.
# GPT as GL.iNet's factory layout (MTK's mt7981/mt7986 eMMC example).
name        gl-mt6000
compatible  glinet,gl-mt6000
soc         mt7986
title       GL.iNet GL-MT6000 (MT7986A, eMMC)

# Boot model (doctor): eMMC, BL2 in boot0, FIP in GPT "fip"
boot.strap      emmc
boot.soc        mt7986a

medium      emmc emmc mmc:emmc
# BL2 in boot0 only, rewritten in place (single: no fallback copy; recovery
# is over UART). No source says the MediaTek BootROM loads BL2 from boot1
# when EXT_CSD enables it (Documentation/real-boards.md, "eMMC BL2 and
# boot1"), so boot1 is no BL2 slot: switch extcsd needs a profile that
# states boot.emmc-boot1 honoured. boot1 is kept in the backup.
component   emmc bl2 bl2 single
slot        emmc bl2 a emmc:boot0
component   emmc fip fip gpt
slot        emmc fip a gpt:fip
slot        emmc fip b gpt:fip2 optional
component   emmc factory data single
slot        emmc factory a gpt:factory
component   emmc u-boot-env data single
slot        emmc u-boot-env a gpt:u-boot-env

backup      emmc.boot0 emmc:boot0
backup      emmc.boot1 emmc:boot1
backup      emmc.gpt disk:gpt
backup      emmc.extcsd emmc:extcsd
backup      emmc.u-boot-env gpt:u-boot-env
backup      emmc.factory gpt:factory
backup      emmc.fip gpt:fip
backup      emmc.fip2 gpt:fip2 optional
