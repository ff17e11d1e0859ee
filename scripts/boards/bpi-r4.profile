# mtk-bootmedia board profile: Banana Pi BPI-R4 (MT7988A), OpenWrt layout.
# SPI-NAND always present; the MMC slot holds the eMMC or an SD card.
name        bpi-r4
compatible  bananapi,bpi-r4 bananapi,bpi-r4-2g5 bananapi,bpi-r4-poe
soc         mt7988
title       Banana Pi BPI-R4 (MT7988A)

# SPI-NAND: bl2 0-2 MiB with four 512 KiB BL2 copies (snand_write_bl2),
# UBI from 0x200000 with the static volume fip (ubi create fip 0x200000 static)
medium      nand spi-nand mtd:bl2
ubi         nand ubi 0x200000
component   nand bl2 bl2 rom-copies
slot        nand bl2 a mtd:bl2@0x0+0x80000
slot        nand bl2 b mtd:bl2@0x80000+0x80000
slot        nand bl2 c mtd:bl2@0x100000+0x80000
slot        nand bl2 d mtd:bl2@0x180000+0x80000
component   nand fip fip ubi
slot        nand fip a ubi:ubi:fip
slot        nand fip b ubi:ubi:fip2 optional
component   nand ubootenv data single
slot        nand ubootenv a ubi:ubi:ubootenv
component   nand ubootenv2 data single
slot        nand ubootenv2 a ubi:ubi:ubootenv2

# eMMC: BL2 in boot0, FIP at GPT "fip" (mt798x-gpt, LBA 13312)
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
component   emmc ubootenv data single
slot        emmc ubootenv a gpt:ubootenv

# Boot model (doctor): SPI-NAND through SPIM, UBI start 0x200000; the
# eMMC/SD strap is checked with doctor --medium emmc
boot.strap      spi-nand
boot.soc        mt7988a
boot.nand-if    spim
boot.fip        ubi
boot.ubi-start  0x200000
boot.bl2-scan   0x0 0x80000 0x100000 0x180000

# SD card: BL2 in GPT partition bl2 (LBA 34, hybrid MBR), FIP in GPT "fip"
medium      sd sd mmc:sd
component   sd bl2 bl2 single
slot        sd bl2 a gpt:bl2
component   sd fip fip gpt
slot        sd fip a gpt:fip
slot        sd fip b gpt:fip2 optional
component   sd ubootenv data single
slot        sd ubootenv a gpt:ubootenv
# OpenWrt's mt798x-gpt sdmmc layout has a factory partition too
component   sd factory data single
slot        sd factory a gpt:factory optional

backup      nand.bl2 mtd:bl2
backup      nand.fip ubi:ubi:fip
backup      nand.fip2 ubi:ubi:fip2 optional
backup      nand.ubootenv ubi:ubi:ubootenv
backup      nand.ubootenv2 ubi:ubi:ubootenv2
backup      emmc.boot0 emmc:boot0
backup      emmc.boot1 emmc:boot1
backup      emmc.gpt disk:gpt
backup      emmc.extcsd emmc:extcsd
backup      emmc.ubootenv gpt:ubootenv
backup      emmc.factory gpt:factory optional
backup      emmc.fip gpt:fip
backup      emmc.fip2 gpt:fip2 optional
backup      sd.gpt disk:gpt
backup      sd.bl2 gpt:bl2
backup      sd.ubootenv gpt:ubootenv
backup      sd.factory gpt:factory optional
backup      sd.fip gpt:fip
backup      sd.fip2 gpt:fip2 optional
