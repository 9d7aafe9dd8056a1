#!/bin/sh
# get-maintainer.sh FILE...: the people to Cc on a change to FILE, read
# from MAINTAINERS (M: and R: lines of every section whose F: matches).
set -eu
top=$(dirname "$0")/..
for f in "$@"; do
	awk -v file="$f" '
	/^[A-Z][A-Z ]+$/ { n = 0; next }
	/^[MR]:/ { sub(/^[MR]:[ \t]*/, ""); who[n++] = $0; next }
	/^F:/ {
		pat = $2
		gsub(/\./, "\\.", pat)
		gsub(/\*/, ".*", pat)
		if (file ~ ("^" pat "$"))
			for (i = 0; i < n; i++)
				print who[i]
	}' "$top/MAINTAINERS"
done | sort -u
