#!/usr/bin/env bash
# Tests action.yml's steps on this machine: a release made from the
# byline binary given, served from a file:// folder the way the release
# workflow lays one out, installed by the action's own steps
# (tests/action/run_action.py runs them as the runner would), then the
# checksum, version and platform failures.
#
#   tests/action/install_test.sh PATH_TO_BYLINE
set -euo pipefail
cd "$(dirname "$0")/../.."
binary=$(realpath "$1")
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

version=0.1.0
target=x86_64-unknown-linux-musl
name="byline-v$version-$target"
mkdir -p "$work/releases/v$version/$name"
cp "$binary" "$work/releases/v$version/$name/byline"
cp README.md CHANGELOG.md "$work/releases/v$version/$name/"
tar -C "$work/releases/v$version" -czf "$work/releases/v$version/$name.tar.gz" "$name"
rm -r "${work:?}/releases/v$version/$name"
(cd "$work/releases/v$version" && sha256sum byline-* > SHA256SUMS)

export RUNNER_OS_NAME=Linux RUNNER_ARCH_NAME=X64 RUNNER_TOOL_CACHE="$work/cache"
export BYLINE_RELEASES="file://$work/releases"

fail() { echo "FAIL: $*"; exit 1; }

# Installs, and puts the binary's folder on PATH.
added=$("$python" tests/action/run_action.py action.yml version=$version)
[ "$added" = "$work/cache/byline/$version/$target" ] || fail "PATH entry: $added"
"$added/byline" --version | grep -q '^byline ' || fail "the installed binary does not run"
cmp "$added/byline" "$binary" || fail "the installed binary differs"
echo "ok: installs v$version into the tool cache and puts it on PATH"

# Windows' zip, through the download step alone (the archive made with
# Python's zipfile, as 7-Zip lays it out: one folder, then the files).
wtarget=x86_64-pc-windows-msvc
wname="byline-v$version-$wtarget"
"$python" - "$work/releases/v$version/$wname.zip" "$wname" "$binary" <<'PY'
import sys, zipfile
archive, name, binary = sys.argv[1:]
with zipfile.ZipFile(archive, "w") as z:
    z.write(binary, f"{name}/byline.exe")
    z.write("README.md", f"{name}/README.md")
PY
(cd "$work/releases/v$version" && sha256sum byline-* > SHA256SUMS)
VERSION=$version TARGET=$wtarget DIR="$work/windows" REPOSITORY=example/byline \
    bash .github/actions/install.sh download
cmp "$work/windows/byline.exe" "$binary" || fail "the zip's byline.exe"
echo "ok: the Windows zip installs byline.exe"

# A tampered archive is refused.
rm -rf "$work/cache"
echo "0000000000000000000000000000000000000000000000000000000000000000  $name.tar.gz" > "$work/releases/v$version/SHA256SUMS"
if out=$("$python" tests/action/run_action.py action.yml version=$version 2>&1); then
    fail "a bad checksum was accepted"
fi
grep -q "does not match the release's SHA256SUMS" <<< "$out" || fail "checksum message: $out"
[ ! -e "$work/cache/byline/$version/$target/byline" ] || fail "a bad archive was installed"
echo "ok: a tampered archive is refused"

# Not a version, and a platform with no release.
out=$("$python" tests/action/run_action.py action.yml version=v0.1 2>&1) && fail "v0.1 accepted"
grep -q 'is not a release number' <<< "$out" || fail "version message: $out"
out=$(RUNNER_OS_NAME=Linux RUNNER_ARCH_NAME=ARM "$python" tests/action/run_action.py action.yml version=$version 2>&1) && fail "ARM accepted"
grep -q 'no byline release for Linux on ARM' <<< "$out" || fail "platform message: $out"
echo "ok: a bad version and an unknown platform are refused with a message"
echo "4 passed, 0 failed"
