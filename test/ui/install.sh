#!/usr/bin/env bash
# What the browser suite needs beyond npm: Debian's Chromium (playwright-core comes from npm,
# but no browser download works here). Installed with apt-get when missing (CI runs as root).
set -euo pipefail
# (GitHub's Ubuntu runners bring Google Chrome, which playwright-core drives just as well)
if [ -n "${CHROMIUM_PATH:-}" ] || command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/google-chrome ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
	echo "Chromium is missing: run 'sudo apt-get install chromium' (or set CHROMIUM_PATH)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium >/dev/null
chromium --version
