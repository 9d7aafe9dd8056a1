/* check.c: check ids, the report, and the series checks (profiles are
 * check_profile.c's). */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "patchbay/interdiff.h"
#include "patchbay/subject.h"
#include "core/review/check_priv.h"

static const pb_check_info_t infos[] = {
#define PB_X_CHECK_INFO(e, id, series, mail, summary) {id, series, mail, summary},
	PB_CHECK_LIST(PB_X_CHECK_INFO)
#undef PB_X_CHECK_INFO
};

static const char *const sev_names[] = {"note", "warning", "error"};

const char *pb_severity_name(pb_severity_t sev)
{
	return (unsigned)sev < PB_SEV_COUNT ? sev_names[sev] : "unknown";
}

const pb_check_info_t *pb_check_info(pb_check_id_t id)
{
	return (unsigned)id < PB_CHECK_COUNT ? &infos[id] : NULL;
}

pb_check_id_t pb_check_lookup(const char *id)
{
	for (int i = 0; i < PB_CHECK_COUNT; i++)
		if (strcmp(infos[i].id, id) == 0)
			return (pb_check_id_t)i;
	return PB_CHECK_COUNT;
}

/* ---- findings --------------------------------------------------------- */

bool _pb_check_on(const _pb_check_run_t *R, pb_check_id_t id)
{
	if (!R->pf->enabled[id])
		return false;
	return !(R->quick && infos[id].needs_mail);
}

int _pb_check_add(_pb_check_run_t *R, pb_check_id_t id, int sev, int patch, const char *msgid,
		  const char *quote, size_t quote_len, const char *fmt, ...)
{
	pb_check_report_t *r = R->r;
	pb_finding_t *f, *nv;
	va_list ap;
	if (!R->pf->enabled[id])
		return PB_OK;
	nv = talloc_realloc(r, r->v, pb_finding_t, r->n + 1);
	if (!nv)
		return PB_ERR_NOMEM;
	r->v = nv;
	f = &r->v[r->n];
	memset(f, 0, sizeof(*f));
	f->check = id;
	f->id = infos[id].id;
	f->severity = sev < 0 ? R->pf->severity[id] : (pb_severity_t)sev;
	f->version = R->v->version;
	f->patch = patch;
	f->msgid = msgid ? talloc_strdup(r->v, msgid) : NULL;
	va_start(ap, fmt);
	f->message = talloc_vasprintf(r->v, fmt, ap);
	va_end(ap);
	if (quote) {
		size_t n = quote_len ? quote_len : strcspn(quote, "\n");
		f->quote = talloc_strndup(r->v, quote, n);
		if (!f->quote)
			return PB_ERR_NOMEM;
	}
	if (!f->message || (msgid && !f->msgid))
		return PB_ERR_NOMEM;
	r->n++;
	r->counts[f->severity]++;
	return PB_OK;
}

size_t pb_check_count_patch(const pb_check_report_t *r, int index, pb_severity_t min)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].patch == index && r->v[i].severity >= min)
			n++;
	return n;
}

/* ---- text helpers ----------------------------------------------------- */

static const char *next_line(const char *p)
{
	const char *nl = strchr(p, '\n');
	return nl ? nl + 1 : p + strlen(p);
}

static bool trailer_like(const char *l, size_t n)
{
	size_t i = 0;
	while (i < n && (isalnum((unsigned char)l[i]) || l[i] == '-'))
		i++;
	return i > 1 && i + 1 < n && l[i] == ':' && l[i + 1] == ' ';
}

char *_pb_check_body(TALLOC_CTX *ctx, const char *message)
{
	const char *end = message + strlen(message), *start, *p;
	bool all = true;
	while (end > message && (end[-1] == '\n' || end[-1] == ' '))
		end--;
	start = end;
	while (start > message && !(start - message >= 2 && start[-1] == '\n' && start[-2] == '\n'))
		start--;
	for (p = start; p < end; p = next_line(p)) {
		size_t n = strcspn(p, "\n");
		if (!trailer_like(p, n) && !(p != start && (*p == ' ' || *p == '\t')))
			all = false;
	}
	if (start == end || !all)
		start = end;
	while (start > message && (start[-1] == '\n' || start[-1] == ' '))
		start--;
	return talloc_strndup(ctx, message, (size_t)(start - message));
}

