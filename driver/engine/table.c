// SPDX-License-Identifier: GPL-2.0-only
/*
 * mtk_bootmedia: every switch engine. The `switch` value names an engine;
 * of several with the same name the first whose match() accepts the
 * component is used. Adding an engine: one file and one line here.
 */
#include "engine.h"

const struct mtk_bm_engine *const mtk_bm_engines[] = {
	&mtk_bm_engine_single,
	&mtk_bm_engine_rom_copies,
	&mtk_bm_engine_extcsd,
	&mtk_bm_engine_gpt,
	&mtk_bm_engine_ubi,
	&mtk_bm_engine_bspconf_ubi,
	&mtk_bm_engine_bspconf_emmc,
	NULL
};
