/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * fmt.h - the tiny shim under the pure format code (fip.c, bl2.c, board.c,
 * gptfmt.c, bspconf.c). In the kernel it maps to kernel headers; in
 * userspace (unit tests, fuzzers) to libc plus crc.c and sha256.c.
 *
 * Everything above this header is plain C: no allocation, no I/O, no
 * locking. Multi-byte fields are read and written byte by byte, so the
 * parsers never depend on alignment or host byte order.
 */
#ifndef MTK_FMT_H
#define MTK_FMT_H

/* Results of mtk_fmt_xz_decode(), the decoder under xzfmt.c */
enum mtk_fmt_xz_ret {
	MTK_FMT_XZ_OK = 0,
	MTK_FMT_XZ_DATA,	/* corrupt data or check mismatch */
	MTK_FMT_XZ_BUF,		/* input ended early or output full */
	MTK_FMT_XZ_OPTIONS,	/* unsupported filter or option */
	MTK_FMT_XZ_NOMEM,
};

/*
 * MTK_BM_LOCAL starts the declaration of every function one file of the
 * module defines and another calls. The module is one translation unit
 * (driver/unit.c includes each .c file), so in the kernel these functions
 * are static: a call to a static function of the same unit is resolved by
 * the assembler, a call to a global one leaves a 24-byte relocation in the
 * module on arm64 even within one object (Documentation/benchmarks.md,
 * "Module size"). Userspace builds of the formats code (tests, fuzzers,
 * the boot model) link separate objects: there it is empty.
 */
#ifdef __KERNEL__
#define MTK_BM_LOCAL static
#else
#define MTK_BM_LOCAL
#endif

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#include <linux/crc32.h>
#include <linux/xz.h>
#include <crypto/sha2.h>
#include <linux/sched.h>

/* long scans of an image give the CPU away now and then */
static inline void mtk_fmt_resched(void)
{
	cond_resched();
}

/* zlib-compatible CRC32 (seed 0 for a fresh sum), chainable */
static inline u32 mtk_fmt_crc32(u32 crc, const void *p, size_t len)
{
	return ~crc32_le(~crc, p, len);
}

/* callers never pass more than MTK_FMT_MAX_IMAGE bytes */
static inline void mtk_fmt_sha256(const void *p, size_t len, u8 *out)
{
	sha256(p, (unsigned int)len, out);
}

/*
 * Decompress one xz stream in a single call with the kernel's lib/xz
 * (XZ_SINGLE: the output buffer is the dictionary, nothing else is
 * allocated beyond the decoder state). Its CRC32 is verified.
 */
static inline int mtk_fmt_xz_decode(const u8 *in, size_t in_len, u8 *out,
				    size_t out_cap, size_t *out_len)
{
#if IS_ENABLED(CONFIG_XZ_DEC)
	struct xz_buf b = {
		.in = in, .in_size = in_len, .out = out, .out_size = out_cap,
	};
	struct xz_dec *s = xz_dec_init(XZ_SINGLE, 0);
	enum xz_ret r;

	*out_len = 0;
	if (!s)
		return MTK_FMT_XZ_NOMEM;
	r = xz_dec_run(s, &b);
	xz_dec_end(s);
	switch (r) {
	case XZ_STREAM_END:
		*out_len = b.out_pos;
		return MTK_FMT_XZ_OK;
	case XZ_MEM_ERROR:
		return MTK_FMT_XZ_NOMEM;
	case XZ_OPTIONS_ERROR:
		return MTK_FMT_XZ_OPTIONS;
	case XZ_BUF_ERROR:
		return MTK_FMT_XZ_BUF;
	default:
		return MTK_FMT_XZ_DATA;
	}
#else
	*out_len = 0;
	return MTK_FMT_XZ_OPTIONS;
#endif
}

#else /* userspace */

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <errno.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#ifndef U32_MAX
#define U32_MAX 0xffffffffU
#endif
#ifndef U64_MAX
#define U64_MAX 0xffffffffffffffffULL
#endif

