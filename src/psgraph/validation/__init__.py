"""Validation of the graph: SHACL shapes, QC queries and OWL consistency."""
