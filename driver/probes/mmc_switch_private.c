// SPDX-License-Identifier: GPL-2.0-only
/*
 * probe: the module's own prototypes of the mmc_core functions that no
 * public header declares (mmc_priv.h) do not conflict with the public
 * headers. Should a kernel ever declare them with another signature, this
 * fails and mmc_priv.h refuses to build the module.
 */
#define MTK_BM_HAVE_MMC_PRIVATE_OPS
#include <linux/mmc/host.h>
#include "../media/mmc_priv.h"
