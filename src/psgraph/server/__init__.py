"""The SPARQL endpoint and web pages of ``psgraph serve``."""
