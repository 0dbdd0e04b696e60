"""The demonstration portfolio (generator/demo.py): shape, determinism and the planted anomalies.

`independent_anomalies` below re-derives every deadline instance from the generated files alone, following
docs/design.md ("Deadline semantics", "Cadence") with its own code and the `chinese_calendar` package for
working days. It shares nothing with demo.py's planter or with the rules, so the fixture of planted
anomalies is checked twice: against what was planted, and against what the files actually say.
"""

from __future__ import annotations

import datetime as dt
import itertools
import posixpath
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
import yaml

from generator import demo
from generator.loading.yamlstrict import load_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = demo.FIXTURE_PATH
FIXTURE_2016 = demo.FIXTURE_PATH_2016
FIXTURE_CLOSING = demo.FIXTURE_PATH_2015_CLOSING
# each fixture: the year and the day its anomalies are seen on (2015's also on its closing day, 2016-01-10)
FIXTURES = {"2015": (2015, FIXTURE, dt.date(2015, 10, 20)), "2015-closing": (2015, FIXTURE_CLOSING, dt.date(2016, 1, 10)),
            "2016": (2016, FIXTURE_2016, dt.date(2016, 10, 20))}
KINDS = {"report", "verification", "action-plan", "briefing", "answer", "promise", "decision", "milestone",
         "start", "completion", "production", "cadence", "site-visit", "finding"}
# Everything identifying in the notice's contact lines (names, phones, room, mailbox); none may appear.
NOTICE_CONTACTS = ["杜丽丽", "张弘", "3369136", "3389876", "3369121", "7022", "州公务中心", "email-protection"]
SCHEMA_OF = {"config.yaml": "config", "counties.yaml": "counties", "units.yaml": "units", "posts.yaml": "posts",
             "years": "year", "projects": "project", "reports": "report", "briefings": "briefing",
             "dispatches": "dispatch"}


def _strict(path: str, text: str) -> Any:
    """The project's strict loader: dates stay strings, decimals exact, `on` a plain key."""
    doc, problems = load_text(path, text)
    assert doc is not None and problems == [], (path, problems)
    return doc.data


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent


