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

# History over the whole run: weights-only copies at growing spacing (here from step 5: 5, 10, 20),
# each at most 40% of a full checkpoint (no optimizer state).
python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c['train']['history_first']=5; json.dump(c, open(sys.argv[2],'w'))" \
  "$TINY" "$T/history.json"
"$VLAE" train --preset "$T/history.json" --data "idx:$T/data" --steps 20 --out "$T/history-run" --threads 1 >/dev/null 2>&1
kept=$(ls "$T/history-run/history" 2>/dev/null | tr '\n' ' ')
full=$(stat -c %s "$T/history-run/checkpoint.pt" 2>/dev/null || echo 0) light=$(stat -c %s "$T/history-run/history/weights-00000020.pt" 2>/dev/null || echo 0)
[ "$kept" = "weights-00000005.pt weights-00000010.pt weights-00000020.pt " ] && [ "$light" -gt 0 ] && [ $((light * 100)) -le $((full * 40)) ] \
  && ok "train keeps weights-only history at steps 5, 10, 20, each $((light * 100 / full))% of a checkpoint" || bad "history: $kept ($light of $full bytes)"
"$VLAE" sample "$T/history-run/history/weights-00000005.pt" --n 2 --out "$T/hist.png" >/dev/null 2>&1 \
  && ok "a history copy opens like a checkpoint" || bad "history copy does not open"

# dSprites, drawn in code, and the standard metrics in the report for each model (a few steps:
# only that every figure is there and in [0, 1], not what training learns).
for model in vlae hvae vae; do
  extra=""; [ "$model" = vae ] && extra="--kl-weight 4"  # the beta-VAE
  "$VLAE" train --preset dsprites --data dsprites --model $model $extra --steps 4 --batch 8 --out "$T/ds-$model" --threads 1 >"$T/ds.log" 2>&1
  "$VLAE" report "$T/ds-$model" --json --bases 2 --resamples 2 --probe-train 100 --probe-test 50 --metric-samples 300 >"$T/ds-$model.json" 2>"$T/ds.err"
  /usr/bin/python3 - "$T/ds-$model.json" <<'PY' && ok "dsprites: train --model $model, report --json has MIG, SAP, DCI and factor_layers in [0, 1]" || bad "dsprites $model: $(tail -2 "$T/ds.log") $(cat "$T/ds.err")"
import json, sys
d = json.load(open(sys.argv[1]))["disentanglement"]
vals = [d["mig"], d["sap"], d["dci"]["disentanglement"], d["dci"]["completeness"], d["dci"]["informativeness"]]
assert all(0 <= v <= 1 for v in vals), vals
assert [f["factor"] for f in d["factor_layers"]] == ["shape", "scale", "orientation", "pos_x", "pos_y"]
PY
done
[ "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['model']['latent_dims'])" "$T/ds-vae/config.json")" = "[12]" ] &&
  grep -q '"kl_weight": 4' "$T/ds-vae/config.json" && ok "--model vae: one latent layer with all 12 dims; --kl-weight 4 makes it a beta-VAE" || bad "vae config"
"$VLAE" encode "$T/ds-vlae" --data dsprites --n 3 >"$T/ds-codes.csv" 2>&1
head -1 "$T/ds-codes.csv" | grep -q '^image,label,shape,scale,orientation,pos_x,pos_y,z1_1,' && [ "$(wc -l <"$T/ds-codes.csv")" -eq 4 ] \
  && ok "encode --data dsprites carries the five factor columns" || bad "dsprites encode: $(head -2 "$T/ds-codes.csv")"

"$VLAE" info "$T/run" --json >"$T/info.json" 2>&1
grep -q '"parameters"' "$T/info.json" && grep -q '"step": 20' "$T/info.json" && ok "info --json has parameters and step" || bad "info --json: $(head -c 200 "$T/info.json")"
"$VLAE" info "$T/run" | grep -q '^step: *20' && ok "info prints the step" || bad "info text"

"$VLAE" train --resume "$T/run" --steps 30 --threads 1 >"$T/resume.log" 2>&1 && "$VLAE" info "$T/run" --json | grep -q '"step": 30' \
  && ok "resume continues to --steps" || bad "resume: $(tail -2 "$T/resume.log")"

