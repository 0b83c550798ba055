#!/usr/bin/env bash
# Issue 25, items 2 and 3: archives whose cost should follow the change, and
# a million articles. Every command of a table is timed in one hyperfine
# run, and the table quotes ratios of medians against its baseline.
#
#   bench/edges.sh                    # both parts, 5 runs
#   PARTS=archive RUNS=3 bench/edges.sh
#   PARTS=million bench/edges.sh
#
# archive (100,000 articles, the mixed corpus, its "all" feed archived in
# pages of 20, RSS and Atom): the first build (empty output folder), a
# rebuild that changes nothing, a rebuild after one new article, against
# the same corpus built without archives and against the read-and-write
# floor (`examples/write-floor.rs`: read the articles, write the same
# files with the same sizes, each flushed and renamed). Each rebuild after
# one new article starts from the folder and the byline.lock that a build
# of the site before that article left; the folders the rebuilds start
# from are copies made of hard links (`cp -al`), so preparing a run writes
# no 887 MB for the build's flushes to wait behind. The table quotes CPU
# (user + system) beside wall time, and the load average.
#
# million (1,000,000 articles, all Markdown, the home feed and one feed per
# tag): `byline build` against reading the articles (`examples/read-floor.rs`),
# with the peak resident memory of each (GNU time, the median of RUNS).
#
# Needs hyperfine and GNU time (/usr/bin/time). Corpora are made once
# into target/bench/ and reused; the million takes about 3.3 GB.
set -euo pipefail
cd "$(dirname "$0")/.."

parts=${PARTS:-"archive million"}
runs=${RUNS:-5}
work=target/bench

cargo build --release --locked --bin byline --example gen-corpus --example read-floor --example write-floor
byline=target/release/byline
floor=target/release/examples/read-floor
write_floor=target/release/examples/write-floor
mkdir -p "$work"

corpus() { # N [--markdown]: the corpus folder, made once
    local dir=$work/corpus-$1
    [ "${2:-}" = --markdown ] && dir=$work/corpus-markdown-$1
    if [ ! -f "$dir/.complete" ]; then
        target/release/examples/gen-corpus --count "$1" ${2:-} "$dir" >&2
        touch "$dir/.complete"
    fi
    echo "$dir"
}

median_peak_kb() { # command...: the median of $runs peak resident sizes, in KB
    for _ in $(seq "$runs"); do
        /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1
    done | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

for part in $parts; do
    case $part in
    archive)
        c=$(corpus 100000)
        archived=$c/feeds-archive.toml
        awk '/^limit = 20$/ && !done { print; print "archive = true"; done = 1; next } { print }' \
            "$c/feeds.toml" > "$archived"
        # The same corpus and one new article (the newest), as hard links.
        plus=$work/corpus-100000-plus1
        if [ ! -f "$plus/.complete" ]; then
            rm -rf "$plus" && mkdir -p "$plus"
            cp -al "$c/articles" "$plus/articles"
            printf '+++\ntitle = "One more story"\ndate = 2030-01-01T08:00:00+01:00\ntags = ["politics"]\n+++\n\nThe newest article of the corpus.\n' \
                > "$plus/articles/2030-01-01-one-more.md"
            cp "$archived" "$plus/feeds-archive.toml"
            touch "$plus/.complete"
        fi
        # What a build writes, for the floor to write the same; and the
        # folder the rebuilds start from.
        base=$work/edges-archive-base
        rm -rf "$base"
        for _ in 1 2; do
            "$byline" build --config "$archived" --out "$base" >/dev/null
        done
        # The same site as the one-new corpus, built before its new article:
        # the folder the rebuild after one new article starts from.
        # Built twice: a build that finds no byline.lock beside the config
        # writes one, and the next build, which reads it, takes the ids it
        # records, so its pages' digests differ from the first's. The
        # second build is the steady state a site is in.
        newest=$plus/articles/2030-01-01-one-more.md
        base_plus=$work/edges-archive-base-plus
        mv "$newest" "$plus/one-more.md"
        # The same pages as `$base`: a copy of it made of hard links (a
        # build replaces a file by renaming another onto its name, never
        # writes into it, so the copy's files stay `$base`'s).
        rm -rf "$base_plus" && cp -al "$base" "$base_plus"
        for _ in 1 2; do
            "$byline" build --config "$plus/feeds-archive.toml" --out "$base_plus" >/dev/null
        done
        # And the lock that build left, which each rebuild after one new
        # article starts from too (else every run after the first finds
        # the new article recorded already).
        cp "$plus/byline.lock" "$base_plus.lock"
        mv "$plus/one-more.md" "$newest"
        echo "archive build: $(find "$base" -type f | wc -l) files, $(du -sm "$base" | cut -f1) MB" >&2
        o=$work/edges-out
        load_before=$(cut -d' ' -f1-3 /proc/loadavg)
        hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/times-edges-archive.json" \
            --prepare "rm -rf $o-floor; sync" \
            -n floor "$write_floor $c/articles $base $o-floor" \
            --prepare "rm -rf $o-plain; sync" \
            -n no-archive "$byline build --config $c/feeds.toml --out $o-plain" \
            --prepare "rm -rf $o-first; sync" \
            -n first "$byline build --config $archived --out $o-first" \
            --prepare "[ -d $o-same ] || cp -al $base $o-same; sync" \
            -n no-change "$byline build --config $archived --out $o-same" \
            --prepare "rm -rf $o-new && cp -al $base_plus $o-new && cp $base_plus.lock $plus/byline.lock; sync" \
            -n one-new "$byline build --config $plus/feeds-archive.toml --out $o-new"
        rm -rf "$o-same"
        # Wall-time medians, and CPU (hyperfine's mean user + system time),
        # which a machine shared with other work disturbs less.
        python3 - "$work/times-edges-archive.json" "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
