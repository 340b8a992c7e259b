"""kg: a knowledge graph of Indonesian government news."""

__version__ = "0.1.0"