bool _pb_check_has_changelog(const char *text, const char **at)
{
	for (const char *l = text ? text : ""; *l; l = next_line(l)) {
		const char *p = l;
		while (*p == ' ' || *p == '\t' || *p == '-' || *p == '*' || *p == '#' || *p == '[' || *p == '(')
			p++;
		if (strncasecmp(p, "changes", 7) == 0 || strncasecmp(p, "changelog", 9) == 0 ||
		    strncasecmp(p, "change log", 10) == 0 || strncasecmp(p, "change history", 14) == 0 ||
		    strncasecmp(p, "revision history", 16) == 0 || strncasecmp(p, "since v", 7) == 0 ||
		    strncasecmp(p, "v1 ", 3) == 0 || strncasecmp(p, "v1->", 4) == 0) {
			const char *q = p + strcspn(p, "\n");
			/* "Changes in v2", "Changes since v1:", "Changelog:", "v1 -> v2" */
			const char *vee = p;
			bool ok = false;
			for (; vee < q; vee++)
				if ((vee[0] == 'v' || vee[0] == 'V') && isdigit((unsigned char)vee[1]))
					ok = true;
			if (ok || (q > p && q[-1] == ':') || strncasecmp(p, "changelog", 9) == 0) {
				if (at)
					*at = l;
				return true;
			}
		}
		/* prose: "Compared to v7 ...", "changes since v2", "relative to v3" */
		{
			static const char *const phrases[] = {"compared to v", "since v", "relative to v",
							      "changes in v", "changes from v", "over v", NULL};
			const char *e = l + strcspn(l, "\n");
			for (int i = 0; phrases[i]; i++) {
				size_t pl = strlen(phrases[i]);
				for (const char *q = l; q + pl < e; q++) {
					const char *d = q + pl;
					if (strncasecmp(q, phrases[i], pl) != 0 || !isdigit((unsigned char)*d))
						continue;
					while (isdigit((unsigned char)*d))
						d++;
					if (*d == '.' && isdigit((unsigned char)d[1]))
						continue; /* a release: "since v5.17" */
					if (at)
						*at = l;
					return true;
				}
			}
		}
		if ((*p == 'v' || *p == 'V') && isdigit((unsigned char)p[1])) {
			const char *q = p + 1;
			while (isdigit((unsigned char)*q))
				q++;
			while (*q == ' ')
				q++;
			/* "v2:", "v2 -", "v2->v3", "V3 changes" */
			if (*q == ':' || (q[0] == '-' && q[1] == '>') || (q[0] == '-' && q[1] == ' ') ||
			    strncasecmp(q, "changes", 7) == 0 || *q == ')' || *q == ']') {
				if (at)
					*at = l;
				return true;
			}
		}
	}
	return false;
}

/* The change history part of a cover letter (from its first line to the
 * shortlog or the end), or "". */
static const char *changelog_part(TALLOC_CTX *ctx, const char *body)
{
	const char *at = NULL, *end;
	if (!_pb_check_has_changelog(body, &at))
		return "";
	end = at;
	for (; *end; end = next_line(end)) {
		const char *p = end, *nl = p + strcspn(p, "\n");
		/* "Name (3):" starts the shortlog */
		if (nl > p + 4 && nl[-1] == ':' && nl[-2] == ')' && strchr(p, '(') && strchr(p, '(') < nl &&
		    isdigit((unsigned char)nl[-3]))
			break;
		if (strncmp(p, "base-commit:", 12) == 0 || strncmp(p, "-- \n", 4) == 0)
			break;
	}
	return talloc_strndup(ctx, at, (size_t)(end - at));
}

/* ---- series checks ---------------------------------------------------- */

static int load(_pb_check_run_t *R, const pb_msgrec_t *rec, pb_mail_t **out)
{
	return pb_index_load_mail(R->idx, R->tmp, rec, out, R->err);
}

/* Words of a cover letter that say something: no greeting, shortlog,
 * diffstat, change history, trailers or signature. */
