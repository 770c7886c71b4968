#!/usr/bin/env bash
# Following a run another process trains (here `vlae train`, as rank 0 of a distributed run
# would): the curves grow from metrics.jsonl, the sliders decode each newer checkpoint, and the
# explorer writes nothing into the run folder. A folder that is not a run gets one clear error.
source "$(dirname "$0")/lib.sh"
make_fixture
sed 's/"steps": [0-9]*/"steps": 1000000/; s/"checkpoint_every": [0-9]*/"checkpoint_every": 20/' "$TINY" >"$T/long.json"
"$VLAE" train --preset "$T/long.json" --data "idx:$T/data" --out "$T/run" --threads 1 >"$T/trainer.log" 2>&1 &
TRAINER=$!
trap 'kill $TRAINER 2>/dev/null; stop_app; rm -rf "$T"' EXIT
wait_until 60 test -s "$T/run/config.json" || { bad "the trainer makes its run folder: $(tail -3 "$T/trainer.log")"; finish; exit; }

start_app --follow "$T/run" || { bad "explorer follows the run"; finish; exit; }
ok "explorer follows the run"
check "it shows the run as followed" sh -c "grep -q '\"run\": \".*(following)\"' '$LAYOUT'"
check "the logged step comes from metrics.jsonl" wait_until 60 state_ge follow_logged_step 10
check "the loss curves get the run's points" wait_until 20 state_ge metrics_points 3
check "weights of a checkpoint arrive" wait_until 60 state_ge follow_checkpoint_step 20
first=$(state follow_checkpoint_step)
check "the decoded image uses them" wait_until 20 state_ge image_step "$first"
sleep 0.5
shot decoded_image "$T/before.png"
digest0=$(state image_digest)
check "a newer checkpoint is followed" wait_until 60 state_ge follow_checkpoint_step $((first + 20))
second=$(state follow_checkpoint_step)
check "  ... and the image is decoded from it" wait_until 20 state_ge image_step "$second"
# Any training step changes the weights, so the decoder's bytes (its digest) differ; what is
# checked is that the screen shows them, to the last bit.
digest_is_not() { [ "$(state image_digest)" != "$1" ]; }
check "  ... which the decoder answers with another image" wait_until 5 digest_is_not "$digest0"
sleep 0.5
shot decoded_image "$T/after.png"
check "  ... the picture on screen changed with the weights" pixels_differ_exactly "$T/before.png" "$T/after.png"
strays=$(ls "$T/run" | grep -v -E '^(config\.json|metrics\.jsonl|state\.json|checkpoint[-0-9]*\.pt|history)$' | grep -v '\.tmp' || true)
check "the explorer wrote nothing into the run folder (${strays:-none})" test -z "$strays"

kill -TERM "$TRAINER"; wait "$TRAINER" 2>/dev/null
check "the trainer stopping leaves the explorer up" alive

click load_path
xdotool key ctrl+a BackSpace
xdotool type --delay 5 "$T/data"
click follow
check "following a folder that is not a run: one clear error" wait_until 10 sh -c "grep -A3 '\"errors\"' '$LAYOUT' | grep -q 'not a run folder'"
check "  ... and the explorer stays up" alive
finish
