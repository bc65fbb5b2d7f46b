#!/usr/bin/env bash
# Side by side with wrk (Debian package) against the same local Kestrel target:
#   1. throughput at saturation (closed model, same connection count), ratio ours / wrk     goal >= 0.6
#   2. p50 and p99 on a fixed 20 ms endpoint, ours at a fixed moderate rate (open model) and ours closed,
#      against wrk at the same connection count (wrk has no fixed-rate mode)               goal within 15 %
#   3. our peak memory for 1,000,000 requests (/usr/bin/time -v max RSS)                     goal < 100 MB
# Usage: bench/load-vs-wrk.sh            (SATURATION_SECONDS, LATENCY_SECONDS, CONNECTIONS, MEMORY_REQUESTS override)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
project="$here/Serverless.Diag.Bench"
saturation_seconds="${SATURATION_SECONDS:-10}"
latency_seconds="${LATENCY_SECONDS:-10}"
connections="${CONNECTIONS:-32}"
latency_connections="${LATENCY_CONNECTIONS:-10}"
memory_requests="${MEMORY_REQUESTS:-1000000}"

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }

echo "building the bench (Release)..." >&2
dotnet build -c Release "$project" -v quiet -nologo >/dev/null
bench=("dotnet" "$project/bin/Release/net10.0/Serverless.Diag.Bench.dll")

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${bench[@]}" load-target --port "$port" >/dev/null 2>&1 &
target_pid=$!
trap 'kill "$target_pid" 2>/dev/null || true' EXIT
base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do curl -fs "$base/hello" >/dev/null && break; sleep 0.2; done

# wrk prints latency as 1.23ms / 456.00us / 1.02s; convert to ms.
to_ms() { awk '{ v=$1; if (v ~ /us$/) { sub(/us$/,"",v); v/=1000 } else if (v ~ /ms$/) { sub(/ms$/,"",v) } else if (v ~ /s$/) { sub(/s$/,"",v); v*=1000 } printf "%.3f", v }'; }
wrk_rps() { awk '/^Requests\/sec:/ { print $2 }'; }
wrk_pct() { awk -v p="$1" '$1 == p { print $2 }' | to_ms; }
field() { tr ' ' '\n' | awk -F= -v k="$1" '$1 == k { print $2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo "warming the target up..." >&2
wrk -t2 -c"$connections" -d3s "$base/hello" >/dev/null
"${bench[@]}" http-load --url "$base/hello" --concurrency "$connections" --duration 3 >/dev/null

echo "1. saturation, /hello, $connections connections, ${saturation_seconds}s each" >&2
wrk_sat="$(wrk -t2 -c"$connections" -d"${saturation_seconds}s" "$base/hello")"
ours_sat="$("${bench[@]}" http-load --url "$base/hello" --concurrency "$connections" --duration "$saturation_seconds" --warmup-requests 20000)"
wrk_tput="$(echo "$wrk_sat" | wrk_rps)"
ours_tput="$(echo "$ours_sat" | field throughput)"

echo "2. latency, /fixed/20, $latency_connections connections, ${latency_seconds}s each" >&2
wrk_lat="$(wrk -t2 -c"$latency_connections" -d"${latency_seconds}s" --latency "$base/fixed/20")"
wrk_lat_rps="$(echo "$wrk_lat" | wrk_rps)"
wrk_p50="$(echo "$wrk_lat" | wrk_pct 50%)"
wrk_p99="$(echo "$wrk_lat" | wrk_pct 99%)"
# A moderate fixed rate: half of what the same connections sustain closed-loop, so no request waits for a connection.
rate="$(awk -v r="$wrk_lat_rps" 'BEGIN { printf "%d", r / 2 }')"
ours_open="$("${bench[@]}" http-load --url "$base/fixed/20" --concurrency "$latency_connections" --rate "$rate" --duration "$latency_seconds" --warmup-requests "$latency_connections")"
ours_closed="$("${bench[@]}" http-load --url "$base/fixed/20" --concurrency "$latency_connections" --duration "$latency_seconds")"

echo "3. memory, $memory_requests requests, /hello, $connections connections" >&2
memory_log="$(mktemp)"
ours_mem="$(/usr/bin/time -v -o "$memory_log" "${bench[@]}" http-load --url "$base/hello" --concurrency "$connections" --requests "$memory_requests")"
max_rss_mb="$(awk -F: '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$memory_log")"
rm -f "$memory_log"

cat <<REPORT

wrk  saturation:   $(echo "$wrk_sat" | grep -E 'Requests/sec|requests in')
ours saturation:   $ours_sat
wrk  /fixed/20:    ${wrk_lat_rps} req/s closed-loop, p50=${wrk_p50} ms p99=${wrk_p99} ms
ours open model:   rate=${rate}/s  $ours_open
ours closed model: $ours_closed
ours 1M requests:  $ours_mem  max_rss_mb=${max_rss_mb}

throughput ratio (ours/wrk, goal >= 0.6):            $(ratio "$ours_tput" "$wrk_tput")
p50 ratio open model (ours/wrk, goal 0.85..1.15):    $(ratio "$(echo "$ours_open" | field p50)" "$wrk_p50")
p99 ratio open model (ours/wrk, goal 0.85..1.15):    $(ratio "$(echo "$ours_open" | field p99)" "$wrk_p99")
p50 ratio closed model (ours/wrk):                   $(ratio "$(echo "$ours_closed" | field p50)" "$wrk_p50")
p99 ratio closed model (ours/wrk):                   $(ratio "$(echo "$ours_closed" | field p99)" "$wrk_p99")
peak memory for $memory_requests requests (goal < 100 MB): ${max_rss_mb} MB max RSS
REPORT
