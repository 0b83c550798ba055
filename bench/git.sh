#!/usr/bin/env bash
# Issue 25, item 1: the cost of a git history. Times `byline build` on the
# all-Markdown corpus committed in 2,000 commits (`examples/gen-git-corpus.rs`
# through `git fast-import`), against the same files outside git, in one
# hyperfine run, and prints the ratios of the medians:
#
#   - every article dated (target: within 1.1x the build outside git);
#   - 1,000 articles undated, their dates from git (target: within 2x the
#     same build outside git, where every article is dated: outside git an
#     undated article cannot build).
#
#   bench/git.sh                    # 100,000 articles, 5 runs
#   COUNT=10000 RUNS=11 bench/git.sh
#   BASELINE=c70554b bench/git.sh   # also that commit, inside git (slow: one run)
#
# Needs hyperfine and git. Corpora and repositories are made once into
# target/bench/ and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-100000}
runs=${RUNS:-5}
baseline_rev=${BASELINE:-}
work=target/bench

cargo build --release --locked --bin byline --example gen-corpus --example gen-git-corpus
byline=target/release/byline
corpus=$work/corpus-markdown-$count
if [ ! -f "$corpus/.complete" ]; then
    target/release/examples/gen-corpus --count "$count" --markdown "$corpus"
    touch "$corpus/.complete"
fi

for kind in dated undated; do
    repo=$work/git-$kind-$count
    if [ ! -f "$repo/.complete" ]; then
        rm -rf "$repo" "$work/nogit-$kind-$count"
        mkdir -p "$repo" "$work/nogit-$kind-$count"
        flags=()
        [ "$kind" = undated ] && flags=(--undated 1000)
        git -C "$repo" init -q
        git -C "$repo" symbolic-ref HEAD refs/heads/main
        target/release/examples/gen-git-corpus "${flags[@]}" "$corpus" | git -C "$repo" fast-import --quiet
        git -C "$repo" reset -q --hard main
        # The same files, outside git (only the dated ones can build there).
        git -C "$repo" archive main | tar -x -C "$work/nogit-$kind-$count"
        touch "$repo/.complete"
    fi
done

# Outside git an undated article has no date at all: both rows compare with
# the dated corpus outside git (the same articles, 1,000 of them with dates).
out=$work/out-git
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/times-git-$count.json" \
    --prepare "rm -rf $out" \
    -n nogit "$byline build --config $work/nogit-dated-$count/feeds.toml --out $out" \
    -n git-dated "$byline build --config $work/git-dated-$count/feeds.toml --out $out" \
    -n git-undated "$byline build --config $work/git-undated-$count/feeds.toml --out $out"

if [ -n "$baseline_rev" ]; then
    . bench/baseline.sh
    baseline=$(baseline_byline "$baseline_rev")
    # One run each: the whole history with rename detection takes long.
    hyperfine --style basic --runs 1 --export-json "$work/times-git-baseline-$count.json" \
        --prepare "rm -rf $work/out-baseline" \
        -n "baseline-git-dated" "$baseline build --config $work/git-dated-$count/feeds.toml --out $work/out-baseline" \
        -n "baseline-git-undated" "$baseline build --config $work/git-undated-$count/feeds.toml --out $work/out-baseline"
fi

python3 - "$work/times-git-$count.json" "$count" <<'PY'
import json, sys
times = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
print()
print("| articles | outside git (all dated) | in git (2,000 commits) | in git / outside | target |")
print("|---|---:|---:|---:|---:|")
for kind, label, target in (("dated", "all dated", "1.1x"), ("undated", "1,000 undated", "2x")):
    a, b = times["nogit"], times[f"git-{kind}"]
    print(f"| {int(sys.argv[2]):,}, {label} | {a:.3f} s | {b:.3f} s | {b / a:.2f}x | {target} |")
PY
