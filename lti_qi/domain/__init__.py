"""Pure-Python domain logic: no Flask, no database, no third-party imports."""
