"""Every SDK-validated wire document parses into our model and dumps back equal."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from qgpt_lsp import wire
from tests.conftest import load_wire_examples

EXAMPLES = load_wire_examples()


def model_for(key: str) -> type[wire.WireModel]:
    name = key.split(".")[0]
    model = getattr(wire, name)
    assert issubclass(model, wire.WireModel)
    return model


def test_there_are_48_documents() -> None:
    assert len(EXAMPLES) == 48


@pytest.mark.parametrize("key", sorted(EXAMPLES))
def test_round_trip_is_exact(key: str) -> None:
    document: dict[str, Any] = EXAMPLES[key]
    model = model_for(key)
    parsed = model.from_wire(document)
    assert parsed.to_wire() == document
    # and through JSON text, byte for byte after normalising key order
    reparsed = model.from_wire(parsed.to_json())
    assert json.loads(reparsed.to_json()) == document


@pytest.mark.parametrize(
    ("model", "document"),
    [
        (wire.QGPTQuestionAnswer, {"score": "1", "text": "x"}),
        (wire.TextLocation, {"start": "0", "end": 5, "text": "x"}),
        (wire.TextLocation, {"start": 0.0, "end": 5, "text": "x"}),
        (wire.QGPTRelevanceInput, {"query": 5}),
        (wire.QGPTRelevanceInputOptions, {"question": "true"}),
        (wire.QGPTStreamOutput, {"conversation": None}),
        (wire.QGPTStreamOutput, {"request": "r", "status": "COMPLETED"}),
        (wire.QGPTQuestionInput, {"query": "q"}),
        (wire.QGPTConversationMessage, {"role": "USER", "text": "t", "timestamp": {"value": "x"}}),
        (wire.SeededAsset, {"format": {"fragment": {"string": {"raw": "x"}}}}),
    ],
)
def test_wrong_scalars_and_missing_fields_are_rejected(
    model: type[wire.WireModel], document: dict[str, Any]
) -> None:
    with pytest.raises(ValidationError):
        model.from_wire(document)


@pytest.mark.parametrize(
    ("model", "document", "read"),
    [
        (wire.QGPTStreamOutput, {"conversation": "c", "status": "WARP"}, lambda m: m.status),
        (
            wire.QGPTConversationMessage,
            {"role": "ROBOT", "text": "t", "timestamp": {"value": "2025-01-01T00:00:00Z"}},
            lambda m: m.role,
        ),
        (wire.FragmentMetadata, {"ext": "klingon"}, lambda m: m.ext),
        (wire.Seed, {"type": "SEEDED_PLANET"}, lambda m: m.type),
    ],
)
def test_unknown_enum_values_read_as_unknown(
    model: type[wire.WireModel], document: dict[str, Any], read: Any
) -> None:
    assert read(model.from_wire(document)) == "UNKNOWN"


def test_unknown_keys_are_ignored() -> None:
    parsed = wire.TextLocation.from_wire({"start": 0, "end": 1, "text": "x", "colour": "red"})
    assert parsed.to_wire() == {"start": 0, "end": 1, "text": "x"}


def test_none_fields_are_omitted_and_camel_case_kept() -> None:
    frame = wire.terminal_frame("c", "r", wire.QGPTStreamEnum.FAILED, error="boom", status_code=500)
    assert frame.to_wire() == {
        "conversation": "c",
        "request": "r",
        "status": "FAILED",
        "statusCode": 500,
        "errorMessage": "boom",
    }


@pytest.mark.parametrize("value", ["2025-01-01T12:00:00.000Z", "2025-01-01T12:00:00+00:00"])
def test_timestamps_in_both_utc_spellings(value: str) -> None:
    stamp = wire.GroupedTimestamp.from_wire({"value": value})
    assert stamp.moment.isoformat() == "2025-01-01T12:00:00+00:00"


def test_fragment_seed_builds_what_the_sdk_requires() -> None:
    seed = wire.fragment_seed("def add(a, b):\n    return a + b", ".py")
    document = seed.to_wire()
    assert document["type"] == "SEEDED_ASSET"
    assert document["asset"]["format"]["fragment"] == {
        "string": {"raw": "def add(a, b):\n    return a + b"},
        "metadata": {"ext": "py"},
    }
    assert set(document["asset"]["application"]) >= {"id", "name", "version", "platform"}
    assert seed.fragment_text == "def add(a, b):\n    return a + b"


def test_delta_frame_text() -> None:
    frame = wire.delta_frame("c", "r", "Object-")
    assert frame.delta == "Object-"
    assert not frame.is_terminal
    assert wire.QGPTStreamOutput.from_wire(EXAMPLES["QGPTStreamOutput.completed"]).is_terminal


def test_public_api_is_declared() -> None:
    exported = {name for name in dir(wire) if not name.startswith("_")}
    modules = {"base", "build", "conversation", "enums", "extensions", "persons", "pipeline"}
    modules |= {"question", "refs", "relevance", "relevant", "seeds", "stream", "annotations"}
    assert exported - modules == set(wire.__all__)