static int cover_words(const char *body, const char **first)
{
	int words = 0;
	bool in_log = false;
	*first = NULL;
	for (const char *l = body; *l; l = next_line(l)) {
		const char *nl = l + strcspn(l, "\n");
		const char *at = NULL;
		size_t n = (size_t)(nl - l);
		if (strncmp(l, "-- \n", 4) == 0 || strncmp(l, "base-commit:", 12) == 0)
			break;
		if (n > 4 && nl[-1] == ':' && nl[-2] == ')' && memchr(l, '(', n))
			break; /* the shortlog */
		if (_pb_check_has_changelog(l, &at) && at == l) {
			in_log = true;
			continue;
		}
		if (in_log) {
			if (n == 0)
				in_log = false;
			continue;
		}
		if (l[0] == '>' || trailer_like(l, n) || memchr(l, '|', n))
			continue;
		for (const char *p = l; p < nl;) {
			const char *w = p;
			while (p < nl && isalpha((unsigned char)*p))
				p++;
			if (p - w >= 2) {
				static const char *const filler[] = {"hi", "hello", "all", "dear", "thanks", "regards",
								     "best", "cheers", "br", "kind", NULL};
				bool fill = false;
				for (int i = 0; filler[i]; i++)
					if ((size_t)(p - w) == strlen(filler[i]) &&
					    strncasecmp(w, filler[i], (size_t)(p - w)) == 0)
						fill = true;
				if (!fill) {
					words++;
					if (!*first)
						*first = l;
				}
			}
			while (p < nl && !isalpha((unsigned char)*p))
				p++;
		}
	}
	return words;
}

static int check_cover(_pb_check_run_t *R, const pb_mail_t *cover)
{
	const char *first = NULL, *blurb = strstr(cover->body, "*** BLURB HERE ***");
	int words;
	if (blurb)
		return _pb_check_add(R, PB_CHECK_COVER_EMPTY, PB_SEV_ERROR, 0, cover->msgid, blurb, 0,
				     "the cover letter is git format-patch's template");
	words = cover_words(cover->message ? cover->message : cover->body, &first);
	if (words < R->pf->cover_words)
		return _pb_check_add(R, PB_CHECK_COVER_EMPTY, -1, 0, cover->msgid, first ? first : cover->subject, 0,
				     "the cover letter has %d word%s about the series (fewer than %d)", words,
				     words == 1 ? "" : "s", R->pf->cover_words);
	return PB_OK;
}

/* The version before V in S (another posting), or NULL. */
static const pb_version_t *previous(const pb_series_t *s, const pb_version_t *v)
{
	for (size_t i = 1; i < s->n_versions; i++)
		if (s->versions[i] == v)
			return s->versions[i - 1];
	return NULL;
}

static bool mentions(const char *text, const char *word, size_t n)
{
	if (n < 3)
		return false;
	for (const char *p = text; *p; p++) {
		if (strncasecmp(p, word, n) == 0 && (p == text || !isalnum((unsigned char)p[-1])) &&
		    !isalnum((unsigned char)p[n]) && p[n] != '_')
			return true;
	}
	return false;
}

/* Does the change history LOG say anything about pair PR (patch M)? */
static bool log_refers(const char *log, const pb_idiff_pair_t *pr, const pb_mail_t *m, int total)
{
	char buf[64];
	const char *title = pr->new_title ? pr->new_title : "";
	snprintf(buf, sizeof(buf), "%d/%d", pr->new_pos, total);
	if (strstr(log, buf))
		return true;
	snprintf(buf, sizeof(buf), "patch %d", pr->new_pos);
	if (mentions(log, buf, strlen(buf)))
		return true;
	snprintf(buf, sizeof(buf), "#%d", pr->new_pos);
	if (strstr(log, buf))
		return true;
	/* the description part of the title */
	{
		const char *d = strrchr(title, ':');
		d = d ? d + 1 : title;
		while (*d == ' ')
			d++;
		if (strlen(d) > 10 && strcasestr(log, d))
			return true;
	}
	/* a file it touches, or an identifier of the changed lines */
	for (size_t i = 0; i < pr->n_lines; i++) {
		const pb_idiff_line_t *l = &pr->lines[i];
		const char *t = l->text;
		/* "@@ path: func" is the interdiff's own header (interdiff.c
		 * writes it), not a diff's hunk header: not for diff_scan.h */
		if (l->role == PB_IDIFF_HEADER && strncmp(t, "@@ ", 3) == 0) {
			const char *path = t + 3, *e = path + strcspn(path, ": "), *base = path;
			for (const char *q = path; q < e; q++)
				if (*q == '/')
					base = q + 1;
			if (e - base > 2 && mentions(log, base, (size_t)(e - base)))
				return true;
			continue;
		}
		if (l->role != PB_IDIFF_OLD && l->role != PB_IDIFF_NEW)
			continue;
		for (const char *p = t; *p;) {
			const char *w;
			bool ident = false;
			while (*p && !(isalnum((unsigned char)*p) || *p == '_'))
				p++;
			w = p;
			while (*p && (isalnum((unsigned char)*p) || *p == '_')) {
				if (*p == '_' || (p > w && isupper((unsigned char)*p)))
					ident = true;
				p++;
			}
			if ((p - w >= 4 && ident) || p - w >= 6)
				if (mentions(log, w, (size_t)(p - w)))
					return true;
		}
	}
	(void)m;
	return false;
}

