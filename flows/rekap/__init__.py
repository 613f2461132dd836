"""rekap: consolidates Indonesian regional performance-planning documents into one warehouse."""

__version__ = "0.1.0"
