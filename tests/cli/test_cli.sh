#!/usr/bin/env bash
# The `vlae` CLI contract: real runs on a tiny model, real files, exit codes and one-line errors.
# usage: test_cli.sh VLAE MAKE_TEST_DATA TINY_CONFIG
set -u
VLAE=$1 MAKE_DATA=$2 TINY=$3
T=$(mktemp -d /tmp/vlae-cli.XXXXXX)
trap 'rm -rf "$T"' EXIT
export VLAE_DATA_DIR=$T/datadir OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
pass=0 fail=0
ok()  { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

png_size() { identify -format '%wx%h' "$1" 2>/dev/null; }

"$MAKE_DATA" "$T/data" 192 || { echo "cannot make test data"; exit 1; }

# --- happy paths ---
if "$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 20 --out "$T/run" --threads 1 >"$T/train.log" 2>&1 &&
   grep -q 'held-out at end' "$T/train.log" && [ -f "$T/run/checkpoint.pt" ] && [ -f "$T/run/state.json" ] &&
   [ -f "$T/run/config.json" ] && [ "$(wc -l <"$T/run/metrics.jsonl")" -eq 4 ]; then ok "train writes a run folder"
else bad "train writes a run folder: $(tail -3 "$T/train.log")"; fi
grep -q '^step 20/20 loss' "$T/train.log" && ok "train prints plain progress lines when not a terminal" || bad "progress lines"

"$VLAE" info "$T/run" --json >"$T/info.json" 2>&1
grep -q '"parameters"' "$T/info.json" && grep -q '"step": 20' "$T/info.json" && ok "info --json has parameters and step" || bad "info --json: $(head -c 200 "$T/info.json")"
"$VLAE" info "$T/run" | grep -q '^step: *20' && ok "info prints the step" || bad "info text"

"$VLAE" train --resume "$T/run" --steps 30 --threads 1 >"$T/resume.log" 2>&1 && "$VLAE" info "$T/run" --json | grep -q '"step": 30' \
  && ok "resume continues to --steps" || bad "resume: $(tail -2 "$T/resume.log")"

"$VLAE" sample "$T/run" --n 6 --out "$T/fig/samples.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/samples.png")" = "182x182" ] && [ -f "$T/fig/samples.json" ] && ok "sample writes a 6x6 grid and sidecar" || bad "sample: $(png_size "$T/fig/samples.png")"
"$VLAE" reconstruct "$T/run" --n 4 --out "$T/fig/recon.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/recon.png")" = "122x122" ] && ok "reconstruct writes pairs" || bad "reconstruct: $(png_size "$T/fig/recon.png")"
"$VLAE" traverse "$T/run" --layer 3 --n 5 --out "$T/fig/t3.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/t3.png")" = "152x152" ] && grep -q '"layer": 3' "$T/fig/t3.json" && grep -q '"checkpoint"' "$T/fig/t3.json" \
  && ok "traverse --layer writes grid + sidecar with codes and checkpoint" || bad "traverse --layer"
"$VLAE" traverse "$T/run" --all-layers --mode resample --n 4 --out "$T/fig/all.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/all.png")" = "$((3 * 122 + 2 * 12))x122" ] && ok "traverse --all-layers puts panels side by side" || bad "all-layers: $(png_size "$T/fig/all.png")"
"$VLAE" traverse "$T/run" --layer 1 --others fixed --range 3 --n 3 --out "$T/fig/t1.png" >/dev/null 2>&1 && grep -q '"others": "fixed"' "$T/fig/t1.json" \
  && ok "traverse --others fixed" || bad "traverse --others fixed"

# SIGINT saves and exits cleanly.
"$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 100000 --out "$T/sig" --threads 1 >"$T/sig.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do [ -s "$T/sig/metrics.jsonl" ] && break; sleep 0.1; done
kill -INT $pid; wait $pid; rc=$?
if [ $rc -eq 0 ] && grep -q 'stopped by signal' "$T/sig.log" && "$VLAE" info "$T/sig" >/dev/null 2>&1; then ok "SIGINT saves and exits 0"
else bad "SIGINT (exit $rc): $(tail -2 "$T/sig.log")"; fi

# SIGTERM too.
"$VLAE" train --resume "$T/sig" --steps 100000 --threads 1 >"$T/term.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do grep -q '^resuming' "$T/term.log" && break; sleep 0.1; done
sleep 1
kill -TERM $pid; wait $pid; rc=$?
if [ $rc -eq 0 ] && grep -q 'stopped by signal' "$T/term.log" && "$VLAE" info "$T/sig" >/dev/null 2>&1; then ok "SIGTERM saves and exits 0"
else bad "SIGTERM (exit $rc): $(tail -2 "$T/term.log")"; fi

# --keep K: checkpoint.pt and K-1 numbered older ones; a damaged checkpoint.pt resumes from the newest good one.
"$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 40 --keep 2 --out "$T/keep" --threads 1 >/dev/null 2>&1
[ -f "$T/keep/checkpoint.pt" ] && [ -f "$T/keep/checkpoint-00000030.pt" ] && [ "$(ls "$T/keep" | grep -c '^checkpoint-')" -eq 1 ] && ok "--keep 2 keeps checkpoint.pt and one older" \
  || bad "--keep 2: $(ls "$T/keep")"
printf 'damaged' >"$T/keep/checkpoint.pt"
"$VLAE" train --resume "$T/keep" --steps 45 --threads 1 >"$T/fallback.log" 2>"$T/fallback.err"; rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$T/fallback.err")" -eq 1 ] &&
   grep -q "^vlae: warning: .*checkpoint.pt: not a vlae checkpoint.*resuming from .*checkpoint-00000030.pt (step 30)" "$T/fallback.err" &&
   grep -q '^resuming .* at step 30' "$T/fallback.log" && "$VLAE" info "$T/keep" | grep -q '^step: *45'; then
  ok "a damaged checkpoint.pt: resume warns and continues from the newest good one"
else bad "fallback resume (exit $rc): $(cat "$T/fallback.err")"; fi

# Bad inputs (files, configs, checkpoints, arguments) are rows of tests/bad_inputs/cases.tsv.

"$VLAE" data list >"$T/list.txt" 2>&1 && grep -q '^mnist' "$T/list.txt" && grep -q '^fashion-mnist' "$T/list.txt" && ok "data list" || bad "data list"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
