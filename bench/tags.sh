#!/usr/bin/env bash
# A feed per tag at scale: COUNT articles (default 20,000), each with a tag
# of its own and one tag they all share, under `for_each_tag` (RSS and Atom
# per tag: 2 * (COUNT + 1) feeds besides the site's own). Prints the median
# wall time and peak resident memory of RUNS builds (default 3), and, with
# BASELINE=<commit>, the same for that commit in the same run.
#
#   bench/tags.sh
#   COUNT=5000 RUNS=5 BASELINE=c70554b bench/tags.sh
#
# Needs GNU time (/usr/bin/time; Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-20000}
runs=${RUNS:-3}
baseline_rev=${BASELINE:-}
work=target/bench/tags-$count

command -v /usr/bin/time >/dev/null || { echo "bench/tags.sh: /usr/bin/time is missing" >&2; exit 2; }
cargo build --release --locked --bin byline
byline=$PWD/target/release/byline

. bench/baseline.sh
baseline=
[ -z "$baseline_rev" ] || baseline=$(baseline_byline "$baseline_rev")

if [ ! -d "$work/articles" ]; then
    mkdir -p "$work/articles"
    cat >"$work/feeds.toml" <<'TOML'
[site]
title = "Tags"
base_url = "https://tags.example.org/"
authors = ["Desk"]

[[feeds]]
rss = "feed.xml"
atom = "atom.xml"

[[feeds]]
for_each_tag = true
title = "Tagged {tag}"
rss = "tags/{tag}.xml"
atom = "tags/{tag}.atom"
TOML
    python3 - "$work/articles" "$count" <<'PY'
import sys
folder, count = sys.argv[1], int(sys.argv[2])
for n in range(count):
    day = f"2024-{1 + n % 12:02d}-{1 + n % 28:02d}"
    with open(f"{folder}/{day}-article-{n}.md", "w") as f:
        f.write(f'+++\ntitle = "Article {n}"\ndate = {day}T{n % 24:02d}:{n % 60:02d}:00Z\n'
                f'tags = ["topic {n}", "all"]\n+++\nThe text of article {n}.\n\nA second paragraph.\n')
PY
fi

measure() { # name binary: median seconds and peak KB of $runs clean builds
    local name=$1 bin=$2
    for _ in $(seq "$runs"); do
        rm -rf "$work/public"
        (cd "$work" && /usr/bin/time -f '%e %M' "$bin" build 2>&1 >/dev/null | tail -n 1)
    done | sort -n | awk -v name="$name" '{ t[NR] = $1; m[NR] = $2 }
        END { i = int((NR + 1) / 2); printf "| %s | %.2f s | %d MB |\n", name, t[i], m[i] / 1024 }'
}

echo "| byline | median wall time ($runs runs) | peak memory |"
echo "|---|---:|---:|"
measure "this tree" "$byline"
[ -z "$baseline" ] || measure "$baseline_rev" "$baseline"
echo "files: $(find "$work/public" -type f | wc -l)"