# --- OpenBLAS's kernels (core/common/blas_core.h): started as on a machine where nobody chose
# them, the programs pick them from the CPU's features and say so in one line; generic kernels on
# a CPU with AVX2 get a warning; a choice the user made is kept without a word.
if grep -q ' avx2' /proc/cpuinfo; then
  cp -r "$T/run" "$T/blas-run"
  env -u OPENBLAS_CORETYPE "$VLAE" train --resume "$T/blas-run" --steps 31 --threads 1 >"$T/blas.log" 2>&1
  grep -q "^BLAS: OpenBLAS's [A-Za-z]* kernels, picked from this CPU's features" "$T/blas.log" \
    && ok "train says which BLAS kernels it picked ($(grep -o "OpenBLAS's [A-Za-z]*" "$T/blas.log"))" || bad "picked kernels: $(head -3 "$T/blas.log")"
  OPENBLAS_CORETYPE=Prescott "$VLAE" train --resume "$T/blas-run" --steps 32 --threads 1 >"$T/blas.log" 2>&1
  grep -q "^warning: OpenBLAS runs its generic Prescott kernels on a CPU with AVX2" "$T/blas.log" \
    && ok "train warns of generic BLAS kernels on an AVX2 CPU" || bad "generic kernels: $(head -3 "$T/blas.log")"
  OPENBLAS_CORETYPE=Haswell "$VLAE" train --resume "$T/blas-run" --steps 33 --threads 1 >"$T/blas.log" 2>&1
  ! grep -q "BLAS\|OpenBLAS" "$T/blas.log" && ok "a BLAS choice the user made is kept without a word" || bad "user's choice: $(head -3 "$T/blas.log")"
fi

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

# An animated traversal: frames back and forth along each layer's first dim, all layers side by side.
"$VLAE" traverse "$T/run" --all-layers --n 5 --fps 8 --out "$T/fig/t.gif" >/dev/null 2>&1
frames=$(identify "$T/fig/t.gif" 2>/dev/null | wc -l)
size=$(identify -format '%wx%h\n' "$T/fig/t.gif" 2>/dev/null | head -1)
[ "$frames" -eq 8 ] && [ "$size" = "$((3 * 112 + 2 * 12))x112" ] && grep -q '"kind": "traverse-animation"' "$T/fig/t.json" &&
  [ "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['frames']))" "$T/fig/t.json")" -eq 8 ] \
  && ok "traverse --out FILE.gif: 8 frames of 360x112 and a sidecar with each frame's codes" || bad "gif: $frames frames of $size"
"$VLAE" traverse "$T/run" --all-layers --n 5 --fps 8 --out "$T/fig/t.mp4" >/dev/null 2>&1
probe=$(ffprobe -v error -count_frames -select_streams v:0 -show_entries stream=codec_name,width,height,nb_read_frames,r_frame_rate \
        -of csv=p=0 "$T/fig/t.mp4" 2>&1)
[ "$probe" = "h264,360,112,8/1,8" ] && grep -q '"frame_count": 8' "$T/fig/t.json" \
  && ok "traverse --out FILE.mp4: H.264 that ffprobe reads as 8 frames of 360x112 at 8 fps, with its sidecar" || bad "mp4: $probe"

# Codes and weights out: encode (CSV to stdout or a file, JSON), interpolate (PNG + sidecar), export.
"$VLAE" encode "$T/run" --data "idx:$T/data" --n 5 >"$T/codes-stdout.csv" 2>"$T/encode.err"
[ "$(head -1 "$T/codes-stdout.csv")" = "image,label,z1_1,z1_2,z2_1,z2_2,z3_1,z3_2,z1_1_sd,z1_2_sd,z2_1_sd,z2_2_sd,z3_1_sd,z3_2_sd" ] &&
  [ "$(wc -l <"$T/codes-stdout.csv")" -eq 6 ] && grep -q '^test:4,' "$T/codes-stdout.csv" \
  && ok "encode --data prints a CSV with a header and one row per image" || bad "encode CSV: $(head -2 "$T/codes-stdout.csv") $(cat "$T/encode.err")"
"$VLAE" encode "$T/run" --data "idx:$T/data" --split train --n 3 --out "$T/codes.json" >/dev/null 2>&1 &&
  grep -q '"image": "train:2"' "$T/codes.json" && grep -q '"sd"' "$T/codes.json" \
  && ok "encode --split train --out FILE.json" || bad "encode JSON"
