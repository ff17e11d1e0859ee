/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * board_priv.h - what board.c and board_check.c share: the character
 * classes of an identity, ASCII only whatever the locale.
 */
#ifndef MTK_BOARD_PRIV_H
#define MTK_BOARD_PRIV_H

#include "fmt.h"

static inline char to_lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static inline bool is_alnum(char c)
{
	c = to_lower(c);
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

#endif /* MTK_BOARD_PRIV_H */
