"""The scoresheet command line: tables, --json, and exit 2 with named fields."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scoresheet import loads_sheet
from scoresheet.cli import main

SHEET = str(Path(__file__).parent / "sheets" / "job-offer.json")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate", SHEET)
    assert code == 0
    assert "valid: 2 parties, 3 issues, 12 packages" in out


def test_frontier_json_lists_every_efficient_package(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "frontier", SHEET, "--json")
    data = json.loads(out)
    sheet = loads_sheet(Path(SHEET).read_text())
    assert code == 0
    assert data["frontier_points"] == len(data["points"]) == 4
    for package in data["packages"]:
        values = sheet.values(sheet.package(package["options"]))
        assert package["scores"] == pytest.approx(dict(zip(sheet.party_names, map(float, values))))
    best_for_candidate = max(data["packages"], key=lambda p: p["scores"]["Candidate"])
    assert best_for_candidate["options"] == {"Salary": "$100k", "Start": "July", "Location": "San Francisco"}


def test_score_compares_packages_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "score",
        SHEET,
        "Salary=$95k; Start=June; Location=Chicago",
        '{"Salary": "$100k", "Start": "July", "Location": "San Francisco"}',
        "--json",
    )
    assert code == 0
    first, second = json.loads(out)["packages"]
    assert first["parties"]["Candidate"] == {
        "points": 15,
        "best": 100,
        "share_of_best": 0.15,
        "surplus": -5,
        "acceptable": False,
    }
    assert second["parties"]["Candidate"]["points"] == 100
    code, table, _ = run(
        capsys,
        "compare",
        SHEET,
        "salary=$95k;start=june;location=chicago",
        "Salary=$90k;Start=July;Location=Chicago",
    )
    assert code == 0 and "Candidate accepts" in table and "package 2" in table


def test_efficiency_proposes_packages_both_prefer(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "efficiency", SHEET, "Salary=$95k;Start=June;Location=Chicago", "--json")
    data = json.loads(out)
    assert code == 0 and data["efficient"] is False
    assert data["proposals"][0]["changed_issues"] == ["Location"]
    assert all(min(p["gains"].values()) >= 0 for p in data["proposals"])
    assert data["left_on_table"] == pytest.approx(108 + 1 / 3)


def test_reference_meso_and_trades_print_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "reference", SHEET)[1].count("\n") >= 6
    code, out, _ = run(
        capsys, "meso", SHEET, "--party", "Candidate", "--target", "45", "--tolerance", "5", "--json"
    )
    assert code == 0
    assert all(40 <= o["value"] <= 50 for o in json.loads(out)["offers"])
    # One package at the Candidate's best: the table says one offer, and that 3 were asked for.
    code, out, _ = run(capsys, "meso", SHEET, "--party", "Candidate", "--target", "100", "--tolerance", "0")
    assert code == 0
    assert out.startswith("1 offer worth 100 ± 0 to Candidate (asked for 3: only 1 found in that range)\n")
    code, out, _ = run(capsys, "trades", SHEET, "--json")
    kinds = {t["issue"]: t["kind"] for t in json.loads(out)["issues"]}
    assert kinds == {"Salary": "integrative", "Start": "integrative", "Location": "compatible"}


def test_trades_table_shows_an_issue_worth_nothing_to_a_party_as_indifferent_and_unranked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = json.loads(Path(SHEET).read_text())
    data["parties"]["Employer"]["weights"]["Location"] = 0
    sheet = tmp_path / "sheet.json"
    sheet.write_text(json.dumps(data))
    code, out, _ = run(capsys, "trades", str(sheet))
    assert code == 0
    location = next(line.split() for line in out.splitlines() if line.startswith("Location"))
    assert location[:4] == ["Location", "indifferent", "2", "–"]  # Candidate, then Employer


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "no-such-file.json"], "no-such-file.json"),
        (["score", SHEET, "Salary=$1"], "package.Salary: unknown option"),
        (["meso", SHEET, "--party", "Nobody", "--target", "4"], "unknown party 'Nobody'"),
        (["meso", SHEET, "--party", "Candidate", "--target", "1000"], "no package is worth 1000"),
        (["meso", SHEET, "--party", "Candidate", "--target", "x"], "target: must be a number"),
    ],
)
def test_bad_input_exits_2_naming_the_field(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert message in err
    assert "Traceback" not in err


def test_broken_sheet_names_file_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(Path(SHEET).read_text().replace('"$90k": 0,', '"$90k": "zero",', 1))
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 2
    assert (
        err.strip()
        == f"scoresheet: {broken}: parties.Candidate.points.Salary[\"$90k\"]: must be a number, not 'zero'"
    )


# pip puts the console script beside the interpreter that installed the package.
COMMAND = shutil.which("scoresheet", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(
    sys.platform == "emscripten" or COMMAND is None,
    reason="needs the installed console script and subprocesses",
)
def test_installed_command_runs(tmp_path: Path) -> None:
    assert COMMAND is not None
    done = subprocess.run([COMMAND, "frontier", SHEET, "--json"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert len(json.loads(done.stdout)["packages"]) == 4
    bad = subprocess.run(
        [COMMAND, "validate", str(tmp_path / "missing.json")], capture_output=True, text=True
    )
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_midpoint_compromise_splits_each_issue() -> None:
    from scoresheet import midpoint_compromise

    sheet = loads_sheet(Path(SHEET).read_text())
    # Salary is opposed (the middle option); Start is a 0/40 vs 10/3.33 tie (first option);
    # Location is compatible, so splitting means taking the option both prefer.
    assert sheet.labels(midpoint_compromise(sheet)) == {
        "Salary": "$95k",
        "Start": "June",
        "Location": "San Francisco",
    }


GENIUS = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius" / "02_laptop_anac2011"


@pytest.mark.skipif(not GENIUS.is_dir(), reason="the shared GENIUS data is not beside this checkout")
def test_import_genius_prints_a_sheet_that_reads_back(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "import-genius",
        str(GENIUS / "laptop_domain.xml"),
        str(GENIUS / "laptop_buyer_utility.xml"),
        str(GENIUS / "laptop_seller_utility.xml"),
        "--names",
        "Buyer,Seller",
    )
    assert code == 0
    sheet = loads_sheet(out)
    assert sheet.party_names == ("Buyer", "Seller")
    assert sheet.package_count == 27
    domain, buyer = str(GENIUS / "laptop_domain.xml"), str(GENIUS / "laptop_buyer_utility.xml")
    code, _, err = run(capsys, "import-genius", domain, domain, buyer)  # a domain is no profile
    assert code == 2 and f"scoresheet: {domain}: " in err
