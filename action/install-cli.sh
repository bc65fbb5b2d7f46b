#!/usr/bin/env bash
# The action's first step: puts the serverless-diag binary for this runner in the tool cache, or says the command
# line has to be built from source. Writes to $GITHUB_OUTPUT:
#   mode=binary  bin=<path of the executable>     a release binary, its SHA-256 checked against action/binaries.sha256
#   mode=source                                   build from the action's checkout (the later steps do it)
#
# INSTALL_MODE: binary (a release binary or fail), source, or auto (binary when action/binaries.sha256 lists one for
# this platform, else source: forks and unreleased commits). The release is downloaded from
# $RELEASE_BASE_URL/v<version>/<file>, e.g. https://github.com/OWNER/REPO/releases/download/v1.2.0/<file>.
# Runs under bash 3.2 (macOS) and Git Bash (Windows).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
mode="${INSTALL_MODE:-auto}"
checksums="${DIAG_CHECKSUMS_FILE:-$here/binaries.sha256}"
output="${GITHUB_OUTPUT:-/dev/stdout}"

fail() {
  echo "::error title=serverless-diag::$1" >&2
  exit "${2:-1}"
}

case "$mode" in
  auto | binary | source) ;;
  *) fail "install-mode must be auto, binary or source (got '$mode')" 2 ;;
esac

if [ "$mode" = source ]; then
  echo "mode=source" >> "$output"
  exit 0
fi

# The runner's platform as a .NET runtime identifier; the releases are built for exactly these five.
os="${RUNNER_OS:-}"
arch="${RUNNER_ARCH:-}"
rid=""
case "$os/$arch" in
  Linux/X64) rid=linux-x64 ;;
  Linux/ARM64) rid=linux-arm64 ;;
  macOS/X64) rid=osx-x64 ;;
  macOS/ARM64) rid=osx-arm64 ;;
  Windows/X64) rid=win-x64 ;;
esac
if [ -z "$rid" ]; then
  if [ "$mode" = auto ]; then
    echo "::notice title=serverless-diag::no release binary for $os/$arch; building the command line from source"
    echo "mode=source" >> "$output"
    exit 0
  fi
  fail "no serverless-diag release binary for runner platform '$os/$arch' (released: Linux X64/ARM64, macOS X64/ARM64, Windows X64); use install-mode: source" 2
fi

archive_suffix=".tar.gz"
exe="serverless-diag"
if [ "$rid" = win-x64 ]; then
  archive_suffix=".zip"
  exe="serverless-diag.exe"
fi

# "<sha256>  serverless-diag-<version>-<rid>.<ext>", as sha256sum writes it; comments and blank lines are ignored.
line=""
if [ -f "$checksums" ]; then
  line="$(grep -E "^[0-9a-f]{64}  serverless-diag-[0-9A-Za-z.+-]+-${rid}\\${archive_suffix}\$" "$checksums" | head -n 1 || true)"
fi
if [ -z "$line" ]; then
  if [ "$mode" = auto ]; then
    echo "::notice title=serverless-diag::no release recorded for $rid in $(basename "$checksums"); building the command line from source"
    echo "mode=source" >> "$output"
    exit 0
  fi
  fail "no release binary for $rid is recorded in $checksums; use install-mode: source" 2
fi
expected="${line%% *}"
file="${line##* }"
version="${file#serverless-diag-}"
version="${version%-"${rid}${archive_suffix}"}"

digest() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d' ' -f1
  else
    shasum -a 256 "$1" | cut -d' ' -f1
  fi
}

# The runner's tool cache layout (<tool>/<version>/<arch>, then <arch>.complete), so later jobs on a self-hosted
# runner and later steps of this job find it.
cache_root="${RUNNER_TOOL_CACHE:-${RUNNER_TEMP:-/tmp}}/serverless-diag/$version"
target="$cache_root/$rid"
if [ -f "$target.complete" ] && [ "$(cat "$target.complete")" = "$expected" ] && [ -f "$target/$exe" ]; then
  echo "serverless-diag $version ($rid) from the tool cache"
else
  base="${RELEASE_BASE_URL:?RELEASE_BASE_URL is not set}"
  url="$base/v$version/$file"
  scratch="$(mktemp -d "${RUNNER_TEMP:-/tmp}/serverless-diag.XXXXXX")"
  trap 'rm -rf "$scratch"' EXIT
  echo "Downloading $url"
  curl --fail --silent --show-error --location --retry 3 --retry-delay 2 --output "$scratch/$file" "$url" \
    || fail "download of $url failed"
  actual="$(digest "$scratch/$file")"
  if [ "$actual" != "$expected" ]; then
    fail "checksum mismatch for $file: expected $expected (action/binaries.sha256), got $actual; the download is not used" 1
  fi
  rm -rf "$target" "$target.complete"
  mkdir -p "$target"
  if [ "$archive_suffix" = ".zip" ]; then
    if command -v unzip >/dev/null 2>&1; then
      unzip -q -o "$scratch/$file" -d "$target"
    else
      powershell -NoProfile -NonInteractive -Command "Expand-Archive -Force -LiteralPath '$scratch/$file' -DestinationPath '$target'"
    fi
  else
    tar -xzf "$scratch/$file" -C "$target"
  fi
  [ -f "$target/$exe" ] || fail "$file has no $exe"
  chmod +x "$target/$exe"
  printf '%s' "$expected" > "$target.complete"
  echo "serverless-diag $version ($rid) verified (sha256 $expected)"
fi

{
  echo "mode=binary"
  echo "bin=$target/$exe"
} >> "$output"