static int check_changes(_pb_check_run_t *R, const pb_mail_t *cover, pb_mail_t **mails)
{
	const pb_version_t *v = R->v, *prev = previous(R->s, v);
	const char *cover_log = cover ? changelog_part(R->tmp, cover->body) : "";
	bool every = v->n_patches > 0;
	pb_interdiff_t *d;
	pb_mail_t **pm;
	pb_interdiff_opts_t o = {0};
	int rc;

	for (size_t i = 0; i < v->n_patches; i++)
		if (!_pb_check_has_changelog(mails[i]->notes, NULL))
			every = false;
	if (v->version > 1 && !*cover_log && !every && _pb_check_on(R, PB_CHECK_NO_CHANGELOG)) {
		const pb_msgrec_t *root = v->cover ? v->cover : v->root;
		rc = _pb_check_add(R, PB_CHECK_NO_CHANGELOG, -1, 0, root->msgid, root->subject, 0,
				   "v%d says nothing about what changed since the previous version%s", v->version,
				   v->cover ? " (not in the cover letter, not below --- of every patch)" : "");
		if (rc)
			return rc;
	}
	if (!prev || !_pb_check_on(R, PB_CHECK_UNASKED_CHANGE))
		return PB_OK;
	pm = talloc_array(R->tmp, pb_mail_t *, prev->n_patches + 1);
	if (!pm)
		return PB_ERR_NOMEM;
	for (size_t i = 0; i < prev->n_patches; i++)
		if ((rc = load(R, prev->patches[i]->rec, &pm[i])))
			return rc;
	o.context = -1;
	if ((rc = pb_interdiff_mails(R->tmp, &d, (const pb_mail_t *const *)pm, prev->n_patches,
				     (const pb_mail_t *const *)mails, v->n_patches, &o, R->err)))
		return rc;
	for (size_t i = 0; i < d->n_pairs; i++) {
		const pb_idiff_pair_t *pr = &d->pairs[i];
		const pb_mail_t *m;
		const char *quote = NULL;
		if (pr->status != PB_PAIR_CHANGED)
			continue;
		m = mails[pr->new_pos - 1];
		if (_pb_check_has_changelog(m->notes, NULL))
			continue;
		if (*cover_log && (v->n_patches == 1 || log_refers(cover_log, pr, m, v->total)))
			continue;
		for (size_t k = 0; k < pr->n_lines && !quote; k++)
			if ((pr->lines[k].role == PB_IDIFF_OLD || pr->lines[k].role == PB_IDIFF_NEW) &&
			    pr->lines[k].inner >= PB_IDIFF_IN_CONTEXT)
				quote = pr->lines[k].text;
		rc = _pb_check_add(R, PB_CHECK_UNASKED_CHANGE, -1, v->patches[pr->new_pos - 1]->index, m->msgid,
				   quote, 0, "the diff changed since v%d (patch %d) but the change history does not say so",
				   prev->version, pr->old_pos);
		if (rc)
			return rc;
	}
	return PB_OK;
}

static bool is_bot(const pb_person_t *p)
{
	static const char *const bots[] = {"bot@", "robot", "noreply", "no-reply", "patchwork", "lkp@intel.com",
					   NULL};
	for (int i = 0; bots[i]; i++)
		if (strcasestr(p->email, bots[i]) || strcasestr(p->name, bots[i]))
			return true;
	return false;
}

