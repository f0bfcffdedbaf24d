"""The public names of ``qgpt_lsp.serve`` (STYLE: the public API has a checked ``__all__``)."""

from __future__ import annotations

import qgpt_lsp.serve as serve


def test_all_is_exactly_the_public_api() -> None:
    assert sorted(serve.__all__) == [
        "DEFAULT_PORT",
        "GracefulServer",
        "RequestGuard",
        "ServeSettings",
        "build_app",
        "is_loopback",
        "load_or_create_token",
        "make_server",
        "openapi_document",
        "warn_if_exposed",
    ]
    for name in serve.__all__:
        assert getattr(serve, name) is not None


def test_the_default_port_is_outside_the_pieces_discovery_range() -> None:
    assert serve.DEFAULT_PORT not in range(39300, 39334)
    assert serve.ServeSettings().host == "127.0.0.1"
    assert serve.ServeSettings().binds_loopback
    assert serve.is_loopback("[::1]") and serve.is_loopback("127.0.0.2")
    assert not serve.is_loopback("0.0.0.0")
