"""Importing GENIUS/ANAC domains: real ANAC files, exact utilities, and every error."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from itertools import product
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from scoresheet import Sheet, SheetError, dumps_sheet, loads_sheet
from scoresheet.frontier import frontier
from scoresheet.genius import import_genius, import_genius_files

GENIUS_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "genius"


@dataclass(frozen=True)
class Domain:
    folder: str
    domain: str
    profiles: tuple[str, ...]
    names: tuple[str, ...]
    title: str
    option_counts: tuple[int, ...]
    package_count: int
    reservations: tuple[Fraction | None, ...]


DOMAINS = {
    "ultimatum": Domain(
        "01_ultimatum_anac2013",
        "Ultimatum.xml",
        ("Ultimatum_util1.xml", "Ultimatum_util2.xml"),
        ("Ultimatum_util1", "Ultimatum_util2"),  # no <agent> names: file stems
        "Ultimatum",
        (3, 3),
        9,
        (Fraction(1, 10), Fraction(1, 10)),
    ),
    "laptop": Domain(
        "02_laptop_anac2011",
        "laptop_domain.xml",
        ("laptop_seller_utility.xml", "laptop_buyer_utility.xml"),
        ("seller", "buyer"),  # from <agent name=.. utility_space=..>
        "LaptopDomain",
        (3, 3, 3),
        27,
        (Fraction(0), Fraction(0)),
    ),
    "itex": Domain(
        "04_itex_cypress_anac2010",
        "ItexvsCypress_domain.xml",
        ("ItexvsCypress_Cypress.xml", "ItexvsCypress_Itex.xml"),
        ("ItexvsCypress_Cypress", "ItexvsCypress_Itex"),  # agents present but unnamed
        "root",
        (5, 4, 3, 3),
        180,
        # The README table says "none", but both profiles do carry <reservation value="0" />.
        (Fraction(0), Fraction(0)),
    ),
    "thompson": Domain(
        "06_thompson_employment",
        "thompson_employment.xml",
        ("thompson_employer_utilityspace.xml", "thompson_employee_utilityspace.xml"),
        ("Employer", "Employee"),
        "Employment",
        (5, 5, 5, 5, 5),
        3125,
        (None, None),
    ),
}


@pytest.fixture(params=sorted(DOMAINS))
def domain(request: pytest.FixtureRequest) -> Domain:
    if not GENIUS_DIR.is_dir():
        pytest.skip(f"GENIUS test data not found at {GENIUS_DIR}")
    return DOMAINS[request.param]


def load(domain: Domain) -> Sheet:
    folder = GENIUS_DIR / domain.folder
    return import_genius_files(folder / domain.domain, [folder / p for p in domain.profiles])


def fractions(*values: int | str) -> tuple[Fraction, ...]:
    return tuple(Fraction(value) for value in values)


def all_packages(sheet: Sheet) -> list[tuple[int, ...]]:
    return list(product(*(range(len(issue.options)) for issue in sheet.issues)))


# --- the real ANAC domains -----------------------------------------------------------


def test_imports_issues_parties_and_reservations(domain: Domain) -> None:
    sheet = load(domain)
    assert sheet.title == domain.title
    assert tuple(len(issue.options) for issue in sheet.issues) == domain.option_counts
    assert sheet.package_count == domain.package_count
    assert sheet.party_names == domain.names
    assert tuple(party.reservation for party in sheet.parties) == domain.reservations


def genius_utility(path: Path) -> Callable[[Mapping[str, str]], Fraction]:
    """GENIUS's formula, computed straight from the profile XML (independently of the importer)."""
    objective = ET.parse(path).getroot().find("objective")
    assert objective is not None
    weights = {w.attrib["index"]: Fraction(w.attrib["value"]) for w in objective.iter("weight")}
    tables = {}
    for issue in objective.iter("issue"):
        evaluations = {
            item.attrib["value"]: Fraction(item.attrib["evaluation"]) for item in issue if item.tag == "item"
        }
        tables[issue.attrib["name"]] = (
            weights[issue.attrib["index"]],
            evaluations,
            max(evaluations.values()),
        )

    def utility(labels: Mapping[str, str]) -> Fraction:
        return sum(
            (w * evals[labels[name]] / best for name, (w, evals, best) in tables.items()),
            Fraction(0),
        )

    return utility


