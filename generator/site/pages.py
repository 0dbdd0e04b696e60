"""The pages made from data: a registry of page definitions, and rendering them all.

A view module declares each of its pages with `@page(...)`: where it lives, its template, its title, and (for
a family of pages such as one per project) the keys it is made for. Adding a page means writing its view,
its template and its place in the nav; nothing here changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from functools import cached_property
from typing import Any

from generator.compute.circulars import Circular
from generator.compute.deadlines import Deadline
from generator.compute.lagging import SilentLag, silent_lagging
from generator.compute.metrics import Metrics, ProjectMetrics
from generator.core.settings import Settings
from generator.model import Index, get, items
from generator.site.glossary import terms
from generator.site.templating import HtmlPage, environment, page_source, with_front_matter
from generator.site.wording import Wording
from generator.site.years import SiteYears


@dataclass
class SiteData:
    """Everything the views read: the index, the settings, the deadlines and figures on the as-of date."""

    idx: Index
    settings: Settings
    deadlines: list[Deadline]
    metrics: Metrics
    extra: dict[str, Any]
    circulars: list[Circular]
    downloads: list[str]  # site paths of the open-data files
    years: SiteYears = field(default_factory=lambda: SiteYears(None, []))  # the years this build carries
    cache: dict[str, Any] = field(default_factory=dict)  # views computed once and shared by several pages

    @cached_property
    def silent_lags(self) -> list[SilentLag]:
        """Projects behind at the last two monthly circulars that report no open problem."""
        monthly = {c.period: c.metrics for c in self.circulars if c.kind == "monthly"}
        return silent_lagging(self.idx, self.metrics.as_of, lambda period, _issued: monthly[period])

    def wording(self, as_of: date | None = None) -> Wording:
        """Plain words for duties known on `as_of` (the site's as-of date by default)."""
        day = as_of or self.metrics.as_of
        words: Wording = self.cache.setdefault(f"wording {day.isoformat()}", Wording(self.idx, day))
        return words

    @cached_property
    def monthly(self) -> list[Circular]:
        """The monthly circulars issued by the as-of date, oldest first: each month's figures as known then."""
        return sorted((c for c in self.circulars if c.kind == "monthly"), key=lambda c: c.period)

    @cached_property
    def figures(self) -> dict[str, ProjectMetrics]:
        """Each project's figures by id."""
        return {pm.id: pm for pm in self.metrics.projects}

    @cached_property
    def by_unit(self) -> dict[str, list[Deadline]]:
        """Each unit's deadlines, in the order of `deadlines` (a unit page reads its own, not everyone's)."""
        out: dict[str, list[Deadline]] = {}
        for d in self.deadlines:
            if d.unit is not None:
                out.setdefault(d.unit, []).append(d)
        return out

    @cached_property
    def project_names(self) -> dict[str, Any]:
        return {pid: p.get("name") for pid, (_, p) in self.idx.projects.items()}

    def grouped(self, name: str, key: Callable[[ProjectMetrics], Iterable[Any]]) -> dict[Any, list[ProjectMetrics]]:
        """The projects (in the order of `metrics.projects`) by each value `key` gives, made once per build:
        a page per county, unit or post reads its own projects instead of scanning every project."""
        found = self.cache.get(f"grouped:{name}")
        if found is None:
            found = self.cache[f"grouped:{name}"] = {}
            for pm in self.metrics.projects:
                for value in key(pm):
                    found.setdefault(value, []).append(pm)
        return found

    def circular_figures(self, c: Circular) -> dict[str, ProjectMetrics]:
        """A circular's figures by project id."""
        found = self.cache.setdefault("circular-figures", {}).get(c.slug)
        if found is None:
            found = self.cache["circular-figures"][c.slug] = {pm.id: pm for pm in c.metrics.projects}
        return found

    @cached_property
    def dispatches_of(self) -> dict[str, list[tuple[Any, Any]]]:
        """Each project's dispatch records (file, document) that name it among their projects, in file order:
        a project page reads its own, not every record of the portfolio."""
        out: dict[str, list[tuple[Any, Any]]] = {}
        for f, d in sorted(self.idx.dispatches, key=lambda fd: fd[0].path):
            for pid in dict.fromkeys(p for p in items(d, "projects") if isinstance(p, str)):
                out.setdefault(pid, []).append((f, d))
        return out

    @cached_property
    def findings_of(self) -> dict[str, list[tuple[Any, Any, Any]]]:
        """Each project's inspection findings (file, dispatch, finding), in file order."""
        out: dict[str, list[tuple[Any, Any, Any]]] = {}
        for f, d in sorted(self.idx.dispatches, key=lambda fd: fd[0].path):
            for fnd in items(d, "findings"):
                if isinstance(pid := get(fnd, "project"), str):
                    out.setdefault(pid, []).append((f, d, fnd))
        return out

    @cached_property
    def by_project(self) -> dict[str, list[Deadline]]:
        """Each project's deadlines, in the order of `deadlines`."""
        out: dict[str, list[Deadline]] = {}
        for d in self.deadlines:
            if d.project is not None:
                out.setdefault(d.project, []).append(d)
        return out


@dataclass(frozen=True)
class Page:
    src: str  # a site path, with "{key}" for a family of pages
    template: str
    view: Callable[..., Any]  # (data) -> view, or (data, key) -> view for a family
    title: Callable[[Any], str]  # view -> the page's title
    each: Callable[[SiteData], Iterable[str]] | None = None
    charts: Callable[[Any], bool] = lambda view: False
    search: bool = True
    markdown: bool = False  # the view is the page's Markdown itself (no template)
    raw: bool = False  # the view is a file's text itself (a JSON beside the pages), or None for no file


PAGES: list[Page] = []


def page(src: str, template: str, title: str | Callable[[Any], str], *,
         each: Callable[[SiteData], Iterable[str]] | None = None, charts: Callable[[Any], bool] | None = None,
         search: bool = True, markdown: bool = False, raw: bool = False) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        named = title if callable(title) else (lambda _view, fixed=title: fixed)
        PAGES.append(Page(src, template, view, named, each, charts or (lambda _view: False), search, markdown, raw))
        return view

    return register


def context_of(view: Any) -> dict[str, Any]:
    """A view's fields as template variables (a view is a dataclass; a plain dict is taken as it is)."""
    if is_dataclass(view) and not isinstance(view, type):
        return {f.name: getattr(view, f.name) for f in fields(view)}
    return dict(view)


def render(p: Page, data: SiteData | None, src: str, view: Any) -> str | HtmlPage:
    if p.markdown:
        return with_front_matter(str(view).strip(), p.title(view), search=p.search)
    common: dict[str, Any] = {} if data is None else {"extra": data.extra, "as_of": data.metrics.as_of,
                                                      "settings": data.settings, "glossary": terms(data.settings),
                                                      "list_title": data.idx.list_title}
    return page_source(environment(), src, p.template, p.title(view), charts=p.charts(view), search=p.search,
                       **{**common, **context_of(view)})


def iter_pages(data: SiteData) -> Iterator[tuple[str, str | HtmlPage]]:
    """Every page made from data by site path, each rendered when it is taken (a build holds one page at a
    time): Markdown with front matter, a template's page as an HtmlPage, or a raw file's text."""
    from generator.site import views  # noqa: F401  (registers the pages)

    for p in PAGES:
        if p.raw:
            if (text := p.view(data)) is not None:
                yield p.src, text
            continue
        if p.each is None:
            yield p.src, render(p, data, p.src, p.view(data))
            continue
        for key in p.each(data):
            src = p.src.format(key=key)
            yield src, render(p, data, src, p.view(data, key))


def render_pages(data: SiteData) -> dict[str, str | HtmlPage]:
    """Every page made from data, by site path, held at once (for tests and tools; a build streams them)."""
    return dict(iter_pages(data))
