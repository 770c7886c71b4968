#!/usr/bin/env bash
# No lost work: `vlae train` checkpointing every step is killed with SIGKILL at random moments,
# KILLS times in a row (each time resumed); after every kill the run's checkpoint must load and its
# step must never go back. Counts corrupted checkpoints (must be zero).
# usage: test_sigkill.sh VLAE MAKE_TEST_DATA TINY_CONFIG [KILLS]
set -u
VLAE=$1 MAKE_DATA=$2 TINY=$3 KILLS=${4:-30}
T=$(mktemp -d /tmp/vlae-kill.XXXXXX)
trap 'rm -rf "$T"' EXIT
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
"$MAKE_DATA" "$T/data" 64 || { echo "cannot make test data"; exit 1; }
sed 's/"checkpoint_every": [0-9]*/"checkpoint_every": 1/; s/"log_every": [0-9]*/"log_every": 1/' "$TINY" >"$T/every.json"
RUN=$T/run
corrupt=0 loaded=0 none_yet=0 backwards=0 last=0
start=$(date +%s)
for i in $(seq 1 "$KILLS"); do
  if [ -f "$RUN/config.json" ]; then
    "$VLAE" train --resume "$RUN" --steps 1000000 --threads 1 >"$T/train.log" 2>&1 &
  else
    rm -rf "$RUN"
    "$VLAE" train --preset "$T/every.json" --data "idx:$T/data" --steps 1000000 --out "$RUN" --threads 1 >"$T/train.log" 2>&1 &
  fi
  pid=$!
  # One kill in five at a random moment of start-up; the others once training is under way (a new
  # metrics line), 0 to 0.5 s later: in a step or in the middle of a checkpoint write.
  if [ $((RANDOM % 5)) -ne 0 ]; then
    lines=$(cat "$RUN/metrics.jsonl" 2>/dev/null | wc -l)
    for _ in $(seq 1 200); do
      [ "$(cat "$RUN/metrics.jsonl" 2>/dev/null | wc -l)" -gt "$lines" ] && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    sleep "$(printf '0.%03d' $((RANDOM % 500)))"
  else
    sleep "$(printf '0.%03d' $((RANDOM % 1000)))"
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  if [ ! -f "$RUN/checkpoint.pt" ]; then none_yet=$((none_yet + 1)); continue; fi
  if ! "$VLAE" info "$RUN" --json >"$T/info.json" 2>"$T/info.err"; then
    corrupt=$((corrupt + 1)); echo "kill $i: checkpoint does not load: $(cat "$T/info.err")"
    cp "$RUN/checkpoint.pt" "$T/bad-$i.pt"
    continue
  fi
  step=$(grep -m1 '"step"' "$T/info.json" | tr -dc 0-9)
  loaded=$((loaded + 1))
  if [ "$step" -lt "$last" ]; then backwards=$((backwards + 1)); echo "kill $i: step went back from $last to $step"; fi
  last=$step
done
temps=$(find "$RUN" -name '*.tmp*' | wc -l)
kept=$(find "$RUN" -name 'checkpoint-*.pt' | wc -l)
echo "sigkill: $KILLS kills in $(( $(date +%s) - start )) s; $loaded checkpoints loaded (last at step $last)," \
     "$none_yet kills before the first checkpoint, $corrupt corrupted, $backwards went back;" \
     "$kept numbered checkpoints kept, $temps temp files left by the last kill"
# keep 3 = checkpoint.pt + 2 numbered; a kill between linking the old checkpoint and pruning can
# leave one more until the next save prunes it.
[ "$corrupt" -eq 0 ] && [ "$backwards" -eq 0 ] && [ "$loaded" -ge $((KILLS / 2)) ] && [ "$last" -gt 0 ] && [ "$kept" -le 3 ]
