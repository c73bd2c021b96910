#!/usr/bin/env bash
# System packages the test suite needs: PostgreSQL (ledger tests start a throwaway cluster
# with its binaries), Chromium with its driver (dashboard browser tests) and npm (axe-core for
# the dashboard's accessibility test, installed by scripts/install.sh --test).
# Idempotent: installs only what is missing, running `apt-get update` at most once.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