"$VLAE" sample "$T/run" --n 1 --out "$T/own.png" >/dev/null 2>&1
"$VLAE" encode "$T/run" "$T/own.png" "$T/fig" --out "$T/own.csv" >/dev/null 2>&1 && grep -q "^$T/own.png," "$T/own.csv" &&
  [ "$(wc -l <"$T/own.csv")" -ge 3 ] && ok "encode IMAGE and FOLDER: own files, prepared as the run's data" || bad "encode files: $(cat "$T/own.csv")"
"$VLAE" interpolate "$T/run" --from test:0 --to "$T/own.png" --n 8 --layers 1,3 --mode slerp --out "$T/fig/interp.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/interp.png")" = "242x92" ] && grep -q '"mode": "slerp"' "$T/fig/interp.json" && grep -q '"row_layers"' "$T/fig/interp.json" \
  && ok "interpolate: one row per chosen layer and one for both, slerp, with a sidecar" || bad "interpolate: $(png_size "$T/fig/interp.png")"
"$VLAE" interpolate "$T/run" --from test:0 --to test:1 --n 4 --layers 1,3 --out "$T/fig/interp.gif" >/dev/null 2>&1
[ "$(identify "$T/fig/interp.gif" 2>/dev/null | wc -l)" -eq 6 ] && grep -q '"kind": "interpolate-animation"' "$T/fig/interp.json" \
  && ok "interpolate --out FILE.gif: A to B and back, 6 frames" || bad "interpolate gif: $(identify "$T/fig/interp.gif" 2>&1 | head -2)"
"$VLAE" gibbs "$T/run" --steps 9 --chains 3 --data "idx:$T/data" --out "$T/fig/gibbs.gif" >/dev/null 2>&1
[ "$(identify "$T/fig/gibbs.gif" 2>/dev/null | wc -l)" -eq 10 ] &&
  [ "$(python3 -c "import json,sys; f=json.load(open(sys.argv[1]))['frames']; print(len(f), len(f[9]['z1']))" "$T/fig/gibbs.json")" = "10 3" ] \
  && ok "gibbs --out FILE.gif: one frame per step, each frame's bottom codes in the sidecar" || bad "gibbs gif: $(identify "$T/fig/gibbs.gif" 2>&1 | head -2)"
"$VLAE" export "$T/run" --out "$T/w.safetensors" >/dev/null 2>&1 && [ "$(head -c 8 "$T/w.safetensors" | od -An -tu8 | tr -d ' ')" -gt 100 ] \
  && ok "export writes a .safetensors file" || bad "export"

# sample --temperature: each layer's draw scaled, bottom to top; 0 holds a layer at the prior's mean.
"$VLAE" sample "$T/run" --n 3 --temperature 1,1,0 --out "$T/fig/cold-top.png" >/dev/null 2>&1 &&
  python3 - "$T/fig/cold-top.json" <<'EOF_PY' && ok "sample --temperature 1,1,0: the top layer at 0 in every cell, the others drawn" || bad "sample --temperature"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["temperature"] == [1, 1, 0], s["temperature"]
codes = s["codes"]
assert len(codes) == 9 and all(v == 0 for c in codes for v in c[2]), "top layer not at 0"
assert any(v != 0 for c in codes for v in c[0] + c[1]), "lower layers not drawn"
EOF_PY

# direction: a layer's class direction (mean code of B minus A, a probe's unit normal), and rows of
# prior draws moved along it, where only that layer's code moves, by t times the direction.
"$VLAE" direction "$T/run" --layer 3 --from 0 --to 1 --data "idx:$T/data" --out "$T/d.json" >/dev/null 2>&1 &&
  "$VLAE" traverse "$T/run" --direction "$T/d.json" --n 4 --out "$T/fig/dir.png" >/dev/null 2>&1 &&
  [ "$(png_size "$T/fig/dir.png")" = 122x122 ] &&
  python3 - "$T/d.json" "$T/fig/dir.json" <<'EOF_PY' && ok "direction --layer 3 --from 0 --to 1, and traverse --direction moves only layer 3 along it" || bad "direction"
