"""The baselines: BM25 over fixed 40-line windows of every file.

No tree-sitter, no symbol/path/signature fields: one ``body`` field per window.
Two analyzers: ``plain`` is tantivy's default (split on non-alphanumerics,
lowercase; no stemming, no identifier splitting), the BM25 the issue asks us to
beat; otherwise the same stemming analyzer and camelCase splitting as the real
index, to show what the code-aware parts add beyond the analyzer.
"""

from __future__ import annotations

import re
from pathlib import Path

import tantivy

from qgpt_lsp.engine.index.ignore import IgnoreRules
from qgpt_lsp.engine.index.sources import read_source
from qgpt_lsp.engine.index.tantivy_files import code_analyzer
from qgpt_lsp.engine.index.terms import expand_identifiers, query_terms

WINDOW = 40
#: The plain baseline's query: every word, lowercased (no stopword list either).
_PLAIN_TERMS = re.compile(r"[a-z0-9]+")


class WindowIndex:
    """BM25 over non-overlapping 40-line windows of every indexable file under ``roots``."""

    def __init__(
        self, roots: list[Path], max_file_size: int = 1_048_576, plain: bool = False
    ) -> None:
        self.plain = plain
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("key", stored=True, tokenizer_name="raw")
        builder.add_text_field("body", tokenizer_name="default" if plain else "code")
        self.index = tantivy.Index(builder.build())
        self.index.register_tokenizer("code", code_analyzer())
        writer = self.index.writer(heap_size=64_000_000, num_threads=1)
        self.windows: dict[str, tuple[Path, int, int]] = {}
        for root in roots:
            for path in IgnoreRules(root).walk():
                if path is not None:
                    self._add_file(writer, path, max_file_size)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def _add_file(self, writer: tantivy.IndexWriter, path: Path, max_size: int) -> None:
        text = read_source(path, max_size).text
        if text is None:
            return
        lines = text.split("\n")
        for start in range(0, len(lines), WINDOW):
            key = f"{path}:{start}"
            self.windows[key] = (path, start, min(len(lines), start + WINDOW) - 1)
            body = "\n".join(lines[start : start + WINDOW])
            if not self.plain:
                body = expand_identifiers(body, compounds=False)
            writer.add_document(tantivy.Document(key=key, body=body))

    def search(self, query: str, limit: int) -> list[tuple[Path, int, int]]:
        terms = _PLAIN_TERMS.findall(query.lower()) if self.plain else query_terms(query)
        if not terms:
            return []
        parsed = self.index.parse_query(" ".join(terms), ["body"])
        searcher = self.index.searcher()
        hits = searcher.search(parsed, limit).hits
        return [self.windows[searcher.doc(address)["key"][0]] for _, address in hits]
