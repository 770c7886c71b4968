#!/usr/bin/env bash
# Runs one row of cases.tsv: the command must exit with the row's code and print exactly one
# stderr line, beginning 'vlae: error: ' and containing the row's message.
# usage: run_case.sh VLAE FIXTURE_DIR TINY CASES_TSV NAME
set -u
VLAE=$1 F=$2 TINY=$3 CASES=$4 NAME=$5
row=$(awk -F'\t' -v n="$NAME" '$1 == n' "$CASES")
[ -n "$row" ] || { echo "no case $NAME in $CASES"; exit 1; }
IFS=$'\t' read -r _ code needle cmd <<<"$row"
W=$(mktemp -d /tmp/vlae-bad.XXXXXX)
trap 'rm -rf "$W"' EXIT
export VLAE_DATA_DIR=$W/datadir OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
export VLAE F TINY W
cd "$W" || exit 1
bash -c "$cmd" >"$W/stdout" 2>"$W/stderr"
rc=$?
echo "command: $cmd"
echo "exit $rc (want $code); stderr:"
cat "$W/stderr"
lines=$(wc -l <"$W/stderr")
[ "$rc" -eq "$code" ] || { echo "FAIL: exit code"; exit 1; }
[ "$lines" -eq 1 ] || { echo "FAIL: $lines stderr lines, want 1"; exit 1; }
grep -q '^vlae: error: ' "$W/stderr" || { echo "FAIL: no 'vlae: error: ' prefix"; exit 1; }
grep -qF -- "$needle" "$W/stderr" || { echo "FAIL: stderr lacks '$needle'"; exit 1; }
echo "ok"
