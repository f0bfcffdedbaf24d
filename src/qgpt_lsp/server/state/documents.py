"""The text the user is looking at: open buffers first, then files inside the roots.

Nothing outside the workspace roots is read; a range past the end of a document
is refused with a message that says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lsprotocol import types
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument, Workspace

from ...errors import PathOutsideWorkspace, RequestRejected

__all__ = ["Snapshot", "WorkspaceFiles"]

#: Files bigger than this are not read from disk for a question.
MAX_READ_BYTES = 4 * 1_048_576


@dataclass(frozen=True)
class Snapshot:
    """One document's text as asked about, and where it lives."""

    uri: str
    path: Path
    document: TextDocument
    is_open: bool

    @property
    def text(self) -> str:
        return self.document.source

    @property
    def language(self) -> str:
        return self.path.suffix.lstrip(".") or "txt"

    def check_range(self, range_: types.Range) -> None:
        """Refuse a range that ends after the document or starts after it ends."""
        lines = self.document.lines
        last = len(lines)
        for position in (range_.start, range_.end):
            beyond_line = position.line > last or (position.line == last and position.character)
            if position.line < 0 or position.character < 0 or beyond_line:
                raise RequestRejected(
                    f"range {_show(range_)} is outside {self.path.name} ({last} lines)"
                )
        if (range_.end.line, range_.end.character) < (range_.start.line, range_.start.character):
            raise RequestRejected(f"range {_show(range_)} ends before it starts")

    def text_in(self, range_: types.Range) -> str:
        self.check_range(range_)
        return self.document.text_in_client_range(range_)

    def range_of_offsets(self, start: int, end: int) -> types.Range:
        size = len(self.text)
        start, end = max(0, min(start, size)), max(0, min(end, size))
        return types.Range(
            start=self.document.client_position_at_offset(start),
            end=self.document.client_position_at_offset(end),
        )

    def whole(self) -> types.Range:
        return self.range_of_offsets(0, len(self.text))


def _show(range_: types.Range) -> str:
    start, end = range_.start, range_.end
    return f"{start.line + 1}:{start.character}-{end.line + 1}:{end.character}"


class WorkspaceFiles:
    """Resolves URIs to snapshots, refusing anything outside the workspace roots."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def roots(self) -> list[Path]:
        folders = [to_fs_path(folder.uri) for folder in self._workspace.folders.values()]
        paths = [Path(folder).resolve() for folder in folders if folder]
        if not paths and self._workspace.root_path:
            paths.append(Path(self._workspace.root_path).resolve())
        return paths

    def path_of(self, uri: str) -> Path:
        """The file ``uri`` names, if it lies inside a workspace root."""
        fs_path = to_fs_path(uri) if uri.startswith("file:") else None
        if not fs_path:
            raise RequestRejected(f"not a file URI: {uri[:120]}")
        path = Path(fs_path).resolve()
        if not any(path.is_relative_to(root) for root in self.roots()):
            raise PathOutsideWorkspace(f"{path.name} is outside the workspace; nothing was read")
        return path

    def snapshot(self, uri: str) -> Snapshot:
        """The open buffer for ``uri`` (unsaved text included), else the file on disk."""
        path = self.path_of(uri)
        opened = self._workspace.text_documents.get(unquote(uri))
        if opened is not None:
            return Snapshot(uri, path, opened, is_open=True)
        text = _read_small(path)
        document = TextDocument(uri, source=text, position_codec=self._workspace.position_codec)
        return Snapshot(uri, path, document, is_open=False)

    def snapshot_of_path(self, path: Path) -> Snapshot:
        return self.snapshot(uri_of(path))


def uri_of(path: Path) -> str:
    uri = from_fs_path(str(path))
    return uri or path.as_uri()


def _read_small(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_READ_BYTES:
            raise RequestRejected(f"{path.name} is too large to ask about")
        return path.read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        raise RequestRejected(f"{path.name} is not open and does not exist") from None
    except IsADirectoryError:
        raise RequestRejected(f"{path.name} is a folder, not a document") from None
    except OSError as error:
        raise RequestRejected(f"cannot read {path.name}: {error.strerror}") from None