def _d(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


@pytest.fixture(scope="module")
def files() -> dict[str, str]:
    return demo.build_demo(2015)


@pytest.fixture(scope="module")
def docs(files: dict[str, str]) -> dict[str, Any]:
    return {path: _strict(path, text) for path, text in files.items()}


def _kind(docs: dict[str, Any], prefix: str) -> dict[str, Any]:
    return {path: doc for path, doc in docs.items() if path.startswith(prefix)}


def _projects(docs: dict[str, Any], year: int) -> list[dict[str, Any]]:
    return [p for p in _kind(docs, "data/projects/").values() if p["year"] == year]


# --- shape ---------------------------------------------------------------------------------------------------------


def test_deterministic_for_a_seed_and_different_for_another(files: dict[str, str]) -> None:
    assert demo.build_demo(2015) == files
    other = demo.build_demo(2016)
    assert other != files
    assert other[FIXTURE] != files[FIXTURE] or any(other[k] != files.get(k) for k in other)


def test_counts(docs: dict[str, Any]) -> None:
    projects = _projects(docs, 2015)
    by_category: dict[str, list[str]] = defaultdict(list)
    for p in projects:
        by_category[p["category"]].append(p["id"])
    entering = [p for p in projects if p["entered_on"] != "2015-01-01"]
    assert len(entering) == 1 and entering[0]["category"] == "new_start"
    assert len(by_category["under_construction"]) == 30
    assert len(by_category["new_start"]) == 31  # 30 + the project entering mid-year
    assert len(by_category["preliminary"]) == 30
    assert sorted(by_category["under_construction"]) == [f"2015-zj-{i:02d}" for i in range(1, 31)]
    assert sorted(by_category["preliminary"]) == [f"2015-qq-{i:02d}" for i in range(1, 31)]
    assert len([p for p in projects if "exited" in p]) == 1
    assert len([p for p in projects if "listed_supervision" in p]) == 1
    assert any(p["annual"]["investment"] == 0 for p in projects)
    counties = docs["data/org/counties.yaml"]
    assert len(counties) == 11 and {c["id"] for c in counties} >= {"chuxiong", "kaifaqu", "shuangbai"}
    kinds = {u["kind"] for u in docs["data/org/units.yaml"]}
    assert kinds == {"prefecture_dept", "county_gov", "key_project_office", "inspection_office",
                     "supervision_office", "discipline_office", "enterprise", "other"}
    govs = [u for u in docs["data/org/units.yaml"] if u["kind"] == "county_gov"]
    assert sorted(u["county"] for u in govs) == sorted(c["id"] for c in counties)
    dispatch_kinds = {d["kind"] for d in _kind(docs, "data/dispatches/").values()}
    assert dispatch_kinds == {"urging", "scheduling", "coordination", "inspection"}


def test_every_data_file_starts_with_its_schema_comment(files: dict[str, str]) -> None:
    for path, text in files.items():
        if path.startswith("tests/"):
            continue
        first = text.split("\n", 1)[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, path
        target = posixpath.normpath(posixpath.join(posixpath.dirname(path), match.group(1)))
        parts = path.split("/")
        kind = SCHEMA_OF.get(parts[1]) or SCHEMA_OF[parts[-1]]
        assert target == f"schemas/{kind}.schema.json", path


def test_every_file_parses_with_libyaml_and_keeps_dates_as_strings(files: dict[str, str]) -> None:
    date_like = re.compile(r"^\d{4}-\d{2}-\d{2}$")

    def walk(node: Any, path: str) -> None:
        assert not isinstance(node, (dt.date, float)), path
        if isinstance(node, dict):
            for value in node.values():
                walk(value, path)
        elif isinstance(node, list):
            for value in node:
                walk(value, path)
        elif isinstance(node, Decimal):
            assert _places(node) <= 4, path  # money 2 places, coordinates 4

    for path, text in files.items():
        data = yaml.load(text, Loader=yaml.CSafeLoader)
        assert data is not None, path
        walk(_strict(path, text), path)
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):  # the strict loader refuses anchors, aliases
            assert not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None) is None, path
        assert "\\u" not in text and "\\x" not in text, path  # Chinese stays readable
        for value in re.findall(r"'(\d{4}-\d{2}-\d{2})'", text):
            assert date_like.match(value)


def test_names_are_fictional_and_no_notice_contact_appears(files: dict[str, str], docs: dict[str, Any]) -> None:
    for path, text in files.items():
        for secret in NOTICE_CONTACTS:
            assert secret not in text, (path, secret)
    for post in docs["data/org/posts.yaml"]:
        for holder in post["holders"]:
            assert holder["name"].endswith("某某")
    for p in _kind(docs, "data/projects/").values():
        people = [p["responsible_person"], *p["team"]] + ([p["county_leader"]] if p["county_leader"] else [])
        assert all(person["name"].endswith("某某") for person in people), p["id"]
        assert all(re.fullmatch(r"138-0000-\d{4}", t["phone"]) for t in p["team"])
        assert 24.5 <= p["location"]["lat"] <= 26.5 and 100.7 <= p["location"]["lon"] <= 102.5
    contact = docs["data/config.yaml"]["public_contact"]
    assert contact["phone"] == "0878-0000000" and contact["email"].endswith("@example.org")


def test_posts_have_a_change_of_holder_and_a_vacancy(docs: dict[str, Any]) -> None:
    changes = vacancies = 0
    for post in docs["data/org/posts.yaml"]:
        holders = post["holders"]
        for before, after in itertools.pairwise(holders):
            assert before["to"] is not None and _d(before["to"]) < _d(after["from"])
            gap = (_d(after["from"]) - _d(before["to"])).days
            changes += gap == 1
            vacancies += gap > 1
    assert changes >= 1 and vacancies >= 1


def test_calendar_matches_chinesecalendar() -> None:
    for day in demo._days(dt.date(2015, 1, 1), dt.date(2016, 12, 31)):
        assert demo.is_workday(day) == chinese_calendar.is_workday(day), day


