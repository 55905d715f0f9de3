#!/usr/bin/env bash
# run.sh [MAIS] — the browser test of the web UI (browser.test.mjs) under
# node's test runner.  Installs playwright-core from package-lock.json
# (npm ci) when node_modules is missing.  Without node, npm or Chromium it
# says "skipped" and exits 0: the test needs a browser, the build does not.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export MAIS=${1:-${MAIS:-$here/../../build/mais}}
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

skip() {
	echo "e2e: skipped: $*"
	exit 0
}
command -v node >/dev/null || skip "node not found (apt-get install nodejs npm)"
command -v npm >/dev/null || skip "npm not found (apt-get install npm)"
[[ -x $CHROMIUM ]] || skip "$CHROMIUM not found (apt-get install chromium)"
[[ -x $MAIS ]] || { echo "e2e: $MAIS not found: build first" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
((major >= 18)) || skip "node $major is too old (18 or later needed)"

cd "$here"
if [[ ! -d node_modules/playwright-core ]]; then
	npm ci --no-audit --no-fund ||
		skip "npm ci failed (no access to the npm registry?)"
fi
exec node --test --test-concurrency=1 --test-reporter=spec
