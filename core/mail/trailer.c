/* trailer.c: trailer blocks and follow-up trailers. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "patchbay/status.h"
#include "patchbay/trailer.h"

static const char *const known_names[] = {
	"Signed-off-by", "Acked-by", "Reviewed-by", "Tested-by", "Reported-by",
	"Suggested-by", "Co-developed-by", "Reported-and-tested-by", "Requested-by",
	"Nacked-by", "Cc", "Fixes", "Link", "Closes", "Message-ID", "Change-Id",
	"Bisected-by", "Debugged-by", "Originally-by", "Based-on-patch-by",
	"Helped-by", "Mentored-by", "Improved-by", "Noticed-by", "BugLink",
	NULL};

/* Names that are trailers in a reply even without an e-mail address. */
static const char *const followup_nonperson[] = {"Fixes", NULL};

/* Names that look like trailers but are forwarded-mail headers or chatter. */
static const char *const never[] = {"From", "To", "Subject", "Date", "Sent", "Reply-To",
				    "Message-Id", "In-Reply-To", "References", "Phone", "Email",
				    "E-mail", "Web", NULL};

static bool in_list(const char *const *list, const char *name, size_t len)
{
	for (int i = 0; list[i]; i++)
		if (strlen(list[i]) == len && strncasecmp(list[i], name, len) == 0)
			return true;
	return false;
}

char *pb_trailer_canonical(TALLOC_CTX *mem_ctx, const char *name, size_t len)
{
	char *c;
	for (int i = 0; known_names[i]; i++)
		if (strlen(known_names[i]) == len && strncasecmp(known_names[i], name, len) == 0)
			return talloc_strdup(mem_ctx, known_names[i]);
	c = talloc_strndup(mem_ctx, name, len);
	if (!c)
		return NULL;
	for (size_t i = 0; c[i]; i++)
		c[i] = (char)(i == 0 ? toupper((unsigned char)c[i]) : tolower((unsigned char)c[i]));
	return c;
}

pb_trailer_kind_t pb_trailer_kind(const char *name)
{
	if (!name)
		return PB_TRAILER_KIND_NONE;
	if (strcasecmp(name, "Acked-by") == 0)
		return PB_TRAILER_KIND_ACK;
	if (strcasecmp(name, "Reviewed-by") == 0)
		return PB_TRAILER_KIND_REVIEW;
	if (strcasecmp(name, "Tested-by") == 0 || strcasecmp(name, "Reported-and-tested-by") == 0)
		return PB_TRAILER_KIND_TEST;
	return PB_TRAILER_KIND_NONE;
}

/* Split "Name <a@b> (x)" or "a@b": fills person; true when an address was found. */
static bool parse_person(TALLOC_CTX *ctx, pb_person_t *p, const char *v)
{
	const char *lt = strchr(v, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	if (lt && gt && memchr(lt, '@', (size_t)(gt - lt))) {
		const char *ns = v, *ne = lt;
		while (ns < ne && (*ns == ' ' || *ns == '"'))
			ns++;
		while (ne > ns && (ne[-1] == ' ' || ne[-1] == '"'))
			ne--;
		p->name = talloc_strndup(ctx, ns, (size_t)(ne - ns));
		p->email = talloc_strndup(ctx, lt + 1, (size_t)(gt - lt - 1));
		return p->name && p->email;
	}
	/* a bare address */
	for (const char *s = v; *s;) {
		const char *e = s;
		while (*e && *e != ' ')
			e++;
		if (memchr(s, '@', (size_t)(e - s))) {
			const char *a = s, *b = e;
			while (a < b && (*a == '(' || *a == '<'))
				a++;
			while (b > a && (b[-1] == ')' || b[-1] == '>' || b[-1] == ',' || b[-1] == '.'))
				b--;
			p->name = talloc_strdup(ctx, "");
			p->email = talloc_strndup(ctx, a, (size_t)(b - a));
			return p->name && p->email;
		}
		s = *e ? e + 1 : e;
	}
	return false;
}

static bool has_address(const char *v)
{
	/* \S+@\S+\.\S+ */
	const char *at = strchr(v, '@');
	while (at) {
		const char *s = at, *e = at + 1;
		while (s > v && s[-1] != ' ')
			s--;
		while (*e && *e != ' ' && *e != '.')
			e++;
		if (s < at && e > at + 1 && *e == '.' && e[1] && e[1] != ' ')
			return true;
		at = strchr(at + 1, '@');
	}
	return false;
}

/* Does LINE look like "Token: value"? Sets name/value spans. */
static bool trailer_line(const char *line, size_t len, size_t *nlen, const char **val, size_t *vlen)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i != 0)
		return false; /* indented text is not a trailer */
	if (!isalpha((unsigned char)line[0]))
		return false;
	while (i < len && (isalnum((unsigned char)line[i]) || line[i] == '-' || line[i] == '_'))
		i++;
	if (i < 2 || i >= len || line[i] != ':')
		return false;
	*nlen = i;
	i++;
	if (i >= len || (line[i] != ' ' && line[i] != '\t'))
		return false;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len)
		return false;
	*val = line + i;
	*vlen = len - i;
	while (*vlen > 0 && ((*val)[*vlen - 1] == ' ' || (*val)[*vlen - 1] == '\t'))
		(*vlen)--;
	return *vlen > 0;
}

