#!/bin/sh
# core.sh: the core issue's figures, each beside its peer in the same run.
#
#  1. series build: patchbay reading a notmuch database cold (no cache),
#     beside `notmuch new` indexing the same mail; messages/s and ratio.
#  2. warm start (cache, unchanged database) and incremental update (after
#     `notmuch new` added mail): messages/s of what was processed.
#  3. patchbay am beside b4 am -m on the same mbox (threads b4 0.12 can
#     read; it fails on folded Subject headers, listed as such).
#  4. the same on the three bulk mboxes: patchbay's first open of the file
#     and its warm am beside b4 am -m of the same series, and whether both
#     wrote the same patches (median of $BULK_RUNS runs, default 3).
#
# The archive is the corpus's bulk and curated lore files when
# ../shared/corpus is there, plus the demo archive at scale $PB_SCALE when
# `patchbay demo-gen` exists. Median of $RUNS runs.
set -eu
. "$(dirname "$0")/lib.sh"
PATCHBAY=${PATCHBAY:-$(pwd)/patchbay}
RUNS=${RUNS:-5}
SRC=${PB_SRCDIR:-$(pwd)}
CORPUS=${PB_CORPUS:-$SRC/../shared/corpus}
work=$(mktemp -d /tmp/pbbench-core.XXXXXX)
trap 'rm -rf "$work"' EXIT
export HOME="$work" XDG_CACHE_HOME="$work/cache" GIT_CONFIG_NOSYSTEM=1
unset NOTMUCH_CONFIG || true
# b4 exits silently without a git identity
git config --global user.name 'Bench Maintainer'
git config --global user.email bench@example.org

now_ns() { date +%s%N; }

# median_ms CMD...: run RUNS times, print the median in milliseconds
median_ms() {
	i=0
	: >"$work/times"
	while [ $i -lt "$RUNS" ]; do
		s=$(now_ns)
		"$@" >/dev/null 2>&1 || { echo "bench: failed: $*" >&2; return 1; }
		e=$(now_ns)
		echo $(((e - s) / 1000)) >>"$work/times"
		i=$((i + 1))
	done
	sort -n "$work/times" | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.1f\n", m/1000}'
}

rate() { awk -v n="$1" -v ms="$2" 'BEGIN { if (ms > 0) printf "%.0f", n * 1000 / ms; else print "-" }'; }

mkdb() { # mkdb DIR: a notmuch config for a maildir at DIR
	mkdir -p "$1/cur" "$1/new" "$1/tmp"
	printf '[database]\npath=%s\n[new]\ntags=inbox;\nignore=.notmuch-config\n[maildir]\nsynchronize_flags=false\n' \
		"$1" >"$1/.notmuch-config"
}

