"""The leader posts (州责任领导): who held each post when, its projects, the problems put to it, its decisions."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from generator.compute.deadlines import Deadline
from generator.compute.metrics import ProjectMetrics
from generator.model import get, holder_on, item_ref, items, to_date
from generator.site.pages import SiteData, page
from generator.site.views.circulars import named
from generator.site.views.rows import DeadlineRow, ProjectRow, project_row


@dataclass(frozen=True)
class HolderPeriod:
    name: str | None  # None for a vacancy (空缺)
    start: date
    end: date | None  # None: still in post


def holder_periods(post: dict[str, Any], year: int, as_of: date | None = None) -> list[HolderPeriod]:
    """The post's holders over the supervision year, with the vacancies between them, as known on `as_of`:
    an appointment starting later is not shown, and a departure dated later is not yet known."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    known = as_of or date.max
    spans = sorted((begin, finish if finish is not None and finish < known else None, get(h, "name"))
                   for h in items(post, "holders")
                   if (begin := to_date(get(h, "from"))) is not None and begin <= known
                   for finish in [to_date(get(h, "to"))])
    out: list[HolderPeriod] = []
    cursor: date | None = start  # the first day not yet accounted for; None once a holder stays on
    for begin, finish, name in spans:
        if (finish is not None and finish < start) or begin > end or cursor is None:
            continue
        if begin > cursor:
            out.append(HolderPeriod(None, cursor, begin - timedelta(days=1)))
        out.append(HolderPeriod(name, begin, finish))
        cursor = None if finish is None else max(cursor, finish + timedelta(days=1))
    if cursor is not None and cursor <= min(end, known):
        out.append(HolderPeriod(None, cursor, None))
    return out


@dataclass(frozen=True)
class EscalatedRow:
    project: str
    project_name: Any
    id: str
    public: bool
    record: dict[str, Any]  # the latest record known on the as-of date
    escalated_on: date
    answer: Deadline | None
    promise: Deadline | None
    closed: date | None
    since: date | None = None  # for a problem waiting for a coordination meeting: when it was put to one


@dataclass
class PostView:
    id: str
    post: dict[str, Any]
    holder: str | None
    periods: list[HolderPeriod]
    projects: list[ProjectMetrics]
    rows: list[ProjectRow]
    statuses: Counter[str]
    escalated: list[EscalatedRow] = field(default_factory=list)
    meetings: list[EscalatedRow] = field(default_factory=list)
    decisions: list[DeadlineRow] = field(default_factory=list)


def post_views(data: SiteData) -> dict[str, PostView]:
    """Every post's account, computed in one pass over the problems and decisions (and once per build)."""
    if "posts" in data.cache:
        return dict(data.cache["posts"])
    idx, as_of = data.idx, data.metrics.as_of
    views: dict[str, PostView] = {}
    for post_id in sorted(idx.posts):
        post = idx.posts[post_id]
        projects = data.grouped("post", lambda pm: (pm.leader_post,)).get(post_id, [])
        views[post_id] = PostView(post_id, post, holder_on(post, as_of), holder_periods(post, data.settings.year, as_of),
                                  projects, [project_row(pm, data) for pm in projects],
                                  Counter(pm.status for pm in projects if pm.listed))
    answers = {(d.project, d.ref): d for d in data.deadlines if d.kind == "answer"}
    promises = {(d.project, d.ref): d for d in data.deadlines if d.kind == "promise"}
    for pid in sorted(idx.projects):
        for ident, rec in sorted(idx.problem_records(pid).items()):
            if rec.escalated_on is None or rec.escalated_on > as_of:
                continue
            latest = idx.latest_problem(pid, ident, as_of)
            row = EscalatedRow(pid, idx.projects[pid][1].get("name"), ident, get(latest, "public") is not False,
                               latest, rec.escalated_on, answers.get((pid, ident)), promises.get((pid, ident)),
                               rec.closed_on if rec.closed_on and rec.closed_on <= as_of else None)
            if rec.escalated_to in views:
                views[rec.escalated_to].escalated.append(row)
            if row.closed:
                continue
            waiting: dict[str, date | None] = {}  # post → when the problem was first put to its meeting
            for e in items(latest, "escalations"):
                if get(e, "level") == "coordination_meeting" and get(e, "to") in views:
                    waiting.setdefault(get(e, "to"), to_date(get(e, "on")))
            for post_id, since in waiting.items():
                views[post_id].meetings.append(replace(row, since=since))
    chairs = {item_ref(f, get(dec, "id")): d.get("chaired_by") for f, d in idx.dispatches for dec in items(d, "decisions")}
    for d in data.deadlines:
        chair = chairs.get(d.ref) if d.kind == "decision" else None
        if chair in views:
            views[chair].decisions.extend(named([d], data))
    data.cache["posts"] = views
    return views


@dataclass(frozen=True)
class Posts:
    posts: list[PostView]


@page("posts/index.md", "posts.html.j2", "州责任领导", search=False)
def posts_index(data: SiteData) -> Posts:
    return Posts(list(post_views(data).values()))


@page("posts/{key}.md", "post.html.j2", lambda view: view.post.get("title") or view.id,
      each=lambda data: sorted(data.idx.posts), search=False)
def post_page(data: SiteData, post_id: str) -> PostView:
    return post_views(data)[post_id]
