#!/usr/bin/env bash
# Makes sure the browser tests can run: Debian's chromium, Node.js and the npm package
# playwright-core (pinned in web/e2e/package-lock.json). Idempotent: a second run changes
# nothing and prints nothing. Fails loudly when something cannot be installed, so the browser
# tests never pass by being skipped.
#
#   scripts/browser.sh          install what is missing
#   scripts/browser.sh status   say what is installed
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
E2E="$ROOT/web/e2e"
CHROMIUM=/usr/bin/chromium

say() { printf 'browser: %s\n' "$*" >&2; }
die() { printf 'browser: error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then SUDO=(); else SUDO=(sudo); fi
as_root() { "${SUDO[@]}" "$@"; }

have_playwright() { [ -f "$E2E/node_modules/playwright-core/package.json" ]; }

if [ "${1:-}" = "status" ]; then
	ok=0
	if [ -x "$CHROMIUM" ]; then say "chromium: $("$CHROMIUM" --version 2>/dev/null || echo present)"; else say "chromium: missing"; ok=1; fi
	if command -v node >/dev/null 2>&1; then say "node: $(node --version)"; else say "node: missing"; ok=1; fi
	if have_playwright; then say "playwright-core: installed"; else say "playwright-core: missing"; ok=1; fi
	exit $ok
fi

APT_UPDATED=0
apt_install() {
	if [ ! -r /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
		die "cannot install $* here: this script installs packages only on Debian.
    Install Chromium (at $CHROMIUM) and Node.js >= 20 yourself, then run this script again."
	fi
	if [ "$APT_UPDATED" -eq 0 ]; then
		say "apt-get update"
		as_root apt-get update -qq >/dev/null || die "apt-get update failed"
		APT_UPDATED=1
	fi
	say "installing $*"
	as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null ||
		die "apt-get install $* failed"
}

if [ ! -x "$CHROMIUM" ]; then
	apt_install chromium fonts-dejavu-core
	[ -x "$CHROMIUM" ] || die "chromium installed but $CHROMIUM is missing"
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	apt_install nodejs npm
fi
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || die "Node.js $(node --version) is too old; the browser tests need >= 20"

if ! have_playwright; then
	say "installing playwright-core (npm ci in web/e2e)"
	# The browser is Debian's: never let playwright download one.
	(cd "$E2E" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >/dev/null) ||
		die "npm ci in web/e2e failed (is the npm registry reachable?)"
	have_playwright || die "npm ci finished but playwright-core is missing"
fi