echo "== core: series build, beside notmuch new (median of $RUNS)"
archive="$work/mail"
mkdb "$archive"
have_mail=no
if [ -d "$CORPUS" ]; then
	k=0
	for f in "$CORPUS"/lore-*/*.mbox; do
		k=$((k + 1))
		mkdir -p "$work/split$k"
		git mailsplit --mboxrd -o"$work/split$k" "$f" >/dev/null
		for m in "$work/split$k"/*; do mv "$m" "$archive/cur/$k-$(basename "$m")"; done
	done
	have_mail=yes
fi
if "$PATCHBAY" demo-gen --help >/dev/null 2>&1; then
	scale=${PB_SCALE:-50}
	"$PATCHBAY" demo-gen "$work/demo" --scale "$scale" >/dev/null
	find "$work/demo" -path '*/cur/*' -type f -exec cp {} "$archive/cur/" \;
	have_mail=yes
fi
if [ $have_mail = no ]; then
	echo "   no archive: neither ../shared/corpus nor patchbay demo-gen is here (skipped)"
	exit 0
fi
n=$(ls "$archive/cur" | wc -l)
# notmuch new on a fresh database each run
# (notmuch's notes on files it skips go to a log)
nm_build() { rm -rf "$archive/.notmuch"; NOTMUCH_CONFIG="$archive/.notmuch-config" notmuch new --quiet 2>>"$work/notmuch.log"; }
t_nm=$(median_ms nm_build)
msgs=$(NOTMUCH_CONFIG="$archive/.notmuch-config" notmuch count '*')
t_pb=$(median_ms "$PATCHBAY" --db "$archive" --no-cache --quiet list)
t_warm0() { rm -rf "$work/cache"; "$PATCHBAY" --db "$archive" --quiet list; }
"$PATCHBAY" --db "$archive" --quiet list >/dev/null 2>&1 # fill the cache
t_warm=$(median_ms "$PATCHBAY" --db "$archive" --quiet list)
printf '   %d files, %d messages\n' "$n" "$msgs"
printf '   notmuch new (index)        %8.1f ms  %7s msg/s\n' "$t_nm" "$(rate "$msgs" "$t_nm")"
printf '   patchbay series build      %8.1f ms  %7s msg/s  = %s x notmuch new (aim < 0.10)\n' \
	"$t_pb" "$(rate "$msgs" "$t_pb")" "$(ratio "$t_pb" "$t_nm")"
printf '   patchbay warm start        %8.1f ms  (cache, unchanged database) = %s x notmuch new\n' \
	"$t_warm" "$(ratio "$t_warm" "$t_nm")"

# incremental: add a slice of mail, notmuch new, then patchbay reads only it
inc_total=0
inc_ms=0
nm_inc_ms=0
i=0
while [ $i -lt "$RUNS" ]; do
	mkdir -p "$work/inc$i"
	# the same mail under new Message-IDs: really new messages
	for f in $(ls "$archive/cur" | head -n 40); do
		sed "s/^\\(Message-I[Dd]: *<\\)/\\1inc$i./" "$archive/cur/$f" >"$archive/cur/inc$i-$f"
	done
	s=$(now_ns)
	NOTMUCH_CONFIG="$archive/.notmuch-config" notmuch new --quiet 2>>"$work/notmuch.log"
	m=$(now_ns)
	"$PATCHBAY" --db "$archive" --quiet list >/dev/null
	e=$(now_ns)
	nm_inc_ms=$((nm_inc_ms + (m - s) / 1000000))
	inc_ms=$((inc_ms + (e - m) / 1000000))
	inc_total=$((inc_total + 40))
	i=$((i + 1))
done
printf '   incremental, 40 new msgs   %8.1f ms  %7s msg/s  (notmuch new of them: %.1f ms)\n' \
	"$(awk -v a=$inc_ms -v r=$RUNS 'BEGIN{print a/r}')" "$(rate "$inc_total" "$inc_ms")" \
	"$(awk -v a=$nm_inc_ms -v r=$RUNS 'BEGIN{print a/r}')"

echo "== core: patchbay am beside b4 am -m (median of $RUNS)"
if ! command -v b4 >/dev/null 2>&1; then
	echo "   b4 is not installed (apt-get install b4): skipped"
	exit 0
fi
if [ ! -d "$CORPUS" ]; then
	echo "   needs ../shared/corpus: skipped"
	exit 0
fi
for f in lore-ltp/ltp-configure-make-cleanup-v1-v2.mbox lore-linux-pwm/multicolor-pwm-led.linux-pwm-view.mbox \
	lore-linux-pwm/gpio-mvebu-v2-in-reply-to-v1-deep.mbox lore-linux-pwm/pwmchip-lifetime-v6-000of164.mbox \
	lore-ltp/ltp-sched_football-runtest.mbox lore-linux-pwm/clk-devm-helpers-v1-v8-uwe.mbox; do
	mb="$CORPUS/$f"
	id=$(grep -m1 -i '^Message-ID:' "$mb" | sed 's/.*<\(.*\)>.*/\1/')
	b4am() { rm -rf "$work/b4out" && mkdir -p "$work/b4out" && b4 -q am -m "$mb" -o "$work/b4out" "$id"; }
	pbam() { "$PATCHBAY" --quiet -f "$mb" am "$id" -o "$work/pb.mbox"; }
	pbam_cold() { rm -rf "$work/cache"; pbam; }
	if ! b4am >/dev/null 2>"$work/b4err"; then
		printf '   %-50s b4 am fails: %s\n' "$(basename "$f")" "$(tail -n 1 "$work/b4err" | cut -c1-70)"
		continue
	fi
	t_b4=$(median_ms b4am)
	t_cold=$(median_ms pbam_cold)
	pbam >/dev/null 2>&1
	t_pbam=$(median_ms pbam)
	printf '   %-50s b4 %7.1f ms  patchbay %6.1f ms (%sx faster; first open of the file %.1f ms, %sx)\n' \
		"$(basename "$f")" "$t_b4" "$t_pbam" "$(ratio "$t_b4" "$t_pbam")" "$t_cold" "$(ratio "$t_b4" "$t_cold")"
