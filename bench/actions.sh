#!/bin/sh
# actions.sh: patchbay apply beside git am, same 20-patch series, same
# repository, same run.
#
# A repository of 10000 files (100 folders of 100 files of 200 lines; a
# mid-sized project, a tenth of the kernel) and a 20-patch series against
# it (each patch changes lines in 3 files) are made
# with git; the series is put in a maildir and indexed by notmuch. Then, in
# turn, RUNS times each: `patchbay apply` onto a new topic branch (the
# patchbay way: no checkout), and `git am` of the same patches onto a new
# branch checked out at the same base (checkout not timed). The commits'
# trees are compared, so both did the same work. Medians are printed.
# The series sits in a database of PB_ACTIONS_MESSAGES (default 10000)
# other messages (bench/gen-identity.sh), as a maintainer's would: apply
# tags the mail it applied, and each run opens the database after the
# last one changed it.
set -eu
. "$(dirname "$0")/lib.sh"

PATCHBAY=${PATCHBAY:-$(pwd)/patchbay}
SRC=${PB_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
RUNS=${RUNS:-11}
N=20
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pbbench-actions.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" GIT_CONFIG_NOSYSTEM=1 TZ=UTC LC_ALL=C
mkdir -p "$HOME"
git config --global user.name 'Bench Maintainer'
git config --global user.email bench@example.org
git config --global init.defaultBranch master

now() { date +%s.%N; }
best() { sort -n | head -1; }

# ---- the repository and the series --------------------------------------
repo="$tmp/repo"
mkdir -p "$repo"
cd "$repo"
git init -q
awk 'BEGIN {
	for (d = 0; d < 100; d++) {
		system("mkdir -p dir" d)
		for (f = 0; f < 100; f++) {
			fn = "dir" d "/file" f ".c"
			for (l = 1; l <= 200; l++)
				print "dir" d " file" f " line " l > fn
			close(fn)
		}
	}
}'
git add . && git commit -qm 'Initial tree'
base=$(git rev-parse HEAD)
git checkout -q -b series
i=1
while [ $i -le $N ]; do
	for k in 0 1 2; do
		file="dir$(( (i + k * 7) % 100 ))/file$(( (i * 3 + k) % 100 )).c"
		sed -i "$(( 20 + i * 5 + k ))s/.*/changed by patch $i ($k)/" "$file"
	done
	GIT_AUTHOR_NAME='Ann Author' GIT_AUTHOR_EMAIL=ann@example.com \
		git commit -qam "bench: Change three files ($i of $N)" -m "Patch $i of the benchmark series." \
		-m 'Signed-off-by: Ann Author <ann@example.com>'
	i=$((i + 1))
done
GIT_COMMITTER_NAME='Ann Author' GIT_COMMITTER_EMAIL=ann@example.com \
	git format-patch -q --cover-letter --thread --base="$base" --stdout "$base" |
	sed -e 's/\*\*\* SUBJECT HERE \*\*\*/bench: Change sixty lines/' \
	    -e 's/\*\*\* BLURB HERE \*\*\*/Twenty patches for the benchmark./' > "$tmp/series.mbox"
git format-patch -q --stdout "$base" > "$tmp/am.mbox"
series_tree=$(git rev-parse HEAD^{tree})
git checkout -q master
git branch -q -D series
cover=$(sed -n 's/^Message-Id: <\(cover\..*\)>$/\1/p' "$tmp/series.mbox")

db="$tmp/mail"
mkdir -p "$db/cur" "$db/new" "$db/tmp"
git mailsplit -o"$db/cur" "$tmp/series.mbox" >/dev/null
printf '[database]\npath=%s\n[new]\ntags=inbox;\n' "$db" > "$tmp/notmuch-config"
ARCHIVE=${PB_ACTIONS_MESSAGES:-10000}
if [ "$ARCHIVE" -gt 0 ]; then
	sh "$SRC/bench/gen-identity.sh" "$tmp/archive" "$ARCHIVE" 5 2>/dev/null
	mv "$tmp/archive/mail/cur/"* "$db/cur/"
fi
NOTMUCH_CONFIG="$tmp/notmuch-config" notmuch new --quiet
"$PATCHBAY" --db "$db" list >/dev/null 2>&1 # the index cache, warm as in daily use

# ---- timed runs, interleaved ------------------------------------------------
: > "$tmp/pb.times"
: > "$tmp/am.times"
r=1
while [ $r -le "$RUNS" ]; do
	t0=$(now)
	"$PATCHBAY" --db "$db" -q apply "$cover" --repo "$repo" --branch "bench/pb-$r" >/dev/null
	t1=$(now)
	echo "$t1 - $t0" | bc >> "$tmp/pb.times"
	[ "$(git -C "$repo" rev-parse "bench/pb-$r^{tree}")" = "$series_tree" ] || {
		echo "actions: patchbay apply gave another tree" >&2; exit 1; }

	git -C "$repo" checkout -q -b "bench/am-$r" "$base"
	t0=$(now)
	git -C "$repo" am -q "$tmp/am.mbox"
	t1=$(now)
	echo "$t1 - $t0" | bc >> "$tmp/am.times"
	[ "$(git -C "$repo" rev-parse "HEAD^{tree}")" = "$series_tree" ] || {
		echo "actions: git am gave another tree" >&2; exit 1; }
	git -C "$repo" checkout -q master
	r=$((r + 1))
done

pb=$(median < "$tmp/pb.times")
am=$(median < "$tmp/am.times")
pb1=$(best < "$tmp/pb.times")
am1=$(best < "$tmp/am.times")
echo "actions: apply of a $N-patch series to a 10000-file repository, from a database of $(ls "$db/cur" | wc -l) messages, $RUNS runs each, interleaved"
printf '                   median     best\n'
printf '  git am          %7.3f s %7.3f s\n' "$am" "$am1"
printf '  patchbay apply  %7.3f s %7.3f s\n' "$pb" "$pb1"
printf '  patchbay is %.1fx faster than git am (median; %.1fx best to best; aim: 2x)\n' \
	"$(echo "$am / $pb" | bc -l)" "$(echo "$am1 / $pb1" | bc -l)"
