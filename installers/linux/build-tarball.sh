#!/usr/bin/env bash
# Build dist/tiaojie-<version>-linux-<arch>.tar.gz: the PyInstaller one-folder
# build of Tiaojie 调解台 plus its .desktop entry, icons and a small installer
# script.  Run from anywhere; uses the repository's .venv unless PYTHON is set.
#
#   installers/linux/build-tarball.sh               # PyInstaller + tarball
#   SKIP_PYINSTALLER=1 installers/linux/build-tarball.sh   # reuse dist/tiaojie
#
# Environment: PYTHON (venv python), DIST (output folder, default dist/),
# WORK (PyInstaller work folder, default build/pyinstaller).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PY=${PYTHON:-$ROOT/.venv/bin/python}
DIST=${DIST:-$ROOT/dist}
WORK=${WORK:-$ROOT/build/pyinstaller}
VERSION=$("$PY" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
    "$ROOT/pyproject.toml")
ARCH=$(uname -m)
NAME="tiaojie-$VERSION-linux-$ARCH"

if [ "${SKIP_PYINSTALLER:-0}" != 1 ]; then
    "$PY" -m PyInstaller "$ROOT/installers/tiaojie.spec" \
        --distpath "$DIST" --workpath "$WORK" --noconfirm
fi
BUNDLE="$DIST/tiaojie"
test -x "$BUNDLE/tiaojie" && test -x "$BUNDLE/tiaojie-gui" || {
    echo "build-tarball: $BUNDLE/tiaojie{,-gui} missing; run PyInstaller first" >&2; exit 1; }

# Smoke test: the frozen CLI must create a database (migrations bundled) and
# verify its audit chain, without touching the user's own data.
SMOKE=$(mktemp -d)
trap 'rm -rf "$SMOKE"' EXIT
TIAOJIE_CONFIG_DIR="$SMOKE" TIAOJIE_DATA_DIR="$SMOKE" \
    "$BUNDLE/tiaojie" --db "sqlite:///$SMOKE/smoke.db" init
TIAOJIE_CONFIG_DIR="$SMOKE" TIAOJIE_DATA_DIR="$SMOKE" \
    "$BUNDLE/tiaojie" --db "sqlite:///$SMOKE/smoke.db" audit verify

STAGE="$SMOKE/stage/$NAME"
mkdir -p "$STAGE"
cp -a "$BUNDLE/." "$STAGE/"
install -Dm644 "$ROOT/installers/linux/tiaojie.desktop" "$STAGE/share/applications/tiaojie.desktop"
install -Dm644 "$ROOT/resources/icons/tiaojie.png" "$STAGE/share/icons/hicolor/256x256/apps/tiaojie.png"
install -Dm644 "$ROOT/resources/icons/tiaojie.svg" "$STAGE/share/icons/hicolor/scalable/apps/tiaojie.svg"

cat > "$STAGE/install-desktop-entry.sh" <<'INSTALL'
#!/bin/sh
# Put 调解台 in the application menu and `tiaojie` / `tiaojie-gui` on PATH.
# As a normal user: into ~/.local; as root: into /usr/local (for every user).
# The program stays in this folder: move the folder first, then run this.
# `--remove` undoes it.  Your data (~/.local/share/tiaojie, ~/.config/tiaojie)
# is never touched.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
if [ "$(id -u)" = 0 ]; then PREFIX=/usr/local; else PREFIX="$HOME/.local"; fi
APPS="$PREFIX/share/applications"
ICONS="$PREFIX/share/icons/hicolor"
if [ "${1:-}" = "--remove" ]; then
    rm -f "$PREFIX/bin/tiaojie" "$PREFIX/bin/tiaojie-gui" "$APPS/tiaojie.desktop" \
          "$ICONS/256x256/apps/tiaojie.png" "$ICONS/scalable/apps/tiaojie.svg"
else
    mkdir -p "$PREFIX/bin" "$APPS" "$ICONS/256x256/apps" "$ICONS/scalable/apps"
    ln -sf "$HERE/tiaojie" "$PREFIX/bin/tiaojie"
    ln -sf "$HERE/tiaojie-gui" "$PREFIX/bin/tiaojie-gui"
    sed -e "s|^Exec=.*|Exec=\"$HERE/tiaojie-gui\"|" -e "s|^TryExec=.*|TryExec=$HERE/tiaojie-gui|" \
        "$HERE/share/applications/tiaojie.desktop" > "$APPS/tiaojie.desktop"
    cp "$HERE/share/icons/hicolor/256x256/apps/tiaojie.png" "$ICONS/256x256/apps/"
    cp "$HERE/share/icons/hicolor/scalable/apps/tiaojie.svg" "$ICONS/scalable/apps/"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$ICONS" || true
echo "done: $PREFIX"
INSTALL
chmod 755 "$STAGE/install-desktop-entry.sh"

cat > "$STAGE/README.txt" <<README
调解台 Tiaojie $VERSION for Linux ($ARCH)

  ./tiaojie-gui                 open the program
  ./tiaojie --help              command line (init, demo, audit verify, ...)
  ./install-desktop-entry.sh    add it to the application menu and PATH
                                (as root: for all users, into /usr/local)

Your data is kept in ~/.local/share/tiaojie (database, backups) and
~/.config/tiaojie (settings); deleting this folder does not remove it.

The program brings its own Python, Qt and Chinese font, but uses the
system's graphics and font libraries.  On Debian 12 / Ubuntu 22.04+:

  sudo apt-get install --no-install-recommends \\
      libgl1 libegl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 \\
      libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \\
      libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0

(the libxcb*/libxkbcommon-x11 ones are for a real X11 screen; on a native
Wayland session libwayland-client0 libwayland-cursor0 libwayland-egl1 too.)
If Qt reports "could not load the Qt platform plugin xcb", a package of the
second line is missing.
README

tar -C "$SMOKE/stage" -czf "$DIST/$NAME.tar.gz" "$NAME"
echo "built $DIST/$NAME.tar.gz ($(du -h "$DIST/$NAME.tar.gz" | cut -f1), unpacked $(du -sh "$STAGE" | cut -f1))"
