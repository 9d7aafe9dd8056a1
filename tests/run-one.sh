#!/bin/sh
# run-one.sh BIN: one test binary for run-tests.sh: its output to a log in
# $PB_RUN_OUT, its exit status beside it, then the log printed whole under
# a lock, so that the output of binaries run side by side never mixes.
set -u
t=$1
name=$(basename "$t")
log="$PB_RUN_OUT/$name.log"
if [ "${PB_VALGRIND:-}" = 1 ]; then
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--suppressions="$PB_RUN_HERE/valgrind.supp" "$t" >"$log" 2>&1
else
	"$t" >"$log" 2>&1
fi
echo $? >"$PB_RUN_OUT/$name.rc"
flock "$PB_RUN_OUT/lock" sh -c 'echo "=== $1"; cat "$2"' sh "$name" "$log"
