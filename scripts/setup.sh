#!/usr/bin/env bash
# Idempotent setup for a fresh machine or a fresh clone: system packages, npm packages from the
# lockfiles, the build, the native Kafka mock helper and the local object-store servers.
# Safe to run again: each step skips what is already in place.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

# 1. Debian packages: librdkafka's mock cluster (the local Kafka broker), a C compiler for the
#    helper that drives it, kcat as an independent Kafka client, openssl for the test
#    certificates of the TLS tests, and Apache Avro's Python and C libraries as independent
#    readers of the Avro files the tests write.
need=()
for pkg in librdkafka-dev gcc libc6-dev kcat openssl python3-avro avro-bin; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || need+=("$pkg")
done
if ((${#need[@]})); then
  step "Installing Debian packages: ${need[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Need root (or sudo) to install: ${need[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
else
  step "Debian packages present"
fi

# 2. npm packages, exactly as locked. Reinstall only when the lockfile changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
else
  step "node_modules up to date"
fi

# 3. The local S3/Azure/GCS servers live in their own folder with their own lockfile, so that
#    their ~600 MB never become a dependency of a library package. firebase-tools' install
#    scripts download things; the Storage emulator does not need them.
if [ ! -f tools/servers/node_modules/.package-lock.json ] || [ tools/servers/package-lock.json -nt tools/servers/node_modules/.package-lock.json ]; then
  step "Installing local object-store servers (tools/servers)"
  npm ci --prefix tools/servers --ignore-scripts --no-audit --no-fund
else
  step "Local object-store servers up to date"
fi

# 4. Build every package, then the native Kafka mock-cluster helper.
step "Build"
npx turbo run build --output-logs=errors-only
step "Native Kafka mock-cluster helper"
node --input-type=module -e "const { buildMockCluster } = await import('@sinkkit/testkit'); console.log(await buildMockCluster());"

step "Setup done. Run the tests with: npm test"
