#!/usr/bin/env bash
# Publishes the serverless-diag command line as one self-contained executable for one platform:
#   --mode aot   Native AOT (the released binary): no .NET runtime on the machine, starts in milliseconds
#   --mode r2r   single-file, self-contained ReadyToRun (the fallback, and the benchmark's comparison)
# --cached publishes into a cache folder keyed by a digest of every input of the build (sources, project files,
# SDK version, this script), so the tests and the benchmark reuse one build until a source changes; the last line
# printed is the path of the executable.
#
# Usage: scripts/publish-cli.sh --mode aot|r2r [--rid RID] (--output DIR | --cached)
# Native AOT on Linux links with clang and lld (scripts/install-prerequisites.sh installs them).
set -euo pipefail
cd "$(dirname "$0")/.."

mode=""
rid=""
output=""
cached=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --mode=*) mode="${1#--mode=}"; shift ;;
    --rid) rid="${2:-}"; shift 2 ;;
    --rid=*) rid="${1#--rid=}"; shift ;;
    --output) output="${2:-}"; shift 2 ;;
    --output=*) output="${1#--output=}"; shift ;;
    --cached) cached=1; shift ;;
    *) echo "publish-cli: unknown argument '$1'" >&2; exit 2 ;;
  esac
done

case "$mode" in
  aot | r2r) ;;
  *) echo "publish-cli: --mode must be aot or r2r" >&2; exit 2 ;;
esac

if [ -z "$rid" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) rid=linux-x64 ;;
    Linux-aarch64 | Linux-arm64) rid=linux-arm64 ;;
    Darwin-arm64) rid=osx-arm64 ;;
    Darwin-x86_64) rid=osx-x64 ;;
    MINGW* | MSYS* | CYGWIN*) rid=win-x64 ;;
    *) echo "publish-cli: no runtime identifier for $(uname -s) $(uname -m); pass --rid" >&2; exit 2 ;;
  esac
fi

exe="serverless-diag"
case "$rid" in win-*) exe="serverless-diag.exe" ;; esac

if command -v sha256sum >/dev/null 2>&1; then digest_of() { sha256sum; }; else digest_of() { shasum -a 256; }; fi

# Every file the build reads, in a stable order, each with its name.
inputs_digest() {
  {
    dotnet --version
    printf '%s %s\n' "$mode" "$rid"
    find action/Serverless.Diag.Cli functions examples global.json Directory.Build.props Directory.Packages.props \
      BannedSymbols.txt scripts/publish-cli.sh -type f -not -path '*/bin/*' -not -path '*/obj/*' 2>/dev/null \
      | LC_ALL=C sort | while IFS= read -r file; do printf '%s\n' "$file"; cat "$file"; done
  } | digest_of | cut -c1-24
}

cache_root="${DIAG_BUILD_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/serverless-diag}"
if [ "$cached" = 1 ]; then
  [ -z "$output" ] || { echo "publish-cli: --cached and --output exclude each other" >&2; exit 2; }
  output="$cache_root/cli-$mode-$rid-$(inputs_digest)"
  if [ -x "$output/$exe" ]; then
    echo "publish-cli: $mode $rid unchanged since the cached build" >&2
    echo "$output/$exe"
    exit 0
  fi
  # Older builds of the same mode and platform are dropped, so the cache holds one of each.
  find "$cache_root" -maxdepth 1 -type d -name "cli-$mode-$rid-*" -exec rm -rf {} + 2>/dev/null || true
fi
[ -n "$output" ] || { echo "publish-cli: pass --output DIR or --cached" >&2; exit 2; }

staging="$output.partial"
rm -rf "$staging"
mkdir -p "$staging"

# Its own intermediate folders (--artifacts-path): a publish for a platform never rewrites what the solution build
# left in obj/ and bin/, so tests run --no-build right after it see the build they were compiled against.
common=(-c Release -r "$rid" --self-contained true -nologo -v q -o "$staging" --artifacts-path "$cache_root/build-$mode-$rid"
  -p:DebugType=none -p:DebugSymbols=false)
if [ "$mode" = aot ]; then
  dotnet publish action/Serverless.Diag.Cli/Serverless.Diag.Cli.csproj "${common[@]}" -p:PublishAot=true -p:StripSymbols=true >&2
else
  dotnet publish action/Serverless.Diag.Cli/Serverless.Diag.Cli.csproj "${common[@]}" -p:PublishReadyToRun=true \
    -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true >&2
fi

[ -x "$staging/$exe" ] || [ -f "$staging/$exe" ] || { echo "publish-cli: $staging/$exe was not produced" >&2; exit 1; }
# Only the executable ships: symbol files and the like stay out of the release archive.
find "$staging" -mindepth 1 -maxdepth 1 ! -name "$exe" -exec rm -rf {} +
rm -rf "$output"
mv "$staging" "$output"
echo "$output/$exe"
