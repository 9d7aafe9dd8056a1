#!/bin/sh
# run-tests.sh BIN...: run every test binary, PB_TEST_JOBS at a time
# (default: one per CPU; each binary works in its own temporary folders and
# tmux server). A binary's output is printed whole when it ends, so the
# cmocka summaries stay readable; a tally at the end. PB_VALGRIND=1 runs
# each under valgrind.
set -u
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 LINES=24 COLUMNS=80
# sanitizer builds: full stacks, and the library leaks listed in lsan.supp
here=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS="${ASAN_OPTIONS:-fast_unwind_on_malloc=0:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
jobs=${PB_TEST_JOBS:-$(nproc 2>/dev/null || echo 1)}
out=$(mktemp -d "${TMPDIR:-/tmp}/pbtests.XXXXXX")
trap 'rm -rf "$out"' EXIT INT TERM
export PB_RUN_OUT="$out" PB_RUN_HERE="$here"

for t in "$@"; do printf '%s\n' "$t"; done | xargs -P "$jobs" -n 1 sh "$here/run-one.sh"

pass=0
fail=0
failed=""
for t in "$@"; do
	name=$(basename "$t")
	rc=$(cat "$out/$name.rc" 2>/dev/null || echo 127)
	if [ "$rc" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
	fi
done
echo
echo "=== $pass test programs passed, $fail failed${failed:+:$failed} ($jobs at a time)"
[ $fail -eq 0 ]
