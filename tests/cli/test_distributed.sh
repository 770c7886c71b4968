#!/usr/bin/env bash
# `vlae train` as ranks of a data-parallel run (real processes on 127.0.0.1, Gloo): identical
# weights on both ranks after every step, the same losses as one process with the combined batch,
# files from rank 0 only, resume, stop on a signal, and an error (never a hang) when a rank dies,
# hangs or cannot connect. usage: test_distributed.sh VLAE MAKE_TEST_DATA TINY_CONFIG TRAIN_DISTRIBUTED
set -u
VLAE=$1 MAKE_DATA=$2 TINY=$3 LAUNCH=$4
T=$(mktemp -d /tmp/vlae-dist.XXXXXX)
pids=()
trap 'for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null; done; rm -rf "$T"' EXIT
export VLAE_DATA_DIR=$T/datadir OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null ||
         echo $((20000 + RANDOM % 40000)); }
# waits up to $2 tenths of a second for process $1 to end; its status in $rc (124: still running)
wait_for() { rc=124; for _ in $(seq 1 "$2"); do kill -0 "$1" 2>/dev/null || { wait "$1"; rc=$?; return; }; sleep 0.1; done; }
# "step loss" per metrics line
losses() { sed -E 's/.*"loss":([^,]*),.*"step":([0-9]+).*/\2 \1/' "$1"; }

"$MAKE_DATA" "$T/data" 192 >/dev/null || { echo "cannot make test data"; exit 1; }
NOBN=$T/tiny-nobn.json
sed -e 's/"batch_norm": true/"batch_norm": false/' -e 's/"log_every": 5/"log_every": 1/' "$TINY" >"$NOBN"
common=(--preset "$NOBN" --data "idx:$T/data" --threads 1)

# --- one process, then two ranks with the same global batch ---
VLAE_TEST_WEIGHT_LOG=$T/w1 "$VLAE" train "${common[@]}" --steps 12 --out "$T/one" >"$T/one.log" 2>&1 || bad "single-process run: $(tail -2 "$T/one.log")"
P=$(port)
VLAE_TEST_WEIGHT_LOG=$T/w "$VLAE" train "${common[@]}" --steps 12 --out "$T/two" --world-size 2 --rank 0 --master "127.0.0.1:$P" --dist-timeout 30 >"$T/r0.log" 2>&1 &
r0=$!; pids+=($r0)
VLAE_TEST_WEIGHT_LOG=$T/w "$VLAE" train "${common[@]}" --steps 12 --out "$T/two-rank1" --world-size 2 --rank 1 --master "127.0.0.1:$P" --dist-timeout 30 >"$T/r1.log" 2>&1 &
r1=$!; pids+=($r1)
wait $r0; rc0=$?; wait $r1; rc1=$?
if [ $rc0 -eq 0 ] && [ $rc1 -eq 0 ] && grep -q 'held-out at end' "$T/r0.log" && grep -q '^done: step 12 (rank 1' "$T/r1.log"; then ok "two ranks train to the end"
else bad "two ranks (exit $rc0, $rc1): $(tail -2 "$T/r0.log") | $(tail -2 "$T/r1.log")"; fi
if [ "$(wc -l <"$T/w.rank0" 2>/dev/null)" -eq 12 ] && cmp -s "$T/w.rank0" "$T/w.rank1"; then ok "identical weights on both ranks after every step"
else bad "weights differ between ranks: $(diff "$T/w.rank0" "$T/w.rank1" 2>&1 | head -3)"; fi
if [ ! -e "$T/two-rank1" ] && [ -f "$T/two/checkpoint.pt" ] && [ -f "$T/two/state.json" ] && [ -f "$T/two/config.json" ] &&
   [ "$(wc -l <"$T/two/metrics.jsonl")" -eq 12 ]; then ok "rank 0 alone writes the run folder"
else bad "files: rank 1 folder $(ls -d "$T/two-rank1" 2>&1); $(ls "$T/two" 2>&1)"; fi
paste <(losses "$T/one/metrics.jsonl") <(losses "$T/two/metrics.jsonl") >"$T/losses"
if [ "$(wc -l <"$T/losses")" -eq 12 ] &&
   awk '{ d = $2 - $4; if (d < 0) d = -d; if ($1 != $3 || d > 1e-3 * ($2 < 0 ? -$2 : $2) + 1e-4) { print "step " $1 ": " $2 " vs " $4; bad = 1 } } END { exit bad }' "$T/losses"
then ok "losses equal one process with the combined batch at every step"
else bad "losses differ: $(head -3 "$T/losses")"; fi
h1=$(sed -n 's/^held-out at end: loss \([0-9.-]*\).*/\1/p' "$T/one.log"); h2=$(sed -n 's/^held-out at end: loss \([0-9.-]*\).*/\1/p' "$T/r0.log")
[ -n "$h1" ] && [ -n "$h2" ] && awk -v a="$h1" -v b="$h2" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-3 * (a < 0 ? -a : a) + 1e-4) }' \
  && ok "same held-out loss at the end ($h1 and $h2)" || bad "held-out loss $h1 vs $h2"

