#!/bin/sh
# board: gl-mt6000-dualfip
# targets: x86_64-6.12 x86_64-6.1 arm64-6.12
# timeout: 1800
#
# Power-cut proof of the bspconf engine (MediaTek dual FIP on eMMC): stage
# the new FIP into fip2, then active b writes the record copy not in use.
# Cut after every N-th sector (STRIDE in the FIP data, every one of the
# last PC_DENSE_TAIL writes: the record); every point must boot the old
# FIP (slot 0) or the new one (slot 1). selftests/powercut/lib.sh.
# STRIDE: 32 on x86_64, 96 on arm64 (slower under TCG); `make powercut`
# runs x86_64-6.12 with 1.
# shellcheck disable=SC1091,SC2034
. /mnt/src/selftests/lib/tap.sh
# shellcheck source=../powercut/lib.sh
. /mnt/src/selftests/powercut/lib.sh

CFS=$PC_CFS
[ -r /mnt/share/stride ] && . /mnt/share/stride
case $(uname -m) in
x86_64) STRIDE=${STRIDE:-32} ;;
*) STRIDE=${STRIDE:-96} ;;
esac

tap_plan 3
pc_mmc_wait || PC_MMCBLK=none
pc_emmc_fip bspconf
pc_emmc_bind
tap_is "$(cat "$CFS/emmc/fip/active")" a "bound; the record names slot a (fip)"

# the GPTs, both FIP partitions and the record partition
pc_emmc_parts fip fip2 bspconf
PC_MODEL_ARGS='' PC_DENSE_TAIL=8
pc_loop bspconf emmc "$(pc_stage_cmds emmc fip /mnt/media/fip-gl-mt6000-emmc-dual2.fip b b)" "$STRIDE"
pc_expect_safe "bspconf (last $PC_DENSE_TAIL writes one by one)"
tap_ok "the record commit is the last write: the new image only at N = T" \
	sh -c "[ \"\$(awk '\$2 == \"new\" { print \$1 }' $PC_DIR/bspconf.log)\" = $PC_T ]"
pc_keep_logs
tap_done
