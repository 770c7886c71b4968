#!/usr/bin/env bash
# Closing the window with unsaved steps asks first: Cancel keeps the app and the run open;
# Save and close writes a checkpoint of the very step trained, then exits 0.
source "$(dirname "$0")/lib.sh"
make_fixture
sed 's/"steps": [0-9]*/"steps": 1000000/; s/"checkpoint_every": [0-9]*/"checkpoint_every": 1000000/' "$TINY" >"$T/long.json"
start_app --preset "$T/long.json" --data "idx:$T/data" || { bad "explorer opens a new run"; finish; exit; }
close_window() { "$VLAE_WM_CLOSE" "$(xdotool search --name '^vlae-explorer$' | head -1)"; }
prompt_shown() { [ -n "$(widget close_save)" ]; }

click start
check "Start trains" wait_until 30 state_ge step 12
xdotool key space
check "Space pauses" wait_until 10 state_is session_state '"paused"'
trained=$(state step)
run=$(state run | tr -d '"')

close_window
check "closing with unsaved steps asks first" wait_until 10 prompt_shown
click close_cancel
check "Cancel: the prompt goes" wait_until 10 sh -c "! grep -q '^\"close_save\"' '$LAYOUT'"
sleep 0.5
check "  ... and the explorer stays up" alive
check "  ... with nothing saved yet" test ! -e "$run/checkpoint.pt"

close_window
check "closing again asks again" wait_until 10 prompt_shown
click close_save
for _ in $(seq 1 300); do alive || break; sleep 0.1; done
wait "$APP_PID"; rc=$?; APP_PID=""
check "Save and close: exit 0" test "$rc" -eq 0
check "  ... says what it saved" grep -q "saving step $trained of .* before closing" "$T/app.log"
saved=$("$VLAE" info "$run" --json 2>/dev/null | grep -m1 '"step"' | tr -dc 0-9)
check "  ... the checkpoint on disk holds the trained step ($saved = $trained)" test "${saved:-x}" = "$trained"
finish