def test_every_package_is_worth_its_genius_utility_exactly(domain: Domain) -> None:
    sheet = load(domain)
    for party, profile in zip(sheet.parties, domain.profiles, strict=True):
        utility = genius_utility(GENIUS_DIR / domain.folder / profile)
        for package in all_packages(sheet):
            assert party.value(package) == utility(sheet.labels(package))


def test_a_few_utilities_by_hand() -> None:
    if not GENIUS_DIR.is_dir():
        pytest.skip(f"GENIUS test data not found at {GENIUS_DIR}")
    laptop = load(DOMAINS["laptop"])
    buyer = laptop.party("buyer")
    best = laptop.package({"Laptop": "HP", "Harddisk": "60 Gb", "External Monitor": "19'' LCD"})
    weights = [
        Fraction("0.4452125771655631"),
        Fraction("0.37808251708013424"),
        Fraction("0.1767567099260568"),
    ]
    assert buyer.weights == tuple(weights)
    # The buyer's weights sum to 1.000052: kept as they are, not renormalised.
    assert buyer.value(best) == sum(weights) != 1
    assert round(float(sum(weights)), 6) == 1.000052
    # Dell (12 of 30), 80 Gb (20 of 30), 23'' LCD (20 of 30).
    middling = laptop.package({"Laptop": "Dell", "Harddisk": "80 Gb", "External Monitor": "23'' LCD"})
    assert buyer.value(middling) == weights[0] * Fraction(2, 5) + (weights[1] + weights[2]) * Fraction(2, 3)

    ultimatum = load(DOMAINS["ultimatum"])
    first = ultimatum.parties[0]
    # C (2 of 100) and Z (2 of 100): the division is by the maximum, not min-max.
    worst = ultimatum.package({"Issue1": "C", "Issue2": "Z"})
    assert first.weights is not None
    assert first.value(worst) == Fraction(2, 100) * (first.weights[0] + first.weights[1])


def test_similarity_functions_are_ignored() -> None:
    if not GENIUS_DIR.is_dir():
        pytest.skip(f"GENIUS test data not found at {GENIUS_DIR}")
    sheet = load(DOMAINS["thompson"])
    employer, employee = sheet.parties
    job = sheet.issue_names.index("Job assignment")
    # Both prefer Division E (a compatible issue); the similarity block's own
    # <item evaluation="0..1"> elements would have reversed some of these.
    assert employer.ratings is not None and employee.ratings is not None
    assert employer.ratings[job] == employee.ratings[job] == fractions(0, "1/4", "1/2", "3/4", 1)
    assert employer.weights == (
        Fraction("0.17"),
        Fraction("0.08"),
        Fraction("0.06"),
        Fraction("0.28"),
        Fraction("0.41"),
    )


def test_round_trips_through_the_sheet_format(domain: Domain) -> None:
    sheet = load(domain)
    again = loads_sheet(dumps_sheet(sheet))
    assert again == sheet
    assert [p.weights for p in again.parties] == [p.weights for p in sheet.parties]
    assert [p.ratings for p in again.parties] == [p.ratings for p in sheet.parties]


def brute_force_frontier(sheet: Sheet) -> dict[tuple[Fraction, ...], int]:
    """Every distinct non-dominated score vector with how many packages reach it."""
    counts = Counter(sheet.values(package) for package in all_packages(sheet))
    # A dominated vector is dominated by a kept one with a larger total, seen earlier.
    kept: list[tuple[Fraction, ...]] = []
    for vector in sorted(counts, key=sum, reverse=True):
        if not any(all(k >= v for k, v in zip(other, vector, strict=True)) for other in kept):
            kept.append(vector)
    return {vector: counts[vector] for vector in kept}


def test_frontier_matches_brute_force(domain: Domain) -> None:
    sheet = load(domain)
    result = frontier(sheet)
    found = {point.scores: point.package_count for point in result.points}
    assert len(found) == len(result.points)
    assert found == brute_force_frontier(sheet)
    for point in result.points:
        assert point.packages
        assert all(sheet.values(package) == point.scores for package in point.packages)


# --- small hand-written documents ----------------------------------------------------

ISSUES = {"Price": ["low", "high"], "Delivery": ["fast", "slow", "later"]}
EVALUATIONS = {"Price": {"low": "1", "high": "4"}, "Delivery": {"fast": "3", "slow": "2", "later": "0"}}


