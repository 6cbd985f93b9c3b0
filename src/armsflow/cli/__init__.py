"""The ``armsflow`` command line (Typer). Thin: every command calls the same services as the API."""
