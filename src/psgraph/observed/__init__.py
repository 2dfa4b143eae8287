"""Observed bodies from public records, written as the intake's tables (psgraph observed …), so that
they reach the graph through `psgraph intake` like any curator's workbook."""
