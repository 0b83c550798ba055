#!/usr/bin/env bash
# The TOML front-matter fast path against the toml crate, on one typical
# front matter (the shape of the benchmark corpus), 100,000 reads each, in a
# release build; prints the mean time of one read and the ratio.
#   bench/toml-fast-path.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --lib fast_path_benchmark -- --ignored --nocapture 2>&1 |
    grep -E '^front matter of|test result'
