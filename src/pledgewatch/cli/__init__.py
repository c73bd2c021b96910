"""The ``pledgewatch`` command line (Typer), a thin layer over the library.

- ``app``: the Typer app, ``extract`` and ``eval``, and ``main``;
- ``ledger``: the ledger commands (ingest, facts, commitments, totals, ...);
- ``server``: ``serve``; ``output``: tables and JSON for the terminal.
"""
