#!/usr/bin/env bash
# The science tabs on a trained run: the Gibbs chain steps and plays (the picture changes), and
# the hierarchy report is measured on demand and drawn as bars, then exported as JSON.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 200
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"

gibbs_shown() { state_is gibbs_step 0; }
check "the Gibbs tab opens" open_tab tab_gibbs gibbs_shown
check "the Gibbs tab shows the chains at step 0" wait_until 20 state_is gibbs_step 0
has_gibbs_image() { test -n "$(widget gibbs_image)"; }
check "  ... as an image" wait_until 10 has_gibbs_image
sleep 0.5
shot gibbs_image "$T/gibbs0.png"
click gibbs_step
check "Step advances the chain by one" wait_until 10 state_is gibbs_step 1
click gibbs_play
check "Play keeps stepping" wait_until 20 state_ge gibbs_step 5
click gibbs_play
check "Pause stops it" wait_until 5 state_is gibbs_playing false
sleep 0.5
shot gibbs_image "$T/gibbs1.png"
check "the chain's images changed on screen" pixels_differ "$T/gibbs0.png" "$T/gibbs1.png"

has_measure() { test -n "$(widget hierarchy_measure)"; }
check "the Hierarchy tab offers Measure" open_tab tab_hierarchy has_measure
click hierarchy_measure
check "Measure computes the report of the run's weights (step 200)" wait_until 60 state_is report_step 200
has_bars() { test -n "$(widget hierarchy_bars)"; }
check "  ... and draws the bars" wait_until 5 has_bars
check "  ... with each layer's KL per dim" \
  python3 -c "import json,sys; k=json.loads(sys.argv[1]); sys.exit(0 if [len(x) for x in k]==[2,2,2] and min(min(x) for x in k)>=0 else 1)" "$(state hierarchy_kl_per_dim)"
check "  ... and the held-out likelihood" test -n "$(state hierarchy_nll_nats)"
click hierarchy_export
check "Export JSON writes the report with one entry per layer" \
  wait_until 10 sh -c "[ \"\$(grep -c '\"variation_share\"' '$T/exports/hierarchy-0001.json')\" -eq 3 ]"
check "  ... and its nll_nats, bits_per_dim and kl_per_dim" \
  python3 -c "import json,sys; r=json.load(open(sys.argv[1])); sys.exit(0 if r['iw_samples']==16 and 'bits_per_dim' in r and all(len(l['kl_per_dim'])==2 for l in r['layers']) else 1)" "$T/exports/hierarchy-0001.json"
check "the app is still running" alive
finish
