#!/usr/bin/python3
"""Writes the .npz fixtures of tests/test_disentanglement.cpp (run from anywhere; needs NumPy).

dsprites-stored.npz / dsprites-compressed.npz: three images laid out like DeepMind's dSprites file
(imgs N x 64 x 64 uint8 0/1, latents_classes N x 6 int64, latents_values, a pickled metadata),
written by np.savez and np.savez_compressed. Pixel (y, x) of image i is 1 when (x * (i + 1) + y) % 3 == 0.
arrays.npz: one array per .npy feature the reader handles (a v2 header, big-endian, Fortran order,
a scalar, an empty array, bools).
"""
import io
import os
import zipfile

import numpy as np

here = os.path.dirname(os.path.abspath(__file__))

n = 3
y, x = np.mgrid[0:64, 0:64]
imgs = np.stack([((x * (i + 1) + y) % 3 == 0) for i in range(n)]).astype(np.uint8)
classes = np.array([[0, 0, 5, 0, 0, 31], [0, 1, 2, 7, 16, 3], [0, 2, 0, 39, 31, 0]], dtype=np.int64)
values = classes.astype(np.float64)
metadata = np.array({'description': 'fixture'}, dtype=object)
common = dict(imgs=imgs, latents_classes=classes, latents_values=values, metadata=metadata)
np.savez(os.path.join(here, 'dsprites-stored.npz'), **common)
np.savez_compressed(os.path.join(here, 'dsprites-compressed.npz'), **common)


def npy(array, version=None):
    out = io.BytesIO()
    np.lib.format.write_array(out, array, version=version)
    return out.getvalue()


with zipfile.ZipFile(os.path.join(here, 'arrays.npz'), 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('v2.npy', npy(np.arange(6, dtype='<f8').reshape(2, 3), version=(2, 0)))
    z.writestr('big.npy', npy(np.array([1, -2, 70000], dtype='>i4')))
    z.writestr('fortran.npy', npy(np.asfortranarray(np.arange(6, dtype='<i2').reshape(2, 3))))
    z.writestr('scalar.npy', npy(np.array(2.5, dtype='<f4')))
    z.writestr('empty.npy', npy(np.zeros((0, 3), dtype='<u2')))
    z.writestr('flags.npy', npy(np.array([True, False, True])))
