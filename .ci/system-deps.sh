#!/usr/bin/env bash
# Debian packages the test suite needs: offscreen Qt, a CJK font, PostgreSQL,
# poppler (PDF checks) and LibreOffice (DOCX conversion check).  Installed only
# when running as root and something is missing, so developers without root
# are told what to install instead.
set -euo pipefail
PACKAGES=(
  libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3
  fonts-wqy-microhei fonts-dejavu-core
  postgresql postgresql-contrib
  poppler-utils poppler-data
  libreoffice-writer-nogui fonts-arphic-uming fonts-arphic-ukai
)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages (install them as root): ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
