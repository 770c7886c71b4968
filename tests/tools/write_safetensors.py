"""Writes a .safetensors file with NumPy alone: what a PyTorch user needs to hand weights to
`vlae import` (docs/codes-and-weights.md).

usage: python3 write_safetensors.py IN OUT [--dtype F32|F64|F16] [--drop NAME] [--reshape NAME]
  copies IN's tensors (read with read_safetensors.py) to OUT in the given dtype, without IN's
  config; --drop leaves a tensor out and --reshape flattens one, to make bad files for tests.
"""
import argparse
import json
import struct

import numpy as np

from read_safetensors import load

NUMPY_TYPES = {"F32": "<f4", "F64": "<f8", "F16": "<f2"}


def save(path, tensors, metadata=None, dtype="F32"):
    """tensors: name -> ndarray. Each is written little-endian in `dtype`, in name order."""
    header, chunks, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = {k: str(v) for k, v in metadata.items()}
    for name in sorted(tensors):
        raw = np.ascontiguousarray(tensors[name], dtype=NUMPY_TYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in chunks:
            f.write(raw)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("src")
    parser.add_argument("dst")
    parser.add_argument("--dtype", default="F32", choices=sorted(NUMPY_TYPES))
    parser.add_argument("--drop")
    parser.add_argument("--reshape")
    args = parser.parse_args()
    tensors, _ = load(args.src)
    if args.drop:
        del tensors[args.drop]
    if args.reshape:
        tensors[args.reshape] = tensors[args.reshape].reshape(-1)[:-1]
    save(args.dst, tensors, dtype=args.dtype)
