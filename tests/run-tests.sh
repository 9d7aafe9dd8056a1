#!/bin/sh
# run-tests.sh BIN...: run every test binary; cmocka's summaries stay
# visible; a tally at the end. PB_VALGRIND=1 runs each under valgrind.
set -u
pass=0
fail=0
failed=""
export TZ=UTC LANG=C.UTF-8 LC_ALL=C.UTF-8 LINES=24 COLUMNS=80
# leaks inside libraries are not ours (ASan builds only read this)
export LSAN_OPTIONS="suppressions=$(cd "$(dirname "$0")" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
for t in "$@"; do
	name=$(basename "$t")
	echo "=== $name"
	if [ "${PB_VALGRIND:-}" = 1 ]; then
		valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
			--suppressions=tests/valgrind.supp "$t"
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
