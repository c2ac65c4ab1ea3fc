"""Golden person registry writes: link imported rows to persons (incrementally), relink, merge, unmerge.

Person codes are stable: a new person gets a fresh code, a linked row keeps its person's code, and when two
persons turn out to be one the OLDER (created first) keeps its code while the other is redirected to it
(``merged_into``) — never deleted, so every link to it still resolves, and a merge can be undone.
The pure engine (``ansinh.linkage.engine``) decides who is who; this module persists what it decided.
"""

from __future__ import annotations

from ansinh.registry.services._common import CODE_DIGITS, CODE_PREFIX, LinkSummary, RegistryError
from ansinh.registry.services.linking import persons_link_import
from ansinh.registry.services.merges import (
    flags_refresh_for_records,
    person_for_import_row,
    person_merge,
    person_unmerge,
    require_reviewer,
)
from ansinh.registry.services.records import golden_records_ensure, records_refresh
from ansinh.registry.services.relink import persons_relink

__all__ = [
    "CODE_DIGITS",
    "CODE_PREFIX",
    "LinkSummary",
    "RegistryError",
    "flags_refresh_for_records",
    "golden_records_ensure",
    "person_for_import_row",
    "person_merge",
    "person_unmerge",
    "persons_link_import",
    "persons_relink",
    "records_refresh",
    "require_reviewer",
]
