/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The unit test harness of selftests/unit (test_formats.c: TAP output,
 * images, main) shared by the tests of each format, one file per format:
 * test_fip.c, test_board.c (board identity and check, xz BL33),
 * test_bl2.c, test_gpt.c, test_bspconf.c.
 */
#ifndef MTK_UNIT_H
#define MTK_UNIT_H

#include <stdarg.h>
#include <stdlib.h>
#include "fip.h"

/* the media in the case tables */
#define NAND MTK_MEDIUM_SPI_NAND
#define EMMC MTK_MEDIUM_EMMC
#define ANY MTK_MEDIUM_UNKNOWN

extern const char *imgdir, *workdir;
extern char err[512];

void __attribute__((format(printf, 2, 3))) ok(bool cond, const char *fmt, ...);
void skip(const char *what);
u8 *load(const char *name, size_t *len);
u8 *dup_buf(const u8 *b, size_t len, size_t cap);
bool has(const char *s);

/* test_fip.c: the FIP last parsed, which the board tests reuse */
extern struct mtk_fip_info fi;

void test_fip_real(void);
void test_fip_hostile(void);
void test_board(void);
void test_board_real(void);
void test_xz_hostile(void);
void test_bl2(void);
void test_gpt(void);
void test_bspconf(void);

#endif /* MTK_UNIT_H */
