#!/usr/bin/env bash
# The project's test command (README.md): installs the servers the integration tests need, builds,
# runs every test project, and ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

bash scripts/install-prerequisites.sh || exit 1

results="$(pwd)/TestResults"
rm -rf "$results"
mkdir -p "$results"

dotnet build Serverless.Diag.sln -c Release -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

# The deployment's Bicep must compile with zero warnings (Bicep CLI from its NuGet package).
bash infra/build-bicep.sh || { echo "0 passed, 1 failed"; exit 1; }

# The released command line is a Native AOT binary: the AOT tests (DIAG_AOT_BINARY) and every process-level test
# (DIAG_CLI_BINARY) start it, so the end-to-end scenarios run against what users download. Cached by a digest of
# its inputs, so an unchanged tree does not publish again.
if ! DIAG_AOT_BINARY="$(bash scripts/publish-cli.sh --mode aot --cached | tail -n 1)"; then
  echo "0 passed, 1 failed"
  exit 1
fi
DIAG_CLI_BINARY="$DIAG_AOT_BINARY"
export DIAG_AOT_BINARY DIAG_CLI_BINARY

status=0
dotnet test Serverless.Diag.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 | tee "$results/console.log" || status=$?

# Count from the TRX files: dotnet test's own summary is per assembly and is not read by CI.
passed=0
failed=0
while IFS= read -r -d '' trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(count passed)))
  failed=$((failed + $(count failed) + $(count error) + $(count timeout) + $(count aborted)))
done < <(find "$results" -name '*.trx' -print0)

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1  # the test host crashed or the run aborted before reporting
fi
echo "${passed} passed, ${failed} failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
