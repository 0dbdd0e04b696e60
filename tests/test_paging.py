"""Pages that do not grow with the portfolio: a project list longer than a page is cut into pages, and the
filter reads every row from one JSON (views/projects.py). Shown on the demonstration data with a small page."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator.core.paths import RepoPaths
from generator.site import build
from generator.site.views import projects

ROOT = Path(__file__).resolve().parent.parent
ROW = re.compile(r'<tr data-category="[^"]*" data-county="[^"]*" data-unit="[^"]*" data-status="[^"]*" data-name="[^"]*">\n<td[^>]*data-value="([^"]+)"')


@pytest.fixture(scope="module")
def paged() -> dict[str, Any]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(projects, "LIST_ROWS", 40)
        prepared = build.prepare(RepoPaths(ROOT), build.BuildInfo(date(2015, 10, 20), None, "test"), jobs=1)
        pages = prepared.all_pages()  # rendered while the list's page size is patched
    assert not prepared.report.errors
    return pages


def test_a_long_list_comes_in_pages_of_the_same_size(paged: dict[str, Any]) -> None:
    lists = ["projects/index.md", "projects/page-2.md", "projects/page-3.md"]
    assert "projects/page-4.md" not in paged
    ids = [ROW.findall(str(paged[src])) for src in lists]
    assert [len(found) for found in ids] == [40, 40, 11]
    everyone = [pid for found in ids for pid in found]
    assert len(set(everyone)) == 91
    assert 'href="../../projects/page-3/"' in str(paged["projects/page-2.md"])
    assert 'aria-current="page">2<' in str(paged["projects/page-2.md"])
    assert 'data-source="../projects/rows.json" data-root="../"' in str(paged["projects/index.md"])


def test_the_filter_reads_every_row_as_the_list_draws_it(paged: dict[str, Any]) -> None:
    rows = json.loads(paged[projects.ROWS_JSON])
    assert len(rows) == 91
    first = str(paged["projects/index.md"])
    for category, county, unit, status, name, tr in rows[:40]:
        drawn = tr.replace(projects.ROOT_MARK, "../")
        assert drawn in first  # the same row, cell labels and links included
        assert f'data-category="{category}" data-county="{county}" data-unit="{unit}" data-status="{status}"' in tr
        assert name and status


def test_a_list_that_fits_one_page_has_no_pages() -> None:
    pages = build.prepare(RepoPaths(ROOT), build.BuildInfo(date(2015, 10, 20), None, "test"), jobs=1).all_pages()
    assert projects.ROWS_JSON not in pages and "projects/page-2.md" not in pages
    assert "data-source" not in str(pages["projects/index.md"]) and "project-pager" not in str(pages["projects/index.md"])


def test_the_home_page_lists_at_most_a_tables_worth_of_red_projects() -> None:
    """The home page's red projects are capped like the circulars' (templating.TABLE_ROWS) and counted."""
    from generator.site import templating

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(templating.environment().globals, "table_rows", 2)
        pages = build.prepare(RepoPaths(ROOT), build.BuildInfo(date(2015, 10, 20), None, "test"), jobs=1).all_pages()
    home = str(pages["index.md"])
    reds = home.split("<h2>严重滞后的项目</h2>", 1)[1]
    count = int(re.search(r"(\d+) 个项目严重滞后", reds).group(1))  # type: ignore[union-attr]
    assert count > 2
    assert len(ROW.findall(reds)) == 2
    assert f"共 {count} 项，这里列出前 2 项" in reds


def test_the_deadlines_page_shows_a_few_duties_of_each_party_and_counts_the_rest() -> None:
    """20 parties of 100 rows each made the deadlines page 0.9 MB for a province: each party shows
    templating.GROUP_ROWS of its overdue duties, says how many it has, and links its own page."""
    from generator.site import templating

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(templating.environment().globals, "group_rows", 1)
        pages = build.prepare(RepoPaths(ROOT), build.BuildInfo(date(2015, 10, 20), None, "test"), jobs=1).all_pages()
    section = str(pages["deadlines.md"]).split("<h2>逾期未完成（按责任方）</h2>", 1)[1].split("<h2>", 1)[0]
    parties = section.split("<h3>")[1:]
    assert parties
    counted = 0
    for party in parties:
        total = int(re.search(r"（(\d+) 项）", party).group(1))  # type: ignore[union-attr]
        assert party.count("<tr>") - 1 == min(total, 1)  # the heading row, then one duty
        if total > 1:
            counted += 1
            assert f"共 {total} 项，这里列出前 1 项" in party
    assert counted
    # a circular's overdue duties come by kind, as many of each
    kinds = str(pages["circulars/2015-09.md"]).split("<h3>逾期未完成：")[1:]
    assert kinds
    for kind in kinds:
        table = kind.split("</table>", 1)[0]
        assert table.count("<tr>") - 1 <= 1
    assert any(re.search(r"共 \d+ 项，这里列出前 1 项", kind.split("<h3>", 1)[0]) for kind in kinds)


def test_a_unit_or_post_page_shows_a_tables_worth_of_its_own_duties() -> None:
    """One inspection office verifies every report of a province: its page listed every duty (577 KB at
    10,000 projects). Unit and post pages show templating.TABLE_ROWS of each list and count the rest."""
    from generator.site import templating

    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(templating.environment().globals, "table_rows", 2)
        pages = build.prepare(RepoPaths(ROOT), build.BuildInfo(date(2015, 10, 20), None, "test"), jobs=1).all_pages()
    entity = {src: str(page) for src, page in pages.items() if src.startswith(("units/", "posts/"))
              and src not in ("units/index.md", "posts/index.md")}
    counted = 0
    for src, page in entity.items():
        for table in re.findall(r'<table class="data-table"[^>]*>.*?</table>', page, re.S):
            assert table.count("<tr") - 1 <= 2, src  # the heading row, then at most two
        counted += len(re.findall(r"共 \d+ 项，这里列出前 2 项", page))
    assert counted >= 3
