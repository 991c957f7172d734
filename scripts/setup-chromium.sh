#!/usr/bin/env bash
# Installs Debian's chromium for the drift report test (headless page load); idempotent.
set -euo pipefail
if command -v chromium >/dev/null; then
  exit 0
fi
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium
