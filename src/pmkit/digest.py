"""SHA-256 digests without importing :mod:`hashlib`.

``hashlib`` loads OpenSSL's bindings when it is imported, about 2.5 ms of a hook's run, paid by
each process that names a digest (the kept git log's key, the data files' snapshot check). The
interpreter's own SHA-256 module loads in a tenth of that; for the few kilobytes pmkit hashes in
a run it is as fast. Where it is missing (a build without it), :mod:`hashlib` serves.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from typing import Any


def sha256_hex(data: bytes) -> str:
    """The SHA-256 digest of ``data``, in hexadecimal (as ``hashlib.sha256(data).hexdigest()``)."""
    digest: str = _sha256()(data).hexdigest()
    return digest


@cache
def _sha256() -> Callable[[bytes], Any]:
    # CPython's built-in module: '_sha2' from 3.12 on, '_sha256' before.
    for name in ("_sha2", "_sha256"):
        try:
            constructor: Callable[[bytes], Any] = importlib.import_module(name).sha256
        except (ImportError, AttributeError):
            continue
        return constructor
    import hashlib

    return hashlib.sha256
