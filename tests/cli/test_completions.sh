#!/usr/bin/env bash
# `vlae completions bash|zsh|fish`: the scripts parse, and each shell, given them, completes the real
# subcommands, options, choices and file names. zsh and fish are skipped (with a note) where missing.
# usage: test_completions.sh VLAE
set -euo pipefail
if [ $# -ne 1 ]; then
  echo "usage: $0 PATH_TO_VLAE" >&2
  exit 2
fi
VLAE=$1
PROG=$(basename "$VLAE")        # the scripts complete the command by the name it was run as
FN=_${PROG//[^A-Za-z0-9_]/_}    # bash and zsh: the completion function
T=$(mktemp -d /tmp/vlae-completions.XXXXXX)
trap 'rm -rf "$T"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }

# A folder to complete file names in: a folder, a file and a checkpoint.
mkdir -p "$T/files/runs/r1"
touch "$T/files/figure.png" "$T/files/runs/r1/checkpoint.pt"

# check NAME "GOT (one per line)" WORD...: every WORD is among the completions.
check() {
  local name=$1 got=$2 word missing=""
  shift 2
  for word in "$@"; do
    grep -qxF -- "$word" <<<"$got" || missing+=" $word"
  done
  if [ -z "$missing" ]; then ok "$name"; else bad "$name: missing$missing; got: $(tr '\n' ' ' <<<"$got")"; fi
}
# check_exact NAME "GOT" WORD...: the completions are exactly the WORDs (any order).
check_exact() {
  local name=$1 got=$2
  shift 2
  local want have
  want=$(printf '%s\n' "$@" | sort -u)
  have=$(grep -v '^$' <<<"$got" | sort -u || true)
  if [ "$want" = "$have" ]; then ok "$name"; else bad "$name: want $(tr '\n' ' ' <<<"$want"); got: $(tr '\n' ' ' <<<"$have")"; fi
}

# --- the command itself ---
for shell in bash zsh fish; do
  if "$VLAE" completions "$shell" >"$T/script.$shell" 2>"$T/err.$shell" && [ -s "$T/script.$shell" ] &&
     [ ! -s "$T/err.$shell" ]; then ok "completions $shell prints a script, nothing on stderr"
  else bad "completions $shell: $(head -3 "$T/err.$shell")"; fi
done
code=0
"$VLAE" completions tcsh >"$T/out.tcsh" 2>&1 || code=$?
if [ "$code" -eq 2 ]; then ok "completions tcsh is a usage error (exit 2)"; else bad "completions tcsh exited $code"; fi
if head -1 "$T/script.zsh" | grep -qx "#compdef $PROG"; then ok "zsh script starts with #compdef $PROG"
else bad "zsh script starts with '$(head -1 "$T/script.zsh")'"; fi

# --- bash: call the function as readline would, with COMP_WORDS and COMP_CWORD ---
# bash_complete WORD...: the completions for the last WORD (may be ''), one per line.
bash_complete() {
  bash --norc --noprofile -c '
    source "$1" || exit 1
    cd "$2"
    fn=$3
    shift 3
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    "$fn" || exit 1
    if [ ${#COMPREPLY[@]} -gt 0 ]; then printf "%s\n" "${COMPREPLY[@]}"; fi
  ' bash "$T/script.bash" "$T/files" "$FN" "$@"
}
if bash -n "$T/script.bash"; then ok "bash: the script parses"; else bad "bash: the script does not parse"; fi
registered=$(bash --norc --noprofile -c 'source "$1" && complete -p "$2"' bash "$T/script.bash" "$PROG" 2>&1 || true)
if [ "$registered" = "complete -F $FN $PROG" ]; then ok "bash: complete -F $FN $PROG"
else bad "bash: registered as '$registered'"; fi
check_exact "bash: $PROG tr -> train traverse" "$(bash_complete "$PROG" tr)" train traverse
check_exact "bash: $PROG traverse --mo -> --mode" "$(bash_complete "$PROG" traverse --mo)" --mode
check_exact "bash: $PROG traverse --mode -> grid resample" "$(bash_complete "$PROG" traverse --mode '')" grid resample
check_exact "bash: $PROG traverse --mode=r -> resample" "$(bash_complete "$PROG" traverse --mode = r)" resample
check_exact "bash: $PROG train --device -> auto cpu cuda" "$(bash_complete "$PROG" train --device '')" auto cpu cuda
check "bash: $PROG data -> fetch list" "$(bash_complete "$PROG" data '')" fetch list
check "bash: $PROG data fetch -- -> --data-dir --help" "$(bash_complete "$PROG" data fetch --)" --data-dir --help
check "bash: $PROG -> train report completions" "$(bash_complete "$PROG" '')" train traverse report data completions
check "bash: $PROG report --j -> --json" "$(bash_complete "$PROG" report --j)" --json
check "bash: $PROG train --out -> folders" "$(bash_complete "$PROG" train --out '')" runs
check "bash: $PROG train --preset -> files" "$(bash_complete "$PROG" train --preset '')" figure.png runs
check "bash: $PROG traverse RUN --out fi -> figure.png" "$(bash_complete "$PROG" traverse runs/r1 --out 'fi')" figure.png
check "bash: $PROG traverse --all-layers -> the run positional's files" \
  "$(bash_complete "$PROG" traverse --all-layers '')" figure.png runs
check "bash: $PROG report runs/r -> runs/r1" "$(bash_complete "$PROG" report runs/r)" runs/r1
check_exact "bash: $PROG completions -> bash zsh fish" "$(bash_complete "$PROG" completions '')" bash zsh fish
check_exact "bash: $PROG train --steps -> nothing" "$(bash_complete "$PROG" train --steps '')"

# --- zsh: real completion in an interactive zsh on a pseudo-terminal (zpty), with compinit ---
if command -v zsh >/dev/null 2>&1; then
  if zsh -n "$T/script.zsh"; then ok "zsh: the script parses"; else bad "zsh: the script does not parse"; fi
  mkdir -p "$T/fpath"
  cp "$T/script.zsh" "$T/fpath/$FN"
  # capture.zsh HOW WHERE LINE: the completions zsh offers at the end of LINE, one per line; HOW is
  # fpath (WHERE: a folder holding the script as _vlae, autoloaded by compinit) or source (WHERE: the
  # script, sourced after compinit). compadd is wrapped to print what it adds.
  cat >"$T/capture.zsh" <<'EOF'
zmodload zsh/zpty || exit 1
local how=$1 where=$2 line=$3 setup=$(mktemp)
{
  print -r -- 'PROMPT='
  [[ $how == fpath ]] && print -r -- "fpath=(${(q)where} \$fpath)"
  print -r -- 'autoload -U compinit && compinit -u -D'
  [[ $how == source ]] && print -r -- "source ${(q)where}"
  print -r -- 'bindkey "^I" complete-word'
  print -r -- 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return; fi
  local -a __hits
  builtin compadd -A __hits "$@"
  local h; for h in $__hits; do print -r -- "CAND:$h"; done
  builtin compadd "$@"
}'
  print -r -- '__capture_done() { print -r -- CAPTURE_END; exit }'
  print -r -- 'comppostfuncs=( __capture_done )'
} >$setup
zpty z zsh -f -i
zpty -w z "source ${(q)setup}; print -r -- SETUP''_DONE"
local l
while zpty -r z l; do [[ $l == *SETUP_DONE* ]] && break; done
zpty -w -n z "$line"$'\t'
while zpty -r z l; do
  [[ $l == *CAPTURE_END* ]] && break
  [[ $l == *CAND:* ]] && print -r -- ${${l##*CAND:}//[$'\r\n']/}
done
zpty -d z
rm -f $setup
EOF
  zsh_complete() { (cd "$T/files" && timeout 30 zsh -f "$T/capture.zsh" "$1" "$2" "$3" 2>/dev/null) || true; }
  for how in fpath source; do
    where=$T/fpath; [ $how = source ] && where=$T/script.zsh
    check_exact "zsh ($how): $PROG tr -> train traverse" "$(zsh_complete $how "$where" "$PROG tr")" train traverse
    check_exact "zsh ($how): $PROG traverse --mode -> grid resample" \
      "$(zsh_complete $how "$where" "$PROG traverse --mode ")" grid resample
  done
  where=$T/fpath
  check_exact "zsh: $PROG traverse --mo -> --mode" "$(zsh_complete fpath "$where" "$PROG traverse --mo")" --mode
  check_exact "zsh: $PROG traverse --mode= -> grid resample" \
    "$(zsh_complete fpath "$where" "$PROG traverse --mode=")" grid resample
  check "zsh: $PROG data -> fetch list" "$(zsh_complete fpath "$where" "$PROG data ")" fetch list
  check "zsh: $PROG report --j -> --json" "$(zsh_complete fpath "$where" "$PROG report --j")" --json
  check_exact "zsh: $PROG completions -> bash zsh fish" \
    "$(zsh_complete fpath "$where" "$PROG completions ")" bash zsh fish
  check "zsh: $PROG train --out -> folders" "$(zsh_complete fpath "$where" "$PROG train --out ")" runs
  check "zsh: $PROG traverse RUN --out -> files" \
    "$(zsh_complete fpath "$where" "$PROG traverse runs/r1 --out ")" figure.png runs
else
  echo "note: zsh is not installed; its checks are skipped"
fi

# --- fish: complete -C on the sourced script ---
if command -v fish >/dev/null 2>&1; then
  if fish --no-config -n "$T/script.fish"; then ok "fish: the script parses"; else bad "fish: the script does not parse"; fi
  fish_complete() {
    # shellcheck disable=SC2016  # $argv is fish's, expanded by fish
    (cd "$T/files" && XDG_CONFIG_HOME=$T/xdg XDG_DATA_HOME=$T/xdg timeout 30 \
      fish --no-config -c 'source $argv[1]; complete -C $argv[2]' "$T/script.fish" "$1" | cut -f1) || true
  }
  check_exact "fish: $PROG tr -> train traverse" "$(fish_complete "$PROG tr")" train traverse
  check_exact "fish: $PROG traverse --mo -> --mode" "$(fish_complete "$PROG traverse --mo")" --mode
  check_exact "fish: $PROG traverse --mode -> grid resample" "$(fish_complete "$PROG traverse --mode ")" grid resample
  check_exact "fish: $PROG train --device c -> cpu cuda" "$(fish_complete "$PROG train --device c")" cpu cuda
  check "fish: $PROG data -> fetch list" "$(fish_complete "$PROG data ")" fetch list
  check "fish: $PROG report --j -> --json" "$(fish_complete "$PROG report --j")" --json
  check "fish: $PROG data fetch -- -> --data-dir --help" "$(fish_complete "$PROG data fetch --")" --data-dir --help
  check_exact "fish: $PROG completions -> bash zsh fish" "$(fish_complete "$PROG completions ")" bash zsh fish
  check "fish: $PROG train --out -> folders" "$(fish_complete "$PROG train --out ")" runs/
  check "fish: $PROG traverse RUN --out -> files" "$(fish_complete "$PROG traverse runs/r1 --out ")" figure.png
  check "fish: $PROG info -> the run positional's files" "$(fish_complete "$PROG info ")" figure.png runs/
  check_exact "fish: $PROG train --steps -> nothing" "$(fish_complete "$PROG train --steps ")"
else
  echo "note: fish is not installed; its checks are skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
