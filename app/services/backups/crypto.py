"""Passphrase encryption of a backup file, streamed in chunks so memory stays flat.

A backup holds every party's ID number and phone (PIPL: copies must be
protected too), so a copy on a USB stick or a network share can be sealed
with a passphrase.  The layout (documented in README for IT helpers):

``MAGIC`` (20 bytes), the header's length (4 bytes, big-endian), the header
(UTF-8 JSON: cipher, scrypt parameters, salt, nonce prefix, chunk size and a
passphrase check), then the archive in chunks of ``chunk`` bytes, each sealed
with AES-256-GCM under the key scrypt derives from the passphrase.  Chunk
``i`` uses the nonce ``prefix || i`` (8 + 4 bytes) and authenticates the
header plus one byte saying whether it is the last chunk, so reordering,
swapping, cutting off or appending chunks all fail to decrypt.  The check is
an empty message sealed under the nonce ``prefix || ffffffff``: it tells a
wrong passphrase (check fails) from a damaged file (a chunk fails).

The plain archive never touches the disk: the writer encrypts as the zip is
written, and the reader decrypts the chunk a read needs (the zip reader seeks
to its directory first), one chunk in memory at a time.
"""

from __future__ import annotations

import base64
import io
import json
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from app.domain.text import _
from app.services.backups.errors import BackupDamaged, WrongPassphrase

MAGIC = b"TIAOJIE-BACKUP-AES1\n"
CHUNK = 1 << 20
TAG = 16
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 15, 8, 1
"""scrypt cost: 32 MiB and a fraction of a second, once per backup opened."""
MAX_SCRYPT_N = 1 << 20
CHECK_COUNTER = 0xFFFFFFFF
CHECK_AAD = b"tiaojie backup passphrase check"


def is_encrypted(head: bytes) -> bool:
    """Whether a file starting with ``head`` is an encrypted backup."""
    return head.startswith(MAGIC)


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> AESGCM:
    key = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))
    return AESGCM(key)


def _nonce(prefix: bytes, counter: int) -> bytes:
    return prefix + struct.pack(">I", counter)


class EncryptingWriter:
    """A write-only, unseekable file object: what is written reaches ``out`` encrypted.

    ``zipfile`` writes to it as to a pipe (it needs no seek).  :meth:`finish`
    seals the last chunk; a writer never finished leaves a file that does not
    decrypt, which is what a cut-off copy should do.
    """

    def __init__(self, out: BinaryIO, passphrase: str) -> None:
        self._out = out
        salt, self._prefix = os.urandom(16), os.urandom(8)
        self._cipher = _derive(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
        check = self._cipher.encrypt(_nonce(self._prefix, CHECK_COUNTER), b"", CHECK_AAD)
        self._header = json.dumps({
            "cipher": "AES-256-GCM", "kdf": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R,
            "p": SCRYPT_P, "salt": base64.b64encode(salt).decode(),
            "nonce_prefix": base64.b64encode(self._prefix).decode(), "chunk": CHUNK,
            "check": base64.b64encode(check).decode(),
        }, sort_keys=True).encode("utf-8")
        out.write(MAGIC + struct.pack(">I", len(self._header)) + self._header)
        self._buffer = bytearray()
        self._counter = 0

    def write(self, data: bytes) -> int:
        """Take ``data``; every full chunk beyond the last is sealed and written at once."""
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def flush(self) -> None:
        """Nothing to do: only whole chunks can be written (zipfile calls this)."""

    def finish(self) -> None:
        """Seal what is left as the last chunk (possibly empty)."""
        self._seal(bytes(self._buffer), final=True)
        self._buffer.clear()

    def _seal(self, plain: bytes, *, final: bool) -> None:
        aad = self._header + (b"\x01" if final else b"\x00")
        self._out.write(self._cipher.encrypt(_nonce(self._prefix, self._counter), plain, aad))
        self._counter += 1


class DecryptingReader(io.RawIOBase):
    """A seekable read-only view of the plain archive inside an encrypted file."""

    def __init__(self, source: BinaryIO, passphrase: str | None) -> None:
        super().__init__()
        self._src = source
        head = source.read(len(MAGIC) + 4)
        if len(head) < len(MAGIC) + 4 or not is_encrypted(head):
            raise BackupDamaged(_("备份文件已损坏：加密文件头不完整"))
        (size,) = struct.unpack(">I", head[len(MAGIC):])
        self._header = source.read(size)
        try:
            info = json.loads(self._header)
            salt = base64.b64decode(info["salt"])
            self._prefix = base64.b64decode(info["nonce_prefix"])
            check = base64.b64decode(info["check"])
            self._chunk = int(info["chunk"])
            n, r, p = int(info["n"]), int(info["r"]), int(info["p"])
        except (ValueError, KeyError, TypeError) as exc:
            raise BackupDamaged(_("备份文件已损坏：加密文件头无法读取")) from exc
        if not (1 < n <= MAX_SCRYPT_N and 0 < r <= 32 and 0 < p <= 16 and self._chunk > 0
                and len(self._prefix) == 8):
            raise BackupDamaged(_("备份文件已损坏：加密参数无效"))
        if not passphrase:
            raise WrongPassphrase(_("这个备份已加密：请输入备份口令"))
        self._cipher = _derive(passphrase, salt, n, r, p)
        try:
            self._cipher.decrypt(_nonce(self._prefix, CHECK_COUNTER), check, CHECK_AAD)
        except InvalidTag as exc:
            raise WrongPassphrase(_("备份口令不正确，无法打开这个加密备份")) from exc
        self._start = source.tell()
        total = source.seek(0, os.SEEK_END) - self._start
        self._chunks = max(1, -(-total // (self._chunk + TAG)))
        self._size = total - self._chunks * TAG
        if self._size < 0:
            raise BackupDamaged(_("备份文件已损坏：加密内容被截断"))
        self._pos = 0
        self._cached: tuple[int, bytes] | None = None

    def readable(self) -> bool:
        """Always: this is a reader."""
        return True

    def seekable(self) -> bool:
        """Always: any chunk can be decrypted on its own."""
        return True

    def tell(self) -> int:
        """The position in the plain archive."""
        return self._pos

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move within the plain archive."""
        base = {os.SEEK_SET: 0, os.SEEK_CUR: self._pos, os.SEEK_END: self._size}[whence]
        self._pos = max(0, base + offset)
        return self._pos

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        """Fill ``buffer`` from the current position, decrypting chunks as needed."""
        view = memoryview(buffer).cast("B")
        done = 0
        while done < len(view) and self._pos < self._size:
            index, offset = divmod(self._pos, self._chunk)
            plain = self._plain(index)
            take = min(len(view) - done, len(plain) - offset)
            view[done:done + take] = plain[offset:offset + take]
            done += take
            self._pos += take
        return done

    def _plain(self, index: int) -> bytes:
        if self._cached is not None and self._cached[0] == index:
            return self._cached[1]
        self._src.seek(self._start + index * (self._chunk + TAG))
        sealed = self._src.read(self._chunk + TAG)
        final = index == self._chunks - 1
        aad = self._header + (b"\x01" if final else b"\x00")
        try:
            plain = self._cipher.decrypt(_nonce(self._prefix, index), sealed, aad)
        except InvalidTag as exc:
            raise BackupDamaged(_("加密备份已损坏或被改动（第 {n} 块校验失败）").format(
                n=index + 1)) from exc
        self._cached = (index, plain)
        return plain