def test_every_file_loads_strictly_and_matches_its_schema(files: dict[str, str]) -> None:
    json = pytest.importorskip("json")
    jsonschema = pytest.importorskip("jsonschema")
    referencing = pytest.importorskip("referencing")
    from referencing.jsonschema import DRAFT202012

    schema_dir = ROOT / "schemas"
    if not (schema_dir / "report.schema.json").exists():
        pytest.skip("schemas not written yet")
    from generator.loading import yamlstrict

    registry = referencing.Registry().with_resources(
        (path.name, referencing.Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                                       default_specification=DRAFT202012))
        for path in sorted(schema_dir.glob("*.schema.json")))
    validators: dict[str, Any] = {}
    failures = []
    for path, text in files.items():
        if path.startswith("tests/"):
            continue
        doc, problems = yamlstrict.load_text(path, text)
        assert doc is not None and not problems, (path, problems)
        schema = re.match(r"# yaml-language-server: \$schema=\S*/(\S+)", text).group(1)  # type: ignore[union-attr]
        if schema not in validators:
            validators[schema] = jsonschema.Draft202012Validator(
                registry.contents(schema), registry=registry,
                format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
        failures += [(path, list(e.absolute_path), e.message) for e in validators[schema].iter_errors(doc.data)]
    assert not failures, failures[:10]


# --- reports -------------------------------------------------------------------------------------------------------


def _reports_by_project(docs: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, r in sorted(_kind(docs, "data/reports/").items()):
        assert path == f"data/reports/{r['period']}/{r['project']}.yaml"
        out[r["project"]].append(r)
    for reports in out.values():
        reports.sort(key=lambda r: r["period"])
    return out


def _owed(project: dict[str, Any], period: str) -> bool:
    y, m = map(int, period.split("-"))
    last = demo._month_end(y, m)
    entered = _d(project.get("entered_on", f"{project['year']}-01-01"))
    exited = project.get("exited")
    return entered <= last and (exited is None or last < _d(exited["on"]))


@pytest.mark.parametrize(("year", "missed", "last"), [(2015, 1, 12), (2016, 0, 9)])
def test_reports_exist_for_every_owed_month_but_the_missing_one(docs: dict[str, Any], year: int, missed: int,
                                                                last: int) -> None:
    """Every month from February: 2015's to December (reported by its closing day, 2016-01-10), 2016's to
    September (reported by 10-08, before the as-of date 10-20)."""
    reports = _reports_by_project(docs)
    planted = docs[FIXTURES[str(year)][1]]
    missing = {(a["project"], a["ref"]) for a in planted if a["kind"] == "report" and a["done_on"] is None}
    assert len(missing) == missed
    limit = demo._next_month_day(year, last, 8).isoformat()
    for p in _projects(docs, year):
        owed = {f"{year}-{m:02d}" for m in range(2, last + 1) if _owed(p, f"{year}-{m:02d}")}
        have = {r["period"] for r in reports[p["id"]]}
        assert have == owed - {ref for pid, ref in missing if pid == p["id"]}, p["id"]
        assert all(r["submitted_on"] <= limit for r in reports[p["id"]])


def test_2015_goes_on_to_its_closing_day(docs: dict[str, Any]) -> None:
    """2015 is planned on past config's as-of date to its closing day: every lead unit's annual briefing, the
    cadence kept to 31 December, December's reports verified by 2016-01-10; and every date written after
    2015-10-20 lies after it, so the files written for that day are what they were."""
    projects = _projects(docs, 2015)
    leads = {p["lead_unit"] for p in projects if "exited" not in p}
    fy = [b for b in _kind(docs, "data/briefings/").values() if b["period"] == "2015-FY"]
    assert {b["unit"] for b in fy} == leads and all("2015-12-20" <= b["submitted_on"] <= "2016-01-10" for b in fy)
    december = list(_kind(docs, "data/reports/2015-12/").values())
    assert len(december) == len([p for p in projects if "exited" not in p])
    assert all(r["verified"]["on"] <= "2016-01-10" for r in december)
    logs = [d for d in _kind(docs, "data/dispatches/").values() if d["kind"] == "urging"
            and "2015-10-19" <= d["covers"]["from"] <= "2015-12-31"]
    assert {(d["covers"]["from"], d["covers"]["to"]) for d in logs} >= {("2015-10-19", "2015-10-20"),
                                                                        ("2015-10-21", "2015-10-25")}
    held = {d["date"][:7] for d in _kind(docs, "data/dispatches/").values() if d["kind"] == "scheduling"}
    assert {"2015-10", "2015-11", "2015-12"} <= held


def test_year_to_date_is_consistent_and_never_falls(docs: dict[str, Any]) -> None:
    adjusted: dict[str, int] = defaultdict(int)
    for pid, reports in _reports_by_project(docs).items():
        effective = Decimal(0)
        reported = Decimal(0)
        funds = Decimal(0)
        for r in reports:
            inv = r["investment"]
            assert inv["year_to_date"] == effective + inv["month"], (pid, r["period"])
            assert inv["month"] >= 0 and inv["year_to_date"] >= reported
            assert r["funds"]["year_to_date"] >= funds
            for value in (inv["month"], inv["year_to_date"], r["funds"]["year_to_date"]):
                assert _places(Decimal(value)) <= 2
            effective = reported = Decimal(inv["year_to_date"])
            funds = Decimal(r["funds"]["year_to_date"])
            verified = r["verified"]
            if verified["result"] == "adjusted":
                adjusted[r["period"][:4]] += 1
                cut = verified["adjusted"]
                assert cut["investment"]["year_to_date"] < inv["year_to_date"]
                assert cut["investment"]["month"] == inv["month"] - (inv["year_to_date"] - cut["investment"]["year_to_date"])
                effective = Decimal(cut["investment"]["year_to_date"])
        if reports and reports[0]["period"].endswith("-02"):  # a year starts from zero
            assert reports[0]["investment"]["month"] == reports[0]["investment"]["year_to_date"]
    assert adjusted == {"2015": 1, "2016": 1}


def test_no_report_date_after_its_submission(docs: dict[str, Any]) -> None:
    allowed = {"verified", "corrections", "closed", "promised_by"}

    def walk(node: Any, keys: tuple[str, ...], limit: str, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in allowed:
                    walk(value, (*keys, key), limit, where)
        elif isinstance(node, list):
            for value in node:
                walk(value, keys, limit, where)
        elif isinstance(node, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", node):
            assert node <= limit, (where, keys, node)

    for path, r in _kind(docs, "data/reports/").items():
        walk({k: v for k, v in r.items() if k != "submitted_on"}, (), r["submitted_on"], path)
        for visit in r["site_visits"]:
            assert visit["on"][:7] == r["period"], path


def test_problems_are_carried_until_closed_and_never_rewritten(docs: dict[str, Any]) -> None:
    projects = {p["id"]: p for p in _kind(docs, "data/projects/").values()}
    units = {u["id"]: u for u in docs["data/org/units.yaml"]}
    closers = {"key_project_office", "inspection_office", "supervision_office"}
    for pid, reports in _reports_by_project(docs).items():
        seen: dict[str, dict[str, Any]] = {}
        for r in reports:
            ids = {x["id"] for x in r.get("problems", [])}
            assert len(ids) == len(r.get("problems", []))
            for gone in set(seen) - ids:
                assert "closed" in seen[gone], (pid, r["period"], gone)
            for x in r.get("problems", []):
                before = seen.get(x["id"])
                if before is not None:
                    assert "closed" not in before, (pid, r["period"], x["id"])
                    for key in ("escalated_to", "escalated_on", "category", "summary"):
                        assert x.get(key) == before.get(key)
                    if "answer" in before:
                        assert x["answer"] == before["answer"]
                if "closed" in x:
                    assert units[x["closed"]["by"]]["kind"] in closers
                seen[x["id"]] = x
        p = projects[pid]
        responsible = {p["lead_unit"], *p["co_units"]} | {
            u["id"] for u in units.values() if u["kind"] == "county_gov" and u["county"] == p["county"]}
        for r in reports:
            assert all(v["by"] in responsible for v in r["site_visits"])
            assert units[r["verified"]["by"]]["kind"] == "inspection_office"


def test_references_resolve(docs: dict[str, Any]) -> None:
    units = {u["id"] for u in docs["data/org/units.yaml"]}
    posts = {p["id"] for p in docs["data/org/posts.yaml"]}
    counties = {c["id"] for c in docs["data/org/counties.yaml"]}
    projects = {p["id"]: p for p in _kind(docs, "data/projects/").values()}
    for path, p in _kind(docs, "data/projects/").items():
        assert path == f"data/projects/{p['id']}.yaml"
        assert p["county"] in counties and p["lead_unit"] in units and p["leader_post"] in posts
        assert set(p["co_units"]) <= units and p["lead_unit"] not in p["co_units"]
        if p["category"] == "under_construction":
            assert p["dates"]["start"]["actual"] < f"{p['year']}-01-01"
    for path, d in _kind(docs, "data/dispatches/").items():
        assert posixpath.basename(path).startswith(d["date"] + "-")
        assert d["chaired_by"] in units | posts
        assert set(d["projects"]) <= set(projects)
        assert all(x["unit"] in units for x in d.get("decisions", []))
        assert all(f["project"] in d["projects"] for f in d.get("findings", []))
    for path, b in _kind(docs, "data/briefings/").items():
        assert path == f"data/briefings/{b['period']}/{b['unit']}.yaml" and b["unit"] in units
    for r in _kind(docs, "data/reports/").values():
        for x in r.get("problems", []):
            assert x.get("escalated_to", "zhouzhang") in units | posts


# --- the second year ------------------------------------------------------------------------------------------------


def test_the_demo_carries_two_years(docs: dict[str, Any]) -> None:
    """2015 (3个30) as it was, and 2016 (四个一百) opened as `new-year` opens a year; as-of stays in 2015."""
    assert docs["data/config.yaml"]["as_of"] == "2015-10-20" and docs["data/config.yaml"]["year"] == 2015
    assert docs["data/years/2015.yaml"] == {"year": 2015, "title": "3个30"}
    y16 = docs["data/years/2016.yaml"]
    assert y16["year"] == 2016 and y16["title"] == "四个一百" and y16["first_report_period"] == "2016-02"
    projects = _projects(docs, 2016)
    assert 30 <= len(projects) <= 40
    by_category = defaultdict(list)
    for p in projects:
        by_category[p["category"]].append(p["id"])
        assert re.fullmatch(r"2016-(zj|xkg|qq)-\d{2}", p["id"])
        assert p["entered_on"] == "2016-01-01" and p["annual"]["investment"] >= 0
    for category, code in (("under_construction", "zj"), ("new_start", "xkg"), ("preliminary", "qq")):
        ids = sorted(by_category[category])
        assert ids == [f"2016-{code}-{i:02d}" for i in range(1, len(ids) + 1)] and len(ids) >= 3
    continuing = [p for p in projects if "continues" in p]
    new = [p for p in projects if "continues" not in p]
    assert len(continuing) >= 20 and len(new) >= 9
    assert {p["category"] for p in new} == {"under_construction", "new_start", "preliminary"}
    names_2015 = {p["name"] for p in _projects(docs, 2015)}
    assert not {p["name"] for p in new} & names_2015


def test_continuing_projects_follow_new_years_category_rule(docs: dict[str, Any]) -> None:
    """A 2015 new start that started is under construction in 2016; an unfinished project keeps its category;
    a preliminary project may move to new start. Finished and exited projects do not continue."""
    before = {p["id"]: p for p in _projects(docs, 2015)}
    moves = set()
    continued = [p["continues"] for p in _projects(docs, 2016) if "continues" in p]
    assert len(continued) == len(set(continued))
    for p in _projects(docs, 2016):
        if "continues" not in p:
            continue
        old = before[p["continues"]]
        for key in ("name", "county", "lead_unit", "owner", "total_investment", "leader_post", "co_units"):
            assert p[key] == old[key], (p["id"], key)
        assert old["dates"]["completion"]["actual"] is None and "exited" not in old
        started = old["dates"]["start"]["actual"] is not None
        expected = "under_construction" if old["category"] == "new_start" and started else old["category"]
        if old["category"] == "preliminary" and p["category"] == "new_start":
            expected = "new_start"  # the decomposition table moves a project that is ready to start
        assert p["category"] == expected, (p["id"], old["category"], p["category"])
        moves.add((old["category"], p["category"]))
    assert moves == {("under_construction", "under_construction"), ("new_start", "under_construction"),
                     ("new_start", "new_start"), ("preliminary", "new_start"), ("preliminary", "preliminary")}


def test_open_problems_carry_into_the_first_2016_report_unchanged(docs: dict[str, Any]) -> None:
    """What the last 2015 report lists as open comes first in the 2016-02 report, item for item (what
    `new-report` writes); new problems take ids after every 2015 one."""
    reports = _reports_by_project(docs)
    carried = 0
    for p in _projects(docs, 2016):
        if "continues" not in p:
            continue
        last = reports[p["continues"]][-1]
        open_2015 = [x for x in last.get("problems", []) if "closed" not in x]
        first = reports[p["id"]][0]
        assert first["period"] == "2016-02"
        assert first.get("problems", [])[:len(open_2015)] == open_2015, p["id"]
        carried += len(open_2015)
        old_ids = {x["id"] for r in reports[p["continues"]] for x in r.get("problems", [])}
        new_ids = {x["id"] for r in reports[p["id"]] for x in r.get("problems", [])} - {x["id"] for x in open_2015}
        assert not new_ids & old_ids, p["id"]
    assert carried >= 3


# --- planted anomalies ---------------------------------------------------------------------------------------------


def test_the_fixture_names_every_kind(files: dict[str, str]) -> None:
    planted = _strict(FIXTURE, files[FIXTURE])
    assert {a["kind"] for a in planted} == KINDS
    keys = [(a["kind"], a["project"] or "", a["ref"]) for a in planted]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert all(list(a) == ["kind", "project", "ref", "unit", "due", "done_on"] for a in planted)


@pytest.mark.parametrize("seed", [2015, 1, 77])
@pytest.mark.parametrize("seen", list(FIXTURES))
def test_the_files_hold_exactly_the_planted_anomalies(seed: int, seen: str) -> None:
    """Each year's files, seen on its as-of date (2015-10-20, 2016-10-20) and 2015's on its closing day
    (2016-01-10), hold what was planted in it."""
    built = demo.build_demo(seed)
    parsed = {path: _strict(path, text) for path, text in built.items()}
    year, fixture, as_of = FIXTURES[seen]
    planted = parsed[fixture]
    for _, other, _ in FIXTURES.values():
        parsed.pop(other)
    found = independent_anomalies(parsed, year, as_of)
    as_rows = {tuple(a[k] for k in ("kind", "project", "ref", "unit", "due", "done_on")) for a in planted}
    assert found == as_rows


def test_the_repository_holds_the_current_demo(files: dict[str, str]) -> None:
    """data/ and the fixture are this generator's output: regenerate with `python -m generator demo`."""
    if not (ROOT / FIXTURE).exists():
        pytest.skip("demo data not written yet")
    stale = [path for path, text in files.items() if (ROOT / path).read_text(encoding="utf-8") != text]
    assert not stale, stale[:5]


def test_write_demo_replaces_only_its_own_files(tmp_path: Path) -> None:
    (tmp_path / "data/reports/2014-12").mkdir(parents=True)
    (tmp_path / "data/reports/2014-12/old.yaml").write_text("x: 1\n")
    (tmp_path / "data/circulars").mkdir(parents=True)
    (tmp_path / "data/circulars/2015-03.md").write_text("# keep\n")
    written = demo.write_demo(tmp_path, seed=3)
    assert not (tmp_path / "data/reports/2014-12").exists()
    assert (tmp_path / "data/circulars/2015-03.md").read_text() == "# keep\n"
    built = demo.build_demo(3)
    assert sorted(written) == sorted(built)
    assert all((tmp_path / p).read_text(encoding="utf-8") == built[p] for p in written)


# --- an independent reading of docs/design.md "Deadline semantics" -------------------------------------------------


def independent_anomalies(docs: dict[str, Any], year: int = 2015, as_of: dt.date | None = None) -> set[tuple[Any, ...]]:
    """One year's anomalies on `as_of` (default: config's): its projects, their reports, its briefings and the
    dispatches naming its projects, under config.yaml with the year's file over it (docs/design.md "Years")."""
    base = docs["data/config.yaml"]
    year_file = docs.get(f"data/years/{year}.yaml", {})
    cfg = {**base, **{k: v for k, v in year_file.items() if k not in ("title", "deadlines")}}
    cfg["deadlines"] = {**base["deadlines"], **year_file.get("deadlines", {})}
    as_of = as_of or _d(cfg["as_of"])
    deadlines = cfg["deadlines"]
    cadence = cfg["cadence"]
    units = {u["id"]: u for u in docs["data/org/units.yaml"]}
    inspection_office = next(u for u in units if units[u]["kind"] == "inspection_office")
    projects = {p["id"]: p for p in _projects(docs, year)}
    reports = {(r["project"], r["period"]): r for r in _kind(docs, "data/reports/").values()
               if r["project"] in projects}
    by_project: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (pid, _), r in sorted(reports.items()):
        by_project[pid].append(r)
    briefings = {(b["unit"], b["period"]): b for b in _kind(docs, "data/briefings/").values()
                 if b["period"].startswith(f"{year}-")}
    dispatches = {posixpath.basename(p)[:-5]: d for p, d in _kind(docs, "data/dispatches/").items()
                  if set(d["projects"]) & set(projects)}
    found: set[tuple[Any, ...]] = set()

    def judge(kind: str, project: str | None, ref: str, unit: str, due: dt.date, done: str | dt.date | None) -> None:
        c = _d(done) if isinstance(done, str) else done
        if c is not None and c > as_of:
            c = None
        if (c is not None and c > due) or (c is None and as_of > due):
            found.add((kind, project, ref, unit, due.isoformat(), c.isoformat() if c else None))

    def add_workdays(day: dt.date, n: int) -> dt.date:
        for _ in range(n):
            day += dt.timedelta(days=1)
            while not chinese_calendar.is_workday(day):
                day += dt.timedelta(days=1)
        return day

    notice = dt.date(year, *map(int, cfg.get("notice_date", "02-08").split("-")))

    def listed(p: dict[str, Any], day: dt.date) -> bool:
        entered = _d(p.get("entered_on") or f"{year}-01-01")
        exited = p.get("exited")
        return entered <= day and (exited is None or day < _d(exited["on"]))

    first_y, first_m = map(int, cfg["first_report_period"].split("-"))
    for pid, p in projects.items():
        lead = p["lead_unit"]
        for m in range(first_m if first_y == year else 1, 13):
            last = demo._month_end(year, m)
            if not listed(p, last):
                continue
            ref = f"{year}-{m:02d}"
            r = reports.get((pid, ref))
            judge("report", pid, ref, lead, demo._next_month_day(year, m, deadlines["report_day"]),
                  r["submitted_on"] if r else None)
            if r is not None and _d(r["submitted_on"]) <= as_of:
                due = demo._next_month_day(year, m, deadlines["verification_day"])
                if _d(r["submitted_on"]) >= due:  # a late report: working days from its receipt
                    due = add_workdays(_d(r["submitted_on"]), deadlines.get("verification_working_days", 3))
                judge("verification", pid, ref, inspection_office, due, (r.get("verified") or {}).get("on"))
            visits = [v["on"] for x in by_project[pid] for v in x.get("site_visits", []) if v["on"][:7] == ref]
            judge("site-visit", pid, ref, lead, last, min(visits) if visits else None)
        entered = _d(p.get("entered_on") or f"{year}-01-01")
        plan_due = dt.date(year, *map(int, deadlines.get("action_plan", "02-16").split("-"))) if entered <= notice \
            else add_workdays(entered, deadlines.get("action_plan_working_days", 5))
        judge("action-plan", pid, "action-plan", lead, plan_due, (p.get("action_plan") or {}).get("submitted_on"))
        in_year = (notice, dt.date(year, 12, 31))  # a date of another year is its list's business
        for ms in p["annual"]["milestones"]:  # due while listed: an exited project's later dates are no duty
            if in_year[0] <= _d(ms["due"]) <= in_year[1] and listed(p, _d(ms["due"])):
                judge("milestone", pid, ms["name"], lead, _d(ms["due"]), ms["done_on"])
        for key in ("start", "completion", "production"):
            planned = p["dates"][key]["planned"]
            if planned and in_year[0] <= _d(planned) <= in_year[1] and listed(p, _d(planned)):
                judge(key, pid, key, lead, _d(p["dates"][key]["planned"]), p["dates"][key]["actual"])

    ends = {"Q1": (3, 31), "Q2": (6, 30), "Q3": (9, 30), "FY": (12, 31)}
    for period, (m, d) in ends.items():
        due_m, due_d = map(int, deadlines["briefings"][period].split("-"))
        due = dt.date(year + (period == "FY"), due_m, due_d)
        owing = {p["lead_unit"] for p in projects.values() if listed(p, dt.date(year, m, d))}
        for unit in owing:
            b = briefings.get((unit, f"{year}-{period}"))
            judge("briefing", None, f"{year}-{period}", unit, due, b["submitted_on"] if b else None)

    for pid, rs in by_project.items():
        escalated: dict[str, tuple[str, str]] = {}
        answers: dict[str, dict[str, Any]] = {}
        closed: dict[str, str] = {}
        for r in rs:
            for x in r.get("problems", []):
                if x.get("escalated_on") and x["id"] not in escalated:
                    escalated[x["id"]] = (x["escalated_to"], x["escalated_on"])
                if x.get("answer") and x["id"] not in answers:
                    answers[x["id"]] = x["answer"]
                if x.get("closed") and x["id"] not in closed:
                    closed[x["id"]] = x["closed"]["on"]
        for problem_id, (to, on) in escalated.items():
            due = add_workdays(_d(on), deadlines["answer_working_days"])
            answer = answers.get(problem_id)
            ended = [x for x in (answer["on"] if answer else None, closed.get(problem_id)) if x]  # closing ends it
            # a duty that fell due before the project was on this list (a problem carried from last year's
            # list) was judged there
            if listed(projects[pid], due):
                judge("answer", pid, problem_id, to, due, min(ended) if ended else None)
            if answer and answer.get("promised_by") and listed(projects[pid], _d(answer["promised_by"])):
                judge("promise", pid, problem_id, to, _d(answer["promised_by"]), closed.get(problem_id))

    for stem, d in dispatches.items():
        first = d["projects"][0] if d["projects"] else None
        for x in d.get("decisions") or []:
            judge("decision", first, f"{stem}/{x['id']}", x["unit"], _d(x["due"]), x["done_on"])
        for f in d.get("findings") or []:
            judge("finding", f["project"], f"{stem}/{f['id']}", projects[f["project"]]["lead_unit"],
                  _d(f["rectify_by"]), f["rectified_on"])

    contacts: dict[str, list[dt.date]] = defaultdict(list)
    urged: dict[str, list[tuple[dt.date, dt.date]]] = defaultdict(list)
    touched: dict[str, set[dt.date]] = defaultdict(set)
    for d in dispatches.values():
        day = _d(d["date"])
        if day > as_of:
            continue
        for pid in d["projects"]:
            touched[pid].add(day)
            if d["kind"] in ("scheduling", "coordination"):
                contacts[pid].append(day)
            if d["kind"] == "urging" and d.get("covers"):
                urged[pid].append((_d(d["covers"]["from"]), _d(d["covers"]["to"])))
    start_of_reporting = notice  # cadence duties start with the notice
    for pid, p in projects.items():
        if p["category"] == "preliminary":
            continue
        begin = max(_d(p.get("entered_on") or f"{year}-01-01"), start_of_reporting)
        end = min(as_of, dt.date(year, 12, 31))  # a list's cadence ends with its year
        if p.get("exited"):
            end = min(end, _d(p["exited"]["on"]) - dt.timedelta(days=1))
        planned = p["dates"]["start"]["planned"]
        actual = p["dates"]["start"]["actual"]
        state_start: dt.date | None = None
        state = None
        run: dt.date | None = None
        day = begin
        while day <= end:
            if actual and _d(actual) <= day:
                now = "started"
            elif planned and (_d(planned) - day).days <= cadence["about_to_start_days"]:
                now = "about"
            else:
                now = "urging"
            if now != state:
                state, state_start = now, day
            assert state_start is not None
            if now == "urging":
                ok = day in touched[pid] or any(a <= day <= b for a, b in urged[pid])
            else:
                window = cadence["about_to_start_interval_days" if now == "about" else "started_interval_days"]
                lo = day - dt.timedelta(days=window - 1)
                ok = any(lo <= c <= day for c in contacts[pid]) or state_start - dt.timedelta(days=1) >= lo
            if not ok and run is None:
                run = day
            if ok and run is not None:
                judge("cadence", pid, f"cadence-{run.isoformat()}", p["lead_unit"], run, day)
                run = None
            day += dt.timedelta(days=1)
        if run is not None:
            judge("cadence", pid, f"cadence-{run.isoformat()}", p["lead_unit"], run,
                  end + dt.timedelta(days=1) if end + dt.timedelta(days=1) <= as_of else None)
    return found
