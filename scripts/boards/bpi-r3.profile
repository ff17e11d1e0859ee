# mtk-bootmedia board profile: Banana Pi BPI-R3 (MT7986A), OpenWrt layouts.
# The boot switches select SPI-NAND or SPI-NOR (one SPI bus) and eMMC or SD
# (one MMC controller); each medium is used when its device is present.
name        bpi-r3
compatible  bananapi,bpi-r3
soc         mt7986
title       Banana Pi BPI-R3 (MT7986A)

# SPI-NAND, OpenWrt all-UBI layout (patch 196): bl2 0-2 MiB, UBI from
# 2 MiB, static volume fip. BL2 copies as the R3 Mini's factory image
# (0, 256, 512, 768 KiB). Used when there is no raw "fip" MTD partition.
medium      nand spi-nand mtd:bl2 unless=mtd:fip
ubi         nand ubi 0x200000
component   nand bl2 bl2 rom-copies
slot        nand bl2 a mtd:bl2@0x0+0x40000
slot        nand bl2 b mtd:bl2@0x40000+0x40000
slot        nand bl2 c mtd:bl2@0x80000+0x40000
slot        nand bl2 d mtd:bl2@0xc0000+0x40000
component   nand fip fip ubi
slot        nand fip a ubi:ubi:fip
slot        nand fip b ubi:ubi:fip2 optional
component   nand ubootenv data single
slot        nand ubootenv a ubi:ubi:ubootenv
component   nand ubootenv2 data single
slot        nand ubootenv2 a ubi:ubi:ubootenv2

# SPI-NAND, upstream raw-FIP layout: bl2 0-1 MiB, fip 0x380000 + 2 MiB
# (BL2 reads it skipping bad blocks from the start of the window)
medium      nandraw spi-nand mtd:bl2 if=mtd:fip
component   nandraw bl2 bl2 single
slot        nandraw bl2 a mtd:bl2
component   nandraw fip fip single
slot        nandraw fip a mtd:fip

# SPI-NOR 32 MiB: bl2 0x0 + 256 KiB, u-boot-env, fip 0x100000 + 512 KiB
medium      nor spi-nor mtd:bl2
component   nor bl2 bl2 single
slot        nor bl2 a mtd:bl2
component   nor fip fip single
slot        nor fip a mtd:fip
component   nor u-boot-env data single
slot        nor u-boot-env a mtd:u-boot-env

# eMMC: BL2 in boot0, GPT from mt798x-gpt emmc
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

# Boot model (doctor): the all-UBI SPI-NAND layout by default (--medium
# emmc for the eMMC strap); SPI-NOR and SD are not modelled
boot.strap      spi-nand
boot.soc        mt7986a
boot.nand-if    spim
boot.fip        ubi
boot.ubi-start  0x200000
boot.bl2-scan   0x0 0x40000 0x80000 0xc0000

# SD card: BL2 in GPT partition bl2 at LBA 34 (hybrid MBR entry, active)
medium      sd sd mmc:sd
component   sd bl2 bl2 single
slot        sd bl2 a gpt:bl2
component   sd fip fip gpt
slot        sd fip a gpt:fip
slot        sd fip b gpt:fip2 optional
component   sd factory data single
slot        sd factory a gpt:factory
component   sd ubootenv data single
slot        sd ubootenv a gpt:ubootenv

backup      nand.bl2 mtd:bl2
backup      nand.fip ubi:ubi:fip
backup      nand.fip2 ubi:ubi:fip2 optional
backup      nand.ubootenv ubi:ubi:ubootenv
backup      nand.ubootenv2 ubi:ubi:ubootenv2
backup      nandraw.bl2 mtd:bl2
backup      nandraw.fip mtd:fip bb=skipbad
backup      nor.bl2 mtd:bl2
backup      nor.u-boot-env mtd:u-boot-env
backup      nor.fip mtd:fip
backup      emmc.boot0 emmc:boot0
backup      emmc.boot1 emmc:boot1
backup      emmc.gpt disk:gpt
backup      emmc.extcsd emmc:extcsd
backup      emmc.ubootenv gpt:ubootenv
backup      emmc.factory gpt:factory
backup      emmc.fip gpt:fip
backup      emmc.fip2 gpt:fip2 optional
backup      sd.gpt disk:gpt
backup      sd.bl2 gpt:bl2
backup      sd.ubootenv gpt:ubootenv
backup      sd.factory gpt:factory
backup      sd.fip gpt:fip
backup      sd.fip2 gpt:fip2 optional
