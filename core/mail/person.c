/* person.c: people in mail: parsing an address, telling two apart. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gmime/gmime.h>

#include "patchbay/person.h"
#include "core/mail/mail_priv.h"
#include "core/base/util.h"

/* Lower-case copy of NAME without quotes, " via X" suffix or extra
 * blanks, for comparing people, into BUF (CAP bytes) when it fits, else
 * into memory from malloc (*HEAP, freed by the caller). No talloc: this
 * runs on the parse workers, where a NULL-context allocation races. */
static char *name_key(char *buf, size_t cap, char **heap, const char *name)
{
	size_t len = strlen(name ? name : "");
	char *k = len < cap ? buf : (*heap = malloc(len + 1)), *w = k, *via;
	bool sp = true;
	if (!k)
		return NULL;
	memcpy(k, name ? name : "", len + 1);
	for (const char *r = k; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c == '"' || c == '\'')
			continue;
		if (isspace(c)) {
			if (!sp)
				*w++ = ' ';
			sp = true;
			continue;
		}
		*w++ = (char)tolower(c);
		sp = false;
	}
	if (w > k && w[-1] == ' ')
		w--;
	*w = '\0';
	via = strstr(k, " via ");
	if (via)
		*via = '\0';
	return k;
}

static bool email_eq(const char *a, const char *b)
{
	const char *pa, *pb, *aa, *ab;
	size_t la, lb;
	if (!a || !b || !*a || !*b)
		return false;
	if (strcasecmp(a, b) == 0)
		return true;
	/* foo+tag@x equals foo@x */
	aa = strchr(a, '@');
	ab = strchr(b, '@');
	if (!aa || !ab || strcasecmp(aa, ab) != 0)
		return false;
	pa = memchr(a, '+', (size_t)(aa - a));
	pb = memchr(b, '+', (size_t)(ab - b));
	la = (size_t)((pa ? pa : aa) - a);
	lb = (size_t)((pb ? pb : ab) - b);
	return la == lb && strncasecmp(a, b, la) == 0;
}

bool pb_person_same(const pb_person_t *a, const pb_person_t *b)
{
	bool same;
	char bufa[256], bufb[256], *heapa = NULL, *heapb = NULL, *ka, *kb;
	if (email_eq(a->email, b->email))
		return true;
	ka = name_key(bufa, sizeof(bufa), &heapa, a->name);
	kb = name_key(bufb, sizeof(bufb), &heapb, b->name);
	same = ka && kb && *ka && strchr(ka, ' ') && strcmp(ka, kb) == 0;
	free(heapa);
	free(heapb);
	return same;
}

char *pb_person_format(TALLOC_CTX *mem_ctx, const pb_person_t *p)
{
	if (p->name && *p->name)
		return talloc_asprintf(mem_ctx, "%s <%s>", p->name, p->email ? p->email : "");
	return talloc_strdup(mem_ctx, p->email ? p->email : "");
}

void _pb_person_from_list(TALLOC_CTX *ctx, pb_person_t *out, InternetAddressList *list)
{
	out->name = NULL;
	out->email = NULL;
	if (list) {
		int n = internet_address_list_length(list);
		for (int i = 0; i < n; i++) {
			InternetAddress *ia = internet_address_list_get_address(list, i);
			if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
				const char *name = internet_address_get_name(ia);
				const char *addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
				out->name = talloc_strdup(ctx, name ? name : "");
				out->email = talloc_strdup(ctx, addr ? addr : "");
				break;
			}
		}
	}
	if (!out->name)
		out->name = talloc_strdup(ctx, "");
	if (!out->email)
		out->email = talloc_strdup(ctx, "");
	_pb_str_sanitize_utf8(out->name);
	_pb_str_collapse_ws(out->name);
}

pb_status_t pb_person_parse(TALLOC_CTX *mem_ctx, pb_person_t *out, const char *text)
{
	InternetAddressList *l;
	l = internet_address_list_parse(_pb_mail_parser_options(), text ? text : "");
	_pb_person_from_list(mem_ctx, out, l);
	if (l)
		g_object_unref(l);
	if (!out->name || !out->email)
		return PB_ERR_NOMEM;
	if (!*out->email && !*out->name && text && *text) {
		/* not an address at all: keep the text as a name */
		talloc_free(out->name);
		out->name = talloc_strdup(mem_ctx, text);
		if (!out->name)
			return PB_ERR_NOMEM;
		_pb_str_collapse_ws(out->name);
	}
	return PB_OK;
}
