#!/usr/bin/env bash
# The Samples tab's temperatures: a slider per layer; dragging the top layer's to 0 draws every
# sample with the top code at the prior's mean (the shown grid's sidecar, written by Export PNG,
# holds the temperatures and codes), and RUN/explorer.json keeps them.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 20
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"
check "the Samples tab opens" open_tab tab_samples state_is figure_tab '"Samples"'
has_sliders() { test -n "$(widget samples_temperature_l1)" && test -n "$(widget samples_temperature_l3)"; }
check "a temperature slider per layer" wait_until 10 has_sliders
check "  ... each at 1" wait_until 5 state_is samples_temperature '[1.0,1.0,1.0]'
drag samples_temperature_l3 -400
check "dragging the top layer's slider to the left sets it to 0" wait_until 5 state_is samples_temperature '[1.0,1.0,0.0]'
# What a tiny run's samples look like is up to training; the exported grid is the one shown, so its
# sidecar says what was decoded.
sleep 1
click export_samples
sidecar() { find "$T" -path '*exports/samples*.json' | head -1; }
exported() { test -n "$(sidecar)"; }
check "Export PNG writes the grid and its sidecar" wait_until 10 exported
check "  ... decoded with the top layer at 0 in every cell and the others drawn" /usr/bin/python3 - "$(sidecar)" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["temperature"] == [1, 1, 0], s["temperature"]
assert all(v == 0 for c in s["codes"] for v in c[2]) and any(v != 0 for c in s["codes"] for v in c[0])
PY
kept() { grep -q '"temperature"' "$T/run/explorer.json" 2>/dev/null; }
check "the temperatures are kept in RUN/explorer.json" wait_until 15 kept
finish
