#!/usr/bin/env python3
"""Makes the Fashion-MNIST subset bundled with the nmsim datasets module.

Reads the full Fashion-MNIST IDX files (Debian package dataset-fashion-mnist installs them in
/usr/share/datasets/fashion-mnist), keeps the first 3000 training and the first 1000 test samples in file
order (no shuffling, no selection), rewrites the IDX headers with the new item counts, and writes gzip files
with mtime=0 and no file name in the header, so that the output is byte-for-byte reproducible.

Usage (from the repository root):
    python3 datasets/scripts/make_fashion_mnist_subset.py \
        [--src /usr/share/datasets/fashion-mnist] \
        [--dst datasets/src/main/resources/org/nmsim/datasets/fashion-mnist-subset]

Python 3 standard library only (gzip, struct).
"""
import argparse
import gzip
import io
import os
import struct

SPLITS = (("train", 3000), ("t10k", 1000))
KINDS = (("images-idx3-ubyte", 0x00000803), ("labels-idx1-ubyte", 0x00000801))


def read_idx(path, expected_magic):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    if magic != expected_magic:
        raise SystemExit("%s: magic=0x%08X but expected 0x%08X" % (path, magic, expected_magic))
    ndims = magic & 0xFF
    dims = list(struct.unpack(">%dI" % ndims, data[4:4 + 4 * ndims]))
    body = data[4 + 4 * ndims:]
    item = 1
    for d in dims[1:]:
        item *= d
    if len(body) != dims[0] * item:
        raise SystemExit("%s: data length %d != prod(dims %s)" % (path, len(body), dims))
    return dims, item, body


def write_idx_gz(path, magic, dims, body):
    raw = struct.pack(">I", magic) + struct.pack(">%dI" % len(dims), *dims) + body
    buf = io.BytesIO()
    # filename='' and mtime=0 keep the gzip header free of names and times: deterministic output.
    with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=buf, mtime=0) as gz:
        gz.write(raw)
    with open(path, "wb") as f:
        f.write(buf.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--src", default="/usr/share/datasets/fashion-mnist")
    parser.add_argument("--dst", default="datasets/src/main/resources/org/nmsim/datasets/fashion-mnist-subset")
    args = parser.parse_args()
    os.makedirs(args.dst, exist_ok=True)
    for split, keep in SPLITS:
        for kind, magic in KINDS:
            name = "%s-%s.gz" % (split, kind)
            dims, item, body = read_idx(os.path.join(args.src, name), magic)
            if keep > dims[0]:
                raise SystemExit("%s: keep=%d > items=%d" % (name, keep, dims[0]))
            write_idx_gz(os.path.join(args.dst, name), magic, [keep] + dims[1:], body[:keep * item])
            print("%s: kept %d of %d items" % (name, keep, dims[0]))


if __name__ == "__main__":
    main()
