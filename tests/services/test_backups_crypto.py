"""The backup cipher: a wrong passphrase, a cut, a swapped or an appended chunk never pass.

Chunks are made small here so a few kilobytes span many of them.
"""

from __future__ import annotations

import io
import os
import zipfile

import pytest

from app.services.backups import crypto
from app.services.backups.errors import BackupDamaged, WrongPassphrase

PASS = "正确的备份口令"
SMALL = 1024


def _sealed(monkeypatch: pytest.MonkeyPatch, payload: bytes) -> tuple[bytes, int]:
    """An encrypted zip holding ``payload``, and where its first chunk starts."""
    monkeypatch.setattr(crypto, "CHUNK", SMALL)
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, PASS)
    with zipfile.ZipFile(writer, "w") as archive:
        archive.writestr("data.bin", payload)
    writer.finish()
    raw = out.getvalue()
    header = int.from_bytes(raw[len(crypto.MAGIC):len(crypto.MAGIC) + 4], "big")
    return raw, len(crypto.MAGIC) + 4 + header


def _read(raw: bytes, passphrase: str = PASS) -> bytes:
    with zipfile.ZipFile(crypto.DecryptingReader(io.BytesIO(raw), passphrase)) as archive:
        return archive.read("data.bin")


def test_round_trip_and_no_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    payload = b"ID 330225198001011234 " * 500 + os.urandom(3000)
    raw, _start = _sealed(monkeypatch, payload)
    assert crypto.is_encrypted(raw) and b"330225198001011234" not in raw
    assert _read(raw) == payload


def test_a_wrong_passphrase_is_told_apart_from_damage(monkeypatch: pytest.MonkeyPatch) -> None:
    raw, _start = _sealed(monkeypatch, os.urandom(5000))
    with pytest.raises(WrongPassphrase):
        _read(raw, "wrong")


@pytest.mark.parametrize("damage", ["cut", "swap", "append", "flip"])
def test_a_changed_file_does_not_decrypt(monkeypatch: pytest.MonkeyPatch, damage: str) -> None:
    raw, start = _sealed(monkeypatch, os.urandom(6000))
    sealed = SMALL + crypto.TAG
    chunks = [raw[i:i + sealed] for i in range(start, len(raw), sealed)]
    assert len(chunks) > 4
    if damage == "cut":
        changed = raw[:start] + b"".join(chunks[:-1])
    elif damage == "swap":
        changed = raw[:start] + b"".join([chunks[1], chunks[0], *chunks[2:]])
    elif damage == "append":
        changed = raw + chunks[0]
    else:
        changed = raw[:start + 5] + bytes([raw[start + 5] ^ 1]) + raw[start + 6:]
    with pytest.raises(BackupDamaged):
        _read(changed)
