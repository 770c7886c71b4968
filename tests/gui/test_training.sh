#!/usr/bin/env bash
# Start trains (step counter and loss curves move), Space pauses and resumes, Stop saves and the
# image and grids show the weights it stopped with.
source "$(dirname "$0")/lib.sh"
make_fixture
# The tiny config stops at step 40; this run must keep going until Stop.
sed 's/"steps": [0-9]*/"steps": 1000000/' "$TINY" >"$T/long.json"
start_app --preset "$T/long.json" --data "idx:$T/data" || { bad "explorer opens a new run"; finish; exit; }
ok "explorer opens a new run"
check "a fresh run starts idle at step 0" wait_until 10 state_is session_state '"idle"'
check "  ... at step 0" state_is step 0
sleep 0.5
shot loss_plot "$T/plot0.png"
shot step_counter "$T/counter0.png"

click start
check "Start trains: the step counter moves" wait_until 30 state_ge step 20
check "metrics reach the loss panel" wait_until 30 state_ge metrics_points 3
sleep 0.3
shot loss_plot "$T/plot1.png"
shot step_counter "$T/counter1.png"
check "the loss plot shows curves now" pixels_differ "$T/plot0.png" "$T/plot1.png"
check "the step counter on screen changed" pixels_differ "$T/counter0.png" "$T/counter1.png"

xdotool key space
check "Space pauses" wait_until 10 state_is session_state '"paused"'
s1=$(state step)
sleep 1
check "paused: no more steps" test "$(state step)" = "$s1"
xdotool key space
check "Space resumes" wait_until 10 state_is session_state '"running"'
check "resumed: steps continue" wait_until 20 state_ge step $((s1 + 1))

click stop
check "Stop stops" wait_until 20 state_is session_state '"stopped"'
stopped=$(state step)
check "  ... and the image decodes the weights it stopped with (step $stopped)" wait_until 10 state_is image_step "$stopped"
check "  ... and so does the traversal grid" wait_until 10 state_is traverse_step "$stopped"
run=$(state run | tr -d '"')
check "Stop saved a checkpoint in $run" wait_until 10 test -s "$run/checkpoint.pt"
check "the app is still running" alive

# Closing with unsaved steps saves them first (SIGTERM takes the path of "Save and close").
stopped_at=$(state step)
click start
check "Start after Stop trains on" wait_until 20 state_ge step $((stopped_at + 10))
kill -TERM "$APP_PID"
wait "$APP_PID"
rc=$?
APP_PID=""
saved=$(grep -m1 '"step"' "$run/state.json" | tr -dc 0-9)
check "SIGTERM: exit 0" test "$rc" -eq 0
check "SIGTERM: the steps after Stop were saved (state.json step $saved > $stopped_at)" test "${saved:-0}" -gt "$stopped_at"
finish
