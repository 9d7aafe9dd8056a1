#!/bin/sh
# run.sh: run each libFuzzer target (make fuzz) for FUZZ_SECONDS from seeds
# made of ../shared/corpus (when it is there) and the project's own data,
# plus the target's regression inputs (tests/fuzz/regress/TARGET/). Prints
# per target the runs, the inputs the corpus grew to, and the result; a
# crash leaves its input in $PB_FUZZ_OUT (default build-fuzz/crashes) and
# fails the run. Make a crash a regression test by copying its input into
# tests/fuzz/regress/TARGET/: tests/test_fuzz_replay replays those in
# `make check`.
set -eu
SRC=${PB_SRCDIR:-$(pwd)}
BIN=${PB_FUZZ_BIN:-$SRC/build-fuzz/tests/fuzz}
SECS=${FUZZ_SECONDS:-30}
OUT=${PB_FUZZ_OUT:-$SRC/build-fuzz/crashes}
CORPUS=${PB_CORPUS:-$SRC/../shared/corpus}
work=$(mktemp -d "${TMPDIR:-/tmp}/pbfuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT"

# ---- seeds, each kind once -------------------------------------------------
mkdir -p "$work/s/mail" "$work/s/subject" "$work/s/mbox" "$work/s/keymap" "$work/s/text" "$work/s/cache"
n=0
if [ -d "$CORPUS" ]; then
	# single messages: maildir files and .eml, then the first messages of
	# each mbox (split at From_ lines)
	find "$CORPUS" -type f \( -path '*/cur/*' -o -path '*/new/*' -o -name '*.eml' \) | head -n 400 |
		while read -r f; do n=$((n + 1)); cp "$f" "$work/s/mail/m$n"; done
	find "$CORPUS" -type f -name '*.mbox' | sort | while read -r f; do
		awk -v dir="$work/s/mail" -v base="$(echo "$f" | cksum | cut -d' ' -f1)" '
			/^From / { k++; if (k > 8) exit } k > 0 { print > (dir "/b" base "-" k) }' "$f"
	done
	find "$CORPUS" -type f -name '*.mbox' -size -200k | sort | head -n 40 |
		while read -r f; do cp "$f" "$work/s/mbox/$(echo "$f" | cksum | cut -d' ' -f1)"; done
	grep -rah '^Subject: ' "$CORPUS" --include='*.mbox' 2>/dev/null | head -n 3000 | sort -u |
		awk -v dir="$work/s/subject" '{ sub(/^Subject: /, ""); print > (dir "/s" NR); close(dir "/s" NR) }'
fi
# the project's own: the demo's mail, keymaps, hostile strings
find "$SRC/demo" -type f 2>/dev/null | head -n 200 | while read -r f; do
	cp "$f" "$work/s/mail/d$(echo "$f" | cksum | cut -d' ' -f1)"
done
cp "$SRC"/keymaps/*.keymap "$work/s/keymap/"
printf 'bind generic j down\nunbind tree k\nbind compose <C-x> send\n' >"$work/s/keymap/small"
printf 'abc\364' >"$work/s/text/cut"
printf '\033]52;c;cHduZWQ=\007\302\233\342\200\256\342\200\213x\t\n' >"$work/s/text/esc"
cp "$work"/s/subject/s1* "$work/s/text/" 2>/dev/null || true
# a real cache file, written by patchbay itself
if [ -x "$SRC/patchbay" ] && [ -d "$CORPUS" ]; then
	m=$(find "$CORPUS" -name '*.mbox' -size -100k | sort | head -n 1)
	if [ -n "$m" ] && "$SRC/patchbay" --cache-dir "$work/c" -f "$m" list >/dev/null 2>&1; then
		find "$work/c" -type f -size -4M | head -n 4 | while read -r f; do
			cp "$f" "$work/s/cache/$(basename "$f")"
		done
	fi
fi

seeds_for() {
	case "$1" in
	fuzz_subject) echo "$work/s/subject" ;;
	fuzz_mail | fuzz_trailer | fuzz_diff) echo "$work/s/mail" ;;
	fuzz_mbox) echo "$work/s/mbox" ;;
	fuzz_keymap) echo "$work/s/keymap" ;;
	fuzz_text) echo "$work/s/text $work/s/subject" ;;
	fuzz_cache) echo "$work/s/cache" ;;
	*) echo "" ;;
	esac
}

echo "== fuzz: ${SECS} s per target (FUZZ_SECONDS), ASan+UBSan"
fail=0
total_runs=0
for t in "$@"; do
	corp="$work/corpus-$t"
	mkdir -p "$corp"
	reg="$SRC/tests/fuzz/regress/$t"
	dirs="$corp $(seeds_for "$t")"
	[ -d "$reg" ] && dirs="$dirs $reg"
	nseed=$(find $(seeds_for "$t") $( [ -d "$reg" ] && echo "$reg") -type f 2>/dev/null | wc -l)
	set +e
	# shellcheck disable=SC2086
	"$BIN/$t" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 -max_len=262144 \
		-artifact_prefix="$OUT/$t-" -print_final_stats=1 $dirs >"$work/$t.log" 2>&1
	st=$?
	set -e
	runs=$(awk '/^stat::number_of_executed_units:/ { print $2 }' "$work/$t.log")
	grown=$(find "$corp" -type f | wc -l)
	if [ "$st" -eq 0 ]; then
		echo "$t: ${runs:-?} runs, $nseed seeds, corpus +$grown inputs: no crash"
	else
		fail=1
		echo "$t: FAILED (exit $st) after ${runs:-?} runs; the input is in $OUT/:"
		grep -E 'ERROR: |SUMMARY: |Test unit written' "$work/$t.log" | head -n 5 | sed 's/^/    /'
	fi
	total_runs=$((total_runs + ${runs:-0}))
done
echo "fuzz: $# targets, $total_runs runs in all, $([ "$fail" -eq 0 ] && echo "no crash" || echo "CRASHES: see above")"
exit "$fail"
