#!/usr/bin/env bash
# Installs what the integration tests start for real: PostgreSQL, Redis and Prometheus servers
# (Debian packages), Azurite, the Azure Storage emulator (npm package, pinned) for the state store tests,
# ShellCheck for the script tests, and for the status page tests headless Chromium (Debian package) and the
# Nu Html Checker (npm vnu-jar, pinned; run by Java); clang/lld/zlib for the Native AOT build of the command line.
# The tests launch their own throwaway instances on free loopback ports.
set -euo pipefail

# Pinned: azurite 3.36 and later require Node 22; Debian's nodejs is 20.
AZURITE_VERSION=3.35.0
VNU_VERSION=26.9.27
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

install_azurite() {
  if command -v azurite >/dev/null 2>&1 && [ "$(azurite --version 2>/dev/null)" = "$AZURITE_VERSION" ]; then
    return 0
  fi
  echo "prerequisites: installing azurite@$AZURITE_VERSION (npm)"
  for attempt in 1 2 3; do
    if $SUDO npm install -g --no-audit --no-fund "azurite@$AZURITE_VERSION" >/dev/null 2>&1; then
      return 0
    fi
    [ "$attempt" -eq 3 ] && { echo "prerequisites: npm install azurite failed" >&2; exit 1; }
    sleep 5
  done
}

# The validator's jar only: its postinstall would download a Java of its own, Debian's is used instead.
install_vnu() {
  local root
  root="$(npm root -g 2>/dev/null || echo /usr/lib/node_modules)"
  if [ -f "$root/vnu-jar/build/dist/vnu.jar" ] && grep -q "\"version\": \"$VNU_VERSION\"" "$root/vnu-jar/package.json" 2>/dev/null; then
    return 0
  fi
  echo "prerequisites: installing vnu-jar@$VNU_VERSION (npm)"
  for attempt in 1 2 3; do
    if $SUDO npm install -g --no-audit --no-fund --ignore-scripts "vnu-jar@$VNU_VERSION" >/dev/null 2>&1; then
      return 0
    fi
    [ "$attempt" -eq 3 ] && { echo "prerequisites: npm install vnu-jar failed" >&2; exit 1; }
    sleep 5
  done
}

need=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql postgresql-contrib)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
# The script tests run shellcheck over every script in the repository (Infra/ScriptTests.cs).
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
# Native AOT publishing of the command line (scripts/publish-cli.sh) compiles and links with clang, lld and zlib.
command -v clang >/dev/null 2>&1 || need+=(clang)
command -v ld.lld >/dev/null 2>&1 || need+=(lld)
[ -f /usr/include/zlib.h ] || need+=(zlib1g-dev)
# The status page tests: a real headless browser and the Java the validator runs on.
command -v chromium >/dev/null 2>&1 || need+=(chromium fonts-dejavu-core)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)

if [ ${#need[@]} -eq 0 ]; then
  install_azurite
  install_vnu
  echo "prerequisites: already installed"
  exit 0
fi

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
install_azurite
install_vnu
echo "prerequisites: done"
