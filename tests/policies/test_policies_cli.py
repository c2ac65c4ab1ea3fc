"""The `ansinh eligibility` and `ansinh policies` contracts (issue 3 §6)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from ansinh.policies.cli import main, policies_main

HEADER = "record_id,eligible,amount_vnd,failed_conditions,citations,version"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_output_has_the_exact_header_and_citations(tmp_path: Path) -> None:
    source = _write(
        tmp_path / "in.csv",
        "record_id,full_name,start_date,end_date,si_participating,pregnant\n"
        "A1,Nguyễn Văn A,15/07/2021,14/08/2021,yes,yes\n"
        "A2,Trần Thị B,01/07/2021,14/07/2021,yes,no\n",
    )
    out = tmp_path / "out.csv"
    assert (
        main([str(source), "--policy", "nq68-tam-hoan", "--output", str(out), "--as-of", "2021-11-01"]) == 0
    )
    assert out.read_text(encoding="utf-8").splitlines()[0] == HEADER
    first, second = _rows(out)
    assert (first["eligible"], first["amount_vnd"], first["failed_conditions"]) == ("true", "4710000", "")
    assert first["citations"].split(";") == [
        "QĐ 23/2021/QĐ-TTg Điều 14 (NQ 68/NQ-CP mục II.4)",
        "QĐ 23/2021/QĐ-TTg Điều 14 (hỗ trợ thêm, mang thai)",
    ]
    assert first["version"] == "qd33-nq126"
    assert (second["eligible"], second["amount_vnd"], second["failed_conditions"]) == (
        "false",
        "0",
        "min_consecutive_days",
    )
    assert second["citations"] == "QĐ 23/2021/QĐ-TTg Điều 13 (NQ 68/NQ-CP mục II.4)"


def test_missing_optional_columns_default_and_bom_is_accepted(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes("\ufeffrecord_id,status,start_date,end_date\nX,F1,01/08/2021,30/08/2021\n".encode())
    out = tmp_path / "out.csv"
    assert main([str(source), "--policy", "nq68-f0-f1", "--output", str(out), "--as-of", "2021-11-01"]) == 0
    assert _rows(out)[0]["amount_vnd"] == "1680000"


def test_unknown_policy_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.csv", "record_id\n1\n")
    assert main([str(source), "--policy", "nq68-khong-co", "--output", str(tmp_path / "o.csv")]) == 2
    assert "nq68-khong-co" in capsys.readouterr().err
    assert not (tmp_path / "o.csv").exists()


def test_tracked_policy_is_not_computed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.csv", "record_id\n1\n")
    assert main([str(source), "--policy", "nq68-vay-tra-luong", "--output", str(tmp_path / "o.csv")]) == 2
    assert "cơ quan khác" in capsys.readouterr().err


def test_missing_required_column_names_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.csv", "record_id,start_date,end_date\n1,01/07/2021,31/07/2021\n")
    assert main([str(source), "--policy", "nq68-tam-hoan", "--output", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "si_participating" in err and "dòng 1" in err


def test_bad_cells_name_line_and_column_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path / "in.csv",
        "record_id,start_date,end_date,si_participating\n"
        "1,01/07/2021,31/07/2021,yes\n"
        "2,01/07/2021,31/07/2021,yes\n"
        "3,31/02/2021,31/07/2021,yes\n"
        "4,01/07/2021,31/07/2021,maybe\n",
    )
    out = tmp_path / "o.csv"
    assert (
        main([str(source), "--policy", "nq68-tam-hoan", "--output", str(out), "--as-of", "2021-11-01"]) == 1
    )
    err = capsys.readouterr().err
    assert "dòng 4, cột start_date" in err
    assert "dòng 5, cột si_participating" in err
    assert not out.exists()


def test_keep_going_writes_valid_rows_and_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = _write(
        tmp_path / "in.csv",
        "record_id,ui_months_unused,ui_status\nok1,12,participating\nbad,twelve,participating\nok2,132,reserved\n"
        "bad2,5,unknown\n",
    )
    out = tmp_path / "o.csv"
    args = [
        str(source),
        "--policy",
        "nq116-bhtn",
        "--output",
        str(out),
        "--as-of",
        "2021-11-01",
        "--keep-going",
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "dòng 3, cột ui_months_unused" in err and "dòng 5, cột ui_status" in err
    assert [(r["record_id"], r["amount_vnd"]) for r in _rows(out)] == [("ok1", "2100000"), ("ok2", "3300000")]


def test_empty_required_record_id_is_a_row_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.csv", "record_id,ui_months_unused,ui_status\n,12,participating\n")
    assert main([str(source), "--policy", "nq116-bhtn", "--output", str(tmp_path / "o.csv")]) == 1
    assert "dòng 2, cột record_id" in capsys.readouterr().err


def test_bad_as_of_and_missing_file_exit_2(tmp_path: Path) -> None:
    out = str(tmp_path / "o.csv")
    assert main([str(tmp_path / "nope.csv"), "--policy", "nq116-bhtn", "--output", out]) == 2
    source = _write(tmp_path / "in.csv", "record_id,ui_months_unused,ui_status\n1,1,participating\n")
    assert main([str(source), "--policy", "nq116-bhtn", "--output", out, "--as-of", "01/10/2021"]) == 2


def test_as_of_before_any_version_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = _write(tmp_path / "in.csv", "record_id,ui_months_unused,ui_status\n1,1,participating\n")
    args = [
        str(source),
        "--policy",
        "nq116-bhtn",
        "--output",
        str(tmp_path / "o.csv"),
        "--as-of",
        "2021-09-30",
    ]
    assert main(args) == 2
    assert "không có phiên bản" in capsys.readouterr().err


def test_policies_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert policies_main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    points = {r["nq68_point"] for r in rows if r["nq68_point"]}
    assert points == set(range(1, 13))
    assert policies_main(["show", "nq68-f0-f1", "--as-of", "2021-10-08"]) == 0
    text = capsys.readouterr().out
    assert "qd33-nq126" in text and "← áp dụng" in text and "Cách chọn phiên bản" in text
    assert policies_main(["show", "bp-lao-dong-tu-do"]) == 0
    assert "chưa xác minh" in capsys.readouterr().out
    assert policies_main(["show", "nq116-bhtn", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["code"] == "nq116-bhtn"
    assert policies_main(["show", "khong-co"]) == 2


def test_ragged_line_is_named_and_empty_lists_are_empty_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ragged = _write(
        tmp_path / "r.csv", "record_id,ui_months_unused,ui_status\n1,12,participating\n2,5,none,x\n"
    )
    assert main([str(ragged), "--policy", "nq116-bhtn", "--output", str(tmp_path / "o.csv")]) == 2
    assert "dòng 3: có 4 ô" in capsys.readouterr().err
    good = _write(
        tmp_path / "g.csv", 'record_id,full_name,ui_months_unused,ui_status\n1,"Lê, Văn C",12,participating\n'
    )
    out = tmp_path / "g.out.csv"
    assert main([str(good), "--policy", "nq116-bhtn", "--output", str(out), "--as-of", "2021-11-01"]) == 0
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("1,true,2100000,,")


def test_header_only_file_gives_header_only_output(tmp_path: Path) -> None:
    source = _write(tmp_path / "in.csv", "record_id,ui_months_unused,ui_status\n")
    out = tmp_path / "o.csv"
    assert main([str(source), "--policy", "nq116-bhtn", "--output", str(out), "--as-of", "2021-11-01"]) == 0
    assert out.read_text(encoding="utf-8").splitlines() == [HEADER]


def test_management_command_wiring_runs_the_same_contract(tmp_path: Path) -> None:
    import subprocess
    import sys

    ansinh = Path(sys.executable).with_name("ansinh")
    if not ansinh.exists():
        pytest.skip("the ansinh entry point is not installed")
    source = _write(
        tmp_path / "in.csv", "record_id,ui_months_unused,ui_status\n1,84,participating\n2,x,none\n"
    )
    out = tmp_path / "o.csv"
    args = [str(ansinh), "eligibility", str(source), "--policy", "nq116-bhtn", "--output", str(out)]
    done = subprocess.run(
        [*args, "--as-of", "2021-11-01", "--keep-going"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1
    assert "dòng 3, cột ui_months_unused" in done.stderr
    assert _rows(out)[0]["amount_vnd"] == "2650000"


def test_blank_lines_are_skipped_and_line_numbers_still_match(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"record_id,ui_months_unused,ui_status\r\n1,12,participating\r\n\r\n2,abc,participating\r\n\r\n"
    )
    out = tmp_path / "o.csv"
    args = [
        str(source),
        "--policy",
        "nq116-bhtn",
        "--output",
        str(out),
        "--as-of",
        "2021-11-01",
        "--keep-going",
    ]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "dòng 4, cột ui_months_unused" in err and "record_id" not in err
    assert [r["record_id"] for r in _rows(out)] == ["1"]
