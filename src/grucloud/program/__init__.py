"""A project: resources.py and config.py, loaded into declarations."""