import json, math, sys
d, g = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
assert d["layer"] == 3 and d["count_from"] > 0 and d["count_to"] > 0
assert all(abs(b - a - v) < 1e-5 for a, b, v in zip(d["mean_from"], d["mean_to"], d["direction"]))
n = math.sqrt(sum(v * v for v in d["probe_normal"]))
assert abs(n - 1) < 1e-4 or n == 0, n
t, codes = g["t"], g["codes"]
assert g["kind"] == "direction-traverse" and len(codes) == 16 and abs(t[0] + 2) < 1e-9 and abs(t[-1] - 2) < 1e-9
for row in range(4):
    cells = codes[row * 4:(row + 1) * 4]
    for j, c in enumerate(cells):
        assert c[0] == cells[0][0] and c[1] == cells[0][1], "a lower layer moved"
        assert all(abs(x - x0 - (t[j] - t[0]) * v) < 1e-4 for x, x0, v in zip(c[2], cells[0][2], d["direction"]))
EOF_PY

# traverse --dims: a grid sweeps the named dims on x and y (here y = d1, x = d2), the rest at 0.
"$VLAE" traverse "$T/run" --layer 2 --dims 2,1 --n 3 --others fixed --out "$T/fig/dims.png" >/dev/null 2>&1 &&
  python3 - "$T/fig/dims.json" <<'EOF_PY' && ok "traverse --dims 2,1 sweeps d2 along x and d1 along y" || bad "traverse --dims"
import json, sys
g = json.load(open(sys.argv[1]))
assert g["dims"] == [2, 1], g["dims"]
codes = g["codes"]
# Row-major 3 x 3: x (columns) moves d2 from -2 to 2, y (rows) moves d1 from 2 down to -2.
assert [c[1][1] for c in codes[:3]] == [-2, 0, 2], [c[1] for c in codes[:3]]
assert [codes[r * 3][1][0] for r in range(3)] == [2, 0, -2]
EOF_PY

# import, the reverse: the exported weights become a run that decodes exactly as the original, with
# the config from the file's metadata or from --config; NumPy-written files (F64, and F16 rounded)
# import too.
same_samples() {  # same_samples RUN_A RUN_B: the same seed decodes to the same pixels
  "$VLAE" sample "$1" --n 3 --seed 5 --out "$T/same-a.png" --threads 1 >/dev/null 2>&1 &&
    "$VLAE" sample "$2" --n 3 --seed 5 --out "$T/same-b.png" --threads 1 >/dev/null 2>&1 &&
    [ "$(compare -metric AE "$T/same-a.png" "$T/same-b.png" null: 2>&1)" = 0 ]
}
run_step() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['step'])" "$1/state.json"; }
"$VLAE" import "$T/w.safetensors" --out "$T/imported" >"$T/import.log" 2>&1 &&
  grep -q "at step $(run_step "$T/run")\$" "$T/import.log" && [ "$(run_step "$T/imported")" = "$(run_step "$T/run")" ] &&
  same_samples "$T/run" "$T/imported" && ok "import: an exported run comes back as a run that samples the same pixels" ||
  bad "import round trip: $(cat "$T/import.log")"
TOOLS=$(dirname "$0")/../tools PY=/usr/bin/python3  # Debian's, with NumPy
"$PY" "$TOOLS/write_safetensors.py" "$T/w.safetensors" "$T/w64.safetensors" --dtype F64 &&
  "$VLAE" import "$T/w64.safetensors" --config "$TINY" --out "$T/imported64" >/dev/null 2>&1 &&
  same_samples "$T/run" "$T/imported64" && ok "import --config: NumPy's F64 file, no metadata, the same pixels" ||
  bad "import of a NumPy-written F64 file"
"$PY" "$TOOLS/write_safetensors.py" "$T/w.safetensors" "$T/w16.safetensors" --dtype F16 &&
  "$VLAE" import "$T/w16.safetensors" --config "$T/run/config.json" --out "$T/imported16" >/dev/null 2>&1 &&
  "$VLAE" train --resume "$T/imported16" --steps 100 --threads 1 >/dev/null 2>&1 &&
  [ "$(run_step "$T/imported16")" = 100 ] &&
  ok "import of F16 weights, and train --resume continues the imported run" || bad "import F16 and resume"

# The HVAE baseline trains and explores like a VLAE; gibbs and report work on both.
"$VLAE" train --preset "$TINY" --model hvae --data "idx:$T/data" --steps 10 --out "$T/hrun" --threads 1 >"$T/htrain.log" 2>&1 \
  && "$VLAE" info "$T/hrun" --json | grep -q '"model": "hvae"' && ok "train --model hvae" || bad "train --model hvae: $(tail -2 "$T/htrain.log")"
