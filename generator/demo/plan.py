"""The plan: every plan step in the order each depends on the ones before it."""

from __future__ import annotations

from generator.demo.model import Portfolio
from generator.demo.plan_cadence import plan_cadence, reserve_cadence_plants
from generator.demo.plan_dates import plan_dates
from generator.demo.plan_meetings import number_dispatches, plan_meetings
from generator.demo.plan_problems import plan_problems
from generator.demo.plan_projects import build_org, build_projects
from generator.demo.plan_reports import plan_action_plans, plan_briefings, plan_reports
from generator.demo.plan_year_end import plan_year_end


def plan_portfolio(seed: int) -> Portfolio:
    """Plan the whole portfolio for a seed, planting anomalies as it goes.

    Each step draws from its own stream (`Portfolio.rng(topic)`), so changing one step's draws leaves the
    others' alone (plan_year_end, which goes on past the first as-of date, draws from streams of its own);
    the order matters only through what a step reads of the ones before it (roles chosen,
    dates set, reports planned, dispatches held)."""
    demo = Portfolio(seed)
    build_org(demo)
    build_projects(demo)
    plan_dates(demo)
    plan_reports(demo)
    plan_action_plans(demo)
    plan_briefings(demo)
    plan_problems(demo)
    reserve_cadence_plants(demo)  # before the meetings, which leave these projects alone
    plan_meetings(demo)
    plan_year_end(demo)  # on from 2015-10-20 to the closing day, from its own streams
    plan_cadence(demo)  # after the meetings: a coordination meeting counts as a scheduling contact
    number_dispatches(demo)
    return demo