u32 mtk_fmt_crc32(u32 crc, const void *p, size_t len);
void mtk_fmt_sha256(const void *p, size_t len, u8 *out);
/* liblzma's single-call stream decoder; CRC32 verified */
int mtk_fmt_xz_decode(const u8 *in, size_t in_len, u8 *out, size_t out_cap,
		      size_t *out_len);

static inline void mtk_fmt_resched(void)
{
}

#endif /* __KERNEL__ */

/* largest image any parser accepts (the biggest slot is a few MiB) */
#define MTK_FMT_MAX_IMAGE	(256U << 20)
#define MTK_SHA256_LEN		32

/*
 * mtk_fmt_fail(err, errlen, errno_val, fmt, ...): write a message into
 * err[errlen] (if given) and give -errno_val. In the kernel the message is
 * written out of line (mtk_fmt_msg() in fip.c): the ~190 error paths share
 * one copy of the check and the call; the errno stays visible to the
 * compiler at each of them. Userspace (tests, bootmodel) calls snprintf().
 *
 * mtk_fmt_msg(buf, len, fmt, ...): the same without an errno, for every
 * message whose length nobody needs (an error's reason, a note, a name):
 * the format code and the kernel layers above write them with it, not
 * with snprintf(). In the module a call to a static function of its one
 * translation unit needs no relocation; a call to the kernel's snprintf()
 * costs 24 bytes of the module on arm64, at each of ~110 sites.
 */
#ifdef __KERNEL__
__printf(3, 4)
MTK_BM_LOCAL void mtk_fmt_msg(char *err, size_t errlen, const char *fmt, ...);
#define mtk_fmt_fail(err, errlen, errno_val, ...)			\
	({ mtk_fmt_msg((err), (errlen), __VA_ARGS__); -(errno_val); })
#else
#define mtk_fmt_msg(err, errlen, ...)					\
	((void)mtk_fmt_fail((err), (errlen), 0, __VA_ARGS__))
#define mtk_fmt_fail(err, errlen, errno_val, ...)			\
	({								\
		char *__mtk_e = (err);					\
		size_t __mtk_n = (errlen);				\
									\
		if (__mtk_e && __mtk_n)					\
			snprintf(__mtk_e, __mtk_n, __VA_ARGS__);	\
		-(errno_val);						\
	})
#endif
/* the same message for a result that is no failure (accepted because forced) */
#define mtk_fmt_note(err, errlen, ...)					\
	((void)mtk_fmt_fail((err), (errlen), 0, __VA_ARGS__))

static inline u16 mtk_get_le16(const u8 *p)
{
	return (u16)(p[0] | (p[1] << 8));
}

static inline u32 mtk_get_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) |
	       ((u32)p[3] << 24);
}

static inline u64 mtk_get_le64(const u8 *p)
{
	return (u64)mtk_get_le32(p) | ((u64)mtk_get_le32(p + 4) << 32);
}

static inline u32 mtk_get_be32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) |
	       (u32)p[3];
}

static inline void mtk_put_le32(u8 *p, u32 v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

static inline void mtk_put_le64(u8 *p, u64 v)
{
	mtk_put_le32(p, v & 0xffffffff);
	mtk_put_le32(p + 4, v >> 32);
}

/* true when [off, off + size) lies inside [0, len), without overflow */
static inline bool mtk_fmt_in_bounds(u64 off, u64 size, u64 len)
{
	return off <= len && size <= len - off;
}

/* Boot media, shared by bl2.c and board.c */
enum mtk_medium {
	MTK_MEDIUM_UNKNOWN = 0,
	MTK_MEDIUM_SPI_NOR,
	MTK_MEDIUM_SPI_NAND,
	MTK_MEDIUM_EMMC,
	MTK_MEDIUM_SD,
};

static inline const char *mtk_medium_name(enum mtk_medium m)
{
	switch (m) {
	case MTK_MEDIUM_SPI_NOR:
		return "SPI-NOR";
	case MTK_MEDIUM_SPI_NAND:
		return "SPI-NAND";
	case MTK_MEDIUM_EMMC:
		return "eMMC";
	case MTK_MEDIUM_SD:
		return "SD";
	default:
		return "unknown medium";
	}
}

#endif /* MTK_FMT_H */
