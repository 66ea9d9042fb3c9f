#!/bin/sh
# install-deps.sh: install the Debian packages ctriage needs to build and test.
#
# Idempotent: a package is installed only when pkg-config (or the command it
# provides) cannot find it, so a machine that already has everything runs no
# apt-get at all.  Uses sudo when not root.  Run by `make deps`, which `make
# demo` and `make check` run first.
set -eu

missing=""
need_pc() {	# need_pc PKGCONFIG-NAME DEBIAN-PACKAGE
	pkg-config --exists "$1" 2>/dev/null || missing="$missing $2"
}
need_cmd() {	# need_cmd COMMAND DEBIAN-PACKAGE
	command -v "$1" >/dev/null 2>&1 || missing="$missing $2"
}

need_cmd pkg-config pkg-config
need_cmd cc gcc
need_cmd make make
need_pc libarchive libarchive-dev
need_pc yaml-0.1 libyaml-dev
need_pc jansson libjansson-dev
need_pc libpcre2-8 libpcre2-dev
optional=""
if [ "${CTRIAGE_DEPS:-}" != "build" ]; then
	need_pc cmocka libcmocka-dev
	# Report tests (tests/cli/report.sh): SARIF through jq, JUnit through
	# xmllint; Chromium renders the HTML report, and its test is skipped
	# when Chromium cannot be installed (offline), so it is optional.
	need_cmd jq jq
	need_cmd xmllint libxml2-utils
	command -v chromium >/dev/null 2>&1 || optional="chromium"
fi

[ -n "$missing$optional" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
elif [ -z "$missing" ]; then
	echo "install-deps: cannot install $optional (no root or sudo);" \
	    "the HTML rendering test will be skipped" >&2
	exit 0
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	$SUDO apt-get update -qq >/dev/null
else
	# Only optional packages: being offline must not fail the build.
	$SUDO apt-get update -qq >/dev/null 2>&1 || true
fi
if [ -n "$missing" ]; then
	echo "install-deps: installing:$missing" >&2
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
if [ -n "$optional" ]; then
	echo "install-deps: installing (optional): $optional" >&2
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -qq --no-install-recommends $optional \
	    >/dev/null 2>&1 || echo "install-deps: could not install" \
	    "$optional; the HTML rendering test will be skipped" >&2
fi
