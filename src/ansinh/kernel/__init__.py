"""Kernel: pure, vectorised (Polars) normalisers for Vietnamese data.

Framework-free (no Django import; an import-linter contract guards it). Used by intake (reader/validator)
and by linkage. Every frame-level normaliser takes a ``pl.DataFrame`` or ``pl.LazyFrame`` and returns the
same kind, replacing the normalised column in place and adding *issue columns* next to it.

Issue columns (see :mod:`ansinh.kernel.issues`)
------------------------------------------------
For every normalised column ``c`` a normaliser adds:

* ``c__issues``   ``List(Utf8)`` - every issue code found in the cell, errors first; empty list when fine
  (null when the input cell was null/blank: a missing value is the validator's business, not ours).
* ``c__issue``    ``Utf8`` - the most severe code (``c__issues`` first element) or null.
* ``c__severity`` ``Utf8`` - ``"error"`` / ``"warning"`` / null for that most severe code.

``ISSUES[code]`` gives the severity and the message templates (``message_vi``, ``message_en``, with
``{value}`` and other named placeholders); ``issue_message(code, lang="vi", **kw)`` formats one, and
``issues_long(frame, cols)`` turns the issue columns into a long frame ``(row_nr, column, code, severity)``
for the validator. Errors mean "reject the row", warnings mean "keep it but tell the clerk".
The kernel does not keep the original value: the caller keeps its own copy of the raw column.

Public API
----------
text (:mod:`ansinh.kernel.text`)
    ``fix_legacy_text(s) -> str``  TCVN3 (ABC/.VnTime) or VNI-Windows mojibake (legacy bytes read as
    cp1252/latin-1) -> Unicode NFC; Unicode text untouched; idempotent.
    ``detect_legacy(s) -> "tcvn3" | "vni" | None``
    ``fold(s) -> str``  lowercase, no diacritics, đ->d, collapsed/trimmed spaces (for matching).
    ``title_case_vi(s) -> str``  "NGUYỄN văn  an" -> "Nguyễn Văn An".
    ``expr_clean_text(e) -> pl.Expr``  NFC + legacy fix + trim + collapse spaces (blank -> null).
    ``expr_person_name(e) -> pl.Expr``  expr_clean_text + title case.
    ``expr_fold(e) -> pl.Expr``  vectorised :func:`fold`.
    ``expr_detect_legacy(e) -> pl.Expr``  per cell "tcvn3"/"vni"/null (to count or report conversions).
    Detection and tables: ADR 0020. Python only runs on distinct cells made of latin-1 characters.
ids (:mod:`ansinh.kernel.ids`)
    ``normalise_id_numbers(frame, col, *, dob_col=None, sex_col=None, today=None) -> frame``  text ID (null
    when unusable), ``{col}__kind`` ("cccd" / "cmnd" / null) + issue columns. ``dob_col`` may be a Date/Datetime
    column (normalise dates first) or text/int ending in a 4-digit year; ``sex_col`` text ("Nam"/"Nữ"/
    "male"/"female"/"m"/"f"; anything else = unknown, not checked).
    ``normalise_id_number(value, *, birth_year=None, sex=None, today=None) -> IdResult`` scalar helper.
    ``CCCD_PROVINCE_CODES: dict[str, str]`` code "001".."096" -> province name (63 provinces, 2021).
dates (:mod:`ansinh.kernel.dates`)
    ``normalise_dates(frame, col, *, kind="birth"|"event", today=None) -> frame``  Date dtype;
    for kind="birth" adds ``{col}__year_only`` (Boolean; the date is then 1 January of that year);
    day/month order decided per column; issue columns.
    ``parse_date(value, *, kind="event", order="auto"|"dmy"|"mdy", today=None) -> DateResult`` scalar.
    ``excel_serial_to_date(n) -> date`` (1900 date system, Lotus leap-year bug handled).
phones (:mod:`ansinh.kernel.phones`)
    ``normalise_phones(frame, col) -> frame``  10-digit mobile / 11-digit landline text, ``{col}__kind``
    ("mobile" / "landline" / null) + issue columns.  ``normalise_phone(s) -> PhoneResult`` scalar.
money (:mod:`ansinh.kernel.money`)
    ``format_vnd(n) -> "1.855.000 đ"``; ``parse_vnd(s) -> int | None`` ("1.855.000", "1,855,000",
    "1855000đ", "1.855.000 VNĐ"); ``expr_parse_vnd(e) -> pl.Expr``.
calendar (:mod:`ansinh.kernel.calendar`)
    ``is_working_day(d)``, ``add_working_days(d, n)``, ``working_days_between(a, b)`` - Vietnamese public
    holidays from the ``holidays`` package (Tết, substitute days), Saturday and Sunday off;
    ``today_vn()`` (today in Asia/Ho_Chi_Minh), ``vietnam_holidays(year)``.

Frame normalisers accept ``pl.DataFrame`` or ``pl.LazyFrame`` and work in small ``with_columns`` steps on
temporary ``__kernel_*`` columns (dropped at the end). Every function is pure: no I/O, no Django.
"""
