#!/usr/bin/env bash
# Installs what the integration tests start for real: PostgreSQL, Redis and Prometheus servers
# (Debian packages), and shellcheck for the script tests. The tests launch their own throwaway instances on free loopback ports.
set -euo pipefail

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
# The script tests run shellcheck over every script in the repository (Infra/ScriptTests.cs).
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)

if [ ${#need[@]} -eq 0 ]; then
  echo "prerequisites: already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "prerequisites: installing ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3; do
  if $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; then
    break
  fi
  [ "$attempt" -eq 3 ] && { echo "prerequisites: apt-get failed" >&2; exit 1; }
  sleep 5
done

# The Debian packages start system-wide services; the tests use their own instances, so stop them.
for service in postgresql redis-server prometheus; do
  $SUDO service "$service" stop >/dev/null 2>&1 || true
done
echo "prerequisites: done"