def domain_xml(issues: Mapping[str, list[str]] = ISSUES, etype: str = "discrete", agents: str = "") -> str:
    body = "".join(
        f'<issue index="{i}" name={quoteattr(name)} etype="{etype}" type="{etype}">'
        + "".join(f'<item index="{j}" value={quoteattr(v)}/>' for j, v in enumerate(options, 1))
        + "</issue>"
        for i, (name, options) in enumerate(issues.items(), 1)
    )
    return (
        f'<negotiation_template>{agents}<utility_space><objective index="0" name="Deal">'
        f"{body}</objective></utility_space></negotiation_template>"
    )


def profile_xml(
    evaluations: Mapping[str, Mapping[str, str]] = EVALUATIONS,
    weights: tuple[str, ...] = ("0.25", "0.75"),
    extra: str = "",
) -> str:
    body = "".join(
        f'<issue index="{i}" name={quoteattr(name)} etype="discrete">'
        + "".join(f"<item value={quoteattr(v)} evaluation={quoteattr(e)}/>" for v, e in items.items())
        + "</issue>"
        for i, (name, items) in enumerate(evaluations.items(), 1)
    )
    weight_xml = "".join(f'<weight index="{i}" value="{w}"/>' for i, w in enumerate(weights, 1))
    objective = f'<objective index="0" name="Deal">{body}{weight_xml}</objective>'
    return f"<utility_space>{extra}{objective}</utility_space>"


def two(first: str | None = None, second: str | None = None) -> list[tuple[str, str]]:
    return [("a.xml", first or profile_xml()), ("b.xml", second or profile_xml())]


def problems_of(error: SheetError) -> dict[str, str]:
    return {problem.path: problem.message for problem in error.problems}


def test_small_domain_ratings_are_evaluation_over_maximum() -> None:
    sheet = import_genius(domain_xml(), two(), domain_source="deal.xml")
    first = sheet.parties[0]
    assert sheet.title == "Deal"
    assert sheet.party_names == ("a", "b")
    assert first.ratings == (fractions("1/4", 1), fractions(1, "2/3", 0))
    assert first.weights == (Fraction(1, 4), Fraction(3, 4))
    assert first.reservation is None


def test_profiles_may_list_issues_and_items_in_any_order() -> None:
    shuffled = {"Delivery": {"later": "0", "fast": "3", "slow": "2"}, "Price": {"high": "4", "low": "1"}}
    text = profile_xml(shuffled, ("0.75", "0.25"))  # weights follow the issues' index attributes
    sheet = import_genius(domain_xml(), two(text))
    assert sheet.parties[0].points == sheet.parties[1].points


def test_an_issue_without_a_name_is_matched_by_its_index() -> None:
    text = profile_xml().replace(' name="Delivery"', "")
    sheet = import_genius(domain_xml(), two(text))
    assert sheet.parties[0].points == sheet.parties[1].points


def test_reservation_is_read_and_discount_factor_ignored() -> None:
    text = profile_xml(extra='<discount_factor value="0.5"/><reservation value="0.35"/>')
    sheet = import_genius(domain_xml(), two(text))
    assert [p.reservation for p in sheet.parties] == [Fraction(35, 100), None]


def test_party_names_given_from_agents_or_stems_and_made_unique() -> None:
    agents = '<agent name="Buyer" utility_space="profiles/a.xml"/><agent name="" utility_space="b.xml"/>'
    named = import_genius(
        domain_xml(agents=agents), [("C:\\genius\\a.xml", profile_xml()), ("b.xml", profile_xml())]
    )
    assert named.party_names == ("Buyer", "b")
    given = import_genius(domain_xml(), two(), ["Seller", "Seller"])
    assert given.party_names == ("Seller", "Seller (2)")
    stems = import_genius(domain_xml(), [("x/p.xml", profile_xml()), ("y/p.xml", profile_xml())])
    assert stems.party_names == ("p", "p (2)")


def test_all_zero_evaluations_rate_every_option_zero() -> None:
    zero = {"Price": {"low": "0", "high": "0"}, "Delivery": EVALUATIONS["Delivery"]}
    sheet = import_genius(domain_xml(), two(profile_xml(zero)))
    assert sheet.parties[0].ratings is not None
    assert sheet.parties[0].ratings[0] == fractions(0, 0)


