// SPDX-License-Identifier: GPL-2.0-only
/*
 * report.c - what the boot model prints: "key: value" lines, one strict
 * reading per "strict:" line, and the first reason the board will not boot.
 */
#include "bm.h"

void bm_say(struct bm_report *r, const char *key, const char *fmt, ...)
{
	va_list ap;

	fprintf(r->out, "%s: ", key);
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

void bm_strict(struct bm_report *r, const char *fmt, ...)
{
	va_list ap;

	r->nstrict++;
	fputs("strict: ", r->out);
	va_start(ap, fmt);
	vfprintf(r->out, fmt, ap);
	va_end(ap);
	fputc('\n', r->out);
}

int bm_fail(struct bm_report *r, const char *fix, const char *fmt, ...)
{
	char msg[sizeof(r->reason)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(r->out, "error: %s\n", msg);
	if (!r->failed) {
		r->failed = true;
		snprintf(r->reason, sizeof(r->reason), "%s", msg);
		snprintf(r->fix, sizeof(r->fix), "%s", fix ? fix : "");
	}
	return -1;
}

void bm_say_block(struct bm_report *r, const char *prefix, const char *text)
{
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");

		if (n)
			fprintf(r->out, "%s.%.*s\n", prefix, (int)n, p);
		p += n;
		if (*p)
			p++;
	}
}
