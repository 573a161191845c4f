"""The model's files without numpy: ``NAME.npz`` (the weights as .npy members, numbers
only) and ``NAME.json`` (the manifest: format, version, categories, thresholds, feature
settings, the sha256 of the .npz).  Both the check-time scorer (doclint.model.scorer) and
training (doclint.model.store) read them through ``read_model``, so a truncated, edited
or foreign file is refused the same way, in one line."""

from __future__ import annotations

import hashlib
import json
import math
import zipfile
from array import array
from pathlib import Path

from doclint.errors import DoclintError

FORMAT = "doclint-clause-model"
FORMAT_VERSION = 1
ARRAYS = ("b", "cols", "idf", "r", "w")


class ModelError(DoclintError):
    """A model file that cannot be used (one line: the file and the reason)."""


def paths_of(path: str | Path) -> tuple[Path, Path]:
    """(weights .npz, manifest .json) of a model named by either file."""
    p = Path(path)
    if p.suffix == ".json":
        return p.with_suffix(".npz"), p
    return p.with_suffix(".npz") if p.suffix != ".npz" else p, p.with_suffix(".json")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(path: str | Path) -> tuple[Path, dict, "callable"]:
    """(weights file, manifest, bad) of a model named by either file, its format, version
    and weights hash checked; `bad(reason)` makes the one-line ModelError for this file."""
    npz, js = paths_of(path)
    shown = str(path)

    def bad(reason: str) -> ModelError:
        return ModelError(f"{shown}: 不是可用的 doclint 模型文件（{reason}）")

    if not js.is_file():
        raise bad(f"缺少清单文件 {js.name}")
    if not npz.is_file():
        raise bad(f"缺少权重文件 {npz.name}")
    try:
        m = json.loads(js.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise bad(f"清单不是 JSON：{exc.__class__.__name__}") from None
    if not isinstance(m, dict) or m.get("format") != FORMAT:
        raise bad("清单格式不是 doclint-clause-model")
    if m.get("format_version") != FORMAT_VERSION:
        raise bad(f"格式版本 {m.get('format_version')!r} 不受支持（支持 {FORMAT_VERSION}）")
    arr = m.get("arrays") or {}
    try:
        digest = sha256(npz)
    except OSError as exc:
        raise bad(f"无法读取权重文件：{exc.strerror or exc}") from None
    if arr.get("sha256") != digest:
        raise bad("权重文件的 sha256 与清单不符，文件已损坏或被改动")
    return npz, m, bad


def read_model(path: str | Path) -> tuple[dict, dict, str]:
    """(manifest, arrays name -> (shape, flat array), weights path) of a usable model file,
    without numpy; ModelError (one line) when it is not one."""
    from doclint.model.labels import LABELS

    npz, m, bad = read_manifest(path)
    try:
        a = read_arrays(npz, ARRAYS)
        cats = list(m["categories"])
        feat = m["features"]
        bits, n_reading = int(feat["bits"]), len(feat["reading_vocab"])
        {c: float(m["thresholds"][c]) for c in cats}
        float(feat["reading_scale"]), float(feat["idf_unseen"])
    except (KeyError, TypeError, ValueError, OSError, zipfile.BadZipFile) as exc:
        raise bad(f"内容不完整：{exc.__class__.__name__}") from None
    n_cat = len(cats)
    cols = a["cols"][1]
    n_cols = len(cols)
    if a["w"][0] != (n_cat, n_cols) or a["r"][0] != (n_cat, n_reading) or a["b"][0] != (n_cat,) \
            or a["idf"][0] != (n_cols,) or a["cols"][0] != (n_cols,) or not 8 <= bits <= 24 \
            or (n_cols and (min(cols) < 0 or max(cols) >= 1 << bits)):
        raise bad("数组形状与清单不符")
    unknown = [c for c in cats if c not in LABELS]
    if unknown:
        raise bad(f"未知类别 {unknown[0]}")
    return m, a, str(npz)


_TYPECODES = {"<f4": "f", "<f8": "d", "<i8": "q"}


def read_arrays(npz, names) -> dict[str, tuple[tuple[int, ...], array]]:
    """name -> (shape, flat array) of the .npy members `names` of a .npz (numbers only:
    little-endian float32/float64/int64, C order, as store.write_npz writes them)."""
    import ast
    import sys

    out = {}
    with zipfile.ZipFile(npz) as zf:
        for name in names:
            data = zf.read(name + ".npy")
            if data[:6] != b"\x93NUMPY":
                raise ValueError(f"{name}.npy is not a .npy array")
            major = data[6]
            if major == 1:
                hlen, start = int.from_bytes(data[8:10], "little"), 10
            else:
                hlen, start = int.from_bytes(data[8:12], "little"), 12
            header = ast.literal_eval(data[start: start + hlen].decode("latin1"))
            code = _TYPECODES.get(header.get("descr"))
            if code is None or header.get("fortran_order"):
                raise ValueError(f"{name}.npy holds {header.get('descr')!r}, not plain numbers")
            shape = tuple(int(x) for x in header["shape"])
            a = array(code)
            a.frombytes(data[start + hlen:])
            if sys.byteorder != "little":
                a.byteswap()
            if len(a) != math.prod(shape):
                raise ValueError(f"{name}.npy is truncated")
            out[name] = (shape, a)
    return out
