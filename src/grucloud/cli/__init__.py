"""The command line: parsing, one module per command, rendering with rich."""