done

# The bulk files: a list's whole months, as a maintainer's mbox is. For a
# few real series of each (a cover letter near the start, middle and end
# of the file; its version, since b4 writes the thread's version and
# patchbay by default the newest it has linked), patchbay's first open of
# the file (no cache) and its warm am, beside b4 am -m of the same id.
# First opens take seconds: median of $BULK_RUNS runs (default 3).
echo "== core: patchbay am beside b4 am -m on the bulk files (median of ${BULK_RUNS:-3})"
RUNS=${BULK_RUNS:-3}
# subjects FILE: the patches' Subject lines of an mbox, unfolded, without
# the [PATCH ...] prefix, in order
subjects() {
	awk '/^Subject:/ { s = $0; insub = 1; next }
		insub && /^[ \t]/ { s = s $0; next }
		insub { print s; insub = 0 }' "$1" |
		sed -e 's/^Subject:[ \t]*//' -e 's/[ \t][ \t]*/ /g' -e 's/^\(\[[^]]*\] *\)*//'
}
while read -r f id ver; do
	mb="$CORPUS/$f"
	[ -f "$mb" ] || { printf '   %s: not in the corpus (skipped)\n' "$f"; continue; }
	nmsg=$(grep -c '^From mboxrd@z ' "$mb")
	b4am() { rm -rf "$work/b4out" && mkdir -p "$work/b4out" && b4 -q am -m "$mb" -o "$work/b4out" "$id"; }
	pbam() { "$PATCHBAY" --quiet -f "$mb" am "$id" --version "$ver" -o "$work/pb.mbox"; }
	pbam_cold() { rm -rf "$work/cache"; pbam; }
	t_cold=$(median_ms pbam_cold)
	t_pbam=$(median_ms pbam)
	printf '   %s (%d messages), %s v%s\n' "$(basename "$f")" "$nmsg" "$id" "$ver"
	if ! b4am >/dev/null 2>"$work/b4err"; then
		printf '      patchbay first open %8.1f ms  warm am %6.1f ms;  b4 am fails: %s\n' \
			"$t_cold" "$t_pbam" "$(tail -n 1 "$work/b4err" | cut -c1-80)"
		continue
	fi
	t_b4=$(median_ms b4am)
	printf '      b4 %8.1f ms  patchbay first open %8.1f ms (%sx b4)  warm am %6.1f ms (%sx faster)\n' \
		"$t_b4" "$t_cold" "$(ratio "$t_cold" "$t_b4")" "$t_pbam" "$(ratio "$t_b4" "$t_pbam")"
	# the same patches? (b4's .mbx holds the patches; its cover is apart)
	subjects "$work/pb.mbox" >"$work/pb.subj"
	subjects "$(ls "$work"/b4out/*.mbx)" >"$work/b4.subj"
	if cmp -s "$work/pb.subj" "$work/b4.subj"; then
		printf '      same %d patches as b4\n' "$(wc -l <"$work/pb.subj")"
	else
		printf '      MISMATCH with b4: patchbay %d patches, b4 %d; first difference:\n' \
			"$(wc -l <"$work/pb.subj")" "$(wc -l <"$work/b4.subj")"
		diff "$work/pb.subj" "$work/b4.subj" | grep '^[<>]' | head -n 2 | sed 's/^/        /'
	fi
done <<'LIST'
lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox 20220114151727.2319915-1-conor.dooley@microchip.com 3
lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox 20220214212154.8853-1-krzysztof.kozlowski@canonical.com 2
lore-linux-pwm/bulk-linux-pwm-2022-01..04.mbox 20220428100421.247471-1-fabiobaltieri@chromium.org 6
lore-ltp/bulk-ltp-2025-11..12.mbox 20251107102939.1111074-1-pvorel@suse.cz 1
lore-ltp/bulk-ltp-2025-11..12.mbox 20251113015242.799-1-wegao@suse.com 4
lore-ltp/bulk-ltp-2025-11..12.mbox 20251223020836.9439-1-wegao@suse.com 6
lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox 20260116184610.147591-1-ivecera@redhat.com 2
lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox cover.1769617841.git.mchehab+huawei@kernel.org 2
lore-intel-wired-lan/bulk-intel-wired-lan-2026-01-15..31.mbox cover.1769867953.git.mchehab+huawei@kernel.org 4
LIST
