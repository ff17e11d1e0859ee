# mtk-bootmedia board profile: Linksys E8450 / Belkin RT3200 (MT7622),
# OpenWrt "UBI" variant, all-UBI layout of installer v1.1+.
name        e8450
compatible  linksys,e8450-ubi
soc         mt7622
title       Linksys E8450 / Belkin RT3200 (MT7622, all-UBI)

# Boot model (doctor): SPI-NAND through SNFI (AP header); OpenWrt's MT7622
# BL2 is built with UBI=1, UBI start 0x80000
boot.strap      spi-nand
boot.soc        mt7622
boot.nand-if    snfi
boot.fip        ubi
boot.ubi-start  0x80000
boot.bl2-scan   0x0 0x20000 0x40000 0x60000

# SPI-NAND 128 MiB (SNFI): bl2 0-512 KiB holds four BL2 copies, one per
# 128 KiB block; UBI from 0x80000 (BL2 UBI start 0x80000) with static
# volumes fip (id 0) and factory (id 1: Wi-Fi EEPROM and MAC addresses).
medium      nand spi-nand mtd:bl2
ubi         nand ubi 0x80000
component   nand bl2 bl2 rom-copies
slot        nand bl2 a mtd:bl2@0x0+0x20000
slot        nand bl2 b mtd:bl2@0x20000+0x20000
slot        nand bl2 c mtd:bl2@0x40000+0x20000
slot        nand bl2 d mtd:bl2@0x60000+0x20000
component   nand fip fip ubi
slot        nand fip a ubi:ubi:fip
slot        nand fip b ubi:ubi:fip2 optional
component   nand factory data single
slot        nand factory a ubi:ubi:factory
component   nand ubootenv data single
slot        nand ubootenv a ubi:ubi:ubootenv
component   nand ubootenv2 data single
slot        nand ubootenv2 a ubi:ubi:ubootenv2
# the UBI installer (dangowrt/owrt-ubi-installer) keeps the vendor boot
# chain in this volume: its only copy; never written, always backed up
component   nand boot_backup data none
slot        nand boot_backup a ubi:ubi:boot_backup optional

backup      nand.bl2 mtd:bl2
backup      nand.fip ubi:ubi:fip
backup      nand.fip2 ubi:ubi:fip2 optional
backup      nand.factory ubi:ubi:factory
backup      nand.ubootenv ubi:ubi:ubootenv
backup      nand.ubootenv2 ubi:ubi:ubootenv2
backup      nand.boot_backup ubi:ubi:boot_backup optional