"$VLAE" traverse "$T/hrun" --all-layers --mode resample --n 4 --out "$T/fig/hall.png" >/dev/null 2>&1
[ "$(png_size "$T/fig/hall.png")" = "$((3 * 122 + 2 * 12))x122" ] && ok "traverse on an hvae run" || bad "hvae traverse: $(png_size "$T/fig/hall.png")"
"$VLAE" gibbs "$T/run" --steps 6 --chains 3 --columns 4 --samples 2 --out "$T/fig/gibbs.png" >"$T/gibbs.log" 2>&1
[ "$(png_size "$T/fig/gibbs.png")" = "200x92" ] && grep -q '"shown_steps"' "$T/fig/gibbs.json" && ok "gibbs writes chains beside samples" \
  || bad "gibbs: $(png_size "$T/fig/gibbs.png") $(tail -1 "$T/gibbs.log")"
"$VLAE" gibbs "$T/hrun" --from-noise --steps 3 --chains 2 --columns 2 --samples 0 --out "$T/fig/hgibbs.png" >/dev/null 2>&1 \
  && grep -q '"from": "noise"' "$T/fig/hgibbs.json" && ok "gibbs --from-noise on an hvae run" || bad "gibbs --from-noise"
"$VLAE" report "$T/run" --json --bases 4 --resamples 4 --probe-train 100 --probe-test 40 --out "$T/report.json" >"$T/report.out" 2>&1
[ "$(grep -c '"variation_share"' "$T/report.out")" -eq 3 ] && grep -q '"knn_accuracy"' "$T/report.json" && grep -q '"active_units"' "$T/report.json" \
  && ok "report --json has one entry per layer" || bad "report --json: $(tail -2 "$T/report.out")"
"$VLAE" report "$T/hrun" --bases 4 --resamples 4 --probe-train 100 --probe-test 40 | grep -q 'variation share' \
  && ok "report prints a table" || bad "report table"
# The held-out likelihood and the per-dim KL: for the VLAE and the HVAE, a finite NLL whose bits per
# dim are the nats over 784 ln 2, and one KL per dim that sums to the layer's; --iw-samples 0 omits it.
for r in run hrun; do
  "$VLAE" report "$T/$r" --bases 2 --resamples 2 --probe-train 50 --probe-test 30 --iw-samples 8 --out "$T/nll-$r.json" >"$T/nll-$r.out" 2>&1
  /usr/bin/python3 - "$T/nll-$r.json" <<'PY' && grep -q "held-out NLL: .* IWAE bound with K = 8 on 30 images" "$T/nll-$r.out" \
    && ok "report ($r): nll_nats and bits_per_dim (K = 8), kl_per_dim summing to each layer's KL" || bad "report likelihood ($r): $(tail -2 "$T/nll-$r.out")"
import json, math, sys
r = json.load(open(sys.argv[1]))
assert r["iw_samples"] == 8 and r["nll_images"] == 30, r
assert math.isfinite(r["nll_nats"])  # a density for the tiny Gaussian run: any sign
assert abs(r["bits_per_dim"] - r["nll_nats"] / (784 * math.log(2))) < 1e-9
for l in r["layers"]:
    assert len(l["kl_per_dim"]) == l["dims"] == len(l["mean_variance_per_dim"])
    assert abs(sum(l["kl_per_dim"]) - l["kl_nats"]) < 1e-6 * max(1, l["kl_nats"])
    assert l["active_units"] == sum(v > 0.01 for v in l["mean_variance_per_dim"])
PY
done
"$VLAE" report "$T/run" --bases 2 --resamples 2 --probe-train 50 --probe-test 30 --iw-samples 0 --json >"$T/nll-none.json" 2>&1
grep -q '"kl_nats"' "$T/nll-none.json" && ! grep -q '"nll_nats"\|"bits_per_dim"' "$T/nll-none.json" \
  && ok "report --iw-samples 0 leaves the likelihood out" || bad "report --iw-samples 0: $(head -3 "$T/nll-none.json")"

