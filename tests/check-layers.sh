#!/bin/sh
# check-layers.sh LAYER...: the sub-folders of core/, in the order of the
# data flow (docs/design.md, "Layout"). A file of core/LAYER may include the
# private headers (core/*/*.h) of its own layer and of earlier ones only,
# and nothing of core/ or include/ may include demogen/, the demo generator
# that stands on top of the core library. And a public function (a header
# of include/patchbay/) returns no plain int: pb_status_t when it can fail
# (error.h), else a type that says what it returns. Run from the source
# folder.
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
# Public functions whose int is what it honestly is, with why:
#   pb_mbox_split: what its pb_mbox_cb (typed int) returned to stop the
#                  walk, a code of the caller's, not a status.
int_ok="pb_mbox_split"
for h in include/patchbay/*.h; do
	for fn in $(sed -n 's/^int[[:space:]]\{1,\}\(pb_[A-Za-z0-9_]*\).*/\1/p' "$h"); do
		case " $int_ok " in
		*" $fn "*) ;;
		*) echo "layering: $h: $fn returns int: make it pb_status_t, or a type that says what it is" >&2
		   bad=1 ;;
		esac
	done
done
[ $bad -eq 0 ] && echo "layering: core/ layers $* each include only their own and earlier ones"
[ $bad -eq 0 ] && echo "layering: no function of include/patchbay/ returns a plain int (allowed: $int_ok)"
exit $bad
