"""Typed errors of the plans app, with Vietnamese messages for the user."""


class PlanError(Exception):
    """A plan/task write the user may not or cannot make; the message is shown as is."""


class ImportRowError(PlanError):
    """A spreadsheet row that cannot become a task."""

    def __init__(self, row: int, message: str) -> None:
        super().__init__(f"Dòng {row}: {message}")
        self.row = row
        self.detail = message