# SIGINT saves and exits cleanly.
"$VLAE" train --preset "$TINY" --data "idx:$T/data" --steps 100000 --out "$T/sig" --threads 1 >"$T/sig.log" 2>&1 &
pid=$!
for _ in $(seq 1 300); do [ -s "$T/sig/metrics.jsonl" ] && break; sleep 0.1; done
kill -INT $pid; wait $pid; rc=$?
if [ $rc -eq 0 ] && grep -q 'stopped by signal' "$T/sig.log" && "$VLAE" info "$T/sig" >/dev/null 2>&1; then ok "SIGINT saves and exits 0"
else bad "SIGINT (exit $rc): $(tail -2 "$T/sig.log")"; fi

# --- other data formats: the generated shapes set, a folder of JPEGs as CelebA ---
TINY_CELEBA=$(dirname "$TINY")/tiny-celeba.json
if "$VLAE" train --preset "$TINY" --data shapes --steps 6 --out "$T/shapes" --threads 1 >"$T/shapes.log" 2>&1 &&
   grep -q '18000 train / 2000 held-out' "$T/shapes.log" && grep -q 'held-out at end' "$T/shapes.log"; then ok "train on the built-in shapes set"
else bad "train --data shapes: $(tail -3 "$T/shapes.log")"; fi
"$VLAE" train --preset "$TINY" --steps 2 --out "$T/fallback" --threads 1 >"$T/fallback.log" 2>&1 &&
  grep -q 'using the built-in shapes set' "$T/fallback.log" && grep -q '"data": "shapes"' "$T/fallback/config.json" \
  && ok "no --data and no mnist: falls back to shapes with a message" || bad "fallback: $(tail -3 "$T/fallback.log")"
"$MAKE_DATA" --images "$T/faces" 40 178 218 || bad "make JPEG folder"
if "$VLAE" train --preset "$TINY_CELEBA" --data "celeba:$T/faces" --steps 4 --out "$T/celeba" --threads 1 >"$T/celeba.log" 2>&1 &&
   grep -q 'decoded 40 images into the cache' "$T/celeba.log" && grep -q '1 file(s) skipped' "$T/celeba.log" &&
   [ -f "$T/faces/.vlae-cache-3x64x64-crop108.u8" ]; then ok "train on celeba:FOLDER decodes into a cache, counts skipped files"
else bad "train --data celeba: $(tail -3 "$T/celeba.log")"; fi
"$VLAE" train --resume "$T/celeba" --steps 6 --threads 1 >"$T/celeba2.log" 2>&1 && "$VLAE" reconstruct "$T/celeba" --n 3 --out "$T/fig/celeba.png" >/dev/null 2>&1 \
  && [ "$(png_size "$T/fig/celeba.png")" = "266x200" ] && ok "celeba run resumes and reconstructs from the cache" \
  || bad "celeba resume/reconstruct: $(tail -2 "$T/celeba2.log") $(png_size "$T/fig/celeba.png")"
"$VLAE" data bench "celeba:$T/faces" --preset "$TINY_CELEBA" >"$T/bench.log" 2>&1 && grep -q 'images from the cache' "$T/bench.log" \
  && grep -q '^batches:' "$T/bench.log" && ok "data bench reads the cache" || bad "data bench: $(tail -3 "$T/bench.log")"


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
"$VLAE" train --resume "$T/keep" --steps 45 --threads 1 >"$T/keep-fallback.log" 2>"$T/keep-fallback.err"; rc=$?
if [ $rc -eq 0 ] && [ "$(wc -l <"$T/keep-fallback.err")" -eq 1 ] &&
   grep -q "^vlae: warning: .*checkpoint.pt: not a vlae checkpoint.*resuming from .*checkpoint-00000030.pt (step 30)" "$T/keep-fallback.err" &&
   grep -q '^resuming .* at step 30' "$T/keep-fallback.log" && "$VLAE" info "$T/keep" | grep -q '^step: *45'; then
  ok "a damaged checkpoint.pt: resume warns and continues from the newest good one"
else bad "fallback resume (exit $rc): $(cat "$T/keep-fallback.err")"; fi

# Bad inputs (files, configs, checkpoints, arguments) are rows of tests/bad_inputs/cases.tsv.

"$VLAE" data list >"$T/list.txt" 2>&1 && grep -q '^mnist' "$T/list.txt" && grep -q '^fashion-mnist' "$T/list.txt" &&
  grep -q '^shapes .*ready *20000' "$T/list.txt" && grep -q '^svhn ' "$T/list.txt" && grep -q '^celeba ' "$T/list.txt" \
  && ok "data list" || bad "data list: $(cat "$T/list.txt")"

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
