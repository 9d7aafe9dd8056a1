#!/bin/sh
# run-tests.sh BIN...: run every test binary; cmocka's summaries stay
# visible; a tally at the end. PB_VALGRIND=1 runs each under valgrind.
set -u
pass=0
fail=0
failed=""
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 LINES=24 COLUMNS=80
# sanitizer builds: full stacks, and the library leaks listed in lsan.supp
here=$(cd "$(dirname "$0")" && pwd)
export ASAN_OPTIONS="${ASAN_OPTIONS:-fast_unwind_on_malloc=0:detect_leaks=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$here/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
for t in "$@"; do
	name=$(basename "$t")
	echo "=== $name"
	if [ "${PB_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			--suppressions="$here/valgrind.supp" "$t"
	else
		"$t"
	fi
	rc=$?
	if [ $rc -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
	fi
done
echo
echo "=== $pass test programs passed, $fail failed${failed:+:$failed}"
[ $fail -eq 0 ]
