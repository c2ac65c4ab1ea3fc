"""The Nghị định 30/2020/NĐ-CP administrative document: data model, text rules and builders."""

from ansinh.documents.nd30.builders import (
    DocumentReference,
    ReliefBatch,
    build_decision,
    build_payment_list,
    build_report,
    build_submission,
)
from ansinh.documents.nd30.columns import (
    APPROVED_LIST_COLUMNS,
    DECISION_ANNEX_COLUMNS,
    PAYMENT_LIST_COLUMNS,
    select_columns,
)
from ansinh.documents.nd30.model import (
    MOTTO,
    NATIONAL_TITLE,
    AdministrativeDocument,
    Annex,
    Article,
    Column,
    DocumentKind,
    IssuingBody,
    NumberSymbol,
    PlaceDate,
    Section,
    SignatureBlock,
    Table,
    long_date,
)

__all__ = [
    "APPROVED_LIST_COLUMNS",
    "DECISION_ANNEX_COLUMNS",
    "MOTTO",
    "NATIONAL_TITLE",
    "PAYMENT_LIST_COLUMNS",
    "AdministrativeDocument",
    "Annex",
    "Article",
    "Column",
    "DocumentKind",
    "DocumentReference",
    "IssuingBody",
    "NumberSymbol",
    "PlaceDate",
    "ReliefBatch",
    "Section",
    "SignatureBlock",
    "Table",
    "build_decision",
    "build_payment_list",
    "build_report",
    "build_submission",
    "long_date",
    "select_columns",
]
