"""The messy-file corpus through the whole pure pipeline: every mess of issue 4 §3 understood exactly."""

from __future__ import annotations

from pathlib import Path

import messy
import pytest

from ansinh.intake.pipeline.run import run_import

PEOPLE = messy.people(12)


def _check_people(result, expected: dict[int, messy.Person]) -> None:
    accepted = {row["__row"]: row for row in result.accepted.iter_rows(named=True)}
    assert set(accepted) == set(expected), "row numbers must be the spreadsheet's own"
    for row_number, person in expected.items():
        got = accepted[row_number]
        assert got["full_name"] == person.full_name
        assert got["date_of_birth"] == person.date_of_birth
        assert got["sex"] == person.sex
        assert got["id_number"] == person.id_number
        assert got["start_date"] == person.start
        assert got["end_date"] == person.end


@pytest.fixture(scope="module")
def messy_xlsx(tmp_path_factory):
    path = tmp_path_factory.mktemp("messy") / "mau05 messy.xlsx"
    rows = messy.write_messy_xlsx(path, PEOPLE, start_col=2)
    return path, rows, run_import(path)


def test_messy_xlsx_is_understood_row_for_row(messy_xlsx):
    _, rows, result = messy_xlsx
    assert result.form.code == "mau-05"
    assert result.sheet == "DS", "the hidden sheet and the notes sheet are skipped"
    assert result.header.header_rows == (7, 8)
    assert result.header.numbering_row == 9
    _check_people(result, rows)
    assert result.counts() == {"rows": 12, "accepted": 12, "warnings": 8, "rejected": 0, "duplicates": 0}
    assert result.cut["totals"] == 1 and result.cut["footer"] >= 3 and result.cut["blank"] >= 2
    assert result.cut["repeated_header_or_section"] == 4  # "II Tổ may 2", two header rows, numbering row


def test_messy_xlsx_problems_point_at_the_clerks_cells(messy_xlsx):
    _, rows, result = messy_xlsx
    problems = result.problems
    restored = problems.filter(problems["code"] == "id.lost_leading_zero_restored")
    # IDs typed as numbers (every other person) lost their zero; column G because the sheet starts at C.
    assert sorted(restored["row"].to_list()) == sorted(
        r for r, p in rows.items() if isinstance(p.raw_id, int)
    )
    assert set(restored["letter"].to_list()) == {"G"}
    assert restored["value"][0] == str(int(rows[restored["row"][0]].id_number))
    stray = problems.filter(problems["code"] == "row.stray")
    assert stray.height == 1 and stray["severity"][0] == "warning"


def test_split_birth_date_columns_give_sex_and_date(messy_xlsx):
    _, _, result = messy_xlsx
    mapped = {m.letter: m.field for m in result.match.columns}
    assert mapped["E"] == "dob_male" and mapped["F"] == "dob_female"
    assert mapped["I"] == "start_date" and mapped["J"] == "end_date"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_csv_in_every_encoding(tmp_path: Path, encoding: str):
    path = tmp_path / f"ds-{encoding}.csv"
    rows = messy.write_csv(path, PEOPLE, encoding, delimiter=";" if encoding == "cp1258" else ",")
    result = run_import(path)
    assert result.form.code == "mau-05"
    _check_people(result, rows)
    assert result.grid is not None and f"encoding={encoding}" in result.grid.notes


def test_ods(tmp_path: Path):
    path = tmp_path / "ds.ods"
    rows = messy.write_ods(path, PEOPLE)
    result = run_import(path)
    _check_people(result, rows)


def test_legacy_font_names_are_repaired():
    from ansinh.kernel.text import fix_legacy_text

    for legacy, unicode_name in messy.LEGACY_NAMES.items():
        assert fix_legacy_text(legacy) == unicode_name
