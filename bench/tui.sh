#!/bin/sh
# tui.sh: how fast the TUI is on a large archive (MESSAGES messages, default
# 100000), beside notmuch on the same database in the same run:
#   - the first full screen of the series list, warm (cache present): in a
#     real terminal (tmux), against `notmuch search '*'` as a ratio;
#   - when the list first shows series (partial results) and the first full
#     screen, cold (no cache: every message read);
#   - opening a 20-patch series (its tree) and a patch of it, and moving to
#     the next patch (bench/tui_bench.c, no terminal).
# The archive is the demo generator's (patchbay demo-gen --scale), else
# bench/gen-archive.sh's. BENCH_DIR keeps it between runs (it takes a few
# minutes to index). Times are medians of RUNS runs, in milliseconds; the
# TUI's count from the start of patchbay's main().
set -eu
. "$(dirname "$0")/lib.sh"
PATCHBAY=${PATCHBAY:-$(pwd)/patchbay}
PB_SRCDIR=${PB_SRCDIR:-$(pwd)}
PB_BENCH_BIN=${PB_BENCH_BIN:-$PB_SRCDIR/build/bench}
MESSAGES=${MESSAGES:-100000}
RUNS=${RUNS:-5}
if [ -n "${BENCH_DIR:-}" ]; then
	work=$BENCH_DIR
	mkdir -p "$work"
else
	work=$(mktemp -d /tmp/pbbench-tui.XXXXXX)
	trap 'tmux -L "pbbench-$$" kill-server >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
fi
sock="pbbench-$$"
# nothing of the user's settings (patchbay.query, keymaps, colours)
export HOME="$work" XDG_CONFIG_HOME="$work/config" GIT_CONFIG_NOSYSTEM=1
unset NOTMUCH_CONFIG || true
arch="$work/archive-$MESSAGES"

now() { date +%s.%N; }

# --- the archive ----------------------------------------------------------------
if [ ! -f "$arch/.indexed" ]; then
	rm -rf "$arch"
	t0=$(now)
	if "$PATCHBAY" demo-gen --help >/dev/null 2>&1; then
		# the demo generator indexes what it writes
		"$PATCHBAY" -q demo-gen "$arch" --scale $((MESSAGES / 100)) >/dev/null
		src="patchbay demo-gen --scale $((MESSAGES / 100))"
	else
		sh "$PB_SRCDIR/bench/gen-archive.sh" "$arch" "$MESSAGES" 2>/dev/null
		notmuch --config="$arch/notmuch-config" new --quiet
		src="bench/gen-archive.sh"
	fi
	t1=$(now)
	echo "$src" >"$arch/.indexed"
	echo "$t0 $t1" | awk '{printf "%.0f\n", ($2 - $1) * 1000}' >"$arch/.notmuch-new"
fi
src=$(cat "$arch/.indexed")
db=$(sed -n 's/^path=//p' "$arch/notmuch-config")
count=$(notmuch --config="$arch/notmuch-config" count '*')

# --- the TUI in a terminal ---------------------------------------------------------
# One run: patchbay in tmux with PATCHBAY_BENCH; prints its notes.
tui_run() {
	out="$work/tui.out"
	rm -f "$out"
	tmux -L "$sock" -f /dev/null new-session -d -s pb -x 80 -y 24 \
		"env -u LINES -u COLUMNS PATCHBAY_BENCH='$out' '$PATCHBAY' --db '$db' --cache-dir '$1'" >/dev/null 2>&1
	while ! grep -q '^full-screen' "$out" 2>/dev/null; do
		tmux -L "$sock" has-session -t pb 2>/dev/null || { echo "patchbay ended early" >&2; break; }
		sleep 0.05
	done
	tmux -L "$sock" kill-server >/dev/null 2>&1 || true
	cat "$out"
}
note() { awk -v k="$1" '$1 == k {print $2}'; }

cache="$work/cache-warm"
rm -rf "$cache" "$work/cache-cold"
# cold: nothing cached, every message read
cold=$(tui_run "$work/cache-cold")
cold_rows=$(echo "$cold" | note first-rows)
cold_full=$(echo "$cold" | note full-screen)
# warm: the cache the cold run left
cp -r "$work/cache-cold" "$cache"
warm_full=$(i=0; while [ $i -lt "$RUNS" ]; do tui_run "$cache" | note full-screen; i=$((i + 1)); done | median)
warm_rows=$(i=0; while [ $i -lt "$RUNS" ]; do tui_run "$cache" | note first-rows; i=$((i + 1)); done | median)
nm=$(i=0; while [ $i -lt "$RUNS" ]; do
	t0=$(now)
	notmuch --config="$arch/notmuch-config" search '*' >/dev/null
	t1=$(now)
	echo "$t0 $t1" | awk '{printf "%.1f\n", ($2 - $1) * 1000}'
	i=$((i + 1))
done | median)
nm24=$(i=0; while [ $i -lt "$RUNS" ]; do
	t0=$(now)
	notmuch --config="$arch/notmuch-config" search --limit=22 '*' >/dev/null
	t1=$(now)
	echo "$t0 $t1" | awk '{printf "%.1f\n", ($2 - $1) * 1000}'
	i=$((i + 1))
done | median)

# --- opening a series and a patch, without a terminal --------------------------------
open=$("$PB_BENCH_BIN/tui_bench" "$db" "$cache" "$RUNS")

echo "TUI on $count messages from $src (made and indexed in $(cat "$arch/.notmuch-new") ms); median of $RUNS runs, ms"
printf '  %-52s %9s\n' "first full screen, warm (80x24 in tmux)" "$warm_full"
printf '  %-52s %9s   (x%s of it)\n' "notmuch search '*' (all threads)" "$nm" "$(ratio "$warm_full" "$nm")"
printf '  %-52s %9s   (x%s of it)\n' "notmuch search --limit=22 '*' (a screenful)" "$nm24" "$(ratio "$warm_full" "$nm24")"
printf '  %-52s %9s   (x%s of notmuch search)\n' "first series on screen, warm (partial results)" "$warm_rows" "$(ratio "$warm_rows" "$nm")"
printf '  %-52s %9s\n' "first series on screen, cold (partial results)" "$cold_rows"
printf '  %-52s %9s\n' "first full screen, cold (every message read)" "$cold_full"
printf '  %-52s %9s\n' "open a $(echo "$open" | note series-patches)-patch series (tree)" "$(echo "$open" | note open-series)"
printf '  %-52s %9s\n' "open its first patch" "$(echo "$open" | note open-patch)"
printf '  %-52s %9s\n' "next patch" "$(echo "$open" | note next-patch)"
printf '  %-52s %9s\n' "list: cursor one line down or up, and paint" "$(echo "$open" | note list-step)"
printf '  %-52s %9s\n' "first screen without a terminal (index + list)" "$(echo "$open" | note first-screen)"
