#!/usr/bin/env bash
# Install pledgewatch into ./.venv. With --test, also what the test suite needs
# (system packages first: PostgreSQL and Chromium for the ledger and dashboard tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--test" ] && [ -x scripts/system-deps.sh ]; then
    scripts/system-deps.sh
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
else
    .venv/bin/python -m pip install -q -e .
fi
