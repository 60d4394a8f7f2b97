#!/usr/bin/env python3
"""Writes the tiny SHD-layout HDF5 fixtures that ShdLoaderTest reads.

Run from this directory with Debian's h5py (python3-h5py 3.7):
    /usr/bin/python3 make_shd_fixture.py
It writes:
  shd_tiny.h5       the layout of the real SHD files (Cramer et al. 2020): /spikes/times and /spikes/units
                    are variable-length (vlen) arrays with one row per sample, /labels one label per sample,
                    plus /extra/speaker as in the real files. 3 samples; values are listed in the test.
  shd_tiny_f16.h5   the same values with float16 times and int32 units, in case the published files use
                    narrower/wider types (the loader accepts any float and integer vlen element type).
  shd_bad_layout.h5 /spikes/times as a fixed 2-D float array and no /labels: a layout the loader must reject.
"""
import h5py
import numpy as np

TIMES = [
    [0.0, 0.001, 0.25],
    [],
    [0.5, 0.125],
]
UNITS = [
    [0, 699, 3],
    [],
    [12, 12],
]
LABELS = [7, 0, 19]


def write_tiny(path, time_type="float32", unit_type="uint16"):
    with h5py.File(path, "w", track_order=False) as f:
        spikes = f.create_group("spikes")
        times = spikes.create_dataset("times", (len(TIMES),), dtype=h5py.vlen_dtype(np.dtype(time_type)))
        units = spikes.create_dataset("units", (len(UNITS),), dtype=h5py.vlen_dtype(np.dtype(unit_type)))
        for i, (t, u) in enumerate(zip(TIMES, UNITS)):
            times[i] = np.array(t, dtype=time_type)
            units[i] = np.array(u, dtype=unit_type)
        f.create_dataset("labels", data=np.array(LABELS, dtype=np.uint8))
        extra = f.create_group("extra")
        extra.create_dataset("speaker", data=np.array([1, 2, 3], dtype=np.uint8))


def write_bad(path):
    with h5py.File(path, "w") as f:
        spikes = f.create_group("spikes")
        spikes.create_dataset("times", data=np.zeros((3, 2), dtype=np.float32))
        spikes.create_dataset("units", data=np.zeros((3, 2), dtype=np.uint16))


if __name__ == "__main__":
    write_tiny("shd_tiny.h5")
    write_tiny("shd_tiny_f16.h5", "float16", "int32")
    write_bad("shd_bad_layout.h5")
