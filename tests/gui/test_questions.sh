#!/usr/bin/env bash
# The Questions tab, driven with real input events: a class direction per layer (equal to the one
# `vlae direction` computes), its t slider and strip, saved for `vlae traverse --direction`; a box,
# an empty box and a lasso drawn with Ctrl(-Shift)-drags on a pad, the selection's CSV, its mean
# as the code and the direction between two selections; latent arithmetic A - B + C; the nearest
# training images; and a wide layer's traversal sweeping its two dims with the most KL.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 60
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
held_out=$(state heldout_images)
check "the held-out set is encoded for the pads ($held_out codes)" wait_until 30 state_is latent_map_count "$held_out"
has_directions() { test -n "$(widget qtab_directions)"; }
check "the Questions tab opens" open_tab tab_questions has_directions
check "a class direction is found in every layer" wait_until 10 state_is dir_ready true
py() { python3 -c "import json,sys; $1" "${@:2}"; }
check "  ... its strip has a row per layer" wait_until 30 state_is dir_strip_rows 3
check "  ... and a length and a probe accuracy per layer" \
  py "a=json.loads(sys.argv[1]); p=json.loads(sys.argv[2]); sys.exit(0 if len(a)==3 and len(p)==3 and all(0<=x<=1 for x in p) else 1)" \
  "$(state dir_lengths)" "$(state dir_probe_accuracy)"

# Another "to" class, picked from the combo's list.
from=$(state dir_from_value) to=$(state dir_to_value)
click dir_to
sleep 0.4
other=$(grep -o '^"dir_to_[0-9]*"' "$LAYOUT" | tr -d '"' | sed 's/dir_to_//' | grep -vx "$from" | grep -vx "$to" | head -1)
[ -n "$other" ] && click "dir_to_$other"
check "the to-combo picks class $other" wait_until 5 state_is dir_to_value "$other"
to=$other
sleep 0.5
# The same direction from the CLI, over the same held-out images (all of them, at most 2000).
"$VLAE" direction "$T/run" --layer 3 --from "$from" --to "$to" --max-images 5000 --out "$T/cli-dir.json" >/dev/null 2>&1
check "the top layer's direction ($from -> $to) equals the one vlae direction computes" \
  py "g=json.loads(sys.argv[1]); c=json.load(open(sys.argv[2]))['direction']; sys.exit(0 if max(abs(a-b) for a,b in zip(g,c))<1e-4 else 1)" \
  "$(state dir_direction)" "$T/cli-dir.json"

before=$(state code)
drag dir_t 80
check "the t slider moves the code (source: direction)" wait_until 5 sh -c "grep -q '^\"code_source\": \"direction\"' '$LAYOUT'"
check "  ... the top layer by t x direction, the others not at all" \
  py "b=json.loads(sys.argv[1]); a=json.loads(sys.argv[2]); d=json.loads(sys.argv[3]); t=float(sys.argv[4]); \
ok=all(abs(x-y)<1e-5 for l in (0,1) for x,y in zip(a[l],b[l])) and all(abs(a[2][k]-b[2][k]-t*d[k])<1e-3 for k in range(2)) and t>0; sys.exit(0 if ok else 1)" \
  "$before" "$(state code)" "$(state dir_direction)" "$(state dir_t)"
check "  ... and the image decodes it" wait_until 10 image_answers_code
click dir_save
check "Save direction writes it as vlae direction does" wait_until 5 test -s "$T/exports/direction-0001.json"
check "  ... and vlae traverse --direction draws it" "$VLAE" traverse "$T/run" --direction "$T/exports/direction-0001.json" --n 4 --out "$T/along.png"
click dir_export
check "Export PNG writes the strip with its sidecar" \
  wait_until 10 sh -c "[ -s '$T/exports/direction-strip-0001.png' ] && grep -q '\"kind\": \"direction-strip\"' '$T/exports/direction-strip-0001.json'"

