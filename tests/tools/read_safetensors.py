"""Reads a .safetensors file written by `vlae export` with NumPy alone (docs/reliability.md).

usage: python3 read_safetensors.py FILE   prints, per tensor: name, shape, sum, sum of squares
"""
import json
import struct
import sys

import numpy as np


def load(path):
    with open(path, "rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
        data = f.read()
    meta = header.pop("__metadata__", {})
    tensors = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        tensors[name] = np.frombuffer(data[begin:end], dtype="<f4").reshape(t["shape"])
    return tensors, meta


if __name__ == "__main__":
    tensors, meta = load(sys.argv[1])
    print("config", json.loads(meta["config"])["preset"], "step", meta["step"])
    for name, a in sorted(tensors.items()):
        a64 = a.astype(np.float64)
        print(name, "x".join(map(str, a.shape)) or "scalar", repr(float(a64.sum())), repr(float((a64 * a64).sum())))
