"""editors/helix/languages.toml: qgpt-lsp as an extra server, settings the server accepts.

No Helix binary here (Debian 12 has no helix package); this checks the file against
the server's own settings parser.
"""

from __future__ import annotations

import tomllib

import pytest

from qgpt_lsp.server.features.configuration import section_of
from qgpt_lsp.server.state.editor_settings import parse_settings

from .conftest import EDITORS

LANGUAGES = ["python", "rust", "go", "typescript", "javascript", "c", "cpp", "java"]


@pytest.fixture(scope="module")
def helix() -> dict[str, object]:
    return tomllib.loads((EDITORS / "helix" / "languages.toml").read_text())


@pytest.mark.parametrize("name", LANGUAGES)
def test_language_keeps_its_server_and_adds_qgpt(helix: dict[str, object], name: str) -> None:
    languages = {entry["name"]: entry for entry in helix["language"]}  # type: ignore[attr-defined]
    servers = languages[name]["language-servers"]
    assert servers[-1] == "qgpt-lsp"
    assert len(servers) >= 2, "the language's own server must stay first"


def test_server_config_is_valid_settings(helix: dict[str, object]) -> None:
    server = helix["language-server"]["qgpt-lsp"]  # type: ignore[index]
    assert server["command"] == "qgpt-lsp"
    settings, problems = parse_settings(section_of(server["config"]))
    assert problems == []
    assert settings.open_answer_document is True
    assert settings.backend == "auto"
