"""Demo data loaders, run in order by `ansinh demo_load`. Apps append (name, function) pairs.

Each loader must be idempotent: `make run` calls it on every start.
"""

from __future__ import annotations

from collections.abc import Callable

DemoLoader = Callable[[Callable[[str], None]], None]  # takes a print function


def _load_accounts(say: Callable[[str], None]) -> None:
    from ansinh.org.demo_accounts import demo_accounts
    from ansinh.org.services import user_create_or_update

    rows = []
    for account in demo_accounts():
        user, _created = user_create_or_update(account=account)
        area = user.area.full_name if user.area else ""
        rows.append((account.username, account.password, account.role, area))
    say("Tài khoản demo (tên đăng nhập / mật khẩu / vai trò / địa bàn):")
    for username, password, role, area in rows:
        say(f"  {username:<15} {password:<13} {role:<18} {area}")


DEMO_LOADERS: list[tuple[str, DemoLoader]] = [
    ("accounts", _load_accounts),
]
