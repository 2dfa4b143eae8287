"""Curators' spreadsheets: templates generated from the vocabularies, import with reconciliation of
names to identifiers, validation reported by sheet, row and column, and deterministic Turtle."""
