"""The statutory instance layer: bodies that a text institutes on every territory of a level.

files (rules, territories, body types) → rules.read_rules → generate.instances → writer.turtle →
data/instances/, committed like data/reference/ and rebuilt by ``psgraph instances``.
"""
