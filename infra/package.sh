#!/usr/bin/env bash
# Publishes the Functions app (.NET 10 isolated worker, linux-x64, ReadyToRun, framework-dependent: Flex
# Consumption's dotnet-isolated 10.0 stack brings the runtime) and lays it out as the zip Flex deploys:
#
#   artifacts/functionapp/
#     host.json                          the repository's host.json (no extension bundle: extensions come from the build)
#     worker.config.json                 how the host starts the worker (dotnet Serverless.Diag.Functions.dll)
#     functions.metadata                 ScheduledDiagnosis (timer, %DIAG_SCHEDULE%) and Diagnose (HTTP /api/diagnose)
#     Serverless.Diag.Functions.dll      the worker and its dependencies (ReadyToRun)
#     .azurefunctions/                   the host-side extensions the build resolved (timer, HTTP proxying)
#     diag.yaml                          the config (DIAG_CONFIG defaults to it)
#   artifacts/functionapp.zip            the same tree, file modes recorded, for zip deploy / one deploy
#
# Usage: infra/package.sh [--config FILE] [--include PATH]... [--output DIR]
#   --config   the diag.yaml to ship (default: diag.yaml at the repository root)
#   --include  an extra file or folder, relative to the repository root, copied with its path
#              (e.g. .github/ISSUE_TEMPLATE/incident.md when the config names a template)
#   --output   where to put functionapp/ and functionapp.zip (default: artifacts)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
config="$root/diag.yaml"
output="$root/artifacts"
includes=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --config) config="$(realpath "$2")"; shift 2 ;;
    --include) includes+=("$2"); shift 2 ;;
    --output) mkdir -p "$2"; output="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [[ ! -f "$config" ]]; then
  echo "package.sh: no config at $config; pass --config path/to/diag.yaml" >&2
  exit 2
fi

app="$output/functionapp"
zip="$output/functionapp.zip"
rm -rf "$app" "$zip"
mkdir -p "$app"

dotnet publish "$root/functions/Serverless.Diag.Functions/Serverless.Diag.Functions.csproj" \
  --configuration Release \
  --runtime linux-x64 \
  --self-contained false \
  --output "$app" \
  -p:PublishReadyToRun=true \
  -p:DebugType=none \
  -p:GenerateDocumentationFile=false \
  --nologo

cp "$root/host.json" "$app/host.json"
cp "$config" "$app/diag.yaml"
# ${includes[@]+...}: bash 3.2 (macOS) treats an empty "${includes[@]}" as unbound under set -u.
for include in ${includes[@]+"${includes[@]}"}; do
  mkdir -p "$app/$(dirname "$include")"
  cp -R "$root/$include" "$app/$include"
done

# File modes are written into the zip explicitly (infra/zip-package.py): a package built on Windows must
# still start on Linux.
python3 "$root/infra/zip-package.py" "$app" "$zip"

echo "package.sh: $app"
echo "package.sh: $zip ($(du -h "$zip" | cut -f1))"
