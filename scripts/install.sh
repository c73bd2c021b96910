#!/usr/bin/env bash
# Install pledgewatch into ./.venv. With --test, also what the test suite needs
# (system packages first: PostgreSQL and Chromium for the ledger and dashboard tests, Node.js's npm
# for axe-core in tests/axe).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${1:-}" = "--test" ] && [ -x scripts/system-deps.sh ]; then
    scripts/system-deps.sh
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install -q -e '.[test]'
    # axe-core, the accessibility checker the dashboard's browser tests inject (never served by the dashboard)
    npm ci --prefix tests/axe --no-audit --no-fund --silent
else
    .venv/bin/python -m pip install -q -e .
fi
# Bytecode compiled once, so that each command starts without compiling the package's modules
# (Python would do it at every start where PYTHONDONTWRITEBYTECODE is set: about 0.2 s a command)
.venv/bin/python -m compileall -q src/pledgewatch >/dev/null
