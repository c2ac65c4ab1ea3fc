"""A plan's tasks from a spreadsheet (.xlsx/.xls/.ods via fastexcel, .csv via polars).

One row per task. Headers are matched without accents and case ("Mã", "ma", "MÃ NV" …). Every row is
checked before anything is saved; errors are returned per row in Vietnamese, and nothing is imported
while any row is wrong (a half-imported plan is worse than none).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db import transaction

from ansinh.audit import events
from ansinh.org.models import OrgUnit, User
from ansinh.plans.models import Plan, Task
from ansinh.plans.services.errors import ImportRowError, PlanError
from ansinh.plans.services.work import task_create

# canonical field → accepted header spellings (accent-free, lower case)
HEADERS: dict[str, tuple[str, ...]] = {
    "code": ("ma", "ma nhiem vu", "ma nv", "stt", "code"),
    "title": ("nhiem vu", "ten nhiem vu", "title"),
    "content": ("noi dung", "content"),
    "lead": ("don vi chu tri", "chu tri", "lead", "lead unit"),
    "coordinating": ("don vi phoi hop", "phoi hop", "coordinating"),
    "kind": ("loai thoi han", "loai han", "deadline kind", "kind"),
    "due": ("han", "han hoan thanh", "thoi han", "ngay hoan thanh", "deadline", "due"),
    "month": ("thang", "trong thang", "month"),
    "cycle": ("chu ky", "chu ky bao cao", "cycle"),
    "cycle_day": ("ngay bao cao", "cycle day"),
    "schedule": ("can cu", "lich", "theo lich", "van ban", "schedule"),
    "parent": ("nhiem vu cha", "thuoc nhiem vu", "parent"),
}
REQUIRED = ("code", "title", "lead")
KIND_WORDS = {
    "fixed": ("fixed", "han co dinh", "co dinh", "ngay"),
    "within_month": ("within_month", "trong thang", "thang"),
    "recurring": ("recurring", "dinh ky"),
    "per_batch": ("per_batch", "theo dot", "tung dot", "dot"),
    "external": ("external", "theo lich", "theo ke hoach phan bo", "ben ngoai"),
    "continuous": ("continuous", "thuong xuyen"),
}
CYCLE_WORDS = {"weekly": ("weekly", "hang tuan", "tuan"), "monthly": ("monthly", "hang thang", "thang")}


def fold(text: Any) -> str:
    """Lower case, no accents, single spaces: "Đơn vị chủ trì" → "don vi chu tri"."""
    value = unicodedata.normalize("NFD", str(text or "")).replace("đ", "d").replace("Đ", "D")
    value = "".join(ch for ch in value if unicodedata.category(ch) != "Mn")
    return " ".join(value.lower().replace("_", " ").split())


@dataclass
class ImportResult:
    rows: int = 0
    created: list[Task] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(content: bytes, filename: str) -> pl.DataFrame:
    """The first sheet (or the CSV) as a frame of strings, its first non-empty row as the header.

    Read by the list-intake reader, so a plan import gets the same size guards, encoding detection
    and Vietnamese errors as a beneficiary list.
    """
    from ansinh.intake.pipeline.limits import IntakeError
    from ansinh.intake.pipeline.reader import read_first_sheet_cells

    if not filename.lower().endswith((".csv", ".xlsx", ".xls", ".xlsm", ".ods")):
        raise PlanError("Chỉ nhận tệp Excel (.xlsx, .xls, .ods) hoặc CSV (.csv).")
    try:
        cells = read_first_sheet_cells(content, filename)
    except IntakeError as exc:
        raise PlanError(exc.message) from exc
    rows = [row for row in cells if any(v.strip() for v in row)]
    if not rows:
        return pl.DataFrame()
    header, body = rows[0], rows[1:]
    names = [h.strip() or f"cot_{i + 1}" for i, h in enumerate(header)]
    return pl.DataFrame(
        [dict(zip(names, row, strict=False)) for row in body], schema=dict.fromkeys(names, pl.String)
    )


def _map_headers(columns: list[str]) -> dict[str, str]:
    mapping = {}
    for column in columns:
        folded = fold(column)
        for key, words in HEADERS.items():
            if folded in words and key not in mapping:
                mapping[key] = column
    missing = [key for key in REQUIRED if key not in mapping]
    if missing:
        names = {"code": "Mã", "title": "Nhiệm vụ", "lead": "Đơn vị chủ trì"}
        raise PlanError(
            "Thiếu cột: "
            + ", ".join(names[m] for m in missing)
            + ". Dòng đầu của tệp phải là tên cột (Mã, Nhiệm vụ, Đơn vị chủ trì, Loại thời hạn, Hạn …)."
        )
    return mapping


def parse_day(value: str) -> dt.date:
    """dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd (with an optional time, as spreadsheets give dates)."""
    text = value.strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
    if match:
        day, month, year = map(int, match.groups())
        return dt.date(year, month, day)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?", text)
    if match:
        year, month, day = map(int, match.groups())
        return dt.date(year, month, day)
    raise ValueError(text)


def parse_month(value: str) -> dt.date:
    """ "9/2021", "09/2021", "tháng 9/2021" or a date → the first day of that month."""
    text = fold(value).removeprefix("thang").strip()
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{4})", text)
    if match:
        return dt.date(int(match.group(2)), int(match.group(1)), 1)
    return parse_day(value).replace(day=1)


def _lookup_unit(text: str, units: dict[str, OrgUnit]) -> OrgUnit | None:
    return units.get(fold(text))


def _unit_index() -> dict[str, OrgUnit]:
    index: dict[str, OrgUnit] = {}
    for unit in OrgUnit.objects.exclude(kind=OrgUnit.Kind.COMMUNE):
        for label in (unit.code, unit.name, unit.short_name):
            if label:
                index.setdefault(fold(label), unit)
    return index


def _kind_of(text: str, row: dict[str, str]) -> str:
    folded = fold(text)
    if not folded:
        # No kind written: infer from what the row gives.
        if row.get("due"):
            return "fixed"
        if row.get("month"):
            return "within_month"
        return "continuous"
    for kind, words in KIND_WORDS.items():
        if folded in words:
            return kind
    raise ValueError(text)


def _parse_row(number: int, row: dict[str, str], units: dict[str, OrgUnit]) -> dict[str, Any]:
    def fail(message: str) -> ImportRowError:
        return ImportRowError(number, message)

    code = row.get("code", "").strip().removesuffix(".0") if row.get("code") else ""
    if not code:
        raise fail("thiếu mã nhiệm vụ.")
    if not row.get("title", "").strip():
        raise fail(f"nhiệm vụ {code} thiếu tên nhiệm vụ.")
    lead_text = row.get("lead", "").strip()
    lead = _lookup_unit(lead_text, units)
    if not lead_text:
        raise fail(f"nhiệm vụ {code} thiếu đơn vị chủ trì.")
    coordinating = []
    for part in re.split(r"[;,\n]", row.get("coordinating", "")):
        if part.strip():
            unit = _lookup_unit(part, units)
            if unit is None:
                raise fail(f"không tìm thấy đơn vị phối hợp “{part.strip()}” (ghi mã hoặc tên đơn vị).")
            coordinating.append(unit)
    try:
        kind = _kind_of(row.get("kind", ""), row)
    except ValueError:
        raise fail(
            f"loại thời hạn “{row.get('kind')}” không hợp lệ; dùng: hạn cố định, trong tháng, định kỳ, "
            "theo đợt, theo lịch, thường xuyên."
        ) from None
    fields: dict[str, Any] = {
        "code": code,
        "title": row["title"].strip(),
        "content": row.get("content", "").strip(),
        "lead_unit": lead,
        "lead_text": "" if lead else lead_text,
        "coordinating_units": coordinating,
        "deadline_kind": kind,
        "schedule_reference": row.get("schedule", "").strip(),
        "parent_code": row.get("parent", "").strip(),
    }
    if row.get("due"):
        try:
            fields["due_date"] = parse_day(row["due"])
        except ValueError:
            raise fail(f"hạn “{row['due']}” không đúng dạng ngày/tháng/năm (ví dụ 30/09/2021).") from None
    if row.get("month"):
        try:
            fields["due_month"] = parse_month(row["month"])
        except ValueError:
            raise fail(f"tháng “{row['month']}” không đúng dạng tháng/năm (ví dụ 9/2021).") from None
    if kind == "within_month" and "due_month" not in fields and "due_date" in fields:
        fields["due_month"] = fields["due_date"].replace(day=1)
    if kind == "fixed" and "due_date" not in fields:
        raise fail(f"nhiệm vụ {code} có hạn cố định nhưng thiếu cột Hạn.")
    if kind == "within_month" and "due_month" not in fields:
        raise fail(f"nhiệm vụ {code} “trong tháng” nhưng thiếu tháng hoàn thành.")
    if kind == "recurring":
        cycle = next((c for c, words in CYCLE_WORDS.items() if fold(row.get("cycle", "")) in words), "")
        if not cycle:
            raise fail(f"nhiệm vụ {code} định kỳ cần chu kỳ báo cáo (hằng tuần / hằng tháng).")
        fields["cycle"] = cycle
        if row.get("cycle_day", "").strip():
            try:
                fields["cycle_day"] = int(float(row["cycle_day"]))
            except ValueError:
                raise fail(f"ngày báo cáo “{row['cycle_day']}” phải là số.") from None
    return fields


def plan_import_spreadsheet(*, actor: User, plan: Plan, content: bytes, filename: str) -> ImportResult:
    """Check every row, then create all tasks in one transaction (or none, with the row errors)."""
    frame = read_table(content, filename)
    mapping = _map_headers(frame.columns)
    units = _unit_index()
    result = ImportResult()
    parsed = []
    existing = set(plan.tasks.values_list("code", flat=True))
    seen: set[str] = set()
    for index, raw in enumerate(frame.iter_rows(named=True), start=2):  # row 1 holds the headers
        row = {key: (raw.get(column) or "").strip() for key, column in mapping.items()}
        if not any(row.values()):
            continue
        result.rows += 1
        try:
            fields = _parse_row(index, row, units)
            if fields["code"] in existing or fields["code"] in seen:
                raise ImportRowError(index, f"mã nhiệm vụ {fields['code']} bị trùng.")
            if fields["parent_code"] and fields["parent_code"] not in existing | seen:
                raise ImportRowError(index, f"nhiệm vụ cha {fields['parent_code']} phải ở dòng phía trên.")
            seen.add(fields["code"])
            parsed.append(fields)
        except ImportRowError as error:
            result.errors.append(str(error))
    if result.errors or not parsed:
        if not parsed and not result.errors:
            result.errors.append("Tệp không có dòng nhiệm vụ nào.")
        return result
    with transaction.atomic():
        created: dict[str, Task] = {}
        for fields in parsed:
            parent_code = fields.pop("parent_code")
            parent = created.get(parent_code) or (plan.tasks.get(code=parent_code) if parent_code else None)
            task = task_create(actor=actor, plan=plan, parent=parent, audit=False, **fields)
            created[task.code] = task
        result.created = list(created.values())
        events.record(
            actor=actor,
            action=events.CREATE,
            obj=plan,
            summary=f"Nhập {len(created)} nhiệm vụ từ tệp {filename} vào {plan.number_text}",
        )
    return result
