"""Stage 1 — loading: find every data file, parse it strictly, check it against its schema."""
