"""Size guards for untrusted spreadsheets and the typed errors the intake pipeline raises.

Clerks' files are untrusted input: a zip bomb, a million empty rows or 100 MB typed into one cell must end
in a clear Vietnamese message, in bounded memory and time, with nothing written. The limits are module
constants (documented in docs/adr/0031-intake-input-limits.md) and can be overridden per call through
:class:`Limits`.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """The guards applied before and while a file is read."""

    # A real list of a whole province (1,000,000 rows) is ~60 MB as xlsx; CSV of the same ~120 MB.
    max_file_bytes: int = 256 * 1024 * 1024
    # Sum of the uncompressed sizes declared in the zip directory (xlsx/ods), checked before reading.
    max_uncompressed_bytes: int = 3 * 1024 * 1024 * 1024
    # Ratio uncompressed/compressed of one member; ordinary sheet XML stays well under 100:1 while zip bombs
    # reach 1000:1. Only checked for members above `ratio_check_min_bytes`.
    max_compression_ratio: float = 200.0
    ratio_check_min_bytes: int = 16 * 1024 * 1024
    # Excel itself stores at most 32,767 characters in a cell; anything longer is not a list cell.
    max_cell_chars: int = 32_767
    # Excel's own row limit (1,048,576) plus room for CSV.
    max_rows: int = 1_100_000
    max_columns: int = 512


DEFAULT_LIMITS = Limits()


class IntakeError(Exception):
    """An error the clerk must see (Vietnamese ``message``); ``code`` is stable for the API and tests."""

    code = "intake_error"

    def __init__(self, message: str, *, file_name: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.file_name = file_name


class UnreadableFileError(IntakeError):
    """Not a spreadsheet we can read (wrong format, truncated, corrupted)."""

    code = "unreadable"


class EncryptedFileError(IntakeError):
    """Password-protected (encrypted) workbook."""

    code = "encrypted"


class TooLargeError(IntakeError):
    """A size guard tripped (file, zip directory, rows, columns)."""

    code = "too_large"


class EncodingError(IntakeError):
    """CSV text whose encoding cannot be decided (mixed encodings, undecodable bytes)."""

    code = "encoding"


class NoDataError(IntakeError):
    """The file has no sheet with a recognisable header or no data rows."""

    code = "no_data"


class FormNotRecognisedError(IntakeError):
    """No form fits the header (or the form code given does not exist)."""

    code = "form_not_recognised"


class AmbiguousFormError(IntakeError):
    """Two or more forms fit the header equally well; the clerk must choose (``candidates``)."""

    code = "ambiguous_form"

    def __init__(self, message: str, *, candidates: list[str], file_name: str = "") -> None:
        super().__init__(message, file_name=file_name)
        self.candidates = candidates
