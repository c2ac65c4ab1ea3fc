"""Relief workflow services: one function per transition; nothing else changes a status."""

from ansinh.relief.services.appeals import appeal_answer, appeal_file
from ansinh.relief.services.approval import batch_approve, decision_amend, decision_sign
from ansinh.relief.services.batches import (
    application_decide,
    batch_add_rows,
    batch_apply_corrected_list,
    batch_appraise,
    batch_confirm,
    batch_create_from_import,
    batch_create_from_rows,
    batch_submit,
)
from ansinh.relief.services.esc import esc_cutoff_run, next_esc_cutoff
from ansinh.relief.services.payments import (
    payment_confirm,
    payment_export,
    payment_import_returns,
    payment_reissue,
)

__all__ = [
    "appeal_answer",
    "appeal_file",
    "application_decide",
    "batch_add_rows",
    "batch_apply_corrected_list",
    "batch_appraise",
    "batch_approve",
    "batch_confirm",
    "batch_create_from_import",
    "batch_create_from_rows",
    "batch_submit",
    "decision_amend",
    "decision_sign",
    "esc_cutoff_run",
    "next_esc_cutoff",
    "payment_confirm",
    "payment_export",
    "payment_import_returns",
    "payment_reissue",
]
