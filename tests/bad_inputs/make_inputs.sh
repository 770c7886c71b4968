#!/usr/bin/env bash
# Makes every input file the bad-input table (cases.tsv) refers to, under DIR ($F in the table):
# a good IDX folder and run, and next to them one damaged copy per case.
# usage: make_inputs.sh VLAE MAKE_TEST_DATA MAKE_BAD_CHECKPOINTS TINY DIR
set -euo pipefail
VLAE=$1 MAKE_DATA=$2 MAKE_CKPT=$3 TINY=$4 F=$5
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
rm -rf "$F" && mkdir -p "$F"
"$MAKE_DATA" "$F/data" 64
"$VLAE" train --preset "$TINY" --data "idx:$F/data" --steps 2 --out "$F/run" --threads 1 >"$F/train.log"
"$MAKE_CKPT" "$F"

# --- IDX folders: each holds one images/labels pair with one thing wrong ---
labels=$F/data/train-labels-idx1-ubyte.gz
images=$F/data/train-images-idx3-ubyte.gz
folder() { mkdir -p "$F/$1" && cp "$labels" "$F/$1/"; }
# idx_header MAGIC_TYPE_RANK DIMS...: big-endian IDX header bytes (e.g. 0803 5 28 28)
idx_header() {
  printf "\\x00\\x00\\x${1:0:2}\\x${1:2:2}"; shift
  for d in "$@"; do printf "\\x$(printf %02x $((d >> 24 & 255)))\\x$(printf %02x $((d >> 16 & 255)))\\x$(printf %02x $((d >> 8 & 255)))\\x$(printf %02x $((d & 255)))"; done
}
folder badmagic && head -c 2000 /dev/urandom | tr '\000' '\001' >"$F/badmagic/train-images-idx3-ubyte"
# Whole files cut with truncate, not `| head -c`: head exiting early would SIGPIPE the writer, which
# pipefail turns into a failure of this script, now and then (seen when tests ran side by side).
folder trunc && gzip -dc "$images" >"$F/trunc/train-images-idx3-ubyte" && truncate -s 5000 "$F/trunc/train-images-idx3-ubyte"
folder header_trunc && idx_header 0803 64 >"$F/header_trunc/train-images-idx3-ubyte" && truncate -s 6 "$F/header_trunc/train-images-idx3-ubyte"
folder empty_file && : >"$F/empty_file/train-images-idx3-ubyte"
folder overflow && idx_header 0803 4294967295 4294967295 4294967295 >"$F/overflow/train-images-idx3-ubyte"
folder zero_dim && idx_header 0803 64 0 28 >"$F/zero_dim/train-images-idx3-ubyte"
folder float_type && idx_header 0d03 64 28 28 >"$F/float_type/train-images-idx3-ubyte"
folder labels_as_images && gzip -dc "$labels" >"$F/labels_as_images/train-images-idx3-ubyte"
folder text_as_images && printf 'these are my notes, not pixels\n' >"$F/text_as_images/train-images-idx3-ubyte"
folder count_mismatch && { idx_header 0803 5 28 28; head -c $((5 * 784)) /dev/zero; } >"$F/count_mismatch/train-images-idx3-ubyte"
folder size32 && { idx_header 0803 64 32 32; head -c $((64 * 1024)) /dev/zero; } >"$F/size32/train-images-idx3-ubyte"
mkdir -p "$F/one_image" && { idx_header 0803 1 28 28; head -c 784 /dev/zero; } >"$F/one_image/train-images-idx3-ubyte" &&
  { idx_header 0801 1; printf '\x03'; } >"$F/one_image/train-labels-idx1-ubyte"
