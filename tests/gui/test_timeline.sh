#!/usr/bin/env bash
# The checkpoint timeline: a run keeps weights-only copies at growing spacing besides its newest
# checkpoints; moving the timeline slider decodes with an older step's weights (the image and
# image_step change), its right end follows the newest again; Compare decodes the same code with
# two checkpoints side by side and exports the pair.
source "$(dirname "$0")/lib.sh"
make_fixture
# History copies from step 5 on (5, 10, 20, 40) instead of the default 100.
python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c['train']['history_first']=5; json.dump(c, open(sys.argv[2],'w'))" \
  "$TINY" "$T/history.json"
"$VLAE" train --preset "$T/history.json" --data "idx:$T/data" --steps 40 --out "$T/run" --threads 1 >"$T/train.log" 2>&1 \
  || { bad "vlae train: $(tail -2 "$T/train.log")"; finish; exit; }
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
check "the timeline lists the history copies and the kept checkpoints" wait_until 10 state_is timeline_steps "[5,10,20,30,40]"
check "the image shows the newest weights" wait_until 10 state_is image_step 40
shot decoded_image "$T/newest.png"
read -r tx ty tw th <<<"$(widget timeline)"
click_at "$((tx + 3))" "$((ty + th / 2))"
check "the timeline's left end picks the oldest kept step" wait_until 5 state_is timeline_pick 5
check "  ... and the image decodes with its weights" wait_until 10 state_is image_step 5
sleep 0.3
shot decoded_image "$T/oldest.png"
check "  ... which changes the pixels" pixels_differ "$T/newest.png" "$T/oldest.png"
click_at "$((tx + tw - 3))" "$((ty + th / 2))"
check "the right end follows the newest weights again" wait_until 10 state_is image_step 40
check "  ... (no step picked)" state_is timeline_pick -1
click compare
check "Compare decodes the same code with a second checkpoint" wait_until 10 state_is compare_step 5
differs() { [ "$(state compare_digest)" != "$(state image_digest)" ] && [ "$(state compare_digest)" != 0 ]; }
check "  ... into another image than the newest weights give" wait_until 5 differs
shot compare_image "$T/compare.png"
check "  ... shown beside it" pixels_differ "$T/newest.png" "$T/compare.png"
click compare_export
check "Export pair writes both images side by side" wait_until 10 test -s "$T/exports/compare-0001.json"
check "  ... as one PNG two images wide" test "$(png_size "$T/exports/compare-0001.png")" = "$((28 * 2 + 8))x28"
check "  ... whose sidecar names both steps" \
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); sys.exit(0 if (s['left']['step'], s['right']['step']) == (40, 5) else 1)" \
  "$T/exports/compare-0001.json"
check "the app is still running" alive
finish