/* Replies under patch Q of version W whose reviewers gave no trailer. */
static int check_ignored(_pb_check_run_t *R, const pb_patch_t *P)
{
	const pb_series_set_t *set = pb_index_series(R->idx);
	for (size_t wi = R->s->n_versions; wi-- > 0;) {
		const pb_version_t *w = R->s->versions[wi];
		const pb_msgrec_t **reps;
		size_t nr;
		if (w == R->v || w->date > R->v->date)
			continue;
		for (size_t k = 0; k < w->n_patches; k++) {
			const pb_patch_t *q = w->patches[k];
			if (q->inherited_from || !q->rec->patch_id || !P->rec->patch_id ||
			    strcmp(q->rec->patch_id, P->rec->patch_id) != 0)
				continue;
			if (pb_series_version_replies(set, w, R->tmp, &reps, &nr))
				continue;
			for (size_t r = 0; r < nr; r++) {
				const pb_msgrec_t *rep = reps[r];
				bool under = false, gave = false;
				/* the nearest patch or cover of W above the reply */
				for (uint32_t x = rep->n_refs; x-- > 0 && !under;) {
					bool member = w->cover && strcmp(rep->refs[x], w->cover->msgid) == 0;
					for (size_t y = 0; y < w->n_patches && !member; y++)
						member = strcmp(rep->refs[x], w->patches[y]->rec->msgid) == 0;
					if (member) {
						under = strcmp(rep->refs[x], q->rec->msgid) == 0;
						break;
					}
				}
				if (!under || pb_person_same(&rep->sender, &q->rec->author) ||
				    pb_person_same(&rep->sender, &P->rec->author) || is_bot(&rep->sender) ||
				    (rep->rflags & (PB_REC_APPLIED | PB_REC_MERGED)))
					continue;
				/* a trailer from this reviewer on Q, or carried to P */
				for (size_t t = 0; t < q->trailers.n && !gave; t++)
					gave = pb_trailer_kind(q->trailers.v[t].name) != PB_TRAILER_KIND_NONE &&
					       pb_person_same(&q->trailers.v[t].person, &rep->sender);
				for (size_t t = 0; t < P->own.n && !gave; t++)
					gave = pb_trailer_kind(P->own.v[t].name) != PB_TRAILER_KIND_NONE &&
					       pb_person_same(&P->own.v[t].person, &rep->sender);
				for (size_t t = 0; t < P->trailers.n && !gave; t++)
					gave = pb_trailer_kind(P->trailers.v[t].name) != PB_TRAILER_KIND_NONE &&
					       pb_person_same(&P->trailers.v[t].person, &rep->sender);
				if (gave)
					continue;
				return _pb_check_add(R, PB_CHECK_IGNORED_REVIEW, -1, P->index, P->rec->msgid, rep->subject,
						     0, "unchanged since v%d (same patch-id), where %s commented without giving a trailer",
						     w->version, *rep->sender.name ? rep->sender.name : rep->sender.email);
			}
		}
	}
	return PB_OK;
}

