#!/bin/sh
# target.sh: finding accepted series in patchbay.target (target.h), beside
# git doing the same work, from the same run.
#
# A repository of COMMITS commits (PB_TARGET_COMMITS, default "5000
# 20000"), each changing one line of one of 200 files, made with git
# fast-import; the demo archive as the mail. The figures:
#  1. `patchbay state` of one series with patchbay.target set, cold (the
#     whole branch walked and every commit's patch-id made), minus the
#     same command without the target;
#  2. the same again, warm: the patch-ids from patchbay's cache, the
#     walk alone;
#  3. `git log --no-merges -p master | git patch-id --stable`, the peer:
#     git's own patch-id of every commit.
set -eu
. "$(dirname "$0")/lib.sh"
SRC=${PB_SRCDIR:-$(pwd)}
PB=${PATCHBAY:-$SRC/build/patchbay}
SIZES=${PB_TARGET_COMMITS:-5000 20000}
work=$(mktemp -d /tmp/pbbench-target.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CACHE_HOME="$work/xdg" XDG_DATA_HOME="$work/data" GIT_CONFIG_NOSYSTEM=1
unset NOTMUCH_CONFIG || true

"$PB" demo-gen "$work/demo" >/dev/null 2>&1
echo "== target: accepted series found by patch-id in patchbay.target"
for n in $SIZES; do
	repo="$work/r$n"
	git init -q -b master "$repo"
	# every commit now: the walk reads them all (their time is after
	# every posting)
	t=$(date +%s)
	awk -v n="$n" -v t="$t" 'BEGIN {
		for (i = 1; i <= n; i++) {
			f = "src/f" (i % 200) ".c"
			body = "int v" i ";\n"
			printf "commit refs/heads/master\nmark :%d\n", i
			printf "author Bench <b@example.org> %d +0000\ncommitter Bench <b@example.org> %d +0000\n", t, t
			msg = "bench: Change " f " " i
			printf "data %d\n%s\n", length(msg), msg
			if (i > 1) printf "from :%d\n", i - 1
			printf "M 100644 inline %s\ndata %d\n%s\n", f, length(body), body
		}
	}' | git -C "$repo" fast-import --quiet
	git -C "$repo" checkout -q master
	pb() { "$PB" --quiet --notmuch-config "$work/demo/notmuch-config" --db "$work/demo/mail" --cache-dir "$work/cache" "$@"; }
	pb list >/dev/null
	git -C "$work/demo/repo" config --unset patchbay.target 2>/dev/null || true
	git config --global patchbay.repo "$repo"
	s=$(now_ms)
	pb state history-v1-0@demo.widgetd.org >/dev/null
	t_none=$(($(now_ms) - s))
	git -C "$repo" config patchbay.target master
	s=$(now_ms)
	pb state history-v1-0@demo.widgetd.org >/dev/null
	t_pb=$(($(now_ms) - s - t_none))
	# warm: the commits' patch-ids from patchbay's cache, the walk alone
	s=$(now_ms)
	pb state history-v1-0@demo.widgetd.org >/dev/null
	t_warm=$(($(now_ms) - s - t_none))
	git -C "$repo" config --unset patchbay.target
	s=$(now_ms)
	git -C "$repo" log --no-merges -p master | git patch-id --stable >/dev/null
	t_git=$(($(now_ms) - s))
	echo "$n commits: patchbay target walk cold ${t_pb} ms, warm ${t_warm} ms (state ${t_none} ms without it); git log -p | git patch-id --stable ${t_git} ms: cold $(ratio "$t_pb" "$t_git")x, warm $(ratio "$t_warm" "$t_git")x"
	git config --global --unset patchbay.repo
	rm -rf "$repo"
done
