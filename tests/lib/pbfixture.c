/* pbfixture.c: the tests' own small archives. */
#include <stdio.h>
#include <string.h>

#include "tests/lib/pbtest.h"
#include "tests/lib/pbfixture.h"

void pbt_mbox_add(TALLOC_CTX *ctx, char **mbox, const char *from, const char *date, const char *msgid,
		  const char *reply_to, const char *parent_refs, const char *subject, const char *body)
{
	char *m = *mbox ? *mbox : talloc_strdup(ctx, "");
	m = talloc_asprintf_append(m,
				   "From mboxrd@z Thu Jan  1 00:00:00 1970\n"
				   "From: %s\nTo: linux-foo@vger.example.org\nDate: %s\n"
				   "Message-ID: <%s>\nSubject: %s\n",
				   from, date, msgid, subject);
	if (reply_to) {
		m = talloc_asprintf_append(m, "In-Reply-To: <%s>\nReferences:", reply_to);
		if (parent_refs) {
			char *refs = talloc_strdup(ctx, parent_refs), *save = NULL;
			for (char *t = strtok_r(refs, " ", &save); t; t = strtok_r(NULL, " ", &save))
				m = talloc_asprintf_append(m, " <%s>", t);
			talloc_free(refs);
		}
		m = talloc_asprintf_append(m, " <%s>\n", reply_to);
	}
	m = talloc_asprintf_append(m, "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n"
				      "Content-Transfer-Encoding: 8bit\n\n");
	/* mboxrd: ^>*From gets one more > */
	for (const char *p = body; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		const char *q = p;
		while (q < p + n && *q == '>')
			q++;
		if ((size_t)(p + n - q) >= 5 && strncmp(q, "From ", 5) == 0)
			m = talloc_strdup_append(m, ">");
		m = talloc_strndup_append(m, p, n);
		m = talloc_strdup_append(m, "\n");
		p = e ? e + 1 : p + n;
	}
	m = talloc_strdup_append(m, "\n");
	assert_non_null(m);
	*mbox = m;
}

