/* diff_scan.c: the shapes of diff text (diff_scan.h). */
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "core/mail/diff_scan.h"

static bool starts(const char *l, const char *p)
{
	while (*p)
		if (*l++ != *p++)
			return false;
	return true;
}

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

/* Digits at P (at most LEN): their count, the value in *V (saturated). */
static size_t digits(const char *p, size_t len, long *v)
{
	size_t i = 0;
	long x = 0;
	for (; i < len && p[i] >= '0' && p[i] <= '9'; i++)
		x = x < (LONG_MAX - 9) / 10 ? x * 10 + (p[i] - '0') : LONG_MAX;
	*v = x;
	return i;
}

/* "a[,b]": bytes read (0: none), the count b (1 when left out) in *COUNT. */
static size_t range(const char *p, size_t len, long *count)
{
	long start, n = 1;
	size_t i = digits(p, len, &start), j;
	if (!i)
		return 0;
	if (i < len && p[i] == ',') {
		if (!(j = digits(p + i + 1, len - i - 1, &n)))
			return 0;
		i += 1 + j;
	}
	*count = n;
	return i;
}

_pb_hunk_t _pb_diff_hunk(const char *l, size_t len, long *old_n, long *new_n)
{
	_pb_hunk_t kind = _PB_HUNK_PLAIN;
	long o, n;
	size_t i = 4, k;
	if (!l || !len || l[0] != '@')
		return _PB_HUNK_NONE;
	if (len == SIZE_MAX)
		len = strcspn(l, "\n");
	if (len >= 5 && memcmp(l, "@@@ -", 5) == 0) {
		kind = _PB_HUNK_TRIPLE;
		l++;
		len--;
	}
	if (len < 4 || memcmp(l, "@@ -", 4) != 0)
		return _PB_HUNK_NONE;
	if (!(k = range(l + i, len - i, &o)))
		return _PB_HUNK_NONE;
	i += k;
	if (len - i < 2 || l[i] != ' ' || l[i + 1] != '+')
		return _PB_HUNK_NONE;
	i += 2;
	if (!(k = range(l + i, len - i, &n)))
		return _PB_HUNK_NONE;
	i += k;
	if (len - i < 3 || memcmp(l + i, " @@", 3) != 0)
		return _PB_HUNK_NONE;
	*old_n = o;
	*new_n = n;
	return kind;
}

/* Is P, a line's start, the start of a diff? */
static bool diff_starts_at(const char *p)
{
	const char *n1, *n2;
	if (starts(p, "diff --git "))
		return true;
	if (starts(p, "diff -") || starts(p, "Index: ")) {
		/* diff -u / CVS: a ---/+++ pair must follow within a few lines */
		const char *q = next_line(p);
		for (int i = 0; i < 6 && *q; i++, q = next_line(q))
			if (starts(q, "--- ") && starts(next_line(q), "+++ "))
				return true;
		return false;
	}
	if (starts(p, "--- ")) {
		n1 = next_line(p);
		if (!starts(n1, "+++ "))
			return false;
		n2 = next_line(n1);
		return starts(n2, "@@ -") || starts(n2, "@@@ -");
	}
	return false;
}

const char *_pb_diff_start(const char *text)
{
	for (const char *l = text; l && *l; l = next_line(l))
		if (diff_starts_at(l))
			return l;
	return NULL;
}