static int run_checks(_pb_check_run_t *R)
{
	const pb_version_t *v = R->v;
	const pb_msgrec_t *base_rec = v->cover ? v->cover : (v->n_patches ? v->patches[v->n_patches - 1]->rec : v->root);
	pb_mail_t *cover = NULL, **mails = NULL;
	int rc;

	if (v->total > 1 && !v->cover && !(v->flags & PB_VER_NAKED_COVER) &&
	    (rc = _pb_check_add(R, PB_CHECK_NO_COVER, -1, 0, v->root->msgid, v->root->subject, 0,
				"%d patches without a cover letter", v->total)))
		return rc;
	if (v->n_missing) {
		/* as ranges: a stable review of 227 patches read one at a time
		 * must not list 226 numbers */
		char *list = talloc_strdup(R->tmp, "");
		for (size_t i = 0, j; list && i < v->n_missing; i = j) {
			for (j = i + 1; j < v->n_missing && v->missing[j] == v->missing[j - 1] + 1; j++)
				;
			if (j - i >= 3)
				list = talloc_asprintf_append(list, "%s%d-%d", i ? ", " : "", v->missing[i],
							      v->missing[j - 1]);
			else
				for (size_t k = i; list && k < j; k++)
					list = talloc_asprintf_append(list, "%s%d", k ? ", " : "", v->missing[k]);
		}
		if (!list || (rc = _pb_check_add(R, PB_CHECK_MISSING_PATCHES, -1, 0, v->root->msgid, v->root->subject, 0,
						 "patch%s %s of %d not received", v->n_missing == 1 ? "" : "es", list,
						 v->total)))
			return list ? rc : PB_ERR_NOMEM;
	}
	if (!base_rec->base_commit) {
		if ((rc = _pb_check_add(R, PB_CHECK_NO_BASE, -1, 0, base_rec->msgid, base_rec->subject, 0,
					"no base-commit: line (git format-patch --base)")))
			return rc;
	} else if (!R->quick && R->repo && _pb_check_on(R, PB_CHECK_BASE_UNKNOWN)) {
		if ((rc = _pb_check_base_repo(R, base_rec->base_commit, base_rec->msgid)))
			return rc;
	}
	for (size_t i = 0; i < v->n_patches; i++)
		if (!v->patches[i]->inherited_from && _pb_check_on(R, PB_CHECK_IGNORED_REVIEW) &&
		    (rc = check_ignored(R, v->patches[i])))
			return rc;
	if (!R->quick) {
		mails = talloc_zero_array(R->tmp, pb_mail_t *, v->n_patches + 1);
		if (!mails)
			return PB_ERR_NOMEM;
		if (v->cover && (rc = load(R, v->cover, &cover)))
			return rc;
		for (size_t i = 0; i < v->n_patches; i++)
			if ((rc = load(R, v->patches[i]->rec, &mails[i])))
				return rc;
		if (cover && _pb_check_on(R, PB_CHECK_COVER_EMPTY) && (rc = check_cover(R, cover)))
			return rc;
		if ((rc = check_changes(R, cover, mails)))
			return rc;
	}
	for (size_t i = 0; i < v->n_patches; i++) {
		_pb_check_patch_t P = {v->patches[i], v->patches[i]->rec, mails ? mails[i] : NULL};
		if (v->patches[i]->inherited_from)
			continue;
		if ((rc = _pb_check_patch(R, &P)))
			return rc;
	}
	return PB_OK;
}

static int cmp_finding(const void *a, const void *b)
{
	const pb_finding_t *x = a, *y = b;
	if (x->patch != y->patch)
		return x->patch - y->patch;
	return (int)x->check - (int)y->check;
}

pb_status_t pb_check_series(TALLOC_CTX *mem_ctx, pb_check_report_t **out, pb_index_t *idx, const pb_series_t *s,
			    const pb_check_opts_t *opts, pb_error_t *err)
{
	static const pb_check_opts_t none = {0};
	const pb_check_opts_t *o = opts ? opts : &none;
	_pb_check_run_t R = {0};
	pb_profile_t *def = NULL;
	int rc;

	R.tmp = talloc_new(mem_ctx);
	R.r = talloc_zero(R.tmp, pb_check_report_t);
	if (!R.tmp || !R.r) {
		talloc_free(R.tmp);
		return pb_error_set(err, PB_ERR_NOMEM, "out of memory");
	}
	if (!o->profile && (rc = pb_profile_load(R.tmp, &def, NULL, "linux", err))) {
		talloc_free(R.tmp);
		return rc;
	}
	R.pf = o->profile ? o->profile : def;
	R.idx = idx;
	R.s = s;
	R.v = o->version ? o->version : pb_series_latest(s);
	R.quick = o->quick;
	R.err = err;
	R.r->series = s;
	R.r->version = R.v;
	R.r->quick = o->quick;
	if (!R.quick && (rc = _pb_check_repo_open(&R))) {
		talloc_free(R.tmp);
		return rc;
	}
	rc = run_checks(&R);
	_pb_check_repo_close(&R);
	if (rc) {
		if (rc == PB_ERR_NOMEM)
			pb_error_set(err, rc, "out of memory");
		talloc_free(R.tmp);
		return rc;
	}
	if (R.r->n > 1)
		qsort(R.r->v, R.r->n, sizeof(*R.r->v), cmp_finding);
	*out = talloc_steal(mem_ctx, R.r);
	talloc_free(R.tmp);
	return PB_OK;
}

pb_status_t pb_check_summary(unsigned out[PB_SEV_COUNT], pb_index_t *idx, const pb_series_t *s,
			     const pb_profile_t *profile)
{
	pb_check_opts_t o = {profile, NULL, true};
	pb_check_report_t *r;
	int rc = pb_check_series(idx, &r, idx, s, &o, NULL);
	for (int i = 0; i < PB_SEV_COUNT; i++)
		out[i] = rc ? 0 : r->counts[i];
	if (!rc)
		talloc_free(r);
	return rc;
}