# A box around the whole top pad: Ctrl held while dragging.
read -r px py pw ph <<<"$(widget pad_l3)"
ctrl_drag() {  # ctrl_drag KEYS X0 Y0 X1 Y1 ...: a held modifier and a path through the points
  # Pauses at each corner and before the release: ImGui 1.86 reads the newest mouse state once a
  # frame, so a frame must see the press where it happened and each corner of the path.
  local keys=$1; shift
  xdotool mousemove "$1" "$2"; sleep 0.2; xdotool keydown "$keys"; sleep 0.15; xdotool mousedown 1; sleep 0.3
  shift 2
  while [ $# -ge 2 ]; do
    local k; for k in 1 2 3 4 5; do xdotool mousemove "$1" "$2"; sleep 0.06; done
    shift 2
  done
  sleep 0.3; xdotool mouseup 1; sleep 0.1; xdotool keyup "$keys"
}
ctrl_drag ctrl $((px + 1)) $((py + 1)) $((px + pw / 2)) $((py + ph / 2)) $((px + pw - 2)) $((py + ph - 2))
check "Ctrl-drag selects the dots in the box and shows the Selection tab" wait_until 5 state_is questions_tab '"Selection"'
n_all=$(state selection_count)
check "  ... most of the $held_out codes ($n_all; a few stray ones lie off the pad)" test "$n_all" -ge $((held_out * 8 / 10))
check "  ... on the top layer" state_is selection_layer 3
check "  ... with the selected images in a strip" test -n "$(widget sel_strip)"
click sel_export
csv_rows() { [ -s "$T/exports/selection-0001.csv" ] && [ $(($(wc -l <"$T/exports/selection-0001.csv") - 1)) -eq "$n_all" ]; }
check "Export CSV writes a row per selected code" wait_until 5 csv_rows
click sel_mean
check "Use mean sets the selection's mean code" wait_until 5 sh -c "grep -q '^\"code_source\": \"selection mean\"' '$LAYOUT'"
check "  ... the mean of the exported codes, every layer" \
  py "import csv; rows=list(csv.DictReader(open(sys.argv[1]))); c=json.loads(sys.argv[2]); \
ok=all(abs(sum(float(r['z%d_%d'%(l+1,k+1)]) for r in rows)/len(rows)-c[l][k])<1e-3 for l in range(3) for k in range(2)); sys.exit(0 if ok else 1)" \
  "$T/exports/selection-0001.csv" "$(state code)"
click sel_keep
check "Keep as A keeps it" wait_until 5 state_is kept_count "$n_all"
# A box of a few pixels in the pad's corner holds no code: one line, nothing else changes.
ctrl_drag ctrl $((px + 2)) $((py + 2)) $((px + 4)) $((py + 4))
check "an empty box gives an empty selection" wait_until 5 state_is selection_count 0
code_now=$(state code)
click sel_mean
sleep 0.5
check "  ... Use mean then does nothing" test "$(state code)" = "$code_now"
check "  ... and the app is up" alive
# Two lassos (Ctrl-Shift), the pad's left and right halves: together they hold what the box held.
cx=$((px + pw / 2)) x0=$((px + 1)) y0=$((py + 1)) x1=$((px + pw - 2)) y1=$((py + ph - 2))
new_selection() { [ "$(state selection_version)" != "$1" ]; }
v=$(state selection_version)
ctrl_drag ctrl+shift "$cx" "$y0" "$x0" "$y0" "$x0" "$y1" "$cx" "$y1"
check "Ctrl-Shift-drag selects with a lasso" wait_until 5 new_selection "$v"
check "  ... (a lasso, not a box)" state_is selection_lasso true
n_left=$(state selection_count) v=$(state selection_version)
ctrl_drag ctrl+shift "$cx" "$y0" "$x1" "$y0" "$x1" "$y1" "$cx" "$y1"
wait_until 5 new_selection "$v"
n_right=$(state selection_count)
check "  ... the two halves' lassos hold $n_left + $n_right = $n_all codes" test $((n_left + n_right)) -eq "$n_all"
# B for the direction below: whichever half holds codes.
[ "$n_right" -gt 0 ] || ctrl_drag ctrl+shift "$cx" "$y0" "$x0" "$y0" "$x0" "$y1" "$cx" "$y1"
sleep 0.5
click sel_direction
check "Direction A -> B shows the direction between the selections" wait_until 5 state_is questions_tab '"Directions"'
check "  ... found from the selections" wait_until 5 state_is dir_source '"selections"'
check "  ... in every layer" wait_until 5 state_is dir_ready true

# Latent arithmetic on three held-out thumbnails.
has_arith() { test -n "$(widget arith_set_a)"; }
check "the Arithmetic tab opens" open_tab qtab_arithmetic has_arith
pick() {  # pick THUMB SLOT: encode a thumbnail, then Set SLOT
  local src; click "thumb_$1"
  wait_until 20 sh -c "grep -q '^\"code_source\": \"test:' '$LAYOUT'" || return 1
  sleep 0.3; src=$(state code_source); click "arith_set_$2"; sleep 0.3; echo "$(state code)" >"$T/arith_$2"
}
click reset_all; sleep 0.3
pick 1 a && pick 2 b && pick 3 c
check "with A, B and C set, Apply is ready" wait_until 5 state_is arith_ready true
click arith_layer_1  # leave the bottom layer as it is
sleep 0.3
base=$(state code)
click arith_apply
check "Apply A - B + C sets the code" wait_until 5 sh -c "grep -q '^\"code_source\": \"A - B + C\"' '$LAYOUT'"
check "  ... to A - B + C on z2 and z3, z1 untouched" \
  py "a,b,c,base,now=[json.loads(open(f).read()) if f.startswith('/') else json.loads(f) for f in sys.argv[1:]]; \
ok=all(abs(now[l][k]-(a[l][k]-b[l][k]+c[l][k]))<1e-4 for l in (1,2) for k in range(2)) and now[0]==base[0]; sys.exit(0 if ok else 1)" \
  "$T/arith_a" "$T/arith_b" "$T/arith_c" "$base" "$(state code)"

# The nearest training images of the decoded image, and of each layer's code.
has_nearest() { test -n "$(widget qtab_nearest)"; }
click qtab_nearest
nearest_ready() { [ "$(state nn_pixel_indices | tr -cd ',' | wc -c)" -eq 7 ] && state_ge nn_train_codes 1; }
check "Nearest shows 8 training images nearest in pixels and codes are encoded" wait_until 30 nearest_ready
check "  ... nearest first, distances in [0, 1]" \
  py "d=json.loads(sys.argv[1]); sys.exit(0 if d==sorted(d) and 0<=d[0]<=1 else 1)" "$(state nn_pixel_distances)"
check "  ... and 8 nearest codes per layer, nearest first" \
  py "ok=all(len(json.loads(a))==8 and json.loads(a)==sorted(json.loads(a)) for a in sys.argv[1:]); sys.exit(0 if ok else 1)" \
  "$(state nn_code_distances_l1)" "$(state nn_code_distances_l2)" "$(state nn_code_distances_l3)"
query=$(state nn_pixel_query)
drag slider_l3_d1 60
check "moving a slider searches again for the new image" wait_until 20 sh -c "[ \"\$(grep '^\"nn_pixel_query\"' '$LAYOUT')\" != '\"nn_pixel_query\": $query,' ]"
shot tab_questions "$T/q.png"
check "the app is still running" alive
stop_app

# A 4-dim layer: each slider names its dim's KL, and the traversal sweeps the two with the most.
sed 's/"latent_dims": \[2, 2, 2\]/"latent_dims": [2, 4, 2]/' "$TINY" >"$T/wide.json"
"$VLAE" train --preset "$T/wide.json" --data "idx:$T/data" --steps 30 --out "$T/wide" --threads 1 >"$T/wide.log" 2>&1
start_app "$T/wide" || { bad "explorer opens a run with a 4-dim layer"; finish; exit; }
has_kl() { [ "$(state dim_kl | tr -cd ',' | wc -c)" -ge 7 ]; }
check "per-dim KL is known for every dim" wait_until 30 has_kl
want=$(py "kl=json.loads(sys.argv[1])[1]; o=sorted(range(4), key=lambda k: -kl[k]); print('%d%d' % (o[0]+1, o[1]+1))" "$(state dim_kl)")
has_z2() { test -n "$(widget traverse_layer_2)"; }
open_combo() { click traverse_layer; wait_until 3 has_z2; }
check "the Traversal tab's layer list opens" wait_until 10 open_combo
click traverse_layer_2
check "the Traversal tab sweeps the 4-dim layer's two dims with the most KL ($want)" \
  wait_until 10 sh -c "[ \"\$(grep '^\"traverse_dims\"' '$LAYOUT' | tr -cd '0-9' | cut -c1-2)\" = '$want' ]"
check "the app is still running" alive
finish
