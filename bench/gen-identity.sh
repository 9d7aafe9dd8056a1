#!/bin/sh
# gen-identity.sh DIR MESSAGES [SEED]: an archive of ordinary list traffic
# in the shapes that make series identity hard, with its truth.
#
# DIR/mail is a maildir of about MESSAGES messages, DIR/notmuch-config
# indexes it, DIR/truth lists every cover and patch by series (the format
# of tests/data/series-truth/, read by tests/lib/pbtruth.c). Written with
# awk alone, deterministic for a SEED (default 1).
#
# The shapes:
#  - a dozen prolific authors, one subsystem each, whose topics all have
#    titles of one shape ("prefix: Verb word word handling in file") drawn
#    from a small vocabulary, so that unrelated topics look alike;
#  - rerolls v1..v4 that keep the cover title, the count and the files,
#    not threaded to the version before, no change-id; most change every
#    patch (no shared patch-id), some keep a few patches unchanged;
#  - "siblings": a second v1 of the same author, same title shape and
#    count, on other files, sent minutes after the first (two series);
#  - topics of one author on the same files with other titles (two series);
#  - retitled rerolls (new titles, same files, "Changes since vN");
#  - files moved to another folder in a reroll, with a changelog;
#  - a count that grows or shrinks; RESENDs; a v2 sent in reply to v1's
#    cover; b4 change-ids on some topics; unversioned reposts;
#  - a long tail of occasional authors.
set -eu
dir=$1
want=${2:-10000}
seed=${3:-1}
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
awk -v want="$want" -v seed="$seed" -v out="$dir/mail/cur" -v truthf="$dir/truth" '
function pick(a, n) { return a[1 + int(rand() * n)] }
function chance(p) { return rand() < p }
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
# an opaque Message-ID: nothing in it says which series it is
function newid() { ids++; return sprintf("%d%05d.%x@mail.gen.example.org", 1600000000 + ids * 7, ids % 99991, (ids * 2654435761) % 4294967296) }
function msg(id, from, t, subject, irt, refs, body,   f) {
	f = sprintf("%s/%07d.gen:2,S", out, ++n)
	printf "From: %s\nTo: linux-gen@vger.example.org\nDate: %s\nMessage-ID: <%s>\nSubject: %s\n", from, date(t), id, subject > f
	if (irt != "")
		printf "In-Reply-To: <%s>\nReferences: %s\n", irt, refs > f
	printf "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n%s", body > f
	close(f)
}
function diff(file, k, c,   s) {
	s = "diff --git a/" file " b/" file "\nindex 1111111..2222222 100644\n--- a/" file "\n+++ b/" file "\n"
	s = s sprintf("@@ -%d,3 +%d,5 @@ static int gen_init(void)\n", 10 * k, 10 * k)
	s = s " {\n-\tint ret = 0;\n+\tint ret;\n+\n+\tret = step(" k ", " c ");\n \treturn ret;\n"
	return s
}
function basename(p,   a, m) { m = split(p, a, "/"); return a[m] }
function title(prefix, verb, w1, w2, file) { return prefix ": " verb " " w1 " " w2 " handling in " basename(file) }
# files for topic s: NP of the subsystem pool of author A (or fresh ones)
function choose_files(s, a, np, fresh,   i, j, f, used) {
	delete used
	for (i = 1; i <= np; i++) {
		do {
			if (fresh)
				f = sdir[a] "/" pick(words, nw) "-x" (++fileno) ".c"
			else
				f = sdir[a] "/" pool[a, 1 + int(rand() * poolsz)]
		} while (f in used)
		used[f] = 1
		tfile[s, i] = f
	}
}
# an author never gives two topics titles of the same words (nobody could
# tell them apart); the key is the words of the title, sorted
function title_key(a, v, w1, w2, f,   x, y) {
	x = w1 < w2 ? w1 : w2
	y = w1 < w2 ? w2 : w1
	return a SUBSEP v SUBSEP x SUBSEP y SUBSEP basename(f)
}
function new_titles(s, a,   i, tries) {
	tries = 0
	do {
		tverb[s] = pick(verbs, nverbs)
		tw1[s] = pick(words, nw)
		tw2[s] = pick(words, nw)
	} while (title_key(a, tverb[s], tw1[s], tw2[s], tfile[s, 1]) in titled && ++tries < 50)
	titled[title_key(a, tverb[s], tw1[s], tw2[s], tfile[s, 1])] = 1
	for (i = 1; i <= tnp[s]; i++)
		ptitle[s, i] = sprefix[a] ": " pick(verbs, nverbs) " " pick(words, nw) " in " basename(tfile[s, i])
	tcover[s] = title(sprefix[a], tverb[s], tw1[s], tw2[s], tfile[s, 1])
}
function truth(s, v, id) { tl[s] = tl[s] "v" v " " id "\n" }
# post version V of topic S at time T; PARENT: a message to reply to
function post(s, v, t, tag, parent, chlog,   a, np, root, i, id, subj, body, vtag, irt, refs, who, k, nr, to, c) {
	a = tauthor[s]
	np = tnp[s]
	vtag = v > 1 || tforce[s] ? " v" v : ""
	root = ""
	irt = parent
	refs = parent != "" ? "<" parent ">" : ""
	if (np > 1) {
		root = newid()
		body = "This series reworks " tcover[s] ".\n\n"
		if (chlog != "")
			body = body chlog "\n"
		if (tchange[s] != "")
			body = body "---\nchange-id: " tchange[s] "\n"
		msg(root, aname[a], t, sprintf("[PATCH%s%s 0/%d] %s", tag, vtag, np, tcover[s]), irt, refs, body)
		truth(s, v, root)
		irt = root
		refs = refs (refs != "" ? " " : "") "<" root ">"
	}
	for (i = 1; i <= np; i++) {
		if (tskip[s, v, i])
			continue
		id = newid()
		c = tcont[s, i]
		subj = np > 1 ? sprintf("[PATCH%s%s %d/%d] %s", tag, vtag, i, np, ptitle[s, i]) : sprintf("[PATCH%s%s] %s", tag, vtag, tcover[s])
		body = "Take the return value of step() into account in " basename(tfile[s, i]) ".\n\nSigned-off-by: " aname[a] "\n---\n"
		if (np == 1 && chlog != "")
			body = body chlog "\n"
		body = body " " tfile[s, i] " | 4 +++-\n 1 file changed, 3 insertions(+), 1 deletion(-)\n\n" diff(tfile[s, i], i, c)
		if (np == 1 && tchange[s] != "")
			body = body "\n---\nchange-id: " tchange[s] "\n"
		body = body "-- \n2.43.0\n"
		msg(id, aname[a], t + i, subj, irt, refs, body)
		truth(s, v, id)
		if (np == 1)
			root = id
		if (i == 1)
			first[s, v] = id
	}
	if (root == "")
		root = first[s, v]
	vroot[s, v] = root
	nr = int(rand() * 3)
	for (k = 1; k <= nr; k++) {
		to = root
		who = pick(reviewers, 5)
		body = "> Take the return value into account.\n\n" (chance(0.6) ? pick(tags, 3) ": " who "\n" : "Why is ret not checked here?\n")
		msg(newid(), who, t + 3600 * (k + 1), "Re: " subj, to, "<" root ">", body)
	}
}
BEGIN {
	srand(seed)
	split("Sun Mon Tue Wed Thu Fri Sat", wd, " ")
	for (i = 0; i < 7; i++)
		wday[i] = wd[i + 1]
	split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", mon, " ")
	nverbs = split("Fix Add Drop Rework Convert Simplify Use Handle", verbs, " ")
	nw = split("error irq clock reset probe remove suspend resume lock queue timeout buffer dma regmap fifo", words, " ")
	split("Reviewed-by|Acked-by|Tested-by", tags, "|")
	split("Uwe Reviewer <uwe@rev.example.org>|Rob Bindings <rob@rev.example.org>|Tess Tester <tess@rev.example.org>|Andy Review <andy@rev.example.org>|Mark Brown <mark@rev.example.org>", reviewers, "|")
	np_ = split("pwm|iio: adc|gpio|clk|spi|i2c|net: stmmac|drm/panel|mmc|regulator|hwmon|usb: dwc3", pref, "|")
	split("Ana Costa|Bo Lindqvist|Chen Wei|Dario Rossi|Elif Kaya|Femi Ade|Greta Novak|Hiro Sato|Ines Silva|Jonas Berg|Kasia Nowak|Lars Holm", pnames, "|")
	na = 0
	poolsz = 12
	for (i = 1; i <= 12; i++) {
		na++
		aname[na] = pnames[i] " <" tolower(substr(pnames[i], 1, index(pnames[i], " ") - 1)) "@dev" i ".example.com>"
		sprefix[na] = pref[i]
		d = pref[i]
		gsub(/[: ]+/, "/", d)
		sdir[na] = "drivers/" d
		for (j = 1; j <= poolsz; j++)
			pool[na, j] = words[1 + (i * 7 + j * 3) % nw] "-" j ".c"
		prolific = na
	}
	for (i = 1; i <= 300; i++) {
		na++
		aname[na] = "Occasional Dev" i " <dev" i "@tail.example.net>"
		sprefix[na] = pref[1 + i % 12]
		sdir[na] = "drivers/tail" i
		for (j = 1; j <= poolsz; j++)
			pool[na, j] = words[1 + (i + j) % nw] "-" j ".c"
	}
	t0 = 1640995200
	n = 0
	s = 0
	while (n < want) {
		s++
		a = chance(0.75) ? 1 + int(rand() * prolific) : prolific + 1 + int(rand() * (na - prolific))
		tauthor[s] = a
		r = rand()
		tnp[s] = r < 0.35 ? 1 : (r < 0.85 ? 2 + int(rand() * 5) : 7 + int(rand() * 6))
		if (tnp[s] > poolsz)
			tnp[s] = poolsz
		choose_files(s, a, tnp[s], 0)
		for (i = 1; i <= tnp[s]; i++)
			tcont[s, i] = ++cont
		new_titles(s, a)
		tchange[s] = chance(0.05) ? sprintf("2022%04d-gen-%x", s % 10000, s * 40503) : ""
		tforce[s] = chance(0.1) # writes "v1"
		r = rand()
		nv = r < 0.45 ? 1 : (r < 0.75 ? 2 : (r < 0.9 ? 3 : 4))
		t = t0 + int(rand() * 3 * 365 * 86400)
		for (v = 1; v <= nv; v++) {
			chlog = ""
			parent = ""
			if (v > 1) {
				t += 86400 * (1 + int(rand() * 20))
				if (chance(0.7))
					chlog = "Changes since v" (v - 1) ":\n- address review comments\n"
				r = rand()
				if (r < 0.10) {
					# retitled: same files, new titles, and a changelog says so
					new_titles(s, a)
					chlog = "Changes since v" (v - 1) ":\n- retitled, as asked in review\n"
				} else if (r < 0.13 && tnp[s] > 1) {
					# the files moved to another folder
					for (i = 1; i <= tnp[s]; i++)
						tfile[s, i] = sdir[a] "/v" v "/" basename(tfile[s, i])
					chlog = "Changes since v" (v - 1) ":\n- move the files to their own folder\n"
				} else if (r < 0.18 && tnp[s] < poolsz) {
					# one more patch, on one more file
					tnp[s]++
					do {
						f = sdir[a] "/" pool[a, 1 + int(rand() * poolsz)]
						dup = 0
						for (i = 1; i < tnp[s]; i++)
							if (tfile[s, i] == f)
								dup = 1
					} while (dup)
					tfile[s, tnp[s]] = f
					ptitle[s, tnp[s]] = sprefix[a] ": " pick(verbs, nverbs) " " pick(words, nw) " in " basename(f)
					tcont[s, tnp[s]] = ++cont
				} else if (r < 0.21 && tnp[s] > 2) {
					tnp[s]-- # the last patch was dropped
				}
				# most rerolls change every patch; some keep a few
				keep = chance(0.3)
				for (i = 1; i <= tnp[s]; i++)
					if (!keep || chance(0.5))
						tcont[s, i] = ++cont
				if (chance(0.04))
					parent = vroot[s, v - 1]
			}
			post(s, v, t, "", parent, chlog)
			if (chance(0.03)) {
				# a RESEND of the same version, unchanged
				post(s, v, t + 86400 * 3, " RESEND", "", chlog)
			}
		}
		if (nv == 1 && !tforce[s] && chance(0.02)) {
			# an unversioned repost of the same patches a week later
			post(s, 1, t + 86400 * 7, "", "", "")
		}
		if (a <= prolific && chance(0.08)) {
			# a sibling: same author, title shape and count, other files, minutes later
			s2 = s + 1
			s++
			tauthor[s2] = a
			tnp[s2] = tnp[s - 1]
			choose_files(s2, a, tnp[s2], 1)
			for (i = 1; i <= tnp[s2]; i++) {
				tcont[s2, i] = ++cont
				ptitle[s2, i] = ptitle[s - 1, i]
				sub(/ in [^ ]+$/, " in " basename(tfile[s2, i]), ptitle[s2, i])
			}
			tcover[s2] = tcover[s - 1]
			tchange[s2] = ""
			tforce[s2] = 0
			post(s2, 1, t + 180, "", "", "")
		}
	}
	for (k = 1; k <= s; k++)
		if (tl[k] != "")
			printf "== topic %d: %s (%s)\n%s", k, tcover[k], aname[tauthor[k]], tl[k] > truthf
	printf "%d messages in %d series\n", n, s > "/dev/stderr"
}'
