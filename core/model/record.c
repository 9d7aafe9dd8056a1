/* record.c: what patchbay keeps of one message. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "patchbay/diff.h"
#include "patchbay/record.h"
#include "patchbay/series.h"
#include "patchbay/subject.h"
#include "core/base/util.h"
#include "core/mail/diff_scan.h"

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

static char *dup_line_value(TALLOC_CTX *ctx, const char *v)
{
	const char *e = v;
	while (*e && *e != '\n' && *e != ' ' && *e != '\t')
		e++;
	return talloc_strndup(ctx, v, (size_t)(e - v));
}

/* Message-ID from a URL such as https://lore.kernel.org/r/<id>,
 * https://lore.kernel.org/list/<id>/ or https://patch.msgid.link/<id>. */
static char *msgid_from_url(TALLOC_CTX *ctx, const char *url, size_t len)
{
	const char *e = url + len, *s;
	char *id, *w;
	while (e > url && (e[-1] == '/' || e[-1] == '>' || e[-1] == '.'))
		e--;
	s = e;
	while (s > url && s[-1] != '/')
		s--;
	if (s == e || !memchr(s, '@', (size_t)(e - s)))
		return NULL;
	id = talloc_strndup(ctx, s, (size_t)(e - s));
	if (!id)
		return NULL;
	/* undo %xx escapes */
	w = id;
	for (const char *r = id; *r; r++) {
		if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
			char hex[3] = {r[1], r[2], 0};
			*w++ = (char)strtol(hex, NULL, 16);
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return id;
}

static int add_id(TALLOC_CTX *ctx, const char ***list, uint32_t *n, const char *id)
{
	const char **nv;
	if (!id || !*id)
		return PB_OK;
	for (uint32_t i = 0; i < *n; i++)
		if (strcmp((*list)[i], id) == 0)
			return PB_OK;
	nv = talloc_realloc(ctx, *list, const char *, *n + 1);
	if (!nv)
		return PB_ERR_NOMEM;
	nv[(*n)++] = talloc_strdup(ctx, id);
	*list = nv;
	return nv[*n - 1] ? PB_OK : PB_ERR_NOMEM;
}

static int add_link(TALLOC_CTX *ctx, pb_msgrec_t *r, const char *id)
{
	return add_id(ctx, &r->links, &r->n_links, id);
}

/* A Message-ID written as <id>, id, or a URL ending in it. */
static char *id_in_value(TALLOC_CTX *ctx, const char *v)
{
	const char *eol = strchr(v, '\n'), *lt, *gt;
	size_t n;
	while (*v == ' ')
		v++;
	n = eol ? (size_t)(eol - v) : strlen(v);
	while (n && (v[n - 1] == ' ' || v[n - 1] == '\r'))
		n--;
	lt = memchr(v, '<', n);
	if (lt && (gt = memchr(lt, '>', n - (size_t)(lt - v))))
		return talloc_strndup(ctx, lt + 1, (size_t)(gt - lt - 1));
	if (strncmp(v, "http://", 7) == 0 || strncmp(v, "https://", 8) == 0)
		return msgid_from_url(ctx, v, n);
	if (memchr(v, '@', n) && !memchr(v, ' ', n))
		return talloc_strndup(ctx, v, n);
	return NULL;
}

/* Does the line name an earlier version: "Link to vN:", "vN:", "vN ->",
 * "v1 - https://", "Changes in v2 (since v1):"? Only "Link to vN" and
 * "vN:" are taken, and only with a URL after the colon (the caller). */
static bool version_url_line(const char *p)
{
	if (strncasecmp(p, "Link to v", 9) == 0)
		return true;
	if ((p[0] == 'v' || p[0] == 'V') && isdigit((unsigned char)p[1])) {
		const char *q = p + 1;
		while (isdigit((unsigned char)*q))
			q++;
		while (*q == ']' || *q == ')')
			q++;
		return *q == ':';
	}
	return false;
}

/* Versions a changelog line names: "Changes in v2", "Changes since v1",
 * "Changes from v1", "v1 -> v2", "v2:" at the start of a line, "Since v1";
 * as bits 1..31 of the result. */
static uint32_t changelog_versions(const char *l)
{
	const char *eol = strchr(l, '\n');
	size_t n = eol ? (size_t)(eol - l) : strlen(l);
	uint32_t bits = 0;
	bool heading = false;
	const char *p = l;
	while (p < l + n && (*p == ' ' || *p == '-' || *p == '*' || *p == '#' || *p == '['))
		p++;
	if (strncasecmp(p, "changes", 7) == 0 || strncasecmp(p, "changelog", 9) == 0 ||
	    strncasecmp(p, "since v", 7) == 0 || strncasecmp(p, "v", 1) == 0)
		heading = true;
	if (!heading || n > 100)
		return 0;
	/* every "vN" in the line, when the line is such a heading */
	for (const char *q = p; q < l + n; q++) {
		if ((*q == 'v' || *q == 'V') && (q == l || !isalnum((unsigned char)q[-1])) &&
		    isdigit((unsigned char)q[1])) {
			long v = strtol(q + 1, NULL, 10);
			const char *e = q + 1;
			while (isdigit((unsigned char)*e))
				e++;
			if (isalpha((unsigned char)*e))
				continue; /* v4l2, v5.16 is fine */
			if (v >= 1 && v <= 31)
				bits |= 1u << v;
		}
	}
	/* a bare "v2:" or "v1 -> v2" line; "changes ..." with a version */
	if (strncasecmp(p, "v", 1) == 0) {
		const char *e = p + 1;
		if (!isdigit((unsigned char)*e))
			return 0;
		while (isdigit((unsigned char)*e))
			e++;
		while (*e == ' ')
			e++;
		if (*e != ':' && *e != '-' && strncmp(e, "\xe2\x86\x92", 3) != 0 && strncasecmp(e, "to ", 3) != 0 &&
		    *e != '=')
			return 0;
	}
	return bits;
}

/* Facts written in the body: change-id, base-commit, Link to vN, Supersedes. */
static int body_facts(TALLOC_CTX *ctx, pb_msgrec_t *r, const char *body)
{
	bool in_diff = false;
	for (const char *l = body; *l; l = next_line(l)) {
		if (l[0] == '>')
			continue;
		if (!in_diff && _pb_diff_starts_at(l))
			in_diff = true; /* changelogs are above the diff, whatever its shape */
		if (!in_diff)
			r->changelog |= changelog_versions(l);
		if (strncmp(l, "change-id: ", 11) == 0 && !r->change_id) {
			r->change_id = dup_line_value(ctx, l + 11);
		} else if (strncmp(l, "base-commit: ", 13) == 0 && !r->base_commit) {
			const char *v = l + 13;
			size_t n = 0;
			while (isxdigit((unsigned char)v[n]))
				n++;
			if (n >= 7 && n <= 40)
				r->base_commit = talloc_strndup(ctx, v, n);
		} else if (strncasecmp(l, "Depends-on: ", 12) == 0 ||
			   strncasecmp(l, "prerequisite-message-id: ", 25) == 0) {
			char *id = id_in_value(ctx, strchr(l, ':') + 1);
			if (add_id(ctx, &r->deps, &r->n_deps, id))
				return PB_ERR_NOMEM;
		} else if (strncasecmp(l, "Supersedes: ", 12) == 0) {
			const char *v = l + 12, *lt = strchr(v, '<'), *gt, *eol = strchr(v, '\n');
			if (lt && (!eol || lt < eol) && (gt = strchr(lt, '>')) && (!eol || gt < eol)) {
				char *id = talloc_strndup(ctx, lt + 1, (size_t)(gt - lt - 1));
				if (add_link(ctx, r, id))
					return PB_ERR_NOMEM;
			}
		} else {
			/* "- Link to v2: https://lore.kernel.org/r/<id>", and the
			 * changelog's "v1: https://lore.kernel.org/all/<id>/" */
			const char *p = l;
			while (*p == ' ' || *p == '-' || *p == '*' || *p == '[' || *p == '(')
				p++;
			if (version_url_line(p)) {
				const char *c = strchr(p, ':'), *eol = strchr(p, '\n');
				if (c && (!eol || c < eol)) {
					const char *u = c + 1;
					size_t n;
					while (*u == ' ')
						u++;
					n = eol ? (size_t)(eol - u) : strlen(u);
					while (n && (u[n - 1] == ' ' || u[n - 1] == '\r'))
						n--;
					if ((strncmp(u, "http://", 7) == 0 || strncmp(u, "https://", 8) == 0) &&
					    add_link(ctx, r, msgid_from_url(ctx, u, n)))
						return PB_ERR_NOMEM;
				}
			}
		}
	}
	return PB_OK;
}

/* A maintainer's reply that says the patches went in. */
static unsigned applied_note(const char *body, const pb_person_t *sender)
{
	static const char *const starts[] = {
		"applied", "thanks, applied", "thank you, applied", "thanks applied",
		"queued", "thanks, queued", "pushed", "merged", "picked up", "thank you, queued",
		"thanks! applied", "thanks, i've applied", "i've applied", "i applied", "applied to",
		"patch applied", "series applied", "applied, thanks", "pushed, thanks", NULL};
	int lines = 0;
	if (strncasecmp(sender->email, "pr-tracker-bot@", 15) == 0 &&
	    strstr(body, "has been merged into"))
		return PB_REC_MERGED;
	for (const char *l = body; *l && lines < 12; l = next_line(l)) {
		const char *p = l;
		if (*l == '>' || *l == '\n')
			continue;
		if (strncmp(l, "-- \n", 4) == 0)
			break;
		/* "On ..., X wrote:" attribution lines are not content */
		lines++;
		while (*p == ' ')
			p++;
		for (int i = 0; starts[i]; i++) {
			size_t n = strlen(starts[i]);
			if (strncasecmp(p, starts[i], n) == 0 && !isalpha((unsigned char)p[n]))
				return PB_REC_APPLIED;
		}
	}
	return 0;
}

/* Does a reply ask for attention? Its own text (not quoted, above the
 * signature and any "-----Original Message-----" block, attribution lines
 * left out) opens with one of the words people ping with ("ping?",
 * "Gentle reminder", within its first PING_HEAD words), or is short (at
 * most PING_WORDS words) and says one ("Hi Matthias, any comments on this
 * patch?"); or the subject's brackets say PING. A longer text that only
 * mentions "ping" somewhere is a review, not a ping. */
#define PING_WORDS 50
#define PING_HEAD 4
static bool says_ping(const char *text)
{
	static const char *const says[] = {
		" ping ", " pinging ", " bump ", " reminder ", " nudge ", " any comments ",
		" any comment ", " any feedback ", " any update ", " any updates ", " any news ",
		" any thoughts ", " any objections ", NULL};
	for (int i = 0; says[i]; i++)
		if (strstr(text, says[i]))
			return true;
	return false;
}

static bool ping_note(const char *body, const char *tags)
{
	char text[PING_WORDS * 24];
	size_t len = 0, head = 0;
	unsigned words = 0;
	bool in_word = false;

	for (const char *t = tags; t && *t; t++)
		if (strncasecmp(t, "ping", 4) == 0 && (t == tags || !isalpha((unsigned char)t[-1])) &&
		    !isalpha((unsigned char)t[4]))
			return true;
	text[len++] = ' ';
	for (const char *l = body; *l && words <= PING_WORDS; l = next_line(l)) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		while (n && l[n - 1] == '\r')
			n--;
		if (*l == '>')
			continue;
		if (strncmp(l, "-- \n", 4) == 0 || strncmp(l, "-----Original Message-----", 26) == 0)
			break;
		/* "On Mon, 1 Jan 2024, Jane Doe wrote:" */
		if (n >= 6 && strncmp(l + n - 6, "wrote:", 6) == 0)
			continue;
		/* words are what blanks separate ("we're", "v5.18-rc4"); the
		 * text searched is their letters and digits, lower case, with the
		 * joiners inside a word kept */
		for (size_t i = 0; i <= n && words <= PING_WORDS; i++) {
			unsigned char c = i < n ? (unsigned char)l[i] : ' ';
			if (isspace(c)) {
				in_word = false;
			} else if (!in_word) {
				in_word = true;
				if (++words == PING_HEAD + 1)
					head = len;
			}
			/* "ping-pong", "net/ping.c" and "x.ping" are not the word */
			if (isalnum(c) || c >= 0x80 ||
			    ((c == '-' || c == '_' || c == '.' || c == '/' || c == '@') && in_word && i + 1 < n &&
			     !isspace((unsigned char)l[i + 1]) && !ispunct((unsigned char)l[i + 1]))) {
				if (len + 2 >= sizeof(text))
					words = PING_WORDS + 1;
				else
					text[len++] = (char)tolower(c);
			} else if (text[len - 1] != ' ') {
				text[len++] = ' ';
			}
		}
	}
	if (words > PING_WORDS) {
		/* long: only its opening counts */
		text[head] = '\0';
		return head && says_ping(text);
	}
	text[len] = '\0';
	return says_ping(text);
}

