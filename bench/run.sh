#!/usr/bin/env bash
# Times `byline build` against the floor (reading every article's bytes once
# with two threads) on generated corpora, in the same run, and prints a
# Markdown table of medians, their ratio and peak memory.
#
#   bench/run.sh                        # both shapes, 10,000 and 100,000 articles, 5 runs
#   COUNTS="10000" RUNS=10 bench/run.sh
#   SHAPES="markdown" bench/run.sh      # only the all-Markdown corpus
#   BASELINE=bcf2aa5 bench/run.sh       # also time that commit, in the same run
#   BASELINE="d1795c8 7263c4f" bench/run.sh   # several commits, one column each
#
# Three corpus shapes: `mixed` (half plain-text wire copy, half Markdown with
# front matter), `markdown` (every article Markdown with front matter,
# tags, authors and a source, as on most blogs), and `archive` (the mixed
# articles, with the main feed archived under RFC 5005: every article is
# rendered into an archive page of 20, in RSS and Atom).
#
# With BASELINE, that commit is built from `git archive` into
# target/bench/baseline-*/ and timed beside the current tree, so that "no
# slower than before" is a same-run ratio, not a comparison across runs.
#
# Needs hyperfine (Debian: apt-get install hyperfine) and GNU time
# (/usr/bin/time; Debian: apt-get install time). Corpora are generated once
# into target/bench/ and reused. The page cache is warm for every command:
# hyperfine runs a warm-up first.
set -euo pipefail
cd "$(dirname "$0")/.."

counts=${COUNTS:-"10000 100000"}
shapes=${SHAPES:-"mixed markdown"}
runs=${RUNS:-5}
baseline_revs=${BASELINE:-}
work=target/bench

for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "bench/run.sh: $tool is missing" >&2; exit 2; }
done

cargo build --release --locked --bin byline --example gen-corpus --example read-floor
byline=target/release/byline
floor=target/release/examples/read-floor
mkdir -p "$work"

. bench/baseline.sh
baselines=()
for rev in $baseline_revs; do
    baselines+=("$(baseline_byline "$rev")")
done

median_peak_kb() { # command...: the median of $runs peak resident sizes, in KB
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
    done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

rows=()
for shape in $shapes; do
    for n in $counts; do
        corpus=$work/corpus-$n
        flags=()
        if [ "$shape" = markdown ]; then
            corpus=$work/corpus-markdown-$n
            flags=(--markdown)
        fi
        if [ ! -f "$corpus/.complete" ]; then
            target/release/examples/gen-corpus --count "$n" "${flags[@]}" "$corpus"
            touch "$corpus/.complete"
        fi
        config=$corpus/feeds.toml
        if [ "$shape" = archive ]; then
            config=$corpus/feeds-archive.toml
            # The first [[feeds]] table (every article) gains archive pages.
            awk '/^limit = 20$/ && !done { print; print "archive = true"; done = 1; next } { print }' \
                "$corpus/feeds.toml" > "$config"
        fi
        out=$work/out-$n
        commands=(-n floor "$floor $corpus/articles"
            -n byline "$byline build --config $config --out $out")
        i=0
        for rev in $baseline_revs; do
            commands+=(-n "baseline $rev" "${baselines[$i]} build --config $config --out $out")
            i=$((i + 1))
        done
        hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/times-$shape-$n.json" \
            --prepare "rm -rf $out" "${commands[@]}"
        floor_kb=$(median_peak_kb "$floor" "$corpus/articles")
        byline_kb=$(median_peak_kb "$byline" build --config "$config" --out "$out")
        rows+=("$(python3 - "$work/times-$shape-$n.json" "$shape" "$n" "$floor_kb" "$byline_kb" <<'PY'
import json, sys
path, shape, n, floor_kb, byline_kb = sys.argv[1:]
results = json.load(open(path))["results"]
times = {r["command"]: r["median"] for r in results}
cpu = {r["command"]: r["user"] + r["system"] for r in results}
f, b = times["floor"], times["byline"]
row = f"| {shape} | {int(n):,} | {f:.3f} s, {int(floor_kb) / 1024:.0f} MB | {b:.3f} s, {int(byline_kb) / 1024:.0f} MB | {b / f:.1f}x |"
for name, t in times.items():
    if name.startswith("baseline "):
        row += f" {t:.3f} s, byline / it {b / t:.2f}x (CPU {cpu['byline'] / cpu[name]:.2f}x) |"
print(row)
PY
)")
    done
done

echo
header="| corpus | articles | floor: median time, peak memory | byline build | byline / floor |"
rule="|---|---:|---|---|---:|"
for rev in $baseline_revs; do
    header+=" baseline $rev: median, byline / it (mean user + sys) |"
    rule+="---|"
done
echo "$header"
echo "$rule"
printf '%s\n' "${rows[@]}"
echo
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB; $(uname -sr); byline $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
