"""The build's compiler of the pages' first charts: one Node process, a spec at a time."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from build_scripts import charts
from build_scripts.cases import load_cases
from build_scripts.charts import ChartCompiler, ChartError
from scoresheet import frontier
from scoresheet.chart import frontier_chart


def engine_chart() -> dict[str, Any]:
    """The chart a case's teaching-note calculator first draws (two parties, a cloud)."""
    return frontier_chart(frontier(load_cases()[0].sheet))


def test_a_spec_compiles_to_vega_with_placeholders_and_without_its_data() -> None:
    compiler = ChartCompiler()
    try:
        spec = engine_chart()
        vega = compiler.compile(spec)
    finally:
        compiler.close()
    assert vega is not None
    text = json.dumps(vega)
    assert "/vega/v" in vega["$schema"]
    # The reader's colours and font come in the page; so does the data, which the page has.
    assert "#e0e0e1" in text and "ssc-chart-font" in text
    assert vega["data"][0] == {"name": "source_0", "values": "ssc:source-data"}
    assert vega["autosize"] == {"type": "fit-x", "contains": "padding"}
    values = spec["data"]["values"]
    assert values and json.dumps(values[0]) not in text


def test_a_bad_spec_is_refused_with_vega_lites_reason_and_the_next_one_compiles() -> None:
    compiler = ChartCompiler()
    try:
        with pytest.raises(ChartError, match="compiling a chart failed: Invalid specification"):
            compiler.compile({"data": {"values": []}})
        assert (compiler.compile(engine_chart()) or {})["$schema"]
    finally:
        compiler.close()


def test_a_spec_that_makes_vega_lite_warn_stops_the_build() -> None:
    spec = engine_chart()
    spec["layer"][0]["encoding"]["x"]["scale"] = {"type": "band"}  # a point on a band scale
    compiler = ChartCompiler()
    try:
        with pytest.raises(ChartError, match=r"Vega-Lite warned: .*band"):
            compiler.compile(spec)
    finally:
        compiler.close()


def test_a_sheet_whose_text_holds_a_placeholder_is_left_to_the_page() -> None:
    # The page would swap that text for its font or a colour: it compiles this one itself.
    spec = engine_chart()
    spec["title"] = "ssc-chart-font"
    compiler = ChartCompiler()
    try:
        assert compiler.compile(spec) is None
    finally:
        compiler.close()


@pytest.mark.parametrize(
    "name", ["Sales\\users", 'a\\"b', "line\nbreak", "u\u2028v", "__proto__", "toString"]
)
def test_charts_of_parties_with_odd_names_are_drawn_and_name_them(name: str) -> None:
    # Vega-Lite puts tooltip titles and its own screen-reader names into expressions
    # escaping only quotes (a backslash or a line break stopped the chart), and Vega
    # refuses "__proto__" or "toString" as an object's key. Both charts are drawn by
    # Vega under Node, and their points' names carry the party's name as typed.
    from build_scripts.charts import render_svgs
    from scoresheet import service

    points = {"X": {"a": 1, "b": 0, "c": 2}, "Y": {"p": 0, "q": 3}}
    other = {"X": {"a": 0, "b": 1, "c": 0}, "Y": {"p": 2, "q": 0}}
    sheet = json.dumps(
        {
            "version": 1,
            "issues": {"X": ["a", "b", "c"], "Y": ["p", "q"]},
            "parties": {
                name: {"reservation": 1, "points": points},
                "Other": {"reservation": 1, "points": other},
            },
        }
    )
    frontier_spec = service.chart(sheet, name, "Other")["result"]
    likely = service.counterpart_estimate(sheet, "Other", {"counterpart": name})["result"]["chart"]
    svgs = render_svgs({"frontier": frontier_spec, "likely": likely})
    escaped = name.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace("\n", "&#xA;")
    assert f'aria-label="{escaped} points: ' in svgs["frontier"]
    assert f"; {escaped} points, expected: " in svgs["likely"]


@pytest.mark.parametrize("script", [charts.RENDERER, charts.COMPILER], ids=["drawing", "compiling"])
def test_without_the_chart_libraries_the_build_says_to_install_them(
    script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fresh clone before `make site`: no node_modules beside the chart scripts. Node
    # stops at once; the build used to die of a broken pipe, saying nothing.
    copy = tmp_path / "build_scripts" / script.name
    copy.parent.mkdir()
    shutil.copy(script, copy)
    start = charts._start_node
    monkeypatch.setattr(charts, "_start_node", lambda script=None: start(copy))
    monkeypatch.setattr(charts, "CACHE", tmp_path / "cache")
    with pytest.raises(ChartError, match=r"(?s)Cannot find package.*run `make site` \(or `npm ci`\) first"):
        if script == charts.RENDERER:
            charts.render_svgs({"chart.svg": engine_chart()})
        else:
            compiler = ChartCompiler()
            try:
                compiler.compile(engine_chart())
            finally:
                compiler.close()
