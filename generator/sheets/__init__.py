"""The spreadsheet bridge: Excel, WPS and Word tables in (checked exactly as hand-written YAML), the
decomposition tables, monthly templates and the consolidated monthly table out."""
