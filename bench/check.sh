#!/usr/bin/env bash
# Times `byline check FILE` on big feeds from anywhere: an RSS 2.0 and an
# Atom 1.0 file of about 5 MB each (1,500 full-content items made by
# `byline build` from the generated corpus), against reading the same bytes
# (the floor), in the same run. Prints a Markdown table of medians.
#
#   bench/check.sh                 # 10 runs
#   RUNS=20 bench/check.sh
#
# Needs hyperfine (Debian: apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-10}
work=target/bench
cargo build --release --locked --bin byline --example gen-corpus --example read-floor
byline=target/release/byline
corpus=$work/corpus-10000
if [ ! -f "$corpus/.complete" ]; then
    target/release/examples/gen-corpus --count 10000 "$corpus"
    touch "$corpus/.complete"
fi
big=$work/check-big
rm -rf "$big" && mkdir -p "$big/feeds"
# The corpus's site, with one feed of 1,500 items in both formats.
awk '/^\[\[feeds\]\]/ { exit } { print }' "$corpus/feeds.toml" > "$corpus/feeds-big.toml"
printf '[[feeds]]\nrss = "feed.xml"\natom = "atom.xml"\nlimit = 1500\n' >> "$corpus/feeds-big.toml"
"$byline" build --config "$corpus/feeds-big.toml" --out "$big/out" >/dev/null
cp "$big/out/feed.xml" "$big/out/atom.xml" "$big/feeds/"
ls -l "$big/feeds"
hyperfine --style basic --warmup 2 --runs "$runs" --export-json "$work/check-times.json" \
    -n floor "target/release/examples/read-floor $big/feeds" \
    -n rss "$byline check $big/feeds/feed.xml" \
    -n atom "$byline check $big/feeds/atom.xml"
python3 - "$work/check-times.json" "$big/feeds" <<'PY'
import json, os, sys
times = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
size = lambda name: os.path.getsize(os.path.join(sys.argv[2], name)) / 1e6
print()
print("| file | size | `byline check`: median | reading both files (floor) |")
print("|---|---:|---:|---:|")
for name, key in (("feed.xml (RSS 2.0)", "rss"), ("atom.xml (Atom 1.0)", "atom")):
    file = "feed.xml" if key == "rss" else "atom.xml"
    print(f"| {name} | {size(file):.1f} MB | {times[key] * 1000:.0f} ms | {times['floor'] * 1000:.0f} ms |")
PY