t = {r["command"]: r["median"] for r in results}
cpu = {r["command"]: r["user"] + r["system"] for r in results}
print()
print("| build (100,000 articles, archived) | median | / no-archive build | / floor | CPU (user + sys) | CPU / no-archive | target |")
print("|---|---:|---:|---:|---:|---:|---|")
print(f"| read-and-write floor | {t['floor']:.2f} s | | 1.00x | {cpu['floor']:.2f} s | | |")
print(f"| no archive | {t['no-archive']:.2f} s | 1.00x | | {cpu['no-archive']:.2f} s | 1.00x | |")
for name, label, target in (("first", "first build", "2x the floor"),
                            ("no-change", "rebuild, nothing changed", "1.3x no-archive"),
                            ("one-new", "rebuild after one new article", "1.3x no-archive")):
    print(f"| {label} | {t[name]:.2f} s | {t[name] / t['no-archive']:.2f}x | {t[name] / t['floor']:.2f}x "
          f"| {cpu[name]:.2f} s | {cpu[name] / cpu['no-archive']:.2f}x | {target} |")
print()
print(f"load average before: {sys.argv[2]}; after: {sys.argv[3]}")
PY
        ;;
    million)
        c=$(corpus 1000000 --markdown)
        o=$work/edges-out-million
        hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/times-edges-million.json" \
            --prepare "rm -rf $o" \
            -n floor "$floor $c/articles" \
            -n byline "$byline build --config $c/feeds.toml --out $o"
        floor_kb=$(median_peak_kb "$floor" "$c/articles")
        byline_kb=$(median_peak_kb "$byline" build --config "$c/feeds.toml" --out "$o")
        python3 - "$work/times-edges-million.json" "$floor_kb" "$byline_kb" <<'PY'
import json, sys
t = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
f, b = t["floor"], t["byline"]
print()
print("| 1,000,000 articles | median | peak memory | / read floor | target |")
print("|---|---:|---:|---:|---|")
print(f"| read floor | {f:.2f} s | {int(sys.argv[2]) / 1024:.0f} MB | 1.00x | |")
print(f"| byline build | {b:.2f} s | {int(sys.argv[3]) / 1024:.0f} MB | {b / f:.2f}x | 3x, under 200 MB |")
PY
        ;;
    *)
        echo "bench/edges.sh: unknown part $part" >&2
        exit 2
        ;;
    esac
done
echo
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB; $(uname -sr); load $(cut -d' ' -f1-3 /proc/loadavg); byline $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
