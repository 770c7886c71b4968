#!/usr/bin/env bash
# The pads as maps of the data: every held-out code a dot, and a click on a dot takes its code.
# Own images: added through the "+" path field, shown as thumbnails, encoded on a click; a file
# that is no image gets one line in the error banner. Interpolation: A and B set from two
# thumbnails, the strip decoded (a row per layer and one for all), t moves the code, export (PNG,
# and MP4 from A to B and back).
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 60
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"
check "the run's held-out images are known" wait_until 10 state_ge heldout_images 2
held_out=$(state heldout_images)
check "the held-out set is encoded for the pads ($held_out codes)" wait_until 30 state_is latent_map_count "$held_out"
for l in 1 2 3; do
  check "  ... and pad $l draws a dot for each" wait_until 10 state_is "pad_dots_l$l" "$held_out"
done
has_legend() { test -n "$(widget colour_by)"; }
check "a legend says what the colours mean" has_legend
sleep 0.3
# The pad's dot: point at it and click (its screen position comes from the layout dump; the code
# wanted is that of the dot under the mouse, which is this one unless a dot lies within a pixel).
read -r x y <<<"$(state pad_dot_l3 | tr -d '[]' | tr ',' ' ')"
before=$(state code)
xdotool mousemove "$x" "$y"
hovering() { test -n "$(state pad_hover_code_l3)"; }
check "pointing at a dot hovers it" wait_until 5 hovering
want=$(state pad_hover_code_l3 | tr -d ' ')
click_at "$x" "$y"
layer3() { state code | tr -d ' \n' | sed 's/^\[\[.*\],\[.*\],\(\[[^]]*\]\)\]$/\1/'; }
same_code() {
  python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); sys.exit(0 if all(abs(p-q)<1e-4 for p,q in zip(a,b)) else 1)" "$(layer3)" "$want"
}
check "clicking a dot sets the top layer's code to that image's ($want)" wait_until 5 same_code
check "  ... and the image decodes it" wait_until 10 image_answers_code
check "the code changed" test "$(state code)" != "$before"

"$VLAE" sample "$T/run" --n 1 --out "$T/mine.png" >/dev/null 2>&1
printf 'not pixels' >"$T/notes.png"
has_path_field() { test -n "$(widget own_path)"; }
click own_add
check "the + button opens a path field" wait_until 5 has_path_field
add_own() {
  click own_path
  xdotool key ctrl+a BackSpace
  xdotool type --delay 5 "$1"
  click own_path_add
}
add_own "$T/mine.png"
check "an image file given there becomes a thumbnail" wait_until 20 state_is own_images 1
add_own "$T/notes.png"
bad_file_reported() { state errors | grep -q "notes.png: not a readable image"; }
check "a file that is no image gets one clear line" wait_until 20 bad_file_reported
check "  ... and adds no thumbnail" state_is own_images 1
code0=$(state code)
click own_thumb_0
code_changed() { [ "$(state code)" != "$code0" ]; }
check "clicking the own thumbnail encodes it into the sliders" wait_until 20 code_changed
check "  ... and the image decodes that code" wait_until 10 image_answers_code

has_set_a() { test -n "$(widget interp_set_a)"; }
check "the Interpolation tab opens" open_tab tab_interpolation has_set_a
click thumb_0
check "a held-out thumbnail encodes" wait_until 20 sh -c "grep -q '^\"code_source\": \"test:0\"' '$LAYOUT'"
# As a hand would: a press that landed before the button was live is made again.
set_pick() { local k; for k in 1 2 3; do click "interp_set_$1"; wait_until 3 state_is "interp_$1" "\"$2\"" && return 0; done; return 1; }
check "Set A takes the code of test:0" set_pick a test:0
code_a=$(state code)
click thumb_1
# The thumbnails are spread over the held-out set: the second is not test:1 but further on.
another() { case "$(state code_source)" in '"test:0"') return 1 ;; '"test:'*) return 0 ;; *) return 1 ;; esac; }
check "  ... and another" wait_until 20 another
second=$(state code_source | tr -d '"')
check "Set B takes the code of $second" set_pick b "$second"
check "with A and B set the strip is ready" wait_until 5 state_is interp_ready true
check "the strip has a row per layer and one for all (4)" wait_until 30 state_is interp_rows 4
click interp_export
check "Export PNG writes the strip and its JSON sidecar" \
  wait_until 10 sh -c "[ -s '$T/exports/interpolation-0001.png' ] && grep -q '\"kind\": \"interpolate\"' '$T/exports/interpolation-0001.json'"
check "  ... naming A and B" grep -q '"from_image": "test:0"' "$T/exports/interpolation-0001.json"
click interp_export_mp4
mp4=$T/exports/interpolation-animation-0001.mp4
check "Export MP4 animates A to B and back" wait_until 30 test -s "${mp4%.mp4}.json"
# The strip's default 8 steps: 14 frames there and back, each frame's codes in the sidecar.
check "  ... 14 frames that ffprobe reads" test "$(ffprobe -v error -count_frames -select_streams v:0 \
  -show_entries stream=nb_read_frames -of csv=p=0 "$mp4" 2>&1)" = 14
check "  ... with each frame's codes and A and B named" python3 -c "import json,sys; s=json.load(open(sys.argv[1])); \
sys.exit(0 if len(s['frames']) == 14 and s['from_image'] == 'test:0' else 1)" "${mp4%.mp4}.json"
drag interp_t -60
drag interp_t 400
check "t at 1 moves the code to B" wait_until 5 sh -c "grep -q '^\"code_source\": \"interpolated\"' '$LAYOUT'"
check "  ... away from A" test "$(state code)" != "$code_a"
check "the app is still running" alive
stop_app

# A wider layer: its pad shows two chosen dims, or the plane of the codes' first principal axes.
sed 's/"latent_dims": \[2, 2, 2\]/"latent_dims": [2, 4, 2]/' "$TINY" >"$T/wide.json"
"$VLAE" train --preset "$T/wide.json" --data "idx:$T/data" --steps 30 --out "$T/wide" --threads 1 >"$T/wide.log" 2>&1
start_app "$T/wide" || { bad "explorer opens a run with a 4-dim layer"; finish; exit; }
check "the 4-dim layer's pad maps the held-out set too" wait_until 30 state_ge pad_dots_l2 2
click pad_pca_l2
check "PCA switches its pad to the principal axes" wait_until 5 state_is pad_pca_l2 true
code0=$(state code)
drag_by pad_l2 30 -20
moved_dims() {
  python3 -c "import json,sys; a=json.loads(sys.argv[1])[1]; b=json.loads(sys.argv[2])[1]; sys.exit(0 if sum(abs(p-q)>1e-6 for p,q in zip(a,b))>=2 else 1)" "$code0" "$(state code)"
}
check "  ... and a drag there moves the layer's code along them" wait_until 5 moved_dims
check "the app is still running" alive
finish
