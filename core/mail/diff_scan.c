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

/* Does L (LEN bytes) start with P? */
static bool starts_n(const char *l, size_t len, const char *p)
{
	size_t n = strlen(p);
	return len >= n && memcmp(l, p, n) == 0;
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

bool _pb_diff_starts_at(const char *p)
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
		if (_pb_diff_starts_at(l))
			return l;
	return NULL;
}

_pb_diff_meta_t _pb_diff_meta(const char *l, size_t len)
{
	static const struct {
		const char *start;
		_pb_diff_meta_t kind;
	} metas[] = {
		{"diff --git ", _PB_META_GIT},
		{"diff -", _PB_META_FOREIGN},
		{"Index: ", _PB_META_FOREIGN},
		{"=================", _PB_META_FOREIGN},
		{"RCS file: ", _PB_META_FOREIGN},
		{"retrieving revision ", _PB_META_FOREIGN},
		{"index ", _PB_META_EXTENDED},
		{"old mode ", _PB_META_EXTENDED},
		{"new mode ", _PB_META_EXTENDED},
		{"deleted file mode ", _PB_META_EXTENDED},
		{"new file mode ", _PB_META_EXTENDED},
		{"similarity index ", _PB_META_EXTENDED},
		{"dissimilarity index ", _PB_META_EXTENDED},
		{"rename from ", _PB_META_EXTENDED},
		{"rename to ", _PB_META_EXTENDED},
		{"rename old ", _PB_META_EXTENDED},
		{"rename new ", _PB_META_EXTENDED},
		{"copy from ", _PB_META_EXTENDED},
		{"copy to ", _PB_META_EXTENDED},
		{"--- ", _PB_META_OLD},
		{"+++ ", _PB_META_NEW},
		{"Binary files ", _PB_META_BINARY},
		{"GIT binary patch", _PB_META_BINARY},
		{"literal ", _PB_META_BINARY_DATA},
		{"delta ", _PB_META_BINARY_DATA},
	};
	if (!l)
		return _PB_META_NONE;
	if (len == SIZE_MAX)
		len = strcspn(l, "\n");
	for (size_t i = 0; i < sizeof(metas) / sizeof(metas[0]); i++)
		if (starts_n(l, len, metas[i].start))
			return metas[i].kind;
	return _PB_META_NONE;
}

_pb_diff_path_t _pb_diff_file_path(const char *l, size_t len, const char **path, size_t *plen)
{
	const char *s, *e;
	if (!l)
		return _PB_PATH_NONE;
	if (len == SIZE_MAX)
		len = strcspn(l, "\n");
	if (!starts_n(l, len, "--- ") && !starts_n(l, len, "+++ "))
		return _PB_PATH_NONE;
	s = l + 4;
	e = memchr(s, '\t', len - 4);
	if (!e)
		e = l + len;
	while (e > s && e[-1] == ' ')
		e--;
	if ((size_t)(e - s) == 9 && memcmp(s, "/dev/null", 9) == 0) {
		*path = s;
		*plen = 9;
		return _PB_PATH_NULL;
	}
	if (e - s > 2 && (s[0] == 'a' || s[0] == 'b') && s[1] == '/')
		s += 2;
	*path = s;
	*plen = (size_t)(e - s);
	return _PB_PATH_FILE;
}
