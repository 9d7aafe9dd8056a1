/* util.c: helpers the tui files share. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "tui/util.h"

tui_errors_t *tui_errors_new(TALLOC_CTX *mem_ctx)
{
	return talloc_zero(mem_ctx, tui_errors_t);
}

void tui_errors_add(tui_errors_t *errs, const char *fmt, ...)
{
	char **nv, *msg;
	va_list ap;
	if (!errs)
		return;
	va_start(ap, fmt);
	msg = talloc_vasprintf(errs, fmt, ap);
	va_end(ap);
	nv = talloc_realloc(errs, errs->v, char *, errs->n + 1);
	if (!msg || !nv) {
		talloc_free(msg);
		return;
	}
	errs->v = nv;
	errs->v[errs->n++] = msg;
}

char *tui_age(TALLOC_CTX *mem_ctx, int64_t t, int64_t now)
{
	int64_t d = now - t;
	if (t <= 0)
		return talloc_strdup(mem_ctx, "?");
	if (d < 0)
		d = 0;
	if (d < 3600)
		return talloc_asprintf(mem_ctx, "%lldm", (long long)(d < 60 ? 1 : d / 60));
	if (d < 86400 * 2)
		return talloc_asprintf(mem_ctx, "%lldh", (long long)(d / 3600));
	if (d < 86400 * 60)
		return talloc_asprintf(mem_ctx, "%lldd", (long long)(d / 86400));
	if (d < 86400 * 730)
		return talloc_asprintf(mem_ctx, "%lldmo", (long long)(d / (86400 * 30)));
	return talloc_asprintf(mem_ctx, "%lldy", (long long)(d / (86400 * 365)));
}

char *tui_date(TALLOC_CTX *mem_ctx, int64_t t)
{
	char buf[32] = "?";
	time_t tt = (time_t)t;
	struct tm tm;
	if (t > 0 && localtime_r(&tt, &tm))
		strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M", &tm);
	return talloc_strdup(mem_ctx, buf);
}

double tui_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