def test_files_are_read_and_named_in_errors(tmp_path: Path) -> None:
    (tmp_path / "deal.xml").write_text(domain_xml(), encoding="utf-8")
    (tmp_path / "a.xml").write_text(profile_xml(), encoding="utf-8")
    (tmp_path / "broken.xml").write_text("<utility_space>\n  <objective>\n</utility_space>\n")
    with pytest.raises(SheetError) as caught:
        import_genius_files(tmp_path / "deal.xml", [tmp_path / "a.xml", tmp_path / "broken.xml"])
    assert caught.value.source == str(tmp_path / "broken.xml")
    assert problems_of(caught.value) == {"": "not well-formed XML: mismatched tag at line 3, column 3"}
    assert str(tmp_path / "broken.xml") in str(caught.value)

    with pytest.raises(SheetError) as caught:
        import_genius_files(tmp_path / "missing.xml", [tmp_path / "a.xml", tmp_path / "a.xml"])
    assert caught.value.source == str(tmp_path / "missing.xml")
    assert problems_of(caught.value)[""].startswith("cannot read the file")


def test_declared_encodings_are_honoured(tmp_path: Path) -> None:
    issues = {"Prix": ["bas", "élevé"], "Délai": ["court", "long"]}
    evaluations = {"Prix": {"bas": "1", "élevé": "2"}, "Délai": {"court": "2", "long": "1"}}
    (tmp_path / "d.xml").write_text(domain_xml(issues), encoding="utf-8")
    (tmp_path / "utf8.xml").write_text(profile_xml(evaluations), encoding="utf-8")
    latin = b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + profile_xml(evaluations).encode("latin-1")
    (tmp_path / "latin.xml").write_bytes(latin)
    sheet = import_genius_files(tmp_path / "d.xml", [tmp_path / "utf8.xml", tmp_path / "latin.xml"])
    assert sheet.issues[0].options == ("bas", "élevé")
    assert sheet.parties[0].points == sheet.parties[1].points


def error_of(domain: str, profiles: list[tuple[str, str]], names: list[str] | None = None) -> SheetError:
    with pytest.raises(SheetError) as caught:
        import_genius(domain, profiles, names, domain_source="deal.xml")
    return caught.value


def test_syntax_error_in_the_domain_gives_line_and_column() -> None:
    error = error_of("<negotiation_template>\n<objective name='x'>\n<issue", two())
    assert error.source == "deal.xml"
    assert error.problems[0].message.startswith("not well-formed XML: ")
    assert "at line 3, column" in error.problems[0].message


def test_entity_declarations_are_refused_before_parsing() -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<utility_space>&lol2;</utility_space>'
    )
    error = error_of(domain_xml(), two(second=bomb))
    assert error.source == "b.xml"
    assert error.problems[0].message == "DOCTYPE/ENTITY declarations are not allowed (line 2, column 1)"


def test_no_issues() -> None:
    error = error_of(
        "<negotiation_template><utility_space><objective/></utility_space></negotiation_template>", two()
    )
    assert error.source == "deal.xml"
    assert problems_of(error) == {"objective": "no issues found: expected <issue> elements in <objective>"}
    error = error_of("<negotiation_template/>", two())
    assert "no <objective> element" in error.problems[0].message


@pytest.mark.parametrize("etype", ["integer", "real"])
def test_only_discrete_issues(etype: str) -> None:
    error = error_of(domain_xml(etype=etype), two())
    assert problems_of(error) == {
        'issue["Price"]': f"only discrete issues are supported, not {etype}",
        'issue["Delivery"]': f"only discrete issues are supported, not {etype}",
    }


def test_domain_issue_and_item_names_are_checked() -> None:
    error = error_of(domain_xml({"Price": ["low", "low"], "": ["a", "b"], "Solo": ["only"]}), two())
    assert problems_of(error) == {
        'issue["Price"].item[2]': "'low' appears more than once",
        "issue[2]": "a name must be non-empty text",
        'issue["Solo"]': "an issue needs at least 2 items, not 1",
    }


def test_domain_names_differing_only_in_case_or_spacing_are_refused() -> None:
    error = error_of(domain_xml({"Price": ["low", "LOW", "high"], "price ": ["a", "b"]}), two())
    assert problems_of(error) == {
        'issue["Price"].item[2]': "'low' and 'LOW' differ only in capitals or spacing",
        'issue["price "]': "'Price' and 'price ' differ only in capitals or spacing",
    }


def test_party_names_differing_only_in_case_are_made_unique() -> None:
    sheet = import_genius(domain_xml(), [("x/Buyer.xml", profile_xml()), ("y/buyer.xml", profile_xml())])
    assert sheet.party_names == ("Buyer", "buyer (2)")


