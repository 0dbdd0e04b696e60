"""Pictures of a monthly template for the staff guide, drawn by a real spreadsheet application.

    .venv/bin/python scripts/screenshots.py

Exports the demonstration data's template of 州交通运输局 for 2015-10, keeps one sheet at a time, has
LibreOffice headless print its first rows to PDF and poppler's pdftoppm turn the page into a PNG
(apt-get install -y libreoffice-calc-nogui poppler-utils). Writes site_src/docs/guide/img/template-*.png.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import load_workbook  # noqa: E402

from generator.core.paths import RepoPaths  # noqa: E402
from generator.loading.files import load  # noqa: E402
from generator.model import build_index  # noqa: E402
from generator.sheets.template import MAIN, PROBLEMS, template_workbook  # noqa: E402

OUT = ROOT / "site_src" / "docs" / "guide" / "img"
# (sheet, print area, rows of the page to keep in pixels at 110 dpi)
SHOTS = {"template-main.png": (MAIN, "A1:N9", 370), "template-problems.png": (PROBLEMS, "A1:I6", 300)}


def main() -> None:
    idx = build_index(load(RepoPaths(ROOT), jobs=1))
    data = template_workbook(idx, "jiaotong", "2015-10", datetime(2015, 10, 20))
    with tempfile.TemporaryDirectory() as tmp:
        for name, (sheet_name, area, keep) in SHOTS.items():
            wb = load_workbook(io.BytesIO(data))
            for other in [s for s in wb.sheetnames if s != sheet_name]:
                del wb[other]
            sheet = wb[sheet_name]
            sheet.print_area = area
            sheet.print_title_rows = None
            sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
            sheet.oddFooter.center.text = ""
            book = Path(tmp) / f"{Path(name).stem}.xlsx"
            wb.save(book)
            subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to",
                            "pdf", "--outdir", tmp, str(book)], check=True, capture_output=True, timeout=300)
            subprocess.run(["pdftoppm", "-png", "-r", "110", "-singlefile", "-f", "1", "-l", "1", "-x", "60", "-y", "60",
                            "-W", "1170", "-H", str(keep),
                            str(book.with_suffix(".pdf")), str(Path(tmp) / "page")], check=True, timeout=120)
            shutil.copy(Path(tmp) / "page.png", OUT / name)
            print(f"wrote {(OUT / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
