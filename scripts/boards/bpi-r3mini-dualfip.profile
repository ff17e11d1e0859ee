# mtk-bootmedia board profile: Banana Pi BPI-R3 Mini (MT7986A) with a
# MediaTek SDK BL2 built with DUAL_FIP (reference §4): the FIP slots are the
# static UBI volumes fip (bspconf slot 0) and fip2 (slot 1), the bspconf
# record copies the static volumes bspconf1 and bspconf2. The device tree
# does not tell this BL2 from OpenWrt's (bpi-r3mini.profile), so this
# profile is never chosen by the board identity: give --board
# bpi-r3mini-dualfip.
# Format: scripts/boards/README (one "key value..." per line, # comments).
name        bpi-r3mini-dualfip
select      board
compatible  bananapi,bpi-r3mini
soc         mt7986
title       Banana Pi BPI-R3 Mini (MT7986A), MediaTek dual FIP on SPI-NAND

# SPI-NAND 128 MiB: bl2 0-2 MiB (four BL2 copies), all-UBI from 2 MiB
medium      nand spi-nand mtd:bl2
ubi         nand ubi 0x200000
component   nand bl2 bl2 rom-copies
slot        nand bl2 a mtd:bl2@0x0+0x40000
slot        nand bl2 b mtd:bl2@0x40000+0x40000
slot        nand bl2 c mtd:bl2@0x80000+0x40000
slot        nand bl2 d mtd:bl2@0xc0000+0x40000
# switch bspconf: `install fip` writes the inactive volume, the module
# composes the record, the helper writes it to the record copy not in use
component   nand fip fip bspconf
slot        nand fip a ubi:ubi:fip
slot        nand fip b ubi:ubi:fip2
component   nand bspconf data none
slot        nand bspconf a ubi:ubi:bspconf1
slot        nand bspconf b ubi:ubi:bspconf2
component   nand ubootenv data single
slot        nand ubootenv a ubi:ubi:ubootenv
component   nand ubootenv2 data single
slot        nand ubootenv2 a ubi:ubi:ubootenv2

# Boot model (doctor): SPI-NAND through SPIM, UBI from 0x200000, dual FIP
boot.strap      spi-nand
boot.soc        mt7986a
boot.nand-if    spim
boot.fip        ubi
boot.ubi-start  0x200000
boot.bl2-scan   0x0 0x40000 0x80000 0xc0000
boot.dual-fip   1

# backup AREA LOCATION [optional] [bb=padbad|skipbad]
backup      nand.bl2 mtd:bl2
backup      nand.fip ubi:ubi:fip
backup      nand.fip2 ubi:ubi:fip2 optional
backup      nand.bspconf1 ubi:ubi:bspconf1 optional
backup      nand.bspconf2 ubi:ubi:bspconf2 optional
backup      nand.ubootenv ubi:ubi:ubootenv
backup      nand.ubootenv2 ubi:ubi:ubootenv2
