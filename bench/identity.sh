#!/bin/sh
# identity.sh: series identity at scale, each figure beside its peer from
# the same run.
#
# For each size (PB_IDENTITY_SIZES, default "10000 50000 100000"), the
# archive of bench/gen-identity.sh (the hard shapes, with their truth):
#  1. `notmuch new` of the archive, beside patchbay's cold build of it
#     (empty cache), and the cold build's peak RSS;
#  2. grouping against the truth: exact, merged and split series;
#  3. an update after 300 and after 1,000 new messages: patchbay's
#     incremental update beside `notmuch new` of the same mail, and as a
#     share of the cold build.
# The new mail is the last messages the generator wrote (new versions and
# replies of topics of any age), held back from the first `notmuch new`.
set -eu
. "$(dirname "$0")/lib.sh"
SRC=${PB_SRCDIR:-$(pwd)}
BIN=${PB_BENCH_BIN:-$SRC/build/bench}
SIZES=${PB_IDENTITY_SIZES:-10000 50000 100000}
work=$(mktemp -d /tmp/pbbench-identity.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CACHE_HOME="$work/xdg"
unset NOTMUCH_CONFIG || true

field() { echo "$1" | awk -v k="$2" '{for (i = 1; i < NF; i++) if ($i == k) print $(i + 1)}'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f%%", 100 * a / b; else print "-" }'; }

echo "== identity: grouping against the generator's truth, cold build, updates"
for n in $SIZES; do
	d="$work/a$n"
	sh "$SRC/bench/gen-identity.sh" "$d" "$n" 11 2>/dev/null
	cfg="$d/notmuch-config"
	# hold back the newest 1,300 files: 300, then 1,000 more
	mkdir -p "$d/held300" "$d/held1000"
	ls "$d/mail/cur" | sort | tail -n 1300 >"$d/held"
	head -n 1000 "$d/held" | while read -r f; do mv "$d/mail/cur/$f" "$d/held1000/"; done
	tail -n 300 "$d/held" | while read -r f; do mv "$d/mail/cur/$f" "$d/held300/"; done
	msgs=$(ls "$d/mail/cur" | wc -l)
	s=$(now_ms)
	notmuch --config="$cfg" new --quiet
	nm_full=$(($(now_ms) - s))
	out=$("$BIN/identity" "$d/mail" "$d/cache")
	cold=$(field "$out" total_ms)
	rss=$(field "$out" rss_mb)
	echo "$msgs messages: cold build ${cold} ms, notmuch new ${nm_full} ms: $(ratio "$cold" "$nm_full")x; peak RSS ${rss} MB"
	for k in 300 1000; do
		mv "$d/held$k"/* "$d/mail/cur/"
		s=$(now_ms)
		notmuch --config="$cfg" new --quiet
		nm=$(($(now_ms) - s))
		out=$("$BIN/identity" "$d/mail" "$d/cache")
		up=$(field "$out" total_ms)
		echo "  update after $k new messages: ${up} ms ($(pct "$up" "$cold") of a cold build), notmuch new of them ${nm} ms: $(ratio "$up" "$nm")x"
		echo "    (parse $(field "$out" parse_ms) ms, group $(field "$out" group_ms) ms, cache $(field "$out" cache_ms) ms; $(field "$out" scored) candidate pairs scored, $(field "$out" reused) from the memo)"
	done
	out=$("$BIN/identity" "$d/mail" "$d/cache" "$d/truth")
	echo "  grouping, $(field "$out" messages) messages: $(field "$out" series) series, $(field "$out" exact) exact, $(field "$out" merged) merged, $(field "$out" split) split"
	rm -rf "$d"
done
