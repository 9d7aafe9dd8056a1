#!/bin/sh
# check-man.sh PAGE...: the man pages say all there is. Each command of
# `patchbay --help` and each long option of `patchbay help COMMAND` is in
# patchbay(1), each action of the TUI (tui/action.h) too, and each setting
# the code reads (a "patchbay.x", "sendemail.x" or "user.x" string in
# core/, cli/, tui/) is in patchbay-config(5); every page renders with
# man(1) without a warning. Run by `make check` (PATCHBAY, PB_SRCDIR).
set -eu
SRC=${PB_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
bad=0
man1=""
man5=""
for p in "$@"; do
	case "$p" in
	*.1) man1="$man1 $p" ;;
	*.5) man5="$man5 $p" ;;
	esac
	# groff's warnings, and man's own
	w=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$p" 2>&1 >/dev/null || echo "man failed")
	if [ -n "$w" ]; then
		echo "man: $p: $w" >&2
		bad=1
	fi
done
[ -n "$man1" ] && [ -n "$man5" ] || { echo "man: patchbay.1 or patchbay-config.5 missing" >&2; exit 1; }
# the pages as man renders them, on lines too long to break
plain() { for f in "$@"; do MANWIDTH=2000 LC_ALL=C.UTF-8 man -l "$f" 2>/dev/null | col -b; done; }
text1=$(plain $man1)
text5=$(plain $man5 | tr 'A-Z' 'a-z')
has1() { printf '%s\n' "$text1" | grep -qF -- "$1"; }

cmds=$("$PATCHBAY" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
[ -n "$cmds" ] || { echo "man: patchbay --help lists no commands" >&2; exit 1; }
for c in $cmds; do
	has1 "$c" || { echo "man: command '$c' is not in patchbay(1)" >&2; bad=1; }
	for o in $("$PATCHBAY" help "$c" 2>&1 | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
		has1 "$o" || { echo "man: '$c $o' is not in patchbay(1)" >&2; bad=1; }
	done
done
for o in $("$PATCHBAY" --help | sed -n '/^Options:/,/^$/p' | grep -oE -- '--[a-z][a-z0-9-]+' | sort -u); do
	has1 "$o" || { echo "man: option '$o' is not in patchbay(1)" >&2; bad=1; }
done
for a in $(sed -n 's/^[[:space:]]*X([A-Z_]*, *"\([a-z-]*\)".*/\1/p' "$SRC/tui/action.h"); do
	printf '%s\n' "$text1" | grep -qE -- "(^|[ ,])$a([ ,]|$)" ||
		{ echo "man: action '$a' is not in patchbay(1)" >&2; bad=1; }
done
# settings; a %s or <role> part is the page's own placeholder word
# ("patchbay.invalid" is the domain of made-up Message-IDs, no setting)
for k in $(cat "$SRC"/core/*/*.c "$SRC"/demogen/*.c "$SRC"/cli/*.c "$SRC"/tui/*.c |
	grep -oE '"(patchbay|sendemail|user)\.[A-Za-z0-9.%<>-]+' | tr -d '"' | tr 'A-Z' 'a-z' | sort -u); do
	case "$k" in
	patchbay.invalid) continue ;;
	patchbay.check.%s) k="patchbay.check.id" ;;
	patchbay.search. | patchbay.search.%s) k="patchbay.search.name" ;;
	patchbay.color.%s | patchbay.color.\<role\>) k="patchbay.color.role" ;;
	esac
	printf '%s\n' "$text5" | grep -qF -- "$k" ||
		{ echo "man: setting '$k' is not in patchbay-config(5)" >&2; bad=1; }
done
[ $bad -eq 0 ] && echo "man: every command, option, action and setting is in the man pages"
exit $bad