static int list_push(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, pb_trailer_t **out)
{
	pb_trailer_t *nv = talloc_realloc(mem_ctx, list->v, pb_trailer_t, list->n + 1);
	if (!nv)
		return PB_ERR_NOMEM;
	list->v = nv;
	memset(&nv[list->n], 0, sizeof(nv[0]));
	*out = &nv[list->n++];
	return PB_OK;
}

static int make_trailer(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const char *name, size_t nlen,
			const char *val, size_t vlen, unsigned flags, const char *msgid, pb_trailer_t **out)
{
	pb_trailer_t *t;
	char *v, *hash;
	if (list_push(mem_ctx, list, &t))
		return PB_ERR_NOMEM;
	t->name = pb_trailer_canonical(list->v, name, nlen);
	v = talloc_strndup(list->v, val, vlen);
	if (!t->name || !v)
		return PB_ERR_NOMEM;
	/* HTML mail turned to text: "a@b.c<mailto:a@b.c>" */
	for (char *mt; (mt = strstr(v, "<mailto:"));) {
		char *close = strchr(mt, '>');
		if (!close)
			break;
		memmove(mt, close + 1, strlen(close + 1) + 1);
	}
	/* "# extra info" at the end, as b4 writes it */
	hash = strstr(v, " #");
	if (hash && hash > v) {
		t->extinfo = talloc_strdup(list->v, hash);
		while (hash > v && hash[-1] == ' ')
			hash--;
		*hash = '\0';
	}
	t->value = v;
	t->flags = flags;
	t->msgid = msgid;
	if (parse_person(list->v, &t->person, v))
		t->flags |= PB_TRAILER_PERSON;
	if (out)
		*out = t;
	return PB_OK;
}

static bool names_match(const char *tname, const char *fname)
{
	/* b4: exact name, or every comma-separated chunk of the From name occurs */
	char a[256], b[256];
	size_t i;
	if (!tname || !fname || !*tname || !*fname)
		return false;
	for (i = 0; tname[i] && i < sizeof(a) - 1; i++)
		a[i] = (char)tolower((unsigned char)tname[i]);
	a[i] = '\0';
	for (i = 0; fname[i] && i < sizeof(b) - 1; i++)
		b[i] = (char)tolower((unsigned char)fname[i]);
	b[i] = '\0';
	if (strcmp(a, b) == 0)
		return true;
	if (strchr(b, ',')) {
		char *save = NULL;
		for (char *chunk = strtok_r(b, ",", &save); chunk; chunk = strtok_r(NULL, ",", &save)) {
			while (*chunk == ' ')
				chunk++;
			if (!strstr(a, chunk))
				return false;
		}
		return true;
	}
	return false;
}

static bool email_fuzzy_eq(const char *a, const char *b)
{
	pb_person_t pa = {(char *)"", (char *)a}, pbb = {(char *)"", (char *)b};
	const char *at_a, *at_b;
	size_t la, lb;
	if (!a || !b || !*a || !*b)
		return false;
	if (pb_person_same(&pa, &pbb))
		return true;
	/* foo@linux.intel.com matches foo@intel.com */
	at_a = strchr(a, '@');
	at_b = strchr(b, '@');
	if (!at_a || !at_b)
		return false;
	la = (size_t)(at_a - a);
	lb = (size_t)(at_b - b);
	if (la != lb || strncasecmp(a, b, la) != 0)
		return false;
	{
		const char *da = at_a + 1, *db = at_b + 1;
		size_t na = strlen(da), nb = strlen(db);
		if (na > nb + 1 && da[na - nb - 1] == '.' && strcasecmp(da + na - nb, db) == 0)
			return true;
		if (nb > na + 1 && db[nb - na - 1] == '.' && strcasecmp(db + nb - na, da) == 0)
			return true;
	}
	return false;
}

/* ---- "for the whole series" ------------------------------------------- */

#define SCOPE_WORDS 24

static bool word_in(const char *w, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(w, set[i]) == 0)
			return true;
	return false;
}