def test_issue_the_domain_lacks() -> None:
    extra = {**EVALUATIONS, "Colour": {"red": "1", "blue": "2"}}
    error = error_of(domain_xml(), two(first=profile_xml(extra, ("0.25", "0.5", "0.25"))))
    assert error.source == "a.xml"
    assert problems_of(error) == {
        'issue["Colour"]': "not an issue of the domain; its issues are 'Price', 'Delivery'"
    }


def test_issue_missing_from_a_profile() -> None:
    error = error_of(domain_xml(), two(second=profile_xml({"Price": EVALUATIONS["Price"]}, ("1",))))
    assert error.source == "b.xml"
    assert problems_of(error) == {
        'issue["Delivery"]': "missing from this profile: it needs a weight and evaluations"
    }


def test_item_missing_or_unknown() -> None:
    partial = {"Price": {"low": "1", "cheap": "9"}, "Delivery": {"fast": "3", "later": "0"}}
    error = error_of(domain_xml(), two(first=profile_xml(partial)))
    assert problems_of(error) == {
        'issue["Price"].item["cheap"]': "not an item of this issue in the domain",
        'issue["Price"].item["high"].evaluation': "missing: every item needs an evaluation",
        'issue["Delivery"].item["slow"].evaluation': "missing: every item needs an evaluation",
    }


@pytest.mark.parametrize(
    ("evaluation", "message"),
    [
        ("lots", "must be a decimal number, not 'lots'"),
        ("-2", "must not be negative, not -2"),
        ("nan", "must be a decimal number, not 'nan'"),
        ("1e99999999", "must be a decimal number, not '1e99999999'"),  # no gigantic integers
    ],
)
def test_bad_evaluation(evaluation: str, message: str) -> None:
    bad = {"Price": {"low": "1", "high": "4"}, "Delivery": {"fast": evaluation, "slow": "2", "later": "0"}}
    error = error_of(domain_xml(), two(first=profile_xml(bad)))
    assert problems_of(error) == {'issue["Delivery"].item["fast"].evaluation': message}


def test_java_style_exponents_are_exact() -> None:
    tiny = {"Price": {"low": "1.0E-4", "high": "4"}, "Delivery": EVALUATIONS["Delivery"]}
    sheet = import_genius(domain_xml(), two(profile_xml(tiny)))
    assert sheet.parties[0].ratings is not None
    assert sheet.parties[0].ratings[0] == (Fraction(1, 40000), Fraction(1))


def test_missing_and_bad_weights() -> None:
    error = error_of(domain_xml(), two(first=profile_xml(weights=("0.5",))))
    assert problems_of(error) == {'issue["Delivery"].weight': 'missing: no <weight index="2">'}
    unindexed = profile_xml().replace('<issue index="1" ', "<issue ")
    error = error_of(domain_xml(), two(first=unindexed))
    assert problems_of(error) == {
        'issue["Price"].weight': "missing: the issue has no index to find its weight"
    }
    error = error_of(domain_xml(), two(first=profile_xml(weights=("heavy", "-0.5"))))
    assert problems_of(error) == {
        'issue["Price"].weight': "must be a decimal number, not 'heavy'",
        'issue["Delivery"].weight': "must not be negative, not -0.5",
    }


def test_bad_reservation() -> None:
    error = error_of(domain_xml(), two(first=profile_xml(extra='<reservation value="none"/>')))
    assert problems_of(error) == {"reservation": "must be a decimal number, not 'none'"}


@pytest.mark.parametrize("count", [0, 1, 7])
def test_two_to_six_profiles(count: int) -> None:
    error = error_of(domain_xml(), [("p.xml", profile_xml())] * count)
    assert problems_of(error) == {"profiles": f"give 2 to 6 profiles (one per party), not {count}"}


def test_six_profiles_are_fine() -> None:
    sheet = import_genius(domain_xml(), [("p.xml", profile_xml())] * 6)
    assert sheet.party_names == ("p", "p (2)", "p (3)", "p (4)", "p (5)", "p (6)")


def test_party_names_must_match_profiles() -> None:
    error = error_of(domain_xml(), two(), ["Only one"])
    assert problems_of(error) == {"party_names": "give one name per profile: 2 profiles, 1 names"}
    error = error_of(domain_xml(), two(), ["Fine", "  "])
    assert problems_of(error) == {"party_names[1]": "a name must be non-empty text"}
