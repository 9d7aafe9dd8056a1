#!/bin/sh
# mkseries.sh DIR: a real git repository DIR/repo and two versions of a
# patch series made from it by git format-patch: DIR/v1.mbox, DIR/v2.mbox.
# Branches v1 and v2 hold the applied versions (for git range-diff); tag
# base is their base. v1 -> v2: patch 1 unchanged, patch 2 changed and
# retitled, patch 3 dropped, patch 4 unchanged (its message changed) and
# renumbered to 3, a new patch 4. The trailers of v2 carry mistakes the
# checks must find; those of v1 are right.
set -eu
dir=$1
mkdir -p "$dir" && cd "$dir"
git init -q repo && cd repo
export GIT_AUTHOR_NAME='Ada Author' GIT_AUTHOR_EMAIL=ada@example.org
export GIT_COMMITTER_NAME='Ada Author' GIT_COMMITTER_EMAIL=ada@example.org
seq 1 40 | sed 's/.*/int widget_&(void) { return &; }/' >widget.c
git add widget.c && git commit -q -m 'widget: Initial import'
git tag base
basesha=$(git rev-parse --short=12 HEAD)
commit() { git add -A && git commit -q -F -; }

git checkout -q -b v1 base
sed -i '5a int frobnicate(int x)\n{\n\treturn x * 2;\n}' widget.c
commit <<M
widget: Add a frobnicate helper

Callers double their values by hand in three places; give them a helper
so that the doubling is written once.

Signed-off-by: Ada Author <ada@example.org>
M
sed -i 's/widget_20(void) { return 20; }/widget_20(void) { return 21; }/' widget.c
commit <<M
widget: Fix the count

widget_20() returned the wrong number since the import; return the one
the callers expect.

Fixes: $basesha ("widget: Initial import")
Cc: stable@vger.kernel.org # 5.10+
Link: https://example.org/bugs/20
Signed-off-by: Ada Author <ada@example.org>
M
sed -i '/widget_3[0-3](void)/d' widget.c
commit <<M
widget: Remove dead code

Nobody calls widget_30() to widget_33() since the import.

Signed-off-by: Ada Author <ada@example.org>
M
printf 'The widget\n==========\n\nwidget.c counts widgets.\n' >README
commit <<M
docs: Describe the widget

Say in a README what widget.c is for.

Signed-off-by: Ada Author <ada@example.org>
M

git checkout -q -b v2 base
git cherry-pick v1~3 >/dev/null
sed -i 's/widget_20(void) { return 20; }/widget_20(void) { return 22; }/' widget.c
commit <<M
widget: Return the right count from widget_20()

widget_20() returned the wrong number since the import; return the one
the callers expect.

Fixes: 0123456789ab ("widget: Initial import")
Signed-off-by: Ada Author <ada@example.org>
M
printf 'The widget\n==========\n\nwidget.c counts widgets.\n' >README
commit <<M
docs: Describe the widget

Say in a README what widget.c is for.

Fixes: $basesha ("widget: Initial commit")
Signed-off-by: Ada Author <ada@example.org>
M
sed -i '1i static int knob = 1;' widget.c
commit <<M
widget: Add a knob

A knob lets the widget count in steps other than one, which the users
of the slow path asked for.

Link: bug 1234
Cc: <stable@kernel.org>
Reviewed-by: Bea Reviewer <bea@example.org>
Reviewed-by: Bea Reviewer <bea@example.org>
Signed-off-by: Ada Author <ada@example.org>
M

blurb() {
	sed -i -e "s/\*\*\* SUBJECT HERE \*\*\*/Count widgets right/" \
	    -e "s/\*\*\* BLURB HERE \*\*\*/$2/" "$1"
}
git format-patch -q --thread=shallow --cover-letter --base=base -o ../v1 base..v1
blurb ../v1/0000-cover-letter.patch 'This series fixes how the widget counts and documents what the widget is for, so that callers stop doubling values by hand.'
git format-patch -q --thread=shallow --cover-letter --base=base -v2 -o ../v2 base..v2
blurb ../v2/v2-0000-cover-letter.patch 'This series fixes how the widget counts and documents what the widget is for, so that callers stop doubling values by hand.\n\nChanges in v2:\n- return 22 from widget_20() as Bea asked\n- drop the removal of dead code\n- add a knob'
# both runs may fall in one second: give v2 Message-IDs of its own
sed -i 's/\(\.git\.[^@<> ]*\)@/\1.v2@/g' ../v2/*.patch
cat ../v1/*.patch >../v1.mbox
cat ../v2/*.patch >../v2.mbox
