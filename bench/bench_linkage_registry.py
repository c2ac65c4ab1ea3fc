"""Incremental linking of a 5,000-row list against a large registry (Django side), on a throwaway SQLite.

    ANSINH_VAR=/tmp/var-lkbench .venv/bin/ansinh migrate && ... load_reference_data
    ANSINH_VAR=/tmp/var-lkbench DJANGO_SETTINGS_MODULE=ansinh.settings .venv/bin/python linkage-web-bench.py 200000
Prints: registry build time (golden records + block keys), then the 5,000-row link time and its summary.
"""

import sys
import time

import django

django.setup()

import polars as pl  # noqa: E402
from django.core.files.base import ContentFile  # noqa: E402

from ansinh.demo.people import generate_people  # noqa: E402
from ansinh.geo.models import AdminUnit, Edition  # noqa: E402
from ansinh.intake.models import ImportJob, ImportRow  # noqa: E402
from ansinh.org.models import OrgUnit, User  # noqa: E402
from ansinh.registry.models import Person  # noqa: E402
from ansinh.registry.services import golden_records_ensure, persons_link_import  # noqa: E402

n_registry = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
records, truth = generate_people(n=n_registry + 6_000, dup_rate=0.1, seed=7)
records = records.join(truth, on="record_id")
firsts = records.unique("person_id", keep="first", maintain_order=True)
registry = firsts.head(n_registry)
later = records.filter(~pl.col("record_id").is_in(registry["record_id"].implode())).head(5_000)
communes = {u.name.lower(): u for u in AdminUnit.objects.filter(edition=Edition.Y2021, level=3)}
fallback = next(iter(communes.values()))


def unit_of(name):
    text = (name or "").lower()
    for prefix in ("xã ", "phường ", "thị trấn "):
        text = text.removeprefix(prefix)
    return communes.get(text, fallback)


def birth(text):
    import datetime as dt
    import re

    text = text or ""
    found = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text) or re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    try:
        if found and "/" in text:
            return dt.date(int(found[3]), int(found[2]), int(found[1])), False
        if found:
            return dt.date(int(found[1]), int(found[2]), int(found[3])), False
    except ValueError:
        return None, False
    return (dt.date(int(text), 1, 1), True) if re.fullmatch(r"\d{4}", text) else (None, False)


started = time.perf_counter()
people = []
for i, r in enumerate(registry.iter_rows(named=True)):
    dob, year_only = birth(r["date_of_birth"])
    people.append(Person(person_code=f"B{i:010d}", full_name=r["full_name"] or "", id_number=(r["id_number"] or "")[:12],
                         phone=(r["phone"] or "")[:11], area=unit_of(r["commune"]), date_of_birth=dob,
                         birth_year_only=year_only, sex="nu" if (r["sex"] or "").lower().startswith("n\u1eef") else "nam"))
Person.objects.bulk_create(people, batch_size=5000)
golden_records_ensure()
print(f"registry: {len(people)} persons + golden records/block keys in {time.perf_counter() - started:.1f} s")

user = User.objects.filter(is_superuser=False).first() or User.objects.create(username="bench")
district = AdminUnit.objects.get(edition=Edition.Y2021, level=2, name="Lộc Ninh")
unit = OrgUnit.objects.get(code=f"pldtbxh-{district.code}")
job = ImportJob(original_name="bench.xlsx", sha256="bench", form_code="ds-lao-dong-tu-do", unit=unit, area=district,
                created_by=user, status=ImportJob.Status.STORED)
job.file.save("bench.txt", ContentFile(b"x"), save=False)
job.save()
ImportRow.objects.bulk_create([
    ImportRow(job=job, source_row=i + 7, row_key=f"b{i}", full_name=r["full_name"] or "",
              id_number=r["id_number"] or "", commune_code=unit_of(r["commune"]).code,
              data={"date_of_birth": r["date_of_birth"] or "", "phone": r["phone"] or "", "sex": r["sex"] or ""})
    for i, r in enumerate(later.iter_rows(named=True))
])
started = time.perf_counter()
summary = persons_link_import(job=job, actor=user)
print(f"link 5,000 rows against {len(people)}: {time.perf_counter() - started:.1f} s → {summary}")