# --- resume through scripts/train-distributed (prefixed output, both ranks from the checkpoint) ---
VLAE=$VLAE "$LAUNCH" 2 --resume "$T/two" --steps 16 --threads 1 >"$T/launch.log" 2>&1; rc=$?
if [ $rc -eq 0 ] && grep -q '^\[rank 0\] resuming .* at step 12' "$T/launch.log" && grep -q '^\[rank 1\] rank 1 of 2 .* from step 12' "$T/launch.log" &&
   "$VLAE" info "$T/two" | grep -q '^step: *16'; then ok "train-distributed resumes both ranks from rank 0's checkpoint"
else bad "train-distributed resume (exit $rc): $(tail -3 "$T/launch.log")"; fi
VLAE=$VLAE "$LAUNCH" 2 "${common[@]}" --steps 4 --batch 15 --out "$T/odd" >"$T/odd.log" 2>&1; rc=$?
[ $rc -ne 0 ] && grep -q 'world size 2 does not divide the batch of 15' "$T/odd.log" && ok "train-distributed fails when a rank fails" \
  || bad "train-distributed with a failing rank (exit $rc): $(tail -3 "$T/odd.log")"

# --- a rank killed mid-run: the other ends with one error line, the checkpoint stays good ---
start_pair() {  # start_pair NAME TIMEOUT: rank 0 -> $T/NAME, pids in a0 a1
  local P; P=$(port)
  "$VLAE" train "${common[@]}" --steps 100000 --out "$T/$1" --world-size 2 --rank 0 --master "127.0.0.1:$P" --dist-timeout "$2" >"$T/$1.0.out" 2>"$T/$1.0.err" &
  a0=$!; pids+=($a0)
  "$VLAE" train "${common[@]}" --steps 100000 --out "$T/$1" --world-size 2 --rank 1 --master "127.0.0.1:$P" --dist-timeout "$2" >"$T/$1.1.out" 2>"$T/$1.1.err" &
  a1=$!; pids+=($a1)
  for _ in $(seq 1 300); do [ -f "$T/$1/checkpoint.pt" ] && break; sleep 0.1; done
}
start_pair kill 10
kill -9 "$a1"; wait "$a1" 2>/dev/null
wait_for "$a0" 100
if [ $rc -ne 124 ] && [ $rc -ne 0 ] && [ "$(wc -l <"$T/kill.0.err")" -eq 1 ] && grep -q '^vlae: error: rank 0 of 2: .* failed' "$T/kill.0.err" &&
   "$VLAE" info "$T/kill" >/dev/null 2>&1; then ok "killing rank 1 ends rank 0 with one error line; its checkpoint loads"
else bad "rank 0 after rank 1 was killed (exit $rc): $(cat "$T/kill.0.err")"; fi

# --- a rank that hangs: the other gives up after --dist-timeout ---
start_pair hang 3
kill -STOP "$a1"
t0=$(date +%s)
wait_for "$a0" 150
t1=$(date +%s)
kill -9 "$a1" 2>/dev/null; wait "$a1" 2>/dev/null
if [ $rc -ne 124 ] && [ $rc -ne 0 ] && grep -q 'did not answer within --dist-timeout 3 s' "$T/hang.0.err"; then ok "a hung rank ends the other after the timeout ($((t1 - t0)) s)"; sed 's/^/     /' "$T/hang.0.err"
else bad "hung rank (exit $rc): $(cat "$T/hang.0.err")"; fi

# --- SIGINT to rank 0 alone: both stop after the same step, rank 0 saves ---
start_pair sig 30
kill -INT "$a0"
wait_for "$a0" 100; rc0=$rc
wait_for "$a1" 100; rc1=$rc
s0=$(sed -n 's/^stopped by signal at step \([0-9]*\);.*/\1/p' "$T/sig.0.out")
s1=$(sed -n 's/^stopped by signal at step \([0-9]*\) with the other ranks.*/\1/p' "$T/sig.1.out")
if [ $rc0 -eq 0 ] && [ $rc1 -eq 0 ] && [ -n "$s0" ] && [ "$s0" = "$s1" ] && "$VLAE" info "$T/sig" | grep -q "^step: *$s0\$"; then
  ok "SIGINT on rank 0: both stop at step $s0, rank 0 saves"
else bad "SIGINT (exit $rc0, $rc1; steps '$s0' '$s1'): $(tail -1 "$T/sig.0.err") $(tail -1 "$T/sig.1.err")"; fi

# --- nobody to connect to ---
t0=$(date +%s)
"$VLAE" train "${common[@]}" --steps 2 --out "$T/alone" --world-size 2 --rank 1 --master "127.0.0.1:$(port)" --dist-timeout 2 >/dev/null 2>"$T/alone.err"; rc=$?
t1=$(date +%s)
if [ $rc -eq 1 ] && [ "$(wc -l <"$T/alone.err")" -eq 1 ] && grep -q "^vlae: error: rank 1 of 2: cannot reach rank 0 at 127.0.0.1:" "$T/alone.err" &&
   [ $((t1 - t0)) -le 8 ]; then ok "a rank with nobody to meet gives up after --dist-timeout ($((t1 - t0)) s)"
else bad "no rank 0 (exit $rc, $((t1 - t0)) s): $(cat "$T/alone.err")"; fi

echo "cli_distributed: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
