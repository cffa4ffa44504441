"""The package's version, in a module that imports nothing: the report writers name it without
importing the package (``cleaner/__init__.py`` imports the engine, which writes reports)."""

__version__ = "0.1.0"
