"""Whether a backup's target leaves this PC: a removable drive or a network share.

Such copies travel (a USB stick in a pocket, a share others can open), so the
backup dialog turns encryption on by default for them (PIPL art. 51).  Qt's
``QStorageInfo`` names the volume's root, device and file system but not
whether it is removable, so the answer combines what each system tells:

* a network file system (NFS, SMB/CIFS, SSHFS, …) or a UNC path (``\\\\server\\share``);
* on Windows, ``GetDriveTypeW`` of the volume root (removable or remote);
* on Linux, the block device's ``removable`` flag in sysfs, or a mount under
  ``/media`` or ``/run/media`` (where desktops mount USB drives);
* on macOS, a volume under ``/Volumes`` other than the start-up disk;
* a FAT or exFAT file system, which fixed system disks practically never use.

When nothing can be told (the folder does not exist yet), the answer is False
and the clerk can still tick the box.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QStorageInfo

NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "afpfs",
    "webdav", "davfs", "fuse.davfs2", "9p", "afs", "ncpfs", "fuse.rclone",
})
PORTABLE_FILE_SYSTEMS = frozenset({"vfat", "fat", "fat16", "fat32", "msdos", "exfat"})
_WINDOWS_REMOVABLE, _WINDOWS_REMOTE = 2, 4
_LINUX_MEDIA = ("/media/", "/run/media/")


@dataclass(frozen=True)
class Volume:
    """What is known about the volume that holds a path."""

    root: str
    device: str
    file_system: str
    removable_flag: bool
    """The operating system itself says removable or remote (sysfs, GetDriveType)."""


def travels(volume: Volume) -> bool:
    """True when copies on this volume leave the PC (see the module docstring)."""
    fs = volume.file_system.lower()
    root = volume.root.replace("\\", "/")
    return (volume.removable_flag or fs in NETWORK_FILE_SYSTEMS or fs in PORTABLE_FILE_SYSTEMS
            or root.startswith("//")
            or root.startswith(_LINUX_MEDIA)
            or (root.startswith("/Volumes/") and sys.platform == "darwin"))


def _windows_flag(root: str) -> bool:
    """``GetDriveTypeW`` says removable or remote (only Windows has it)."""
    if sys.platform != "win32":
        return False
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root)) in (_WINDOWS_REMOVABLE,
                                                               _WINDOWS_REMOTE)


def _linux_flag(device: str) -> bool:
    """The sysfs ``removable`` flag of the disk holding partition ``device`` (``/dev/sdb1``)."""
    if not device.startswith("/dev/"):
        return False
    block = Path("/sys/class/block") / Path(device).name
    for candidate in (block / "removable", block.parent / "removable",
                      block.resolve().parent / "removable"):
        try:
            return candidate.read_text(encoding="ascii").strip() == "1"
        except OSError:
            continue
    return False


def volume_of(path: Path) -> Volume | None:
    """The volume holding ``path`` (or its nearest existing folder); None if none exists."""
    probe = path
    while not probe.exists():
        if probe.parent == probe:
            return None
        probe = probe.parent
    info = QStorageInfo(str(probe))
    if not info.isValid():
        return None
    root = info.rootPath()
    device = bytes(info.device().data()).decode("utf-8", "replace")
    file_system = bytes(info.fileSystemType().data()).decode("utf-8", "replace")
    flag = _windows_flag(root) or _linux_flag(device)
    return Volume(root, device, file_system, flag)


def leaves_this_pc(path: Path) -> bool:
    """Whether a backup written to ``path`` would be on a removable drive or a network share."""
    volume = volume_of(path)
    return volume is not None and travels(volume)
