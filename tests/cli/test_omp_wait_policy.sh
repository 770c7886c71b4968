#!/usr/bin/env bash
# Each program starts once with OpenMP's workers told to sleep when idle (OMP_WAIT_POLICY=PASSIVE,
# set before LibTorch's libraries initialise), and keeps a policy the user set.
# libgomp prints its settings once per start with OMP_DISPLAY_ENV=verbose: one block means the
# program was executed twice at most (the preinit re-exec prints nothing), GOMP_SPINCOUNT 0 means
# passive.
# usage: test_omp_wait_policy.sh PROGRAM...
set -u
failures=0
check() {  # check NAME EXPECTED_SPINCOUNT OUTPUT
  local blocks spin
  blocks=$(grep -c "OPENMP DISPLAY ENVIRONMENT BEGIN" <<<"$3")
  spin=$(grep -o "GOMP_SPINCOUNT = '[0-9]*'" <<<"$3")
  if [ "$blocks" != 1 ] || [ "$spin" != "GOMP_SPINCOUNT = '$2'" ]; then
    echo "FAIL: $1: $blocks settings blocks, $spin (expected 1 block, GOMP_SPINCOUNT = '$2')"
    failures=$((failures + 1))
  else
    echo "ok: $1: $spin"
  fi
}
for program in "$@"; do
  [ -n "$program" ] || continue  # vlae-explorer in a build without the GUI
  name=$(basename "$program")
  check "$name" 0 "$(env -u OMP_WAIT_POLICY OMP_DISPLAY_ENV=verbose "$program" --help 2>&1)"
  check "$name with OMP_WAIT_POLICY=active" 30000000000 \
        "$(OMP_WAIT_POLICY=active OMP_DISPLAY_ENV=verbose "$program" --help 2>&1)"
done
exit $((failures > 0))
