#!/usr/bin/env bash
# Wall time of the GitHub Action's gate: the published command line (as action.yml publishes it, framework-dependent,
# Release), started the way the gate step starts it (dotnet serverless-diag.dll run ...) with a runner's environment
# (GITHUB_ACTIONS, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP), a 20-check config against local targets
# (python's http.server on loopback), timed from process start to exit.
#
#   bash bench/action-gate.sh [runs]      (default 10 runs after one warm-up)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "publishing the command line (Release)..." >&2
dotnet publish action/Serverless.Diag.Cli/Serverless.Diag.Cli.csproj --configuration Release --output "$work/cli" --nologo -v q >&2

mkdir -p "$work/site/api"
printf '{"status":"healthy","version":"1.2.3"}' > "$work/site/health"
for i in $(seq 1 8); do printf '{"id":%d,"items":[1,2,3]}' "$i" > "$work/site/api/item$i"; done
printf 'ok' > "$work/site/ready"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$work/site" > "$work/site.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/ready')" 2>/dev/null; then break; fi
  sleep 0.1
done

{
  echo "version: 1"
  echo "defaults: { timeout: 5s }"
  echo "environments:"
  echo "  local:"
  echo "    vars: { base: http://127.0.0.1:$port, port: $port }"
  echo "checks:"
  echo "  - { name: health, type: http, url: \"\${base}/health\", expect: [ status == 200, json.status == \"healthy\", latency < 2s ] }"
  echo "  - { name: ready, type: http, url: \"\${base}/ready\", expect: [ status == 200, body contains \"ok\" ] }"
  for i in $(seq 1 8); do
    echo "  - { name: item-$i, type: http, url: \"\${base}/api/item$i\", expect: [ status == 200, json.id == $i, \"json.items[2] == 3\" ] }"
  done
  for i in $(seq 1 4); do
    echo "  - { name: tcp-$i, type: tcp, host: 127.0.0.1, port: \"\${port}\", expect: [ connected == true ] }"
  done
  for i in $(seq 1 4); do
    echo "  - { name: listing-$i, type: http, url: \"\${base}/api/\", expect: [ status == 200, warn: latency < 1s ] }"
  done
  echo "  - { name: missing, type: http, url: \"\${base}/missing\", expect: [ status == 200 ] }"
  echo "  - { name: refused, type: tcp, host: 127.0.0.1, port: 1, expect: [ connected == true ] }"
} > "$work/diag.yaml"
checks="$(grep -c '^  - {' "$work/diag.yaml")"

run_gate() {
  : > "$work/output"; : > "$work/summary"
  local start end
  start="$(date +%s%N)"
  GITHUB_ACTIONS=true GITHUB_OUTPUT="$work/output" GITHUB_STEP_SUMMARY="$work/summary" RUNNER_TEMP="$work" \
    GITHUB_WORKSPACE="$work" DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    dotnet "$work/cli/serverless-diag.dll" run --config "$work/diag.yaml" > "$work/stdout" 2> "$work/stderr" && echo 0 > "$work/exit" || echo $? > "$work/exit"
  end="$(date +%s%N)"
  echo $(( (end - start) / 1000000 ))
}

warmup="$(run_gate)"
if ! grep -q 'status<<' "$work/output"; then
  echo "the gate wrote no outputs; stderr:" >&2; cat "$work/stderr" >&2; exit 1
fi
times=()
for _ in $(seq 1 "$runs"); do times+=("$(run_gate)"); done
sorted="$(printf '%s\n' ${times[@]+"${times[@]}"} | sort -n)"
median="$(printf '%s\n' "$sorted" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print }')"
status="$(awk '/^status<</ { getline; print; exit }' "$work/output")"
code="$(cat "$work/exit")"
report="$(awk '/^report<</ { getline; print; exit }' "$work/output")"
checks_ms="$(python3 -c "import json,sys; print(round(json.load(open(sys.argv[1]))['durationMs']))" "$report")"
echo "action gate, $checks checks (2 failing on purpose, status $status, exit $code), published Release build"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
echo "first run: ${warmup} ms; $runs runs: min $(printf '%s\n' "$sorted" | head -1) ms, median ${median} ms, max $(printf '%s\n' "$sorted" | tail -1) ms (process start to exit)"
echo "of which the checks themselves (report durationMs, last run): ${checks_ms} ms"
