# Helpers for the GUI end-to-end tests, sourced by each test_*.sh. The tests run inside
# `xvfb-run -s "-screen 0 1600x1000x24"`: no window manager, the window sits at 0,0, so window
# pixels are screen pixels. Widget positions come from the app's --layout-dump file.
# usage of a test: test_X.sh EXPLORER VLAE MAKE_TEST_DATA TINY_CONFIG
set -u
EXPLORER=$(realpath "$1") VLAE=$(realpath "$2") MAKE_DATA=$(realpath "$3") TINY=$(realpath "$4")
T=$(mktemp -d /tmp/vlae-gui.XXXXXX)
LAYOUT=$T/layout.json
APP_PID=""
pass=0 fail=0

stop_app() {
  if [ -n "$APP_PID" ]; then
    kill -TERM "$APP_PID" 2>/dev/null
    wait "$APP_PID" 2>/dev/null
    APP_PID=""
  fi
}
# VLAE_GUI_KEEP=1 keeps the screenshots and files for a look after a failure.
trap 'stop_app; [ -n "${VLAE_GUI_KEEP:-}" ] && echo "kept $T" || rm -rf "$T"' EXIT
export XDG_CONFIG_HOME=$T/config VLAE_DATA_DIR=$T/datadir OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
cd "$T" || exit 1

ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else bad "$name"; fi; }
finish() {
  stop_app
  echo "$pass passed, $fail failed"
  if [ "$fail" -ne 0 ]; then echo "--- app log ---"; tail -20 "$T/app.log" 2>/dev/null; fi
  [ "$fail" -eq 0 ]
}

# The dump has one entry per line: "name": [x, y, w, h]  /  "key": value
widget() { grep -m1 "^\"$1\": \[" "$LAYOUT" 2>/dev/null | sed 's/.*\[\(.*\)\].*/\1/; s/,//g'; }
state()  { sed -n '/^"state": {/,$p' "$LAYOUT" 2>/dev/null | grep -m1 "^\"$1\": " | sed "s/^\"$1\": //; s/,\$//"; }
# state_ge KEY N: the numeric state value is at least N
state_ge() { local v; v=$(state "$1"); [ -n "$v" ] && [ "$v" -ge "$2" ] 2>/dev/null; }
state_is() { [ "$(state "$1")" = "$2" ]; }
# wait_until SECONDS command...: polls every 0.1 s
wait_until() {
  local limit=$(( $1 * 10 )); shift
  for _ in $(seq 1 "$limit"); do "$@" && return 0; sleep 0.1; done
  return 1
}
alive() { [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; }

# start_app ARGS...: launches the explorer and waits until a run is open and drawn.
start_app() {
  rm -f "$LAYOUT"
  "$EXPLORER" "$@" --layout-dump "$LAYOUT" >"$T/app.log" 2>&1 &
  APP_PID=$!
  wait_until 60 opened || { echo "the explorer did not open a run: $(tail -3 "$T/app.log")"; return 1; }
}
opened() { [ "$(state opening)" = "false" ] && [ -n "$(widget start)" ] && [ -n "$(widget decoded_image)" ]; }

centre() { local x y w h; read -r x y w h <<<"$(widget "$1")"; echo "$((x + w / 2)) $((y + h / 2))"; }
click() {
  local c; c=$(centre "$1")
  [ -n "$c" ] || { echo "no widget $1 in the layout dump"; return 1; }
  # Pressed as a hand would (rest, press, hold, release): ImGui popups and tab bars can miss
  # an instant move+click that lands in the frame where the widget first appears, and ImGui 1.86
  # reads the button once a frame, so the hold outlasts a frame slowed by a loaded machine.
  # shellcheck disable=SC2086
  xdotool mousemove $c && sleep 0.25 && xdotool mousedown 1 && sleep 0.2 && xdotool mouseup 1
}
click_at() {  # click_at X Y: pressed as click() does, at a point the layout dump names
  xdotool mousemove "$1" "$2" && sleep 0.25 && xdotool mousedown 1 && sleep 0.2 && xdotool mouseup 1
}
open_tab() {  # open_tab TAB CHECK...: presses the tab (at most three times) until CHECK holds
  local tab=$1; shift
  for _ in 1 2 3; do click "$tab" && wait_until 3 "$@" && return 0; done
  return 1
}
# drag NAME DX: press at the widget's centre, move right by DX in steps (as a hand would), release.
drag() {
  local cx cy; read -r cx cy <<<"$(centre "$1")"
  xdotool mousemove "$cx" "$cy" mousedown 1
  for k in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove "$((cx + $2 * k / 10))" "$cy"; sleep 0.03; done
  xdotool mouseup 1
}
# drag_by NAME DX DY: the same in two dimensions (a pad).
drag_by() {
  local cx cy; read -r cx cy <<<"$(centre "$1")"
  xdotool mousemove "$cx" "$cy" mousedown 1
  for k in 1 2 3 4 5 6 7 8 9 10; do xdotool mousemove "$((cx + $2 * k / 10))" "$((cy + $3 * k / 10))"; sleep 0.03; done
  xdotool mouseup 1
}
# shot NAME FILE: the widget's region of the screen as a PNG.
shot() {
  local x y w h; read -r x y w h <<<"$(widget "$1")"
  import -window root "$T/screen.png" && convert "$T/screen.png" -crop "${w}x${h}+${x}+${y}" +repage "$2"
}
# pixels_differ A B: how many pixels differ (beyond 2% fuzz) is above zero.
pixels_differ() {
  local n; n=$(compare -metric AE -fuzz 2% "$1" "$2" null: 2>&1)
  echo "  $n pixels differ ($(basename "$1") vs $(basename "$2"))"
  [ "${n%%.*}" -gt 0 ] 2>/dev/null
}
# pixels_differ_exactly A B: at least one pixel differs at all (no fuzz).
pixels_differ_exactly() {
  local n; n=$(compare -metric AE "$1" "$2" null: 2>&1)
  echo "  $n pixels differ exactly ($(basename "$1") vs $(basename "$2"))"
  [ "${n%%.*}" -gt 0 ] 2>/dev/null
}
# The decoded image on screen answers the code the sliders show (not an older request).
image_answers_code() { [ "$(state image_code)" = "$(state code)" ]; }
png_size() { identify -format '%wx%h' "$1" 2>/dev/null; }

# A small synthetic IDX data set and a config with tiny widths, made fresh for each test.
make_fixture() {
  "$MAKE_DATA" "$T/data" 256 || { echo "cannot make test data"; exit 1; }
}
# train_run DIR STEPS: a tiny run trained by the CLI.
train_run() {
  "$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps "$2" --out "$1" --threads 1 >"$T/train.log" 2>&1 \
    || { echo "vlae train failed: $(tail -3 "$T/train.log")"; exit 1; }
}