bool pb_trailer_says_series(const char *line, size_t len)
{
	/* words that may stand between "for"/"to" and the noun */
	static const char *const filler[] = {"the", "this", "whole", "entire", "complete", "full", "all", "of", "patch",
					     NULL};
	static const char *const broad[] = {"whole", "entire", "complete", "full", NULL};
	static const char *const nouns[] = {"series", "patchset", "patchsets", "set", "patches", NULL};
	/* the line thanks for the series, or gives the trailers to part of it */
	static const char *const stop[] = {"thank", "thanks", "rest", "remaining", "except", "but", "other", "others",
					   "up", "until", "till", "apart", "excluding", "without", NULL};
	char w[SCOPE_WORDS][16];
	size_t nw = 0;

	if (len == 0 || len > 120)
		return false;
	for (size_t i = 0; i < len && nw < SCOPE_WORDS;) {
		size_t k = 0;
		while (i < len && !isalnum((unsigned char)line[i]))
			i++;
		if (i >= len)
			break;
		while (i < len && isalnum((unsigned char)line[i])) {
			if (k < sizeof(w[0]) - 1)
				w[nw][k++] = (char)tolower((unsigned char)line[i]);
			i++;
		}
		w[nw++][k] = '\0';
	}
	for (size_t i = 0; i < nw; i++)
		if (word_in(w[i], stop))
			return false;
	for (size_t i = 0; i < nw; i++) {
		/* "for [the whole] series", "to [all] patches"; or the line
		 * starts "Whole series" */
		bool lead = i == 0 && word_in(w[i], broad), all = false, wide = lead;
		size_t j;
		if (!lead && strcmp(w[i], "for") != 0 && strcmp(w[i], "to") != 0)
			continue;
		for (j = i + 1; j < nw && word_in(w[j], filler); j++) {
			all = all || strcmp(w[j], "all") == 0;
			wide = wide || word_in(w[j], broad);
		}
		if (j >= nw || !word_in(w[j], nouns))
			continue;
		/* "patches" only for all of them; "set" only for the whole set */
		if (strcmp(w[j], "patches") == 0 && !all)
			continue;
		if (strcmp(w[j], "set") == 0 && !wide)
			continue;
		return true;
	}
	return false;
}

pb_status_t pb_trailer_parse_followup(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const char *body,
				      const pb_person_t *sender, const char *msgid)
{
	const char *p = body, *sig;
	pb_trailer_t *last = NULL;
	/* the trailers here are given to the whole series (the line above
	 * said so); BLANKS: blank lines since that line. The last block of
	 * trailers is list->v[blk_lo..list->n) while BLK; a line under it
	 * (GAP blank lines between, at most one) may give it to the series
	 * too: "Reviewed-by: ...\n(for all patches in the series)". */
	bool wide = false, blk = false;
	int blanks = 0, gap = 0;
	size_t blk_lo = 0;

	if (!body)
		return PB_OK;
	/* nothing below the signature marker counts */
	sig = strstr(body, "\n-- \n");
	if (strncmp(body, "-- \n", 4) == 0)
		return PB_OK;
	while (*p && (!sig || p <= sig)) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *val, *next = nl ? nl + 1 : p + len;
		size_t nlen, vlen;
		char *joined = NULL;

		if (len && p[len - 1] == '\r')
			len--;
		if (p[0] != '>' && trailer_line(p, len, &nlen, &val, &vlen)) {
			/* "Signed-off-by: Long Name\n<email>" wrapped by a mailer */
			if (!memchr(val, '<', vlen) && *next == '<') {
				const char *nl2 = strchr(next, '\n');
				size_t l2 = nl2 ? (size_t)(nl2 - next) : strlen(next);
				if (l2 > 2 && next[l2 - 1] == '>') {
					joined = talloc_asprintf(mem_ctx, "%.*s %.*s", (int)vlen, val, (int)l2, next);
					if (!joined)
						return PB_ERR_NOMEM;
					val = joined;
					vlen = strlen(joined);
					next = nl2 ? nl2 + 1 : next + l2;
				}
			}
			if (!in_list(never, p, nlen) && p[nlen - 1] != '_') {
				bool person = has_address(val) && memchr(val, '@', vlen);
				bool ends_by = nlen > 3 && strncasecmp(p + nlen - 3, "-by", 3) == 0;
				bool known = in_list(known_names, p, nlen);
				bool nonperson = in_list(followup_nonperson, p, nlen);
				bool url = (memmem(val, vlen, "http://", 7) || memmem(val, vlen, "https://", 8));
				bool ascii = true;
				for (size_t i = 0; i < nlen; i++)
					if ((unsigned char)p[i] >= 0x80)
						ascii = false;
				if (ascii && !url && ((person && (ends_by || known)) || nonperson)) {
					pb_trailer_t *t;
					if (make_trailer(mem_ctx, list, p, nlen, val, vlen, 0, msgid, &t)) {
						talloc_free(joined);
						return PB_ERR_NOMEM;
					}
					if ((t->flags & PB_TRAILER_PERSON) && sender &&
					    !email_fuzzy_eq(t->person.email, sender->email) &&
					    !names_match(t->person.name, sender->name))
						t->flags |= PB_TRAILER_MISMATCH;
					if (wide)
						t->flags |= PB_TRAILER_SERIES;
					if (!blk || gap > 0)
						blk_lo = list->n - 1;
					blk = true;
					blanks = gap = 0;
					last = t;
					talloc_free(joined);
					p = next;
					continue;
				}
			}
		} else if (last && len > 2 && p[0] == '[' && p[len - 1] == ']' && !last->extinfo) {
			/* "[for the foo bits]" under a trailer */
			last->extinfo = talloc_asprintf(list->v, "\n%.*s", (int)len, p);
			p = next;
			last = NULL;
			continue;
		}
		talloc_free(joined);
		/* what the line says of the trailers under it */
		{
			size_t b = 0;
			while (b < len && (p[b] == ' ' || p[b] == '\t'))
				b++;
			if (b == len) {
				if (++blanks > 1)
					wide = false;
				if (blk && ++gap > 1)
					blk = false;
			} else {
				wide = p[0] != '>' && pb_trailer_says_series(p + b, len - b);
				if (wide && blk)
					for (size_t k = blk_lo; k < list->n; k++)
						list->v[k].flags |= PB_TRAILER_SERIES;
				blanks = gap = 0;
				blk = false;
			}
		}
		last = NULL;
		p = next;
	}
	return PB_OK;
}

