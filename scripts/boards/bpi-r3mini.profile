# mtk-bootmedia board profile: Banana Pi BPI-R3 Mini (MT7986A), OpenWrt layout.
# Format: scripts/boards/README (one "key value..." per line, # comments).
name        bpi-r3mini
# mainline Linux names it bananapi,bpi-r3mini, OpenWrt bananapi,bpi-r3-mini
compatible  bananapi,bpi-r3mini bananapi,bpi-r3-mini
soc         mt7986
title       Banana Pi BPI-R3 Mini (MT7986A)

# SPI-NAND 128 MiB: bl2 0-2 MiB (four BL2 copies, as OpenWrt's
# snand-factory.bin), all-UBI from 2 MiB; BL2 built with UBI=1 loads the
# static volume "fip" (id < 16).
medium      nand spi-nand mtd:bl2
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
# OpenWrt's image adds the Airoha EN8811H PHY firmware as a UBI volume
# (filogic.mk UBINIZE_PARTS, with the airoha-en8811h-firmware package)
component   nand en8811h-fw data none
slot        nand en8811h-fw a ubi:ubi:en8811h-fw optional

# eMMC: BL2 in boot0 only. boot1 holds the EN8811H PHY firmware: OpenWrt's
# U-Boot loads it from there and sets the boot partition back to boot0 at
# every boot, so boot1 is no BL2 slot (an EXT_CSD switch to it would be
# undone, and BL2 written there destroys Ethernet in U-Boot). BL2 is
# rewritten in place (single: no fallback copy; recovery is over UART).
# FIP in GPT partition "fip" at LBA 13312 (mt798x-gpt emmc), env and
# factory in GPT partitions.
medium      emmc emmc mmc:emmc
component   emmc bl2 bl2 single
slot        emmc bl2 a emmc:boot0
component   emmc en8811h-fw data none
slot        emmc en8811h-fw a emmc:boot1
component   emmc fip fip gpt
slot        emmc fip a gpt:fip
slot        emmc fip b gpt:fip2 optional
component   emmc factory data single
slot        emmc factory a gpt:factory
component   emmc ubootenv data single
slot        emmc ubootenv a gpt:ubootenv

# Boot model (doctor: bootmodel --live --profile; scripts/bootmodel/README.md):
# strapped for SPI-NAND through SPIM; OpenWrt's MT7986 BL2 is built with
# UBI=1, UBI start 0x200000; the BootROM tries the four BL2 copies in order
boot.strap      spi-nand
boot.soc        mt7986a
boot.nand-if    spim
boot.fip        ubi
boot.ubi-start  0x200000
boot.bl2-scan   0x0 0x40000 0x80000 0xc0000

# backup AREA LOCATION [optional] [bb=padbad|skipbad]
backup      nand.bl2 mtd:bl2
backup      nand.fip ubi:ubi:fip
backup      nand.fip2 ubi:ubi:fip2 optional
backup      nand.ubootenv ubi:ubi:ubootenv
backup      nand.ubootenv2 ubi:ubi:ubootenv2
backup      nand.en8811h-fw ubi:ubi:en8811h-fw optional
backup      emmc.boot0 emmc:boot0
backup      emmc.boot1 emmc:boot1
backup      emmc.gpt disk:gpt
backup      emmc.extcsd emmc:extcsd
backup      emmc.ubootenv gpt:ubootenv
backup      emmc.factory gpt:factory
backup      emmc.fip gpt:fip
backup      emmc.fip2 gpt:fip2 optional
