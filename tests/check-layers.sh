#!/bin/sh
# check-layers.sh LAYER...: the sub-folders of core/, in the order of the
# data flow (docs/design.md, "Layout"). A file of core/LAYER may include the
# private headers (core/*/*.h) of its own layer and of earlier ones only,
# and nothing of core/ or include/ may include demogen/, the demo generator
# that stands on top of the core library. Run from the source folder.
bad=0
seen=""
for layer in "$@"; do
	seen="$seen $layer"
	[ -d "core/$layer" ] || { echo "layering: core/$layer is missing" >&2; bad=1; continue; }
	for f in core/"$layer"/*; do
		for h in $(sed -n 's|^[[:space:]]*#[[:space:]]*include[[:space:]]*"core/\([a-z]*\)/.*|\1|p' "$f"); do
			case " $seen " in
			*" $h "*) ;;
			*) echo "layering: $f (core/$layer) includes a header of core/$h, a later layer" >&2
			   bad=1 ;;
			esac
		done
	done
done
for f in core/*; do
	[ -d "$f" ] || { echo "layering: $f: core/ holds its layers' folders only" >&2; bad=1; }
done
if grep -rlE '#[[:space:]]*include[[:space:]]*"demogen/' core include; then
	echo "layering: core/ or include/ includes the demo generator" >&2
	bad=1
fi
[ $bad -eq 0 ] && echo "layering: core/ layers $* each include only their own and earlier ones"
exit $bad
