#!/usr/bin/env bash
# Install the Debian packages IE Commons needs, but only those that are missing.
#
# Usage: scripts/system_packages.sh NEED...   where NEED is one of
#   gettext npm chromium fonts-noto-cjk pango poppler postgresql wrk uv
# Runs `apt-get update` at most once, and only when something is missing. Needs root
# (or sudo) only when it has something to install.
set -euo pipefail

missing=()
want_uv=0

for need in "$@"; do
    case "$need" in
        gettext)        command -v msgfmt >/dev/null 2>&1 || missing+=(gettext) ;;
        npm)            command -v npm >/dev/null 2>&1 || missing+=(nodejs npm) ;;
        chromium)       command -v chromium >/dev/null 2>&1 || missing+=(chromium) ;;
        fonts-noto-cjk) dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk) ;;
        # WeasyPrint (the annual reports' PDF) draws text with the system Pango.
        pango)          dpkg -s libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0) ;;
        # pdftoppm and pdftotext, to look at a generated report (not needed by the tests).
        poppler)        command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils) ;;
        postgresql)     compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql) ;;
        wrk)            command -v wrk >/dev/null 2>&1 || missing+=(wrk) ;;
        uv)             command -v uv >/dev/null 2>&1 || want_uv=1 ;;
        *) echo "system_packages.sh: unknown need '$need'" >&2; exit 2 ;;
    esac
done

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "system_packages.sh: need root to run: $*" >&2
        exit 1
    fi
}

if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing missing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    # Packages such as postgresql try to start their service on install; the test suite
    # runs its own throwaway cluster, so tell invoke-rc.d not to start anything.
    policy_added=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        as_root sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d'
        policy_added=1
    fi
    as_root apt-get update -qq
    as_root apt-get install -y -qq "${missing[@]}"
    if [ "$policy_added" -eq 1 ]; then
        as_root rm -f /usr/sbin/policy-rc.d
    fi
fi

if [ "$want_uv" -eq 1 ]; then
    echo "Installing uv with pip"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        as_root apt-get update -qq
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-pip
    fi
    # Debian's own Python marks itself externally managed; uv is a standalone tool.
    python3 -m pip install --quiet uv || python3 -m pip install --quiet --break-system-packages uv
fi
