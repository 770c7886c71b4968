#!/usr/bin/env bash
# Errors reach the red banner and the explorer keeps running: a corrupt or truncated checkpoint
# typed into the load field (xdotool cannot drop files; a drop takes the same path), a missing
# path, and broken shaders. Without a display it exits 1 with one line, no crash.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 20
head -c 3000 "$T/run/checkpoint.pt" >"$T/truncated.pt"
printf 'this is not a checkpoint\n' >"$T/garbage.pt"

start_app "$T/run" || { bad "explorer opens the run"; finish; exit; }
ok "explorer opens the run"
run_before=$(state run)
no_errors() { [ "$(state errors)" = "[]" ]; }
has_error() { state errors | grep -q "$1"; }
check "no error at start" no_errors

load() {
  click load_path
  xdotool key ctrl+a BackSpace
  xdotool type --delay 5 "$1"
  click load
}
load "$T/garbage.pt"
check "a corrupt checkpoint shows the error banner" wait_until 20 has_error "garbage.pt"
check "  ... the banner is on screen" test -n "$(widget error_banner)"
check "  ... the explorer is still running" alive
check "  ... with the previous run still open" state_is run "$run_before"
click error_dismiss
check "the banner can be dismissed" wait_until 5 no_errors

load "$T/truncated.pt"
check "a truncated checkpoint shows the error banner" wait_until 20 has_error "truncated.pt"
check "  ... the explorer is still running" alive
click error_dismiss
check "dismissed again" wait_until 5 no_errors

load "$T/no-such-run"
check "a missing path shows the error banner" wait_until 10 has_error "no-such-run"
check "  ... the explorer is still running" alive
stop_app

# Broken shaders: the info log goes to the banner (and stderr); images fall back to plain textures.
mkdir -p "$T/shaders"
cp "$(dirname "$EXPLORER")/../share/vlae-explorer/shaders/image.vert" "$T/shaders/" 2>/dev/null ||
  printf '#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n' >"$T/shaders/image.vert"
printf '#version 330 core\nout vec4 c;\nvoid main() { c = vec4(undefined_name); }\n' >"$T/shaders/image.frag"
VLAE_SHADERS_DIR=$T/shaders "$EXPLORER" "$T/run" --frames 30 --layout-dump "$LAYOUT" >"$T/app.log" 2>&1
rc=$?
check "broken shaders: the explorer still runs and exits 0" test "$rc" -eq 0
check "  ... the compile error with its info log is in the banner" has_error "image.frag does not compile"
check "  ... and on stderr" grep -q "undefined_name" "$T/app.log"

env -u DISPLAY "$EXPLORER" "$T/run" >"$T/nodisplay.out" 2>"$T/nodisplay.err"
rc=$?
check "no display: exit 1" test "$rc" -eq 1
check "  ... with one line naming the way out" sh -c "[ \$(wc -l <'$T/nodisplay.err') -eq 1 ] && grep -q \"^vlae-explorer: error: cannot open an OpenGL 3.3 window (.*); use the 'vlae' command-line tool instead\" '$T/nodisplay.err'"
finish
