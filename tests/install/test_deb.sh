#!/usr/bin/env bash
# Builds the Debian packages with `cpack -G DEB` and checks them as Debian would: lintian finds no
# error, the dependencies dpkg-shlibdeps read off the binaries resolve on this system (apt-get's
# simulation, which installs nothing), and the unpacked programs run from their unpacked place.
# usage: test_deb.sh BUILD_DIR TINY_CONFIG
set -u
BUILD=$(realpath "$1") TINY=$(realpath "$2")
T=$(mktemp -d /tmp/vlae-deb.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
unset VLAE_SHARE_DIR VLAE_ASSETS_DIR VLAE_SHADERS_DIR
export VLAE_DATA_DIR=$T/data OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1

(cd "$BUILD" && cpack -G DEB -B "$T/pkg") >"$T/cpack.log" 2>&1 || { cat "$T/cpack.log"; bad "cpack -G DEB"; }
cli=$(ls "$T"/pkg/vlae_*.deb 2>/dev/null) gui=$(ls "$T"/pkg/vlae-explorer_*.deb 2>/dev/null)
check "cpack -G DEB makes the vlae and vlae-explorer packages" test -f "$cli" -a -f "$gui"
[ -f "$cli" ] && [ -f "$gui" ] || { echo "$pass passed, $fail failed"; exit 1; }

dpkg-deb -c "$cli" >"$T/cli.list" && dpkg-deb -c "$gui" >"$T/gui.list"
check "vlae depends on LibTorch (read off the binary)" bash -c "dpkg-deb -f '$cli' Depends | grep -q libtorch"
check "vlae-explorer depends on vlae, GLFW and the font" bash -c "
  d=\$(dpkg-deb -f '$gui' Depends); [[ \$d == *'vlae (= '* && \$d == *libglfw3* && \$d == *fonts-dejavu-core* ]]"
check "the GUI package holds the explorer, shaders and desktop entry" bash -c "
  grep -q './usr/bin/vlae-explorer\$' '$T/gui.list' && grep -q 'shaders/image.frag' '$T/gui.list' &&
  grep -q 'applications/io.github.vlae_explorer.VlaeExplorer.desktop' '$T/gui.list'"
check "the CLI package holds vlae, presets, man page and completions" bash -c "
  grep -q './usr/bin/vlae\$' '$T/cli.list' && grep -q 'presets/mnist-quick.json' '$T/cli.list' &&
  grep -q 'man1/vlae.1.gz' '$T/cli.list' && grep -q 'bash-completion/completions/vlae\$' '$T/cli.list'"
check "every file owned by root" bash -c "[ -z \"\$(awk '\$2 != \"root/root\"' '$T/cli.list' '$T/gui.list')\" ]"

if command -v lintian >/dev/null; then
  lintian --fail-on error "$cli" "$gui" >"$T/lintian.log" 2>&1
  rc=$?
  grep -v 'running with root privileges' "$T/lintian.log"
  check "lintian reports no errors" test "$rc" -eq 0
else
  echo "note: no lintian (scripts/install-deps installs it); not run"
fi
# apt-get resolves the packages' dependencies against this system without installing anything.
apt-get install --simulate "$cli" "$gui" >"$T/apt.log" 2>&1
rc=$?
check "apt-get install --simulate ./vlae*.deb resolves every dependency" bash -c "[ $rc -eq 0 ] && grep -q '^Inst vlae-explorer' '$T/apt.log'"
[ "$rc" -eq 0 ] || tail -5 "$T/apt.log"

# The unpacked tree is an install like any other: its programs find their files from where they are.
dpkg-deb -x "$cli" "$T/root" && dpkg-deb -x "$gui" "$T/root"
mkdir -p "$T/elsewhere" && cd "$T/elsewhere" || exit 1
check "the packaged vlae runs" bash -c "'$T/root/usr/bin/vlae' --version | grep -q '^vlae '"
"$T/root/usr/bin/vlae" train --preset "$TINY" --data shapes --steps 2 --out run --threads 1 >"$T/train.log" 2>&1
check "the packaged vlae trains a tiny run" test -f run/checkpoint.pt
check "the packaged vlae-explorer answers --version" bash -c "'$T/root/usr/bin/vlae-explorer' --version | grep -q '^vlae-explorer '"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
