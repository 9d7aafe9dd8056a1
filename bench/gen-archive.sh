#!/bin/sh
# gen-archive.sh DIR MESSAGES: a large archive of patch mail for the
# benchmarks, written with awk alone (deterministic): DIR/mail is a
# maildir of about MESSAGES messages in patch series (1 to 30 patches,
# one to three versions, covers, review replies with tags; about 1,700
# authors, a few of them prolific, some with CJK and accented names) and
# DIR/notmuch-config indexes it.
set -eu
dir=$1
want=${2:-100000}
mkdir -p "$dir/mail/cur" "$dir/mail/new" "$dir/mail/tmp"
cat >"$dir/notmuch-config" <<CFG
[database]
path=$dir/mail
[user]
name=Bench Maintainer
primary_email=maint@bench.example.org
[new]
tags=inbox;
[maildir]
synchronize_flags=false
CFG
awk -v want="$want" -v out="$dir/mail/cur" '
function pick(a, n) { return a[1 + int(rand() * n)] }
# RFC 5322 date of epoch seconds T, in UTC (POSIX awk has no strftime)
function date(t,   days, secs, z, era, doe, yoe, y, doy, mp, d, m) {
	days = int(t / 86400)
	secs = t - days * 86400
	z = days + 719468
	era = int(z / 146097)
	doe = z - era * 146097
	yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
	y = yoe + era * 400
	doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
	mp = int((5 * doy + 2) / 153)
	d = doy - int((153 * mp + 2) / 5) + 1
	m = mp < 10 ? mp + 3 : mp - 9
	if (m <= 2)
		y++
	return sprintf("%s, %d %s %d %02d:%02d:%02d +0000", wday[(days + 4) % 7], d, mon[m], y,
		       int(secs / 3600), int(secs % 3600 / 60), secs % 60)
}
function msg(id, from, t, subject, irt, refs, body,   f) {
	f = sprintf("%s/%07d.bench:2,S", out, ++n)
	printf "From: %s\nTo: linux-bench@vger.example.org\nDate: %s\nMessage-ID: <%s>\nSubject: %s\n", from, date(t), id, subject > f
	if (irt != "")
		printf "In-Reply-To: <%s>\nReferences: %s\n", irt, refs > f
	printf "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s", body > f
	close(f)
}
function diff(file, k,   s, j) {
	s = "diff --git a/" file " b/" file "\nindex 1111111..2222222 100644\n--- a/" file "\n+++ b/" file "\n"
	s = s sprintf("@@ -%d,3 +%d,4 @@ static int %s_init(void)\n", 10 * k, 10 * k, unit)
	s = s " {\n-\tint ret = 0;\n+\tint ret;\n+\n+\tret = probe(" k ");\n \treturn ret;\n"
	return s
}
BEGIN {
	srand(42)
	split("Sun Mon Tue Wed Thu Fri Sat", wd, " ")
	for (i = 0; i < 7; i++)
		wday[i] = wd[i + 1]
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	split("Jane Doe <jane@example.org>|田中太郎 <tanaka@example.jp>|José Müller <jose@example.com>|Li Wei <li.wei@example.cn>|Ada Lovelace <ada@example.org>|Иван Петров <ivan@example.ru>|Kim Min-jun <minjun@example.kr>|Søren Kierkegaard <soren@example.dk>|Zoë Ångström <zoe@example.se>|Ravi Shankar <ravi@example.in>|Maria García <maria@example.es>|Tom Baker <tom@example.co.uk>", famous, "|")
	split("Alex Sam Chris Robin Kai Noa Lee Jo Max Eli Ana Ivo Mia Uma Ola Per Eva Jan Kim Ted Liu Wen Yan Hao Raj Dev Ali Omar Lena Nina Otto Paul Rita Sara Tim Vera Yuki Zhen Luca Ines", first, " ")
	split("Smith Meyer Rossi Novak Silva Kumar Chen Wang Sato Lopez Schmidt Dubois Jensen Nagy Popescu Kowalski Ivanov Horvat Berg Costa Fischer Weber Wagner Becker Hoffmann Klein Wolf Braun Zimmer Lang Kaiser Koch Roth Vogel Hahn Keller Stein Frank Otto Brandt", last, " ")
	na = 0
	for (i = 1; i <= 12; i++)
		authors[++na] = famous[i]
	for (i = 1; i <= 40; i++)
		for (j = 1; j <= 40; j++)
			authors[++na] = first[i] " " last[j] " <" tolower(first[i]) "." tolower(last[j]) "@example.net>"
	split("Uwe Reviewer <uwe@example.org>|Rob Bindings <rob@example.org>|Tess Tester <tess@example.org>|Krzysztof Kozłowski <krzk@example.pl>|Andy Shevchenko <andy@example.fi>|鈴木一郎 <suzuki@example.jp>", reviewers, "|")
	split("pwm|net|drm|mm|x86|arm64|iio|gpio|clk|spi|i2c|usb|block|xen|kvm|ltp|fs|sched", subs, "|")
	split("Add|Fix|Drop|Rework|Convert|Document|Simplify|Use", verbs, "|")
	split("the probe path|a driver for the Foo block|locking in the queue code|error handling|the binding|an off-by-one in the counter|the devm helpers|runtime PM support|the debugfs interface|a leak on unbind", things, "|")
	split("Reviewed-by|Acked-by|Tested-by", tags, "|")
	t0 = 1640995200
	n = 0
	while (n < want) {
		s++
		r = rand()
		np = r < 0.55 ? 1 : (r < 0.85 ? 2 + int(rand() * 7) : (r < 0.95 ? 9 + int(rand() * 11) : 20 + int(rand() * 11)))
		nv = 1 + int(rand() * 3)
		# a few prolific authors, a long tail
		author = rand() < 0.3 ? pick(authors, 12) : pick(authors, na)
		subsys = pick(subs, 18)
		unit = subsys "_" s
		title = subsys ": " pick(verbs, 8) " " pick(things, 10) " (" s ")"
		t = t0 + int(rand() * 2 * 365 * 86400)
		for (v = 1; v <= nv; v++) {
			t += 86400 * (1 + int(rand() * 20))
			vtag = v > 1 ? " v" v : ""
			root = ""
			if (np > 1) {
				root = sprintf("s%d.v%d.0@bench.example.org", s, v)
				msg(root, author, t, sprintf("[PATCH%s 0/%d] %s", vtag, np, title), "", "",
				    "This series reworks " unit ".\n\n" (v > 1 ? "Changes in v" v ":\n- address review comments\n\n" : "") "-- \n2.43.0\n")
			}
			for (i = 1; i <= np; i++) {
				id = sprintf("s%d.v%d.%d@bench.example.org", s, v, i)
				file = "drivers/" subsys "/" unit "_" i ".c"
				subj = np > 1 ? sprintf("[PATCH%s %d/%d] %s: part %d", vtag, i, np, title, i) : sprintf("[PATCH%s] %s", vtag, title)
				body = "Part " i " of the rework of " unit ": take the\nreturn value of probe() into account.\n\nSigned-off-by: " author "\n---\n " file " | 4 +++-\n 1 file changed, 3 insertions(+), 1 deletion(-)\n\n" diff(file, i) "-- \n2.43.0\n"
				if (root != "")
					msg(id, author, t + i, subj, root, "<" root ">", body)
				else {
					msg(id, author, t + i, subj, "", "", body)
					root = id
				}
			}
			nr = int(rand() * 4)
			for (k = 1; k <= nr; k++) {
				to = np > 1 ? sprintf("s%d.v%d.%d@bench.example.org", s, v, 1 + int(rand() * np)) : root
				rev = pick(reviewers, 6)
				b = "> Part of the rework.\n\n"
				if (rand() < 0.6)
					b = b pick(tags, 3) ": " rev "\n"
				else
					b = b "Why is ret not checked here?\n"
				msg(sprintf("s%d.v%d.r%d@bench.example.org", s, v, k), rev, t + 3600 * (k + 1),
				    "Re: " subj, to, "<" root "> <" to ">", b)
			}
		}
	}
	printf "%d messages in %d series\n", n, s > "/dev/stderr"
}'
