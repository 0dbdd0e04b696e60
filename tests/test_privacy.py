"""What the public may see of a correction: its values only when its field is public (privacy.py). The
built-site proof, with sentinels in every output, is tests/test_build.py."""

from __future__ import annotations

from typing import Any

import pytest

from generator.site.privacy import (
    WITHHELD,
    correction_is_public,
    correction_values,
    internal_paths,
    private_problems,
)

REPORT = {"problems": [{"id": "p1", "summary": "公开的问题"}, {"id": "p2", "summary": "不公开", "public": False}]}


def _fix(field: str, old: Any = "旧", new: Any = "新") -> dict[str, Any]:
    return {"on": "2015-04-15", "by": "jcb", "field": field, "from": old, "to": new, "why": "更正"}


@pytest.mark.parametrize(("field", "public"), [
    ("/investment/month", True),
    ("/progress/summary", True),
    ("/problems/0/summary", True),
    ("/problems/0", True),
    ("/problems/1/summary", False),  # the private problem
    ("/problems/1/answer/content", False),
    ("/problems/1", False),
    ("/problems", False),  # the whole list holds the private problem
    ("/problems/2/summary", False),  # no such problem now: nobody can tell what it was
    ("/problems/01/summary", False),  # not an index
    ("/problems/-", False),
    ("/internal_notes", False),  # x-internal in the project schema, no field of a report
    ("/team/0/phone", False),
    ("/no_such_field", False),
    ("investment/month", False),  # not a pointer
])
def test_a_correction_is_public_only_where_its_field_is(field: str, public: bool) -> None:
    assert correction_is_public(REPORT, _fix(field), frozenset()) is public
    assert correction_values(REPORT, _fix(field), frozenset()) == (("旧", "新") if public else (WITHHELD, WITHHELD))


def test_values_holding_a_private_problem_are_withheld_wherever_they_point() -> None:
    """A problem deleted from the list: /problems/0 now names a public one, the old value was private."""
    gone = {"id": "p0", "summary": "已删除的不公开问题", "public": False}
    assert not correction_is_public(REPORT, _fix("/problems/0", old=gone, new=None), frozenset())
    assert not correction_is_public(REPORT, _fix("/progress", old={"x": [gone]}), frozenset())


def test_a_problem_private_in_any_report_of_the_project_stays_private() -> None:
    """p1 is public in this report but a later one marks it private: its earlier corrections stay private."""
    later = {"problems": [{"id": "p1", "summary": "改为不公开", "public": False}]}
    private = private_problems([REPORT, later])
    assert private == {"p1", "p2"}
    assert not correction_is_public(REPORT, _fix("/problems/0/summary"), private)


def test_internal_paths_come_from_the_schemas() -> None:
    assert internal_paths("project") == {("team",), ("team", "*", "name"), ("team", "*", "phone"),
                                         ("internal_notes",)}
    assert internal_paths("report") == frozenset()


def test_a_field_the_report_schema_marks_internal_is_withheld(monkeypatch: pytest.MonkeyPatch) -> None:
    """No report field is x-internal today; one marked so later is withheld, and so is anything holding it."""
    import generator.site.privacy as privacy

    monkeypatch.setattr(privacy, "internal_paths", lambda kind: frozenset({("verified", "by")}))
    assert not correction_is_public(REPORT, _fix("/verified/by"), frozenset())
    assert not correction_is_public(REPORT, _fix("/verified"), frozenset())
    assert correction_is_public(REPORT, _fix("/verified/on"), frozenset())
