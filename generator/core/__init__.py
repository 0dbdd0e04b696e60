"""Shared by every stage: findings and their codes, paths and the data layout, settings, working days."""
