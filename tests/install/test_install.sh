#!/usr/bin/env bash
# Installs the build with `cmake --install` into a temporary prefix, then runs the installed programs
# from another folder, as a user would: they find their presets, shaders and font from their own
# place (and still do after the prefix is moved), train a tiny run, sample it, and the explorer opens
# it under Xvfb. The man pages, completions and desktop files are where the desktop looks for them.
# usage: test_install.sh BUILD_DIR TINY_CONFIG
set -u
BUILD=$(realpath "$1") TINY=$(realpath "$2")
T=$(mktemp -d /tmp/vlae-install.XXXXXX)
trap 'rm -rf "$T"' EXIT
P=$T/prefix
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
# The programs must find their files by themselves: no hint from the environment.
unset VLAE_SHARE_DIR VLAE_ASSETS_DIR VLAE_SHADERS_DIR
export XDG_CONFIG_HOME=$T/config VLAE_DATA_DIR=$T/data OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

if ! cmake --install "$BUILD" --prefix "$P" >"$T/install.log" 2>&1; then
  cat "$T/install.log"
  bad "cmake --install into a temporary prefix"
  echo "$pass passed, $fail failed"
  exit 1
fi
ok "cmake --install into a temporary prefix"
S=$P/share
check "bin/vlae and bin/vlae-explorer" test -x "$P/bin/vlae" -a -x "$P/bin/vlae-explorer"
check "presets in share/vlae-explorer/presets" test -f "$S/vlae-explorer/presets/mnist-quick.json"
check "shaders in share/vlae-explorer/shaders" test -f "$S/vlae-explorer/shaders/image.frag"
check "the font linked in share/vlae-explorer/fonts" test -L "$S/vlae-explorer/fonts/DejaVuSans.ttf"
check "no build-tree library path in the installed programs" \
  bash -c "! readelf -d '$P/bin/vlae' '$P/bin/vlae-explorer' | grep -qE 'R(UN)?PATH'"
check "man pages: vlae(1) and vlae-explorer(1), compressed" \
  bash -c "zcat '$S/man/man1/vlae.1.gz' | grep -q '^\.TH' && zcat '$S/man/man1/vlae-explorer.1.gz' | grep -q '^\.TH'"
check "vlae(1) documents the subcommands" bash -c "zcat '$S/man/man1/vlae.1.gz' | grep -q 'traverse'"
check "bash completion loads and completes 'vlae tr'" bash -c "
  source '$S/bash-completion/completions/vlae' && COMP_WORDS=(vlae tr) COMP_CWORD=1 && _vlae && [[ \" \${COMPREPLY[*]} \" == *' traverse '* ]]"
check "zsh and fish completions" test -f "$S/zsh/vendor-completions/_vlae" -a -f "$S/fish/vendor_completions.d/vlae.fish"
desktop=$S/applications/io.github.vlae_explorer.VlaeExplorer.desktop
check "desktop entry" test -f "$desktop"
if command -v desktop-file-validate >/dev/null; then
  check "desktop-file-validate passes" bash -c "[ -z \"\$(desktop-file-validate '$desktop' 2>&1)\" ]"
fi
if command -v appstreamcli >/dev/null; then
  check "appstreamcli validate passes" appstreamcli validate --no-net "$S/metainfo/io.github.vlae_explorer.VlaeExplorer.metainfo.xml"
fi
check "icons: 48 px PNG and scalable SVG" bash -c "
  [ \"\$(identify -format '%wx%h' '$S/icons/hicolor/48x48/apps/io.github.vlae_explorer.VlaeExplorer.png')\" = 48x48 ] &&
  test -f '$S/icons/hicolor/scalable/apps/io.github.vlae_explorer.VlaeExplorer.svg'"

mkdir -p "$T/elsewhere" && cd "$T/elsewhere" || exit 1
want_version=$(sed -n 's/^CMAKE_PROJECT_VERSION:[A-Z]*=//p' "$BUILD/CMakeCache.txt")
check "vlae --version says $want_version" test "$("$P/bin/vlae" --version)" = "vlae $want_version"
check "vlae-explorer --version" test "$("$P/bin/vlae-explorer" --version)" = "vlae-explorer $want_version"
"$P/bin/vlae" train --preset no-such-preset --out x >/dev/null 2>"$T/presets.err"
check "the installed presets are found from another folder" grep -q 'known presets: .*mnist-quick' "$T/presets.err"
"$P/bin/vlae" train --preset "$TINY" --data shapes --steps 3 --out run --threads 1 >"$T/train.log" 2>&1
check "installed vlae trains a tiny run" test -f run/checkpoint.pt
"$P/bin/vlae" sample run --n 3 --out s.png --threads 1 >"$T/sample.log" 2>&1
check "installed vlae samples it" bash -c "[ \"\$(identify -format '%m' s.png 2>/dev/null)\" = PNG ]"

xvfb-run -a -s "-screen 0 1280x800x24" "$P/bin/vlae-explorer" run --frames 20 --screenshot shot.png >"$T/explorer.log" 2>&1
rc=$?
check "installed vlae-explorer opens the run under Xvfb and exits 0" test "$rc" -eq 0
check "  ... with its shaders (no error about them)" bash -c "! grep -qi 'shader' '$T/explorer.log'"
check "  ... and draws a window that is not blank" bash -c "
  [ \"\$(convert shot.png -format '%[fx:standard_deviation > 0.02]' info: 2>/dev/null)\" = 1 ]"

# Moved elsewhere, the programs still find their files: nothing points back at the prefix.
mv "$P" "$T/moved"
"$T/moved/bin/vlae" train --preset no-such-preset --out x >/dev/null 2>"$T/moved.err"
check "a moved install still finds its presets" grep -q 'known presets: .*mnist-quick' "$T/moved.err"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] || { echo "--- explorer log ---"; tail -5 "$T/explorer.log"; echo "--- train log ---"; tail -3 "$T/train.log"; }
[ "$fail" -eq 0 ]
