"""The working structures of the plan: projects, problems, report plans, dispatches, and the portfolio state."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from generator.demo.dates import (
    ABOUT_TO_START_DAYS,
    ACTION_PLAN_DUE,
    ONE_DAY,
    SPAN_2015,
    YEAR,
    Span,
    month_end,
)
from generator.demo.planting import Anomalies

Month = tuple[int, int]
ReportKey = tuple[str, Month]  # (project id, report month)


@dataclass
class Project:
    """One listed project, with everything its file and its monthly reports are made from."""

    id: str
    name: str
    category: str
    county: str
    type: str
    lead: str
    leader_post: str = ""
    co_units: list[str] = field(default_factory=list)
    owner: str = ""
    content: str = ""
    total: Decimal = Decimal(0)
    annual: Decimal = Decimal(0)
    before_year: Decimal = Decimal(0)  # invested before 2015 (under construction)
    places: int = 0  # decimals used in this project's figures
    perf: float = 1.0  # share of the 序时 plan actually achieved
    year_end_perf: float | None = None  # the share achieved by December, when the year is planned to its end
    progress_target: str = ""
    funding: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    start_planned: dt.date | None = None
    start_actual: dt.date | None = None
    completion_planned: dt.date | None = None
    completion_actual: dt.date | None = None
    production_planned: dt.date | None = None
    production_actual: dt.date | None = None
    county_leader: dict[str, str] | None = None
    county_leader_note: str | None = None
    responsible_person: dict[str, str] = field(default_factory=dict)
    team: list[dict[str, str]] = field(default_factory=list)
    action_due: dt.date = ACTION_PLAN_DUE
    action_submitted: dt.date = ACTION_PLAN_DUE
    entered: dt.date = dt.date(YEAR, 1, 1)
    exited: tuple[dt.date, str] | None = None
    listed_supervision: dict[str, Any] | None = None
    location: tuple[Decimal, Decimal] | None = None
    internal_notes: str | None = None
    span: Span = SPAN_2015  # the supervision year whose list the project is on
    continues: str | None = None  # last year's id, for a project carried onto the year's list
    resume_step: int = 0  # a continuing preliminary project: the approval step its year starts from

    def listed_on(self, day: dt.date) -> bool:
        return self.entered <= day and (self.exited is None or day < self.exited[0])

    def owed_months(self) -> list[Month]:
        return [m for m in self.span.report_months if self.listed_on(month_end(*m))]

    def cadence_span(self) -> tuple[dt.date, dt.date] | None:
        if self.category == "preliminary":
            return None
        as_of = min(self.span.as_of, self.span.end)  # the year's duties end with it
        last = as_of if self.exited is None else min(as_of, self.exited[0] - ONE_DAY)
        return max(self.entered, self.span.notice), last

    def state(self, day: dt.date) -> str:
        if self.start_actual is not None and self.start_actual <= day:
            return "started"
        if self.start_planned is not None and (self.start_planned - day).days <= ABOUT_TO_START_DAYS:
            return "about"
        return "urging"


@dataclass
class Problem:
    """A problem a project reports, from the month it is first reported to its closing."""

    project: str
    id: str
    category: str
    summary: str
    measures: str
    first: Month
    escalated_to: str | None = None
    escalated_on: dt.date | None = None
    answer: dict[str, Any] | None = None
    escalations: list[dict[str, Any]] = field(default_factory=list)
    closed: dict[str, Any] | None = None
    public: bool = True
    suggested_unit: str | None = None  # where this kind of problem is usually escalated


@dataclass
class ReportPlan:
    """When a project's report of a month is submitted and verified, and what is unusual about it."""

    project: str
    month: Month
    submitted_on: dt.date
    verified_on: dt.date
    channel: str
    visit: bool = True
    adjusted: bool = False
    correction: bool = False


@dataclass
class Dispatch:
    """A meeting, inspection, scheduling dispatch or weekly urging log; `stem` names its file once numbered."""

    date: dt.date
    kind: str
    chaired_by: str
    projects: list[str]
    summary: str
    covers: tuple[dt.date, dt.date] | None = None
    decisions: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    stem: str = ""


# the order of a day's dispatches, hence their numbers
KIND_ORDER = {"coordination": 0, "inspection": 1, "scheduling": 2, "urging": 3}


@dataclass
class Roles:
    """Which projects (and meetings) play which part in the story; chosen by the seed, step by step."""

    entering: str = ""  # listed mid-year (build_projects)
    # plan_dates: under construction
    late_production: str = ""
    completion_missed: str = ""
    exited: str = ""
    supervised: str = ""
    lagging: list[str] = field(default_factory=list)
    # plan_dates: new starts and preliminary projects
    late_start: str = ""
    missed_start: str = ""
    not_started: list[str] = field(default_factory=list)
    zero_plan: str = ""
    milestone_late: str = ""
    milestone_missed: str = ""
    # plan_reports
    missing_report: ReportKey = ("", (0, 0))
    adjusted: ReportKey = ("", (0, 0))
    correction: ReportKey = ("", (0, 0))
    # plan_problems: the five planted problems' projects; the problem taken to a meeting (project, problem)
    problem_projects: list[str] = field(default_factory=list)
    meeting_problem: tuple[str, str] = ("", "")
    # reserve_cadence_plants: the scheduling gap's project, the skipped urging week's project
    cadence_gap: str = ""
    cadence_urging: str = ""
    # plan_meetings: (meeting date, decision or finding id, unit or project); planted once the dispatches
    # are numbered
    missed_decision: tuple[dt.date, str, str] = (dt.date.min, "", "")
    overdue_finding: tuple[dt.date, str, str] = (dt.date.min, "", "")
    # plan_year_end: the new start whose December start slips into next year
    start_slipped: str = ""


@dataclass
class Portfolio:
    """The demonstration portfolio as planned so far, shared by the plan steps; the anomalies planted in it."""

    seed: int
    span: Span = SPAN_2015
    anomalies: Anomalies = field(default_factory=Anomalies)
    roles: Roles = field(default_factory=Roles)
    units: list[dict[str, Any]] = field(default_factory=list)
    unit_short: dict[str, str] = field(default_factory=dict)
    unit_kind: dict[str, str] = field(default_factory=dict)
    projects: list[Project] = field(default_factory=list)
    by_id: dict[str, Project] = field(default_factory=dict)
    reports: dict[ReportKey, ReportPlan] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    dispatches: list[Dispatch] = field(default_factory=list)
    briefings: list[dict[str, Any]] = field(default_factory=list)

    def rng(self, topic: str) -> random.Random:
        """The random stream of one topic: independent of every other topic's (and of every other year's), so
        steps can change apart."""
        year = "" if self.span.year == YEAR else f"{self.span.year}/"
        return random.Random(f"{self.seed}/{year}{topic}")

    def report_of(self, pid: str, on_or_after: Month) -> ReportPlan | None:
        """The first existing report of the project for a month at or after the given one."""
        for month in self.span.report_months:
            if month >= on_or_after and (pid, month) in self.reports:
                return self.reports[(pid, month)]
        return None
