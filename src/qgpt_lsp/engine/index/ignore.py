"""What is never indexed: ignore files, tool and build folders, virtualenvs, binaries.

``.gitignore`` (nested ones too, each relative to its folder), ``.qgptignore``
(same syntax) and ``.git/info/exclude`` are honoured with pathspec's git
semantics; a negation in a deeper ignore file does not re-include what a
shallower one excluded (a simplification of git).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pathspec

__all__ = ["BINARY_SUFFIXES", "IgnoreRules", "ignored_dir_name"]

IGNORE_FILES = (".gitignore", ".qgptignore")

_IGNORED_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "node_modules",
        "bower_components",
        "__pycache__",
        "site-packages",
        "dist",
        "build",
        "target",
        "out",
        ".tox",
        ".nox",
        ".eggs",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".hypothesis",
        ".next",
        ".nuxt",
        ".gradle",
        ".terraform",
        ".direnv",
        ".idea",
        ".vs",
        "htmlcov",
    }
)

_BINARY = """.pyc .pyo .pyd .so .dll .dylib .exe .o .a .obj .lib .class .jar .war .whl .egg
.zip .gz .tgz .bz2 .xz .7z .rar .tar .png .jpg .jpeg .gif .bmp .ico .webp .tif .tiff
.pdf .woff .woff2 .ttf .otf .eot .mp3 .mp4 .wav .ogg .mov .avi .sqlite .sqlite3 .db
.bin .dat .pkl .pickle .npy .npz .parquet .wasm"""
BINARY_SUFFIXES = frozenset(_BINARY.split())


def ignored_dir_name(name: str) -> bool:
    """True for folder names that never hold the user's own source."""
    return name in _IGNORED_DIRS or name.endswith(".egg-info")


class IgnoreRules:
    """Ignore decisions for one workspace root; ignore files are read once and cached."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._specs: dict[Path, pathspec.GitIgnoreSpec | None] = {}

    def invalidate(self, directory: Path | None = None) -> None:
        """Forget cached ignore files (all, or one folder's) after they changed."""
        if directory is None:
            self._specs.clear()
        else:
            self._specs.pop(directory, None)

    def is_ignored(self, path: Path) -> bool:
        """True if ``path`` (inside the root) or one of its folders is excluded."""
        relative = path.relative_to(self.root)
        directory = self.root
        for part in relative.parts[:-1]:
            if self._excluded(directory, part, is_dir=True):
                return True
            directory = directory / part
        return self._excluded(directory, relative.name, path.is_dir())

    def walk(self, top: Path | None = None) -> Iterator[Path | None]:
        """Every file under ``top`` (default: the root) that is not ignored.

        Yields ``None`` once for each ignored file or pruned folder, so callers can count.
        """
        start = top or self.root
        for directory, dirnames, filenames in os.walk(start):
            here = Path(directory)
            kept = []
            for name in sorted(dirnames):
                if self._excluded(here, name, is_dir=True):
                    yield None
                else:
                    kept.append(name)
            dirnames[:] = kept
            for name in sorted(filenames):
                yield None if self._excluded(here, name, is_dir=False) else here / name

    def _excluded(self, directory: Path, name: str, is_dir: bool) -> bool:
        if is_dir and (ignored_dir_name(name) or (directory / name / "pyvenv.cfg").exists()):
            return True
        target = directory / name
        for ancestor in _ancestors(directory, self.root):
            spec = self._spec(ancestor)
            if spec is None:
                continue
            relative = target.relative_to(ancestor).as_posix() + ("/" if is_dir else "")
            if spec.match_file(relative):
                return True
        return False

    def _spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        if directory not in self._specs:
            self._specs[directory] = self._read_spec(directory)
        return self._specs[directory]

    def _read_spec(self, directory: Path) -> pathspec.GitIgnoreSpec | None:
        sources = [directory / name for name in IGNORE_FILES]
        if directory == self.root:
            sources.append(directory / ".git" / "info" / "exclude")
        lines: list[str] = []
        for source in sources:
            try:
                lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
        return pathspec.GitIgnoreSpec.from_lines(lines) if lines else None


def _ancestors(directory: Path, root: Path) -> list[Path]:
    """``root`` ... ``directory``, outermost first (``directory`` is inside ``root``)."""
    chain = [directory]
    while chain[-1] != root and chain[-1] != chain[-1].parent:
        chain.append(chain[-1].parent)
    return chain[::-1]
