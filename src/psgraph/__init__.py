"""psgraph: a knowledge graph of crime-prevention and security partnerships (FR, UK, EU)."""

__version__ = "0.1.0"
