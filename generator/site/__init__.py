"""Stage 4 — the site: one view per page, templates, charts, open data, and the MkDocs boundary."""