mkdir -p "$F/missing_labels" && cp "$images" "$F/missing_labels/"
mkdir -p "$F/empty_folder"
mkdir -p "$F/not_idx" && printf 'hello\n' >"$F/not_idx/readme.txt" && printf '\x89PNG\r\n' >"$F/not_idx/photo.png"
# gzip damage: cut short, garbage in the deflate stream, and a wrong CRC in the trailer
size=$(stat -c %s "$images")
folder gz_trunc && head -c $((size / 2)) "$images" >"$F/gz_trunc/train-images-idx3-ubyte.gz"
folder gz_corrupt && cp "$images" "$F/gz_corrupt/train-images-idx3-ubyte.gz" &&
  printf '\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff' |
  dd of="$F/gz_corrupt/train-images-idx3-ubyte.gz" bs=1 seek=$((size / 3)) conv=notrunc status=none
folder gz_crc && cp "$images" "$F/gz_crc/train-images-idx3-ubyte.gz" &&
  printf '\x00\x00\x00\x00' | dd of="$F/gz_crc/train-images-idx3-ubyte.gz" bs=1 seek=$((size - 8)) conv=notrunc status=none

# --- configs: the tiny config with one thing wrong ---
cfg() { sed "$2" "$TINY" >"$F/$1.json"; }
printf '{"model": {' >"$F/invalid_json.json"
: >"$F/empty_config.json"
printf '[1, 2, 3]\n' >"$F/not_object.json"
cfg unknown_key 's/"fc_width"/"fc_wdth"/'
cfg wrong_type 's/"batch": 16/"batch": "big"/'
cfg zero_batch 's/"batch": 16/"batch": 0/'
cfg negative_height 's/"height": 28/"height": -28/'
cfg huge_width 's/"fc_width": 32/"fc_width": 100000000/'
cfg huge_batch 's/"batch": 16/"batch": 99999999999/'
cfg nan_lr 's/"lr": 0.001/"lr": NaN/'
cfg inf_lr 's/"lr": 0.001/"lr": 1e999/'
cfg string_lr 's/"lr": 0.001/"lr": "nan"/'
cfg zero_lr 's/"lr": 0.001/"lr": 0/'
cfg bad_choice 's/"kl_warmup": "exp"/"kl_warmup": "cosine"/'
cfg no_layers 's/"latent_dims": \[2, 2, 2\]/"latent_dims": []/'
cfg keep_zero 's/"checkpoint_every": 10/"checkpoint_every": 10, "keep_checkpoints": 0/'
mkdir -p "$F/folder.json"

# --- checkpoints ---
head -c 1000 "$F/run/checkpoint.pt" >"$F/cut.pt"
head -c 4096 /dev/urandom >"$F/noise.pt"
# one byte changed inside an entry: the ZIP CRC check catches it before LibTorch's parser
perl -0777 -pe 's/vlae_format/Vlae_format/' "$F/run/checkpoint.pt" >"$F/flipped.pt"
: >"$F/empty.pt"
mkdir -p "$F/no_ckpt_run" && cp "$F/run/config.json" "$F/no_ckpt_run/"
touch "$F/afile"

# .safetensors weights for `vlae import`: the run's, then copies without the config, without a
# tensor, with a tensor of the wrong shape, and a config whose model has fewer layers.
# Debian's interpreter, which has NumPy (python3-numpy); a python3 earlier on PATH may not.
TOOLS=$(dirname "$0")/../tools PY=/usr/bin/python3
"$VLAE" export "$F/run" --out "$F/w.safetensors" >/dev/null
first=$(cd "$TOOLS" && "$PY" -c "import sys, read_safetensors as r; print(sorted(r.load(sys.argv[1])[0])[0])" "$F/w.safetensors")
"$PY" "$TOOLS/write_safetensors.py" "$F/w.safetensors" "$F/w-noconfig.safetensors"
"$PY" "$TOOLS/write_safetensors.py" "$F/w.safetensors" "$F/w-missing.safetensors" --drop "$first"
"$PY" "$TOOLS/write_safetensors.py" "$F/w.safetensors" "$F/w-misshaped.safetensors" --reshape "$first"
python3 -c "import json,sys; c=json.load(open(sys.argv[1])); c['model']['latent_dims']=[2, 2]; json.dump(c, open(sys.argv[2], 'w'))" \
  "$TINY" "$F/other-config.json"
echo "bad inputs made in $F"
