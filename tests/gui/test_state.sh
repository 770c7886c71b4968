#!/usr/bin/env bash
# The view a run was left in comes back: the code is saved to RUN/explorer.json and restored
# when the run opens again; Ctrl+Z undoes a change of the code and Ctrl+Shift+Z redoes it; F1
# lists every key; Play sweeps a dim live; Export GIF animates the traversal; the open figure tab
# comes back too.
source "$(dirname "$0")/lib.sh"
make_fixture
train_run "$T/run" 40
start_app "$T/run" || { bad "explorer opens the trained run"; finish; exit; }
ok "explorer opens the trained run"
wait_until 10 image_answers_code
code0=$(state code)
changed() { [ "$(state code)" != "$code0" ]; }
randomize() { click randomize_all && wait_until 3 changed; }
# As a hand would: pressed again if the first press landed before the button was live.
if randomize || randomize || randomize; then ok "Randomize all changes the code"; else bad "Randomize all changes the code"; fi
code1=$(state code)
xdotool key ctrl+z
check "Ctrl+Z restores the previous code" wait_until 5 state_is code "$code0"
check "  ... and can be redone" state_is redo_depth 1
xdotool key ctrl+shift+z
check "Ctrl+Shift+Z brings the change back" wait_until 5 state_is code "$code1"
saved() {
  python3 -c "import json,sys; s=json.load(open(sys.argv[1])); c=json.loads(sys.argv[2]); sys.exit(0 if all(abs(p-q)<1e-5 for a,b in zip(s['code'],c) for p,q in zip(a,b)) else 1)" \
    "$T/run/explorer.json" "$code1" 2>/dev/null
}
check "the code is kept in RUN/explorer.json" wait_until 10 saved
click play
check "Play sweeps a dim live" wait_until 5 state_is playing true
p1=$(state code); i1=$(state image_code); sleep 0.7; p2=$(state code); i2=$(state image_code)
check "  ... the code moves by itself" test "$p1" != "$p2"
check "  ... and the image follows it" test "$i1" != "$i2"
click play
check "  ... until Play is pressed again" wait_until 5 state_is playing false
p3=$(state code); sleep 0.5
check "  ... then it stays" test "$(state code)" = "$p3"
xdotool key ctrl+z
check "Ctrl+Z undoes the whole sweep at once" wait_until 5 state_is code "$code1"
click export_gif
gif="$T/exports/traverse-animation-0001.gif"
check "Export GIF writes an animated traversal" wait_until 30 test -s "$T/exports/traverse-animation-0001.json"
check "  ... of 14 frames (8 steps there and back)" test "$(identify "$gif" 2>/dev/null | wc -l)" -eq 14
check "  ... with every frame's codes in its sidecar" \
  python3 -c "import json,sys; sys.exit(0 if len(json.load(open(sys.argv[1]))['frames']) == 14 else 1)" "${gif%.gif}.json"
xdotool key F1
check "F1 lists the keys" wait_until 5 state_is keys_overlay true
has_overlay() { test -n "$(widget keys_overlay)"; }
check "  ... in a window" wait_until 5 has_overlay
xdotool key F1
check "  ... and F1 closes it" wait_until 5 state_is keys_overlay false
check "the Gibbs chain tab opens" open_tab tab_gibbs state_is figure_tab '"Gibbs chain"'
tab_saved() { grep -q '"tab": "Gibbs chain"' "$T/run/explorer.json"; }
check "  ... and is kept in RUN/explorer.json" wait_until 10 tab_saved
stop_app
start_app "$T/run" || { bad "explorer opens the run again"; finish; exit; }
check "opening the run again selects the tab it was left on" wait_until 10 state_is figure_tab '"Gibbs chain"'

restored() { python3 -c "import json,sys; a=json.loads(sys.argv[1]); b=json.loads(sys.argv[2]); sys.exit(0 if all(abs(p-q)<1e-5 for x,y in zip(a,b) for p,q in zip(x,y)) else 1)" "$(state code)" "$code1"; }
check "opening the run again restores its code" wait_until 10 restored
check "  ... and says so" state_is code_source '"restored"'
check "  ... and the image decodes it" wait_until 10 image_answers_code
# The figures' settings come back too: the Gibbs tab's chain count, set in the file while closed.
stop_app
/usr/bin/python3 -c "import json,sys; p=sys.argv[1]; s=json.load(open(p)); s['gibbs']['chains']=5; json.dump(s, open(p,'w'))" "$T/run/explorer.json"
start_app "$T/run" || { bad "explorer opens the run a third time"; finish; exit; }
check "a figure's settings are kept in explorer.json and restored (Gibbs chains 5)" wait_until 10 state_is gibbs_chains 5
stop_app
printf '{not json' >"$T/run/explorer.json"
start_app "$T/run" || { bad "explorer opens a run with a damaged explorer.json"; finish; exit; }
has_error() { state errors | grep -q "$1"; }
check "a damaged explorer.json gets one line and the defaults" wait_until 10 has_error "explorer.json: not valid JSON"
check "the app is still running" alive
finish
