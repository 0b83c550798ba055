#!/bin/sh
# Gathers the real feeds that tests/cli/fixtures/captures.txt lists into DIR,
# from local git snapshots of their repositories: MIRRORS/owner+name/repo (a
# bare git folder per repository, as the fetch tool brings them). Then:
#   BYLINE_CAPTURES=DIR cargo test --test cli captures -- --ignored --nocapture
set -eu
if [ $# -ne 2 ]; then
    echo "usage: tests/captures.sh MIRRORS DIR" >&2
    exit 2
fi
mirrors=$1
dir=$2
list=$(dirname "$0")/cli/fixtures/captures.txt
mkdir -p "$dir"
grep -v '^#' "$list" | while read -r _set name _verdict _first origin; do
    repo=${origin%%@*}
    rest=${origin#*@}
    commit=${rest%%:*}
    path=${rest#*:}
    git --git-dir="$mirrors/$(echo "$repo" | sed 's|/|+|')/repo" show "$commit:$path" > "$dir/$name"
done
echo "gathered $(grep -vc '^#' "$list") files into $dir"
