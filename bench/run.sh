#!/bin/sh
# run.sh: every benchmark; each script prints its own figures beside its peers.
set -eu
dir=$(dirname "$0")
sh "$dir/core.sh"
sh "$dir/identity.sh"
sh "$dir/state.sh"
sh "$dir/target.sh"
sh "$dir/actions.sh"
sh "$dir/review.sh"
sh "$dir/tui.sh"
