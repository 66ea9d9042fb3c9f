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
if [ "${CTRIAGE_DEPS:-}" != "build" ]; then
	need_pc cmocka libcmocka-dev
fi

[ -n "$missing" ] || exit 0

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "install-deps: need root or sudo to install:$missing" >&2
	exit 1
fi

echo "install-deps: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
