"""Writes of the plans app (audited, transactional). Import from the submodules:

- seed: the seed plan and steering committee from data/seed_plan.yaml (idempotent)
- work: plans and tasks entered in the UI, progress reports, oversight notes
- importer: a plan's tasks from a spreadsheet (xlsx/csv)
- regimes: communes' epidemic regimes and the playbook tasks they trigger; `regimes_for`
- alerts: overdue / due-soon alerts (in-app list and e-mail)
- report: the consolidated periodic report (ND 30 format, .docx and PDF)
"""