pb_status_t pb_trailer_parse_message(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const char *message)
{
	const char *end, *start, *p;
	if (!message)
		return PB_OK;
	end = message + strlen(message);
	while (end > message && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	/* the last paragraph */
	start = end;
	while (start > message) {
		if (start - message >= 2 && start[-1] == '\n' && start[-2] == '\n')
			break;
		start--;
	}
	/* it is a trailer block only when it starts with a trailer line */
	for (p = start; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *val;
		size_t nlen, vlen;
		if (trailer_line(p, len, &nlen, &val, &vlen) && !in_list(never, p, nlen)) {
			if (make_trailer(mem_ctx, list, p, nlen, val, vlen, PB_TRAILER_OWN, NULL, NULL))
				return PB_ERR_NOMEM;
		} else if (p == start) {
			return PB_OK;
		}
		p = nl ? nl + 1 : end;
	}
	return PB_OK;
}

static bool value_eq(const char *a, const char *b)
{
	while (*a && *b) {
		if (*a == ' ' && *b == ' ') {
			while (*a == ' ')
				a++;
			while (*b == ' ')
				b++;
			continue;
		}
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return false;
		a++;
		b++;
	}
	while (*a == ' ')
		a++;
	while (*b == ' ')
		b++;
	return *a == *b;
}

bool pb_trailer_eq(const pb_trailer_t *a, const pb_trailer_t *b)
{
	/* (a collected trailer shares its record's strings) */
	if (a->name == b->name && a->value == b->value)
		return true;
	return strcasecmp(a->name, b->name) == 0 && value_eq(a->value, b->value);
}

bool pb_trailer_list_has(const pb_trailer_list_t *list, const pb_trailer_t *t)
{
	for (size_t i = 0; i < list->n; i++)
		if (pb_trailer_eq(&list->v[i], t))
			return true;
	return false;
}

pb_status_t pb_trailer_list_add(TALLOC_CTX *mem_ctx, pb_trailer_list_t *list, const pb_trailer_t *t)
{
	pb_trailer_t *n;
	if (list_push(mem_ctx, list, &n))
		return PB_ERR_NOMEM;
	*n = *t;
	n->name = talloc_strdup(list->v, t->name);
	n->value = talloc_strdup(list->v, t->value);
	n->extinfo = t->extinfo ? talloc_strdup(list->v, t->extinfo) : NULL;
	n->person.name = t->person.name ? talloc_strdup(list->v, t->person.name) : NULL;
	n->person.email = t->person.email ? talloc_strdup(list->v, t->person.email) : NULL;
	if (!n->name || !n->value)
		return PB_ERR_NOMEM;
	return PB_OK;
}

char *pb_trailer_format(TALLOC_CTX *mem_ctx, const pb_trailer_t *t)
{
	return talloc_asprintf(mem_ctx, "%s: %s%s", t->name, t->value, t->extinfo ? t->extinfo : "");
}
