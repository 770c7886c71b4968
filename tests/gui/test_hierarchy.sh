#!/usr/bin/env bash
# The hierarchy tracked live: a run trained in the window is measured as it grows (on a thread of
# its own), the Hierarchy tab's curves grow with RUN/hierarchy.jsonl; a run trained by
# `vlae train --track-hierarchy` and then followed shows the curves from its file.
source "$(dirname "$0")/lib.sh"
make_fixture
sed 's/"steps": [0-9]*/"steps": 1000000/' "$TINY" >"$T/long.json"
start_app --preset "$T/long.json" --data "idx:$T/data" --train || { bad "explorer opens a new run"; finish; exit; }
ok "explorer opens a new run and trains it"
has_curves() { test -n "$(widget hierarchy_share_plot)"; }
has_track() { test -n "$(widget hierarchy_track)"; }
check "the Hierarchy tab offers tracking" open_tab tab_hierarchy has_track
check "  ... which is on while the run trains" state_is hierarchy_tracking true
check "the first measurement arrives" wait_until 60 state_ge hierarchy_history 1
check "  ... and is drawn as curves" wait_until 5 has_curves
sleep 0.3
shot hierarchy_share_plot "$T/curves0.png"
first=$(state hierarchy_last_step)
n0=$(state hierarchy_history)
check "the history grows as the run grows (past $n0 measurements)" wait_until 90 state_ge hierarchy_history $((n0 + 2))
check "  ... with later steps (past step $first)" wait_until 5 state_ge hierarchy_last_step $((first + 1))
# Every later step is at least 10% past the one before.
sleep 0.3
shot hierarchy_share_plot "$T/curves1.png"
check "the curves on screen changed" pixels_differ "$T/curves0.png" "$T/curves1.png"
run=$(state run | tr -d '"')
n=$(state hierarchy_history)
check "RUN/hierarchy.jsonl has a line per measurement ($n)" \
  wait_until 5 sh -c "[ \"\$(wc -l <'$run/hierarchy.jsonl')\" -ge $n ]"
check "  ... each with the step and the per-layer figures" \
  sh -c "head -1 '$run/hierarchy.jsonl' | grep -q '\"knn_accuracy\"' && head -1 '$run/hierarchy.jsonl' | grep -q '\"wall_s\"'"
click tab_hierarchy
stop_app

# From the CLI: tracking is off by default and on with --track-hierarchy.
"$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 30 --out "$T/plain" --threads 1 >"$T/plain.log" 2>&1
check "vlae train writes no hierarchy.jsonl by default" test ! -e "$T/plain/hierarchy.jsonl"
"$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 40 --out "$T/cli" --threads 1 --track-hierarchy \
  >"$T/cli.log" 2>&1
lines=$(wc -l <"$T/cli/hierarchy.jsonl" 2>/dev/null || echo 0)
check "vlae train --track-hierarchy measures as the run grows ($lines lines)" test "$lines" -ge 2
check "  ... and says where the history went" grep -q "hierarchy at step 40" "$T/cli.log"
start_app --follow "$T/cli" || { bad "explorer follows the tracked run"; finish; exit; }
check "a followed run shows the curves from its file" open_tab tab_hierarchy has_curves
check "  ... every line of it" wait_until 10 state_is hierarchy_history "$lines"
check "  ... and does not measure itself" state_is hierarchy_tracking false
check "the app is still running" alive
finish
