"""阳光督查 — supervision of key construction projects, from versioned YAML to a public site."""

__version__ = "0.1.0"
