"""Site build: load and validate case files, analyse them with the calculator, render pages.

Plain functions that tests call directly; ``mkdocs_hooks.py`` only wires them into MkDocs.
"""
