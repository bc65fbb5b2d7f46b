#!/usr/bin/env python3
"""Zips the Function App folder for zip deploy with each entry's Unix mode written explicitly.

The mode is not copied from the file system: a package built on Windows (which has no execute bits) must
still start on Linux. Executables (ELF binaries and #! scripts) get 0755, everything else 0644; entries are
marked as made on Unix so extractors honour the mode, and sorted for a reproducible listing.

Usage: zip-package.py SOURCE_DIR TARGET_ZIP
"""
import os
import stat
import sys
import zipfile


def mode_of(path):
    with open(path, "rb") as f:
        head = f.read(4)
    return 0o755 if head == b"\x7fELF" or head[:2] == b"#!" else 0o644


def main(source, target):
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for folder, dirs, files in os.walk(source):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                entry = zipfile.ZipInfo.from_file(path, os.path.relpath(path, source).replace(os.sep, "/"))
                entry.external_attr = (stat.S_IFREG | mode_of(path)) << 16
                entry.create_system = 3  # Unix
                entry.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as data:
                    archive.writestr(entry, data.read())


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: zip-package.py SOURCE_DIR TARGET_ZIP")
    main(sys.argv[1], sys.argv[2])
