#!/usr/bin/env bash
# Compiles the Bicep templates and every parameter file with the Bicep CLI from NuGet
# (Azure.Bicep.CommandLine.linux-x64, pinned in infra/bicep/BicepCli.proj). Fails on any error or warning.
# Usage: infra/build-bicep.sh [OUTPUT_DIR]   (the ARM JSON goes to OUTPUT_DIR, default artifacts/arm)
set -euo pipefail

infra="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
output="${1:-$infra/../artifacts/arm}"
mkdir -p "$output"

dotnet restore "$infra/bicep/BicepCli.proj" --nologo -v q >/dev/null
packages="${NUGET_PACKAGES:-$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')}"
bicep="$packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
if [[ ! -f "$bicep" ]]; then
  echo "build-bicep.sh: the Bicep CLI was not restored to $bicep" >&2
  exit 1
fi
[[ -x "$bicep" ]] || chmod +x "$bicep"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
"$bicep" build "$infra/main.bicep" --outfile "$output/main.json" 2>"$log" || status=$?
for params in "$infra"/parameters/*.bicepparam; do
  "$bicep" build-params "$params" --outfile "$output/$(basename "$params" .bicepparam).parameters.json" 2>>"$log" || status=$?
done

cat "$log" >&2
if [[ $status -ne 0 ]]; then
  echo "build-bicep.sh: compilation failed" >&2
  exit 1
fi
if grep -qiE 'warning|error' "$log"; then
  echo "build-bicep.sh: the templates must compile without warnings" >&2
  exit 1
fi
echo "build-bicep.sh: main.bicep and $(find "$infra/parameters" -name "*.bicepparam" | wc -l) parameter file(s) compiled to $output with no warnings"
