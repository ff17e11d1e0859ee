// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: the module is this one translation unit. Each file of the
 * layers stays a file of its own (and the formats files are also built
 * alone, in userspace); the functions one file calls in another are
 * declared MTK_BM_LOCAL (formats/fmt.h), static here. A call between two
 * files then needs no relocation in the module: 24 bytes each on arm64,
 * about 700 calls (Documentation/benchmarks.md, "Module size").
 *
 * Order: the layers from the top (main.c, of.c) down to formats/, as
 * Documentation/architecture.md lists them; no file depends on the order,
 * each includes the headers it uses.
 */
#include "main.c"
#include "of.c"
#include "configfs/attr.c"
#include "configfs/medium.c"
#include "configfs/card.c"
#include "configfs/component.c"
#include "configfs/slot.c"
#include "core/medium.c"
#include "core/protect.c"
#include "core/slot.c"
#include "core/proof.c"
#include "core/location.c"
#include "core/write.c"
#include "core/switch.c"
#include "core/image.c"
#include "engine/table.c"
#include "engine/single.c"
#include "engine/rom_copies.c"
#include "engine/extcsd.c"
#include "engine/gpt.c"
#include "engine/ubi.c"
#include "engine/bspconf.c"
#include "engine/bspconf_emmc.c"
#include "engine/bspconf_ubi.c"
#include "media/status.c"
#include "media/mtd.c"
#include "media/emmc.c"
#include "media/emmc_card.c"
#include "media/ubi.c"
#include "media/gpt.c"
#include "media/gpt_swap.c"
#include "media/gpt_add.c"
#include "media/table.c"
#include "media/block.c"
#include "media/mtd_io.c"
#include "media/mtd_slot.c"
#include "formats/fip.c"
#include "formats/bl2.c"
#include "formats/board.c"
#include "formats/board_check.c"
#include "formats/xzfmt.c"
#include "formats/gptfmt.c"
#include "formats/bspconf.c"
