#!/usr/bin/env bash
# A trained run: dragging the top layer's slider changes the decoded image, a held-out thumbnail
# sets the sliders to its code, the difference view shows a heat map, and the exports write
# PNG + JSON files of the expected size.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 300
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"
check "the decoded image comes from the run's weights (step 300)" wait_until 20 state_is image_step 300
sleep 0.5
shot decoded_image "$T/img0.png"
code0=$(state code)

drag top_slider 90
code_is_not() { [ "$(state code)" != "$1" ]; }
check "dragging the top slider changes the top layer's code" wait_until 5 code_is_not "$code0"
sleep 0.5
shot decoded_image "$T/img1.png"
check "the decoded image changed on screen" pixels_differ "$T/img0.png" "$T/img1.png"
lower_layers_at_zero() { state code | grep -q '^\[\[0.0,0.0\],\[0.0,0.0\],'; }
check "the other layers stayed at 0" lower_layers_at_zero
code1=$(state code)

click difference_mode
sleep 0.5
shot decoded_image "$T/diff.png"
check "difference view draws a heat map, not the image" pixels_differ "$T/img1.png" "$T/diff.png"
click difference_mode  # the radio stays on; switch back with the image radio left of it
read -r x y w h <<<"$(widget difference_mode)"
xdotool mousemove "$((x - 60))" "$((y + h / 2))" click 1

click thumb_0
check "clicking a held-out image sets the sliders to its code" wait_until 10 code_is_not "$code1"

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
