"""`.github/CODEOWNERS` from the data: who must approve a change to which file.

A unit's team owns its projects' files (the lead unit, DATA-MODEL `lead_unit`) and its briefings; the
inspection office alone owns `data/reports/`: it receives, verifies and closes (收件登记、核实、销号 are its
records, written in the reports), so no change to a report merges without its approval — GitHub accepts any
one listed owner, and a unit listed beside it could approve its own receipt. The supervision office owns
`data/dispatches/`, `data/circulars/`, `data/config.yaml`, `data/org/` and the workflows. The file is
generated, never edited; a test fails when it lags the data.
"""

from __future__ import annotations

from typing import Any

from generator.model import Index

HEADER = ("# 由 `python -m generator codeowners` 根据 data/org/units.yaml 和 data/projects/ 生成，请勿手工修改。\n"
          "# Generated from data/org/units.yaml and data/projects/ by `python -m generator codeowners`; do not edit.\n")


def _teams(idx: Index, kind: str) -> list[str]:
    return sorted(f"@{u['github_team']}" for u in idx.units.values()
                  if u.get("kind") == kind and isinstance(u.get("github_team"), str))


def _team(idx: Index, unit: Any) -> str | None:
    entry = idx.units.get(unit) if isinstance(unit, str) else None
    team = entry.get("github_team") if entry else None
    return f"@{team}" if isinstance(team, str) else None


def _line(pattern: str, owners: list[str]) -> str | None:
    owners = list(dict.fromkeys(o for o in owners if o))
    return f"{pattern} {' '.join(owners)}" if owners else None


def generate(idx: Index) -> str:
    supervision, inspection = _teams(idx, "supervision_office"), _teams(idx, "inspection_office")
    lines: list[str | None] = [
        _line("/.github/", supervision),
        _line("/data/config.yaml", supervision),
        _line("/data/org/", supervision),
        _line("/data/dispatches/", supervision),
        _line("/data/circulars/", supervision),
        _line("/data/reports/", inspection),
    ]
    for pid, (_, project) in sorted(idx.projects.items()):
        team = _team(idx, project.get("lead_unit"))
        if team is None:
            continue
        lines.append(_line(f"/data/projects/{pid}.yaml", [team]))
    for unit in sorted(idx.units):
        team = _team(idx, unit)
        if team is not None:
            lines.append(_line(f"/data/briefings/*/{unit}.yaml", [team]))
    return HEADER + "".join(f"{line}\n" for line in lines if line)
