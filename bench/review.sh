#!/bin/sh
# review.sh: interdiff of a 20-patch series v1 -> v2, three ways, on the
# same two versions:
#   patchbay interdiff  (from the mails alone, no applied trees)
#   git range-diff      (both versions applied to a repository)
#   b4 diff -m          (from the two mboxes, b4 applies them itself)
# The series is the demo's 20-patch series when `patchbay demo-gen` is
# built in, else one made here with git format-patch. Prints the median
# wall time of RUNS runs of each and the ratios.
set -eu
. "$(dirname "$0")/lib.sh"
PATCHBAY=${PATCHBAY:-$(pwd)/patchbay}
RUNS=${RUNS:-10}
work=$(mktemp -d /tmp/pbbench.XXXXXX)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/cache" GIT_CONFIG_NOSYSTEM=1 HOME="$work"
export GIT_AUTHOR_NAME='Ada Author' GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME='Ada Author' GIT_COMMITTER_EMAIL=ada@example.org

# --- the series --------------------------------------------------------------
make_series() {
	mkdir -p "$work/repo" && cd "$work/repo"
	git init -q -b master .
	for f in $(seq 1 20); do
		seq 1 300 | sed "s/.*/int unit${f}_fn&(int x) { return x + &; }/" >"unit$f.c"
	done
	git add -A && git commit -q -m 'Initial import' && git tag base
	git checkout -q -b v1 base
	for i in $(seq 1 20); do
		sed -i "s/return x + $((i * 10));/return x * $((i * 10));/; $((i * 7))a int extra$i(void) { return $i; }" "unit$i.c"
		git commit -qam "unit$i: Multiply instead of adding in fn$((i * 10))

The callers of unit${i}_fn$((i * 10))() expect a product since the
rework of the counting code; return one.

Signed-off-by: Ada Author <ada@example.org>"
	done
	# v2: patches 3, 8, 13 changed, 5 and 17 retitled, 11 dropped, one added
	git checkout -q -b v2 base
	for i in $(seq 1 20); do
		[ "$i" = 11 ] && continue
		git cherry-pick v1~$((20 - i)) >/dev/null
		case $i in
		3 | 8 | 13)
			sed -i "s/return x \* $((i * 10));/return x * $((i * 10)) + 1;/" "unit$i.c"
			git commit -q --amend --no-edit -a ;;
		5 | 17)
			git commit -q --amend -m "unit$i: Return a product from fn$((i * 10))

The callers of unit${i}_fn$((i * 10))() expect a product since the
rework of the counting code; return one.

Signed-off-by: Ada Author <ada@example.org>" ;;
		esac
	done
	sed -i '1i static int knob;' unit20.c
	git commit -qam "unit20: Add a knob

Signed-off-by: Ada Author <ada@example.org>"
	git format-patch -q --thread=shallow --cover-letter -o "$work/p1" base..v1
	git format-patch -q --thread=shallow --cover-letter -v2 -o "$work/p2" base..v2
	sed -i 's/\*\*\* SUBJECT HERE \*\*\*/Units multiply/' "$work"/p1/*0000* "$work"/p2/*0000*
	sed -i 's/\(\.git\.[^@<> ]*\)@/\1.v2@/g' "$work"/p2/*.patch
	cat "$work"/p1/*.patch >"$work/v1.mbox"
	cat "$work"/p2/*.patch >"$work/v2.mbox"
	cd - >/dev/null
}

demo_series() {
	"$PATCHBAY" demo-gen "$work/demo" >/dev/null 2>&1 || return 1
	[ -f "$work/demo/bench-v1.mbox" ] && [ -f "$work/demo/bench-v2.mbox" ] && [ -d "$work/demo/repo" ] || return 1
	cp "$work/demo/bench-v1.mbox" "$work/v1.mbox"
	cp "$work/demo/bench-v2.mbox" "$work/v2.mbox"
	ln -s "$work/demo/repo" "$work/repo"
}

if demo_series; then src="demo's 20-patch series"; else make_series; src="20-patch series made with git format-patch"; fi
cat "$work/v1.mbox" "$work/v2.mbox" >"$work/both.mbox"
id=$("$PATCHBAY" -q -f "$work/both.mbox" list | sed -n 's/.*<\(.*\)>$/\1/p' | head -1)

# --- timing -------------------------------------------------------------------
now() { date +%s.%N; }
timeit() {
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(now)
		"$@" >/dev/null 2>&1 || true
		t1=$(now)
		echo "$t0 $t1" | awk '{printf "%.2f\n", ($2 - $1) * 1000}'
		i=$((i + 1))
	done | median
}

"$PATCHBAY" -q -f "$work/both.mbox" interdiff "$id" >/dev/null # warm the import cache
pb=$(timeit "$PATCHBAY" -q -f "$work/both.mbox" interdiff "$id")
pb_tree=$(timeit "$PATCHBAY" -q -f "$work/both.mbox" interdiff --tree "$id")
grd=$(timeit git -C "$work/repo" range-diff --no-color base v1 v2)
# what each program costs before it does any work: start-up (loading its
# shared libraries) and exit, the floor under every command
pb_floor=$(timeit "$PATCHBAY" --help)
git_floor=$(timeit git --version)
b4t=""
if command -v b4 >/dev/null 2>&1; then
	(cd "$work/repo" && b4 diff -C -m "$work/v1.mbox" "$work/v2.mbox" -o "$work/b4.out" >/dev/null 2>&1) || true
	if [ -s "$work/b4.out" ]; then
		b4t=$(cd "$work/repo" && timeit b4 diff -C -m "$work/v1.mbox" "$work/v2.mbox" -o "$work/b4.out")
	fi
fi

echo "interdiff of a $src, v1 -> v2 (median of $RUNS runs, ms)"
printf '  %-34s %8s\n' "patchbay interdiff" "$pb"
printf '  %-34s %8s\n' "patchbay interdiff --tree" "$pb_tree"
printf '  %-34s %8s   (patchbay %.1fx faster)\n' "git range-diff (applied trees)" "$grd" "$(echo "$grd $pb" | awk '{print $1 / $2}')"
if [ -n "$b4t" ]; then
	printf '  %-34s %8s   (patchbay %.1fx faster)\n' "b4 diff -m" "$b4t" "$(echo "$b4t $pb" | awk '{print $1 / $2}')"
else
	echo "  b4 diff -m                         failed on this series (see b4's output)"
fi
printf '  %-34s %8s   (git --version: %s; the floor of each program)\n' "patchbay --help" "$pb_floor" "$git_floor"
printf '  %-34s %8s   (git range-diff: %s)\n' "patchbay interdiff above its floor" \
	"$(echo "$pb $pb_floor" | awk '{printf "%.2f", $1 - $2}')" "$(echo "$grd $git_floor" | awk '{printf "%.2f", $1 - $2}')"
"$PATCHBAY" -q -f "$work/both.mbox" interdiff "$id" | head -1 | sed 's/^/  patchbay: /'
git -C "$work/repo" range-diff --no-color base v1 v2 | grep -E '^ *[0-9-]+: +[0-9a-f-]+ [=!<>] ' |
	awk '{n[$3]++} END {printf "  git range-diff: %d =, %d !, %d >, %d <\n", n["="], n["!"], n[">"], n["<"]}'
