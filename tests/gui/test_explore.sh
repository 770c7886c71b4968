#!/usr/bin/env bash
# A trained run: dragging a layer's pad changes the decoded image on screen, the top slider moves
# the top layer's code, a held-out thumbnail sets the sliders to its code, the difference view
# shows a heat map, and the exports write PNG + JSON files of the expected size.
# Nothing here depends on what training learned on this CPU: the layer dragged is the one whose
# resampling changes the decoded images most (`vlae report`'s variation), moved to the corner of
# its pad (+3, +3 standard deviations), and the image is checked against the decoder's answer.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 300
"$VLAE" report "$T/run" --json --bases 8 --resamples 4 --probe-train 64 --probe-test 32 --threads 1 \
        --out "$T/report.json" >/dev/null 2>"$T/report.log" || { bad "vlae report: $(cat "$T/report.log")"; finish; exit; }
# "layer" precedes "variation" in each layer's object (keys are sorted).
read -r L variation <<<"$(awk -F': ' '/"layer":/ { l = $2 + 0 } /"variation":/ { v = $2 + 0; if (v > best) { best = v; bl = l } }
                                 END { print bl, best }' "$T/report.json")"
echo "  the decoder varies most with layer $L (variation $variation)"
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"
check "the decoded image comes from the run's weights (step 300)" wait_until 20 state_is image_step 300
check "  ... and answers the code shown" wait_until 10 image_answers_code
# The tiny config says 40 steps; `vlae train --steps 300` took the run past them.
check "the Training panel's target is not behind the run (300 / $(state target_step))" state_is target_step 300
sleep 0.5
shot decoded_image "$T/img0.png"
code0=$(state code) digest0=$(state image_digest)

# The pad is 100 px for +-3: 80 px up and right of its centre clamps the layer to (+3, +3).
drag_by "pad_l$L" 80 -80
code_is_not() { [ "$(state code)" != "$1" ]; }
check "dragging layer $L's pad changes its code" wait_until 5 code_is_not "$code0"
# code is [[z1], [z2], ...]: layer L at the corner, every other layer still at 0.
layers_are() { [ "$(state code | tr -d '[] ')" = "$1" ]; }
expected=$(for l in $(seq 1 "$(state code | grep -o '\]' | wc -l | awk '{ print $1 - 1 }')"); do
             [ "$l" = "$L" ] && printf '3.0,3.0,' || printf '0.0,0.0,'; done | sed 's/,$//')
check "  ... to the pad's corner (3, 3), the other layers stayed at 0" layers_are "$expected"
check "the decoder answered the new code" wait_until 10 image_answers_code
digest_is_not() { [ "$(state image_digest)" != "$1" ]; }
check "  ... with another image" digest_is_not "$digest0"
sleep 0.5
shot decoded_image "$T/img1.png"
check "the decoded image changed on screen" pixels_differ_exactly "$T/img0.png" "$T/img1.png"
code1=$(state code)

drag top_slider 90
check "dragging the top slider changes the top layer's code" wait_until 5 code_is_not "$code1"
code2=$(state code)

click difference_mode
sleep 0.5
shot decoded_image "$T/diff.png"
check "difference view draws a heat map, not the image" pixels_differ "$T/img1.png" "$T/diff.png"
click difference_mode  # the radio stays on; switch back with the image radio left of it
read -r x y w h <<<"$(widget difference_mode)"
xdotool mousemove "$((x - 60))" "$((y + h / 2))" click 1

click thumb_0
check "clicking a held-out image sets the sliders to its code" wait_until 10 code_is_not "$code2"

has_traverse_image() { test -n "$(widget traverse_image)"; }
check "the traversal grid is drawn" wait_until 20 has_traverse_image
click export
check "Export PNG writes a numbered file" wait_until 10 test -f "$T/exports/traverse-z3-grid-0001.png"
check "  ... 8x8 cells of 28 px with 2 px padding: 242x242" test "$(png_size "$T/exports/traverse-z3-grid-0001.png")" = 242x242
check "  ... with its JSON sidecar naming the checkpoint" grep -q '"checkpoint"' "$T/exports/traverse-z3-grid-0001.json"
click export
check "a second export never overwrites (-0002)" wait_until 10 test -f "$T/exports/traverse-z3-grid-0002.png"
click export_all
check "Export all layers writes one panel per layer" wait_until 20 test -f "$T/exports/traverse-all-layers-grid-0001.png"
size=$(png_size "$T/exports/traverse-all-layers-grid-0001.png")
check "  ... three 242x242 panels side by side ($size)" sh -c "[ \"${size#*x}\" = 242 ] && [ \"${size%x*}\" -gt 726 ]"
click loss_export_csv
check "Export CSV writes the loss history" wait_until 10 sh -c "head -1 '$T/exports/losses-0001.csv' | grep -q '^step,loss,recon,kl_1,kl_2,kl_3,beta'"
check "the app is still running" alive
finish
