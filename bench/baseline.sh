# Sourced by the benchmarks, from the repository's root.
#
# baseline_byline REV: builds byline as it was at REV (from `git archive`,
# once, into target/bench/baseline-<commit>/) and prints the binary's path,
# so that a benchmark times it beside the current tree in the same run.
baseline_byline() {
    local commit src
    commit=$(git rev-parse --short "$1")
    src=target/bench/baseline-$commit
    if [ ! -x "$src/target/release/byline" ]; then
        rm -rf "$src" && mkdir -p "$src"
        git archive "$commit" | tar -x -C "$src"
        (cd "$src" && cargo build --release --locked --bin byline) >&2
    fi
    echo "$PWD/$src/target/release/byline"
}
