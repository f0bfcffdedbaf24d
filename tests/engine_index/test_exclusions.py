"""What must never be indexed or leave the engine: ignored, binary, oversized, secret."""

from __future__ import annotations

from pathlib import Path

import pytest

from qgpt_lsp.engine.index import is_secret_path, redact

from .conftest import found_paths, write

IGNORED = {
    ".gitignore": "generated/\n*.log\n",
    "generated/out.py": "def zebrafish_generated(): pass\n",
    "debug.log": "zebrafish in a log\n",
    "pkg/.gitignore": "local_only.py\n",
    "pkg/local_only.py": "def zebrafish_nested(): pass\n",
    "pkg/kept.py": "def kept_marker(): pass\n",
    ".qgptignore": "private/\n",
    "private/notes.md": "zebrafish private notes\n",
    "node_modules/lib/index.js": "function zebrafishNode() {}\n",
    "venv/pyvenv.cfg": "home = /usr\n",
    "venv/lib/mod.py": "def zebrafish_venv(): pass\n",
    "build/lib/mod.py": "def zebrafish_build(): pass\n",
    "src/__pycache__/client.py": "def zebrafish_cache(): pass\n",
}


def test_ignored_files_are_never_indexed(repo: Path, make_index) -> None:
    for relative, content in IGNORED.items():
        write(repo, relative, content)
    index = make_index(repo)
    summary = index.build()
    assert found_paths(index, "zebrafish") == set()
    assert found_paths(index, "kept_marker") == {"kept.py"}
    assert summary.ignored >= 6
    assert index.read_text(repo / "generated" / "out.py") is None
    assert index.read_text(repo / "pkg" / "local_only.py") is None
    assert index.update_file(repo / "private" / "notes.md") == []
    assert found_paths(index, "zebrafish") == set()


def test_binary_oversized_and_secret_files_are_skipped_with_reasons(repo: Path, make_index) -> None:
    write(repo, "data.py", b"def quokka_binary():\n\x00\x01\x02 pass\n")
    write(repo, "huge.py", "def quokka_huge(): pass\n" + "# padding\n" * 400)
    write(repo, ".env", "QUOKKA_TOKEN=quokka-env-value\n")
    write(repo, "keys/id_rsa", "quokka private key\n")
    write(repo, "certs/server.pem", "quokka cert\n")
    write(repo, ".npmrc", "//registry.npmjs.org/:_authToken=quokka\n")
    index = make_index(repo, max_file_size=2000)
    summary = index.build()
    assert found_paths(index, "quokka") == set()
    assert summary.skipped["binary"] == 1
    assert summary.skipped["too large"] == 1
    assert summary.skipped["secret"] == 4
    assert index.status().skipped == 6
    for name in ("data.py", "huge.py", ".env", "keys/id_rsa"):
        assert index.read_text(repo / name) is None
        assert index.chunks_for_file(repo / name) == []


def test_token_looking_line_in_a_normal_file_is_redacted(repo: Path, make_index) -> None:
    token = "ghp_" + "a1B2c3D4e5" * 4
    source = f'def upload():\n    api_key = "{token}"\n    return api_key\n'
    path = write(repo, "src/upload.py", source)
    index = make_index(repo)
    index.build()
    chunks = index.chunks_for_file(path)
    assert chunks
    for chunk in chunks:
        assert token not in chunk.text
        assert "REDACTED" in chunk.text
        assert len(chunk.text) == len(source.rstrip("\n"))  # offsets still point into the file
    assert index.search(token) == []
    text = index.read_text(path)
    assert text is not None and token not in text and text.count("\n") == source.count("\n")
    assert all(token not in c.text for c in index.update_file(path, source + "# edited\n"))


@pytest.mark.parametrize(
    ("name", "secret"),
    [
        (".env", True),
        (".env.production", True),
        ("prod.env", True),
        ("id_rsa", True),
        ("id_ed25519", True),
        ("id_rsa.pub", False),
        ("server.pem", True),
        ("tls.key", True),
        ("credentials", True),
        ("credentials.json", True),
        (".netrc", True),
        (".npmrc", True),
        ("gcp-service-account.json", True),
        ("environment.py", False),
        ("keys.py", False),
        ("README.md", False),
    ],
)
def test_secret_paths(name: str, secret: bool) -> None:
    assert is_secret_path(Path("/w") / name) is secret


@pytest.mark.parametrize(
    ("line", "secret"),
    [
        ('API_KEY = "abcd1234efgh5678"', "abcd1234efgh5678"),
        ("aws_id = AKIAABCDEFGHIJKLMNOP", "AKIAABCDEFGHIJKLMNOP"),
        ('url = "https://alice:hunter22@example.com/x"', "hunter22"),
        ('password: "s3cr3tpassw0rd!"', "s3cr3tpassw0rd!"),
        ("token = ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnop"),
        ("export SECRET_KEY=abcdefghij0123456789", "abcdefghij0123456789"),
        ("key = sk-proj-abcdefghijklmnopqrstuvwx", "sk-proj-abcdefghijkl"),
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----",
            "MIIEow",
        ),
    ],
)
def test_redact_masks_secrets_and_keeps_offsets(line: str, secret: str) -> None:
    text = f"before = 1\n{line}\nafter = 2\n"
    masked = redact(text)
    assert secret not in masked
    assert len(masked) == len(text) and masked.count("\n") == text.count("\n")
    assert masked.startswith("before = 1\n") and masked.endswith("after = 2\n")


@pytest.mark.parametrize(
    "line",
    [
        "token_type = token.exact_type",
        "password = get_password()",
        "def tokenize(text): return text.split()",
        'SERVER_AUTH = "1.3.6.1.5.5.7.3.1"',
    ],
)
def test_redact_leaves_ordinary_code_alone(line: str) -> None:
    assert redact(line + "\n") == line + "\n"
