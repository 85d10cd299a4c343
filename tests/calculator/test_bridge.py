"""The browser worker's entry point: service functions by name, JSON text in and out,
failures as one-line messages (tracebacks aside), nothing else callable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scoresheet import bridge, service

SHEET = (Path(__file__).parent / "sheets" / "job-offer.json").read_text()


def test_a_service_function_answers_in_json_text() -> None:
    kind, text, detail = bridge.call("analyse", json.dumps([SHEET, {"Salary": "$95k"}]))
    assert (kind, detail) == ("ok", "")
    assert json.loads(text) == json.loads(json.dumps(service.analyse(SHEET, {"Salary": "$95k"})))


def test_problems_with_a_sheet_are_a_reply_not_an_error() -> None:
    kind, text, _ = bridge.call("validate", json.dumps(["{"]))
    assert kind == "ok"
    assert json.loads(text)["ok"] is False


def test_every_public_service_function_and_nothing_else_is_callable() -> None:
    assert {"analyse", "validate", "chart", "meso_offers", "import_genius_xml"} <= bridge.ALLOWED
    imported = {"frontier", "loads_sheet", "parse_json", "score"} & set(vars(service))
    assert imported, "the service no longer imports these names: pick others"
    for name in [*imported, "_answer", "Fraction", "__import__", "eval"]:
        kind, text, _ = bridge.call(name, "[]")
        assert (kind, text) == ("error", f"the calculator has no function {name!r}")


@pytest.mark.parametrize("args", ['{"sheet": 1}', '"text"', "3"])
def test_arguments_must_be_a_json_array(args: str) -> None:
    assert bridge.call("validate", args)[:2] == ("error", "the arguments must be a JSON array")


def test_deep_nesting_is_a_message_not_a_crash() -> None:
    kind, text, detail = bridge.call("validate", "[" * 100_000 + "]" * 100_000)
    assert (kind, text) == ("error", "validate: the input is nested too deeply")
    assert "RecursionError" in detail


def test_an_exception_is_one_line_with_its_traceback_aside() -> None:
    kind, text, detail = bridge.call("validate", json.dumps([SHEET, 1, 2, 3]))
    assert kind == "error"
    assert text.startswith("validate failed (TypeError: ") and "\n" not in text
    assert detail.startswith("Traceback")


def test_malformed_argument_json_is_a_message() -> None:
    kind, text, _ = bridge.call("validate", "[1,")
    assert kind == "error" and text.startswith("validate failed (JSONDecodeError: ")
