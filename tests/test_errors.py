"""The one error tree and its one map to HTTP statuses and JSON-RPC codes."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from qgpt_lsp import errors


class _Shape(BaseModel):
    count: int


def _validation_error() -> ValidationError:
    try:
        _Shape.model_validate({"count": "many"})
    except ValidationError as error:
        return error
    raise AssertionError("the model accepted a bad count")


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (_validation_error(), 422, errors.INVALID_PARAMS),
        (errors.InvalidPayload("bad frame"), 422, errors.INVALID_PARAMS),
        (errors.BodyTooLarge("too big"), 413, errors.INVALID_PARAMS),
        (errors.PathOutsideWorkspace("/etc"), 400, errors.INVALID_PARAMS),
        (errors.EmbeddingsUnavailable("no table"), 400, errors.INVALID_PARAMS),
        (errors.RequestRejected("no"), 400, errors.INVALID_PARAMS),
        (errors.Unauthorized("token"), 401, errors.INTERNAL_ERROR),
        (errors.RateLimited("slow down"), 429, errors.INTERNAL_ERROR),
        (errors.ServerError("boom", status_code=502), 502, errors.INTERNAL_ERROR),
        (errors.BackendStatusError("odd"), 500, errors.INTERNAL_ERROR),
        (errors.StreamFailed("failed", status_code=404), 404, errors.INTERNAL_ERROR),
        (errors.StreamDropped("dropped"), 500, errors.INTERNAL_ERROR),
        (errors.IndexBusy("writing"), 503, errors.INTERNAL_ERROR),
        (errors.BackendTimeout("slow"), 504, errors.INTERNAL_ERROR),
        (errors.BackendUnreachable("down"), 502, errors.INTERNAL_ERROR),
        (errors.GitFailed("fatal: not a git repository"), 500, errors.INTERNAL_ERROR),
        (KeyError("surprise"), 500, errors.INTERNAL_ERROR),
    ],
)
def test_each_error_has_one_status_and_one_code(
    error: BaseException, status: int, code: int
) -> None:
    assert errors.http_status(error) == status
    assert errors.rpc_code(error) == code


def test_the_tree_in_the_docstring_names_every_error_class() -> None:
    classes = [
        name
        for name in errors.__all__
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), errors.QGPTError)
    ]
    tree = (errors.__doc__ or "").split("One map")[0]
    missing = [name for name in classes if f" {name} " not in tree]
    assert len(classes) == 19 and not missing, missing


def test_every_error_class_is_in_the_tree_under_qgpt_error() -> None:
    public = {name for name in dir(errors) if not name.startswith("_")}
    assert set(errors.__all__) <= public
    stray = [
        name
        for name in public - set(errors.__all__)
        if isinstance(getattr(errors, name), type)
        and issubclass(getattr(errors, name), Exception)
        and getattr(errors, name).__module__ == errors.__name__
    ]
    assert not stray, f"error classes missing from __all__: {stray}"
