#!/usr/bin/env bash
# The shell steps of action.yml, kept here so that they can be run and
# tested outside GitHub Actions (tests/action/install_test.sh does).
#
#   install.sh where     RUNNER_OS_NAME, RUNNER_ARCH_NAME, VERSION -> target=, dir= on GITHUB_OUTPUT
#   install.sh download  VERSION, REPOSITORY, TARGET, DIR [, TOKEN] -> DIR/byline(.exe)
#
# BYLINE_RELEASES overrides where releases are downloaded from (a URL whose
# `v<VERSION>/<file>` is a release file; file:// works), for tests.
set -euo pipefail

where() {
    local target
    case "${RUNNER_OS_NAME}/${RUNNER_ARCH_NAME}" in
        Linux/X64) target=x86_64-unknown-linux-musl ;;
        Linux/ARM64) target=aarch64-unknown-linux-musl ;;
        macOS/ARM64) target=aarch64-apple-darwin ;;
        macOS/X64) target=x86_64-apple-darwin ;;
        Windows/X64) target=x86_64-pc-windows-msvc ;;
        *)
            echo "::error title=byline::no byline release for ${RUNNER_OS_NAME} on ${RUNNER_ARCH_NAME}; build it with cargo install"
            exit 1
            ;;
    esac
    case "$VERSION" in
        [0-9]*.[0-9]*.[0-9]*) ;;
        *)
            echo "::error title=byline::version \`$VERSION\` is not a release number such as 0.1.0"
            exit 1
            ;;
    esac
    local cache="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}"
    {
        echo "target=$target"
        echo "dir=$cache/byline/$VERSION/$target"
    } >> "$GITHUB_OUTPUT"
}

download() {
    local base="${BYLINE_RELEASES:-https://github.com/$REPOSITORY/releases/download}/v$VERSION"
    local archive="byline-v$VERSION-$TARGET.tar.gz"
    [[ "$TARGET" == *windows* ]] && archive="byline-v$VERSION-$TARGET.zip"
    local work
    work=$(mktemp -d)
    local auth=()
    if [[ -n "${TOKEN:-}" && "$base" == https://github.com/* ]]; then
        auth=(-H "Authorization: Bearer $TOKEN")
    fi
    curl --fail --silent --show-error --location --retry 3 "${auth[@]}" -o "$work/$archive" "$base/$archive"
    curl --fail --silent --show-error --location --retry 3 "${auth[@]}" -o "$work/SHA256SUMS" "$base/SHA256SUMS"
    # Only the line for this archive; a missing line is a failure.
    local line
    line=$(grep -E "  $archive\$" "$work/SHA256SUMS") || {
        echo "::error title=byline::SHA256SUMS of v$VERSION has no line for $archive"
        exit 1
    }
    (cd "$work" && echo "$line" | sha256sum --check --quiet 2>/dev/null ||
        echo "$line" | shasum -a 256 --check --quiet) || {
        echo "::error title=byline::$archive does not match the release's SHA256SUMS"
        exit 1
    }
    mkdir -p "$DIR"
    if [[ "$archive" == *.zip ]]; then
        # Windows runners have 7-Zip; unzip where there is one.
        if command -v unzip >/dev/null; then
            unzip -q -o -j "$work/$archive" '*/byline.exe' -d "$DIR"
        else
            7z e -y -bd "-o$DIR" "$work/$archive" "byline-v$VERSION-$TARGET/byline.exe" >/dev/null
        fi
    else
        tar -xzf "$work/$archive" -C "$DIR" --strip-components=1 "byline-v$VERSION-$TARGET/byline"
    fi
    rm -rf "$work"
}

"$@"