char *pbt_write_temp(TALLOC_CTX *ctx, const char *name, const char *text)
{
	char *path = talloc_asprintf(ctx, "%s/%s", pbt_tmpdir(ctx), name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

#define JANE "Jane Doe <jane@example.org>"
#define UWE "Uwe Reviewer <uwe@example.org>"
#define ROB "Rob Bindings <rob@example.org>"
#define THIERRY "Thierry Maint <thierry@example.org>"
#define TESS "Tess Tester <tess@example.org>"
/* 田中太郎 */
#define TANAKA "=?UTF-8?B?55Sw5Lit5aSq6YOO?= <tanaka@example.jp>"
/* "José Müller" with combining marks: e + U+0301, u + U+0308 */
#define JOSE "=?UTF-8?B?Sm9zZcyBIE11zIhsbGVy?= <jose@example.com>"
#define ALICE "Alice Example <alice@example.net>"

static const char dt_patch[] =
	"Add the binding of the Foo PWM controller.\n"
	"\n"
	"Signed-off-by: Jane Doe <jane@example.org>\n"
	"---\n"
	" Documentation/devicetree/bindings/pwm/foo-pwm.yaml | 2 ++\n"
	" 1 file changed, 2 insertions(+)\n"
	"\n"
	"diff --git a/Documentation/devicetree/bindings/pwm/foo-pwm.yaml b/Documentation/devicetree/bindings/pwm/foo-pwm.yaml\n"
	"new file mode 100644\n"
	"index 0000000..1111111\n"
	"--- /dev/null\n"
	"+++ b/Documentation/devicetree/bindings/pwm/foo-pwm.yaml\n"
	"@@ -0,0 +1,2 @@\n"
	"+title: Foo PWM\n"
	"+compatible: foo,pwm\n"
	"-- \n"
	"2.43.0\n";

static const char drv_patch[] =
	"Add a driver for the PWM of the Foo SoC.\n"
	"\n"
	"Signed-off-by: Jane Doe <jane@example.org>\n"
	"---\n"
	" drivers/pwm/pwm-foo.c | 3 +++\n"
	" 1 file changed, 3 insertions(+)\n"
	"\n"
	"diff --git a/drivers/pwm/pwm-foo.c b/drivers/pwm/pwm-foo.c\n"
	"new file mode 100644\n"
	"index 0000000..2222222\n"
	"--- /dev/null\n"
	"+++ b/drivers/pwm/pwm-foo.c\n"
	"@@ -0,0 +1,3 @@\n"
	"+#include <linux/pwm.h>\n"
	"+\n"
	"+static int foo_pwm_apply(void);\n"
	"-- \n"
	"2.43.0\n";

static const char maint_patch[] =
	"Signed-off-by: Jane Doe <jane@example.org>\n"
	"---\n"
	" MAINTAINERS | 1 +\n"
	" 1 file changed, 1 insertion(+)\n"
	"\n"
	"diff --git a/MAINTAINERS b/MAINTAINERS\n"
	"index 3333333..4444444 100644\n"
	"--- a/MAINTAINERS\n"
	"+++ b/MAINTAINERS\n"
	"@@ -10,2 +10,3 @@ FOO\n"
	" M:\tSomeone\n"
	"+F:\tdrivers/pwm/pwm-foo.c\n"
	" L:\tlinux-pwm\n"
	"-- \n"
	"2.43.0\n";

static const char bar_patch1[] =
	"The queue index was taken before the lock, so two CPUs could take\n"
	"the same slot. Take it under the lock.\n"
	"\n"
	"Fixes: 0123456789ab (\"net: bar: Add queues\")\n"
	"Signed-off-by: José Müller <jose@example.com>\n"
	"---\n"
	"Changes in v3:\n"
	"- take the lock in bar_xmit() too\n"
	"\n"
	" drivers/net/bar/queue.c | 4 +++-\n"
	" drivers/net/bar/queue.h | 1 +\n"
	" 2 files changed, 4 insertions(+), 1 deletion(-)\n"
	"\n"
	"diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c\n"
	"index 5555555..6666666 100644\n"
	"--- a/drivers/net/bar/queue.c\n"
	"+++ b/drivers/net/bar/queue.c\n"
	"@@ -10,4 +10,6 @@ static int bar_take(struct bar *b)\n"
	" {\n"
	"-\tint slot = b->next++;\n"
	"+\tint slot;\n"
	"+\tspin_lock(&b->lock);   \n"
	"+ \tslot = b->next++;\n"
	" \treturn slot;\n"
	" }\n"
	"diff --git a/drivers/net/bar/queue.h b/drivers/net/bar/queue.h\n"
	"index 7777777..8888888 100644\n"
	"--- a/drivers/net/bar/queue.h\n"
	"+++ b/drivers/net/bar/queue.h\n"
	"@@ -3,2 +3,3 @@ struct bar {\n"
	" \tint next;\n"
	"+\tspinlock_t lock;\n"
	" };\n"
	"-- \n"
	"2.43.0\n";

static const char bar_patch2[] =
	"Document the lock.\n"
	"\n"
	"Signed-off-by: José Müller <jose@example.com>\n"
	"---\n"
	" drivers/net/bar/queue.h | 1 +\n"
	" 1 file changed, 1 insertion(+)\n"
	"\n"
	"diff --git a/drivers/net/bar/queue.h b/drivers/net/bar/queue.h\n"
	"index 8888888..9999999 100644\n"
	"--- a/drivers/net/bar/queue.h\n"
	"+++ b/drivers/net/bar/queue.h\n"
	"@@ -4,1 +4,2 @@ struct bar {\n"
	"+\t/* protects next */\n"
	" \tspinlock_t lock;\n"
	"-- \n"
	"2.43.0\n";

static const char thierry_review[] =
	"On Tue, Mar 05, 2024 at 10:00:00AM +0100, José Müller wrote:\n"
	"> The queue index was taken before the lock, so two CPUs could take\n"
	"> the same slot. Take it under the lock.\n"
	">\n"
	"> > Earlier: why not an atomic?\n"
	"> > Because the slot and the ring move together.\n"
	">\n"
	"> diff --git a/drivers/net/bar/queue.c b/drivers/net/bar/queue.c\n"
	"> index 5555555..6666666 100644\n"
	"> --- a/drivers/net/bar/queue.c\n"
	"> +++ b/drivers/net/bar/queue.c\n"
	"> @@ -10,4 +10,6 @@ static int bar_take(struct bar *b)\n"
	">  {\n"
	"> -\tint slot = b->next++;\n"
	"> +\tint slot;\n"
	"> +\tspin_lock(&b->lock);\n"
	"\n"
	"This looks wrong: where is the unlock?\n"
	"\n"
	"Thierry\n";

static const char jose_answer[] =
	"On Thu, Mar 07, 2024, Thierry Maint wrote:\n"
	"> This looks wrong: where is the unlock?\n"
	"\n"
	"In bar_release(), which the caller always runs. I will say so in v4.\n"
	"\n"
	"José\n";

char *pbt_fixture_triage(TALLOC_CTX *ctx)
{
	char *m = NULL;
	/* pwm: foo v1 */
	pbt_mbox_add(ctx, &m, JANE, "Fri, 1 Mar 2024 10:00:00 +0000", "foo-v1-0@example.org", NULL, NULL,
		     "[PATCH 0/2] pwm: foo: Add a driver for the Foo PWM",
		     "This adds the Foo PWM.\n\nJane Doe (2):\n  dt-bindings: pwm: Add foo\n  pwm: foo: Add a driver\n");
	pbt_mbox_add(ctx, &m, JANE, "Fri, 1 Mar 2024 10:00:01 +0000", "foo-v1-1@example.org",
		     "foo-v1-0@example.org", NULL, "[PATCH 1/2] dt-bindings: pwm: Add foo", dt_patch);
	pbt_mbox_add(ctx, &m, JANE, "Fri, 1 Mar 2024 10:00:02 +0000", "foo-v1-2@example.org",
		     "foo-v1-0@example.org", NULL, "[PATCH 2/2] pwm: foo: Add a driver", drv_patch);
	pbt_mbox_add(ctx, &m, UWE, "Sat, 2 Mar 2024 08:00:00 +0000", "foo-v1-r1@example.org",
		     "foo-v1-2@example.org", "foo-v1-0@example.org", "Re: [PATCH 2/2] pwm: foo: Add a driver",
		     "> +static int foo_pwm_apply(void);\n\nThis needs a .get_state too.\n\nUwe\n");
	/* pwm: foo v2, 2/3 never arrived */
	pbt_mbox_add(ctx, &m, JANE, "Sun, 10 Mar 2024 09:00:00 +0000", "foo-v2-0@example.org", NULL, NULL,
		     "[PATCH v2 0/3] pwm: foo: Add a driver for the Foo PWM",
		     "This adds the Foo PWM.\n\nChanges in v2:\n- add .get_state\n- add a MAINTAINERS entry\n");
	pbt_mbox_add(ctx, &m, JANE, "Sun, 10 Mar 2024 09:00:01 +0000", "foo-v2-1@example.org",
		     "foo-v2-0@example.org", NULL, "[PATCH v2 1/3] dt-bindings: pwm: Add foo", dt_patch);
	pbt_mbox_add(ctx, &m, JANE, "Sun, 10 Mar 2024 09:00:03 +0000", "foo-v2-3@example.org",
		     "foo-v2-0@example.org", NULL, "[PATCH v2 3/3] MAINTAINERS: Add foo", maint_patch);
	pbt_mbox_add(ctx, &m, ROB, "Mon, 11 Mar 2024 15:00:00 +0000", "foo-v2-r1@example.org",
		     "foo-v2-1@example.org", "foo-v2-0@example.org", "Re: [PATCH v2 1/3] dt-bindings: pwm: Add foo",
		     "> +title: Foo PWM\n\nReviewed-by: Rob Bindings <rob@example.org>\n");
	/* an escape sequence in the subject, a CJK author */
	pbt_mbox_add(ctx, &m, TANAKA, "Tue, 12 Mar 2024 01:00:00 +0000", "esc-1@example.jp", NULL, NULL,
		     "[PATCH] x86: =?UTF-8?Q?=1B[31mFix=1B[0m?= early console",
		     "The early console printed garbage.\n\nSigned-off-by: Tanaka Taro <tanaka@example.jp>\n"
		     "---\n arch/x86/boot/early.c | 1 +\n 1 file changed, 1 insertion(+)\n\n"
		     "diff --git a/arch/x86/boot/early.c b/arch/x86/boot/early.c\nindex 1111111..2222222 100644\n"
		     "--- a/arch/x86/boot/early.c\n+++ b/arch/x86/boot/early.c\n@@ -1,1 +1,2 @@\n int early;\n"
		     "+int early_console;\n-- \n2.43.0\n");
	/* net: bar v3 */
	pbt_mbox_add(ctx, &m, JOSE, "Tue, 5 Mar 2024 09:00:00 +0000", "bar-v3-0@example.com", NULL, NULL,
		     "[PATCH v3 0/2] net: bar: Fix the queue handling",
		     "Two CPUs could take the same queue slot.\n\nChanges in v3:\n- take the lock in bar_xmit() too\n\n"
		     "José Müller (2):\n  net: bar: Take the slot under the lock\n  net: bar: Document the lock\n\n"
		     " drivers/net/bar/queue.c | 4 +++-\n drivers/net/bar/queue.h | 2 ++\n"
		     " 2 files changed, 5 insertions(+), 1 deletion(-)\n\n-- \n2.43.0\n");
	pbt_mbox_add(ctx, &m, JOSE, "Tue, 5 Mar 2024 09:00:01 +0000", "bar-v3-1@example.com",
		     "bar-v3-0@example.com", NULL, "[PATCH v3 1/2] net: bar: Take the slot under the lock",
		     bar_patch1);
	pbt_mbox_add(ctx, &m, JOSE, "Tue, 5 Mar 2024 09:00:02 +0000", "bar-v3-2@example.com",
		     "bar-v3-0@example.com", NULL, "[PATCH v3 2/2] net: bar: Document the lock", bar_patch2);
	pbt_mbox_add(ctx, &m, THIERRY, "Thu, 7 Mar 2024 10:00:00 +0000", "bar-v3-r1@example.org",
		     "bar-v3-1@example.com", "bar-v3-0@example.com",
		     "Re: [PATCH v3 1/2] net: bar: Take the slot under the lock", thierry_review);
	pbt_mbox_add(ctx, &m, THIERRY, "Thu, 7 Mar 2024 11:00:00 +0000", "bar-v3-r2@example.org",
		     "bar-v3-2@example.com", "bar-v3-0@example.com",
		     "Re: [PATCH v3 2/2] net: bar: Document the lock",
		     "> Document the lock.\n\nReviewed-by: Thierry Maint <thierry@example.org>\n");
	pbt_mbox_add(ctx, &m, TESS, "Thu, 7 Mar 2024 12:00:00 +0000", "bar-v3-r3@example.org",
		     "bar-v3-2@example.com", "bar-v3-0@example.com",
		     "Re: [PATCH v3 2/2] net: bar: Document the lock",
		     "Tested-by: Tess Tester <tess@example.org>\nAcked-by: Tess Tester <tess@example.org>\n");
	pbt_mbox_add(ctx, &m, JOSE, "Fri, 8 Mar 2024 08:00:00 +0000", "bar-v3-r4@example.com",
		     "bar-v3-r1@example.org", "bar-v3-0@example.com bar-v3-1@example.com",
		     "Re: [PATCH v3 1/2] net: bar: Take the slot under the lock", jose_answer);
	/* applied */
	pbt_mbox_add(ctx, &m, ALICE, "Mon, 4 Mar 2024 12:00:00 +0000", "typo-1@example.net", NULL, NULL,
		     "[PATCH] docs: Fix a typo",
		     "Signed-off-by: Alice Example <alice@example.net>\n---\n Documentation/foo.rst | 2 +-\n"
		     " 1 file changed, 1 insertion(+), 1 deletion(-)\n\n"
		     "diff --git a/Documentation/foo.rst b/Documentation/foo.rst\nindex 1111111..2222222 100644\n"
		     "--- a/Documentation/foo.rst\n+++ b/Documentation/foo.rst\n@@ -1 +1 @@\n-teh\n+the\n-- \n2.43.0\n");
	pbt_mbox_add(ctx, &m, THIERRY, "Wed, 6 Mar 2024 12:00:00 +0000", "typo-r1@example.org", "typo-1@example.net",
		     NULL, "Re: [PATCH] docs: Fix a typo", "Applied, thanks!\n\nThierry\n");
	return pbt_write_temp(ctx, "triage.mbox", m);
}
