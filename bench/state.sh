#!/bin/sh
# state.sh: a bulk review state change, beside notmuch tag of the same
# messages, from the same run.
#
# For each size (PB_STATE_SIZES, default "10000 100000"), the archive of
# bench/gen-identity.sh in a real notmuch database, patchbay's cache warm:
#  1. `patchbay state` of 100 series --set deferred: the tags on every
#     message of their latest versions, one notmuch transaction, and the
#     index read again;
#  2. `notmuch tag --batch` of the same messages (another tag), the peer;
#  3. `patchbay list` after it (the update reads the tagged messages
#     again), beside `notmuch search tag:pb/deferred`;
#  4. `patchbay queue` (warm), beside `notmuch search '*'`.
set -eu
. "$(dirname "$0")/lib.sh"
SRC=${PB_SRCDIR:-$(pwd)}
PB=${PATCHBAY:-$SRC/build/patchbay}
SIZES=${PB_STATE_SIZES:-10000 100000}
work=$(mktemp -d /tmp/pbbench-state.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CACHE_HOME="$work/xdg"
unset NOTMUCH_CONFIG || true


echo "== state: a review state set on 100 series at once"
for n in $SIZES; do
	d="$work/a$n"
	sh "$SRC/bench/gen-identity.sh" "$d" "$n" 11 2>/dev/null
	cfg="$d/notmuch-config"
	notmuch --config="$cfg" new --quiet
	msgs=$(notmuch --config="$cfg" count '*')
	pb() { "$PB" --quiet --db "$d/mail" --cache-dir "$d/cache" "$@"; }
	pb list >"$d/list"
	# 100 series spread over the list: every k-th
	total=$(wc -l <"$d/list")
	k=$((total / 100)); [ "$k" -ge 1 ] || k=1
	ids=$(awk -v k="$k" 'NR % k == 0 { s = $NF; gsub(/[<>]/, "", s); print s }' "$d/list" | head -n 100)
	s=$(now_ms)
	# shellcheck disable=SC2086
	pb state $ids --set deferred
	t_pb=$(($(now_ms) - s))
	tagged=$(notmuch --config="$cfg" count tag:pb/deferred)
	notmuch --config="$cfg" search --output=messages tag:pb/deferred |
		sed 's/^/+bench/; s/+benchid:/+bench -- id:/' >"$d/batch"
	s=$(now_ms)
	notmuch --config="$cfg" tag --batch --input="$d/batch"
	t_nm=$(($(now_ms) - s))
	echo "$msgs messages, $(echo "$ids" | wc -l) series, $tagged messages: patchbay state --set ${t_pb} ms, notmuch tag --batch ${t_nm} ms: $(ratio "$t_pb" "$t_nm")x"
	s=$(now_ms)
	pb list >/dev/null
	t_list=$(($(now_ms) - s))
	s=$(now_ms)
	notmuch --config="$cfg" search tag:pb/deferred >/dev/null
	t_search=$(($(now_ms) - s))
	echo "  then patchbay list (warm: state wrote the cache) ${t_list} ms, notmuch search tag:pb/deferred ${t_search} ms: $(ratio "$t_list" "$t_search")x"
	# the queue (review state, triage and pings of every series) beside
	# notmuch listing every thread, what a mail client's index view does
	s=$(now_ms)
	pb queue >"$d/queue"
	t_q=$(($(now_ms) - s))
	s=$(now_ms)
	notmuch --config="$cfg" search '*' >/dev/null
	t_all=$(($(now_ms) - s))
	echo "  patchbay queue (warm; $(wc -l <"$d/queue") series in flight) ${t_q} ms, notmuch search '*' ${t_all} ms: $(ratio "$t_q" "$t_all")x"
	rm -rf "$d"
done