static int copy_trailers(TALLOC_CTX *ctx, pb_msgrec_t *r, const pb_trailer_list_t *tl)
{
	if (!tl->n)
		return PB_OK;
	r->trailers = talloc_array(ctx, pb_trailer_t, tl->n);
	if (!r->trailers)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < tl->n; i++) {
		pb_trailer_t *t = &r->trailers[i];
		*t = tl->v[i];
		t->name = talloc_strdup(ctx, tl->v[i].name);
		t->value = talloc_strdup(ctx, tl->v[i].value);
		t->extinfo = tl->v[i].extinfo ? talloc_strdup(ctx, tl->v[i].extinfo) : NULL;
		t->person.name = tl->v[i].person.name ? talloc_strdup(ctx, tl->v[i].person.name) : NULL;
		t->person.email = tl->v[i].person.email ? talloc_strdup(ctx, tl->v[i].person.email) : NULL;
		t->msgid = r->msgid;
		if (!t->name || !t->value)
			return PB_ERR_NOMEM;
	}
	r->n_trailers = (uint32_t)tl->n;
	return PB_OK;
}

pb_status_t pb_msgrec_from_mail(TALLOC_CTX *mem_ctx, pb_msgrec_t *r, const pb_mail_t *m, const char *thread,
				const char *file)
{
	pb_subject_t subj;
	pb_trailer_list_t tl = {0};
	/* (under MEM_CTX, never the NULL context: this runs on the parse
	 * workers, and a top-level context links into talloc's null context
	 * when null tracking is on, a list no lock guards) */
	void *tmp = talloc_new(mem_ctx);
	int rc = PB_ERR_NOMEM;
	const char *subject;

	memset(r, 0, sizeof(*r));
	if (!tmp)
		return PB_ERR_NOMEM;
	/* an in-body Subject: replaces the header for the patch title */
	subject = (m->flags & PB_MAIL_HAS_DIFF) && m->inbody_subject ? m->inbody_subject : m->subject;
	if (pb_subject_parse_into(tmp, &subj, m->subject))
		goto out;
	if (subject != m->subject) {
		pb_subject_t inb;
		if (pb_subject_parse_into(tmp, &inb, subject))
			goto out;
		subj.title = inb.title;
	}
	r->msgid = talloc_strdup(mem_ctx, m->msgid);
	r->thread = talloc_strdup(mem_ctx, thread ? thread : "");
	r->file = talloc_strdup(mem_ctx, file ? file : "");
	r->subject = talloc_strdup(mem_ctx, m->subject);
	r->title = talloc_strdup(mem_ctx, subj.title);
	r->tags = talloc_strdup(mem_ctx, subj.tags);
	r->sender.name = talloc_strdup(mem_ctx, m->sender.name);
	r->sender.email = talloc_strdup(mem_ctx, m->sender.email);
	r->author.name = talloc_strdup(mem_ctx, m->author.name);
	r->author.email = talloc_strdup(mem_ctx, m->author.email);
	if (!r->msgid || !r->thread || !r->file || !r->subject || !r->title || !r->tags ||
	    !r->sender.name || !r->sender.email || !r->author.name || !r->author.email)
		goto out;
	r->date = m->date;
	if (m->n_refs) {
		r->refs = talloc_array(mem_ctx, const char *, m->n_refs);
		if (!r->refs)
			goto out;
		for (size_t i = 0; i < m->n_refs; i++)
			if (!(r->refs[i] = talloc_strdup(mem_ctx, m->refs[i])))
				goto out;
		r->n_refs = (uint32_t)m->n_refs;
	}
	r->version = (int16_t)(subj.version > 32000 ? 32000 : subj.version);
	r->index = (int16_t)(subj.index > 32000 ? 32000 : subj.index);
	r->total = (int16_t)(subj.total > 32000 ? 32000 : subj.total);
	r->sflags = (uint16_t)subj.flags;
	r->mflags = m->flags;

	if (m->diff) {
		char pid[41];
		pb_diffstat_t st;
		char *paths = NULL;
		if (pb_diff_analyze_paths(tmp, pid, &st, &paths, m->diff, NULL) == PB_OK) {
			r->patch_id = talloc_strdup(mem_ctx, pid);
			r->paths = paths ? talloc_strdup(mem_ctx, paths) : NULL;
			if (!r->patch_id || (paths && !r->paths))
				goto out;
			r->files = st.files;
			r->added = st.added;
			r->removed = st.removed;
		}
	}
	if ((m->flags & PB_MAIL_HAS_DIFF) && !(subj.flags & PB_SUBJ_REPLY)) {
		if (pb_trailer_parse_message(tmp, &tl, m->message))
			goto out;
	} else {
		if (pb_trailer_parse_followup(tmp, &tl, m->body, &m->sender, NULL))
			goto out;
		if (subj.flags & PB_SUBJ_REPLY)
			r->rflags |= applied_note(m->body, &m->sender);
		if ((subj.flags & PB_SUBJ_REPLY) && ping_note(m->body, subj.tags))
			r->rflags |= PB_REC_PING;
	}
	if (copy_trailers(mem_ctx, r, &tl))
		goto out;
	if (body_facts(mem_ctx, r, m->body))
		goto out;
	rc = PB_OK;
out:
	talloc_free(tmp);
	return rc;
}

bool pb_msgrec_gives_review_tags(const pb_msgrec_t *r)
{
	for (uint32_t i = 0; i < r->n_trailers; i++)
		if (pb_trailer_kind(r->trailers[i].name) != PB_TRAILER_KIND_NONE && !(r->trailers[i].flags & PB_TRAILER_MISMATCH))
			return true;
	return false;
}
