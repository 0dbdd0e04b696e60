"""A table as read from any workbook or Word file: a rectangle of cell values with merged cells filled, and
the A1-style place of every cell, so each problem names the cell staff see."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Range = tuple[int, int, int, int]  # first row, first column, last row, last column; 0-based, inclusive


def column_letters(col: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    col += 1
    while col:
        col, rest = divmod(col - 1, 26)
        out = chr(65 + rest) + out
    return out


@dataclass(frozen=True, order=True)
class Place:
    """Where a value came from: a workbook (as named on the command line), a sheet, a 1-based row, a 0-based
    column."""

    book: str
    sheet: str
    row: int
    col: int

    @property
    def cell(self) -> str:
        return f"{self.sheet}!{column_letters(self.col)}{self.row}"


@dataclass
class Grid:
    """One sheet, or one Word table: `rows[0]` is row 1 and `rows[r][0]` column A, as the application shows
    them. A merged range holds its first cell's value in every cell (a two-row header, a unit written once
    for several projects); `origin` leads each covered cell back to the one staff typed into."""

    name: str
    rows: list[list[Any]]
    book: str = ""
    hidden: bool = False
    before: tuple[str, ...] = ()  # text above a Word table: its title
    merged: list[Range] = field(default_factory=list)
    _origin: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        width = max((len(r) for r in self.rows), default=0)
        self.rows = [[_blank(v) for v in r] + [None] * (width - len(r)) for r in self.rows]
        for r0, c0, r1, c1 in self.merged:
            if r0 >= len(self.rows) or c0 >= width:
                continue
            value = self.rows[r0][c0]
            for r in range(r0, min(r1, len(self.rows) - 1) + 1):
                for c in range(c0, min(c1, width - 1) + 1):
                    if (r, c) != (r0, c0):
                        self.rows[r][c] = value
                        self._origin[(r, c)] = (r0, c0)

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def value(self, row: int, col: int) -> Any:
        """The value at 0-based (row, col), None when outside the table or empty."""
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    def place(self, row: int, col: int) -> Place:
        """The cell staff typed the value at 0-based (row, col) into (a merged range's first cell)."""
        r, c = self._origin.get((row, col), (row, col))
        return Place(self.book, self.name, r + 1, c)

    def is_merged_copy(self, row: int, col: int) -> bool:
        return (row, col) in self._origin


def _blank(value: Any) -> Any:
    """Empty text and whitespace are no value."""
    if isinstance(value, str) and not value.strip():
        return None
    return value
