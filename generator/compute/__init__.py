"""Stage 3 — compute: deadlines, metrics and circulars on an as-of date."""
