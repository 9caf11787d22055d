"""The command line: the same services as the GUI (see DESIGN.md, "Command-line contract").

Exit codes: 0 done; 2 the input could not be used at all (nothing written, a clear message
on stderr; also a missing database file); 3 done in part; 4 the database was busy (数据库正忙)
or could not be reached or written (nothing written; try again); 5 not permitted for this
operator (refused, and audited). The command line acts as ``--operator NAME`` or, without it,
as the built-in local operator ``system``; it asks no password. Only ``demo`` creates a
database; every other command refuses a missing one.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .services.admin.actor import Actor
from .services.admin.connection import ServerUrl

EXIT_OK = 0
EXIT_UNUSABLE = 2
EXIT_PARTIAL = 3
EXIT_BUSY = 4
EXIT_DENIED = 5

log = logging.getLogger("office_app.cli")


class CliError(Exception):
    """A problem with the input: printed on stderr, exit code 2."""


class CliDenied(Exception):
    """Not permitted for this operator (already audited): printed on stderr, exit code 5."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="office-app",
        description="社区防控办公室 Community Office — 不带子命令时启动图形界面。",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--db",
        help="数据库文件或办公室服务器 postgresql://用户@主机:端口/数据库"
        "（默认：OFFICE_APP_DB，或图形界面中选定的数据库，或用户数据目录下的 office.db）",
    )
    parser.add_argument("--operator", help="以哪个操作员的身份执行（默认：本机 system）")
    parser.add_argument(
        "--self-test", action="store_true", help="在临时数据库上离屏打开主窗口并自检，成功返回 0"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="生成演示社区数据")
    demo.add_argument("--seed", type=int, default=1, help="随机种子（相同种子、相同日期结果相同）")
    demo.add_argument("--today", help="演示数据的“今天”，YYYY-MM-DD（默认：今天）")
    demo.add_argument("--force", action="store_true", help="数据库已有数据时先清空再生成")

    shot = sub.add_parser("screenshot", help="离屏渲染主窗口的一个页面（1280×800）")
    shot.add_argument("--page", required=True, help="页面名：overview, buildings, residents, …")
    shot.add_argument("--out", type=Path, required=True, help="输出的 PNG 文件")
    shot.add_argument("--theme", choices=("light", "dark"), default="light")
    shot.add_argument("--language", choices=("zh_CN", "en"), default="zh_CN")

    backup = sub.add_parser("backup", help="在线备份数据库")
    backup.add_argument("--to", type=Path, help="备份目录（默认：设置中的备份文件夹）")

    sub.add_parser("check", help="完整性与数据库结构检查")

    copy = sub.add_parser(
        "copy", help="把整个社区复制到另一个数据库（本机文件或办公室服务器），并逐表核对"
    )
    copy.add_argument(
        "--from",
        dest="source",
        required=True,
        metavar="SRC",
        help="源：数据库文件或 postgresql://…",
    )
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="DST",
        help="目标：新的（或空的）数据库文件或 postgresql://…",
    )

    handover = sub.add_parser("handover", help="生成某一班的交接班记录（PDF）")
    handover.add_argument("--date", required=True, help="班次开始的日期，YYYY-MM-DD")
    handover.add_argument("--shift", required=True, help="班次名称，如 白班、夜班")
    handover.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")

    daily = sub.add_parser("daily-report", help="生成某一天的日报（PDF）")
    daily.add_argument("--date", required=True, help="日期，YYYY-MM-DD")
    daily.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")

    area = sub.add_parser(
        "subdistrict-report", help="汇总多个社区某一天的日报（PDF，可另存 .xlsx）"
    )
    area.add_argument("--date", required=True, help="日期，YYYY-MM-DD")
    area.add_argument(
        "--db",
        dest="sources",
        action="append",
        required=True,
        metavar="DB",
        help="一个社区的数据库文件（只读打开；每个社区一个 --db）",
    )
    area.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")
    area.add_argument("--xlsx", type=Path, help="另存同样的表格为 .xlsx")

    register = sub.add_parser("gate-register", help="打印某一天的出入登记表（PDF）")
    register.add_argument("--date", required=True, help="日期，YYYY-MM-DD")
    register.add_argument("--out", type=Path, required=True, help="输出的 PDF 文件")

    imp = sub.add_parser("import", help="导入文件（CSV：UTF-8/GB18030，或 .xlsx）")
    imp.add_argument("kind", choices=IMPORT_KINDS, help="导入的种类")
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE", help="要导入的文件")
    imp.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入数据库")
    imp.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    return parser


def _db_path(args: argparse.Namespace) -> Path | ServerUrl:
    """--db, else OFFICE_APP_DB, else the database chosen in the GUI (its first start or
    设置), else office.db: a file, or an office server's URL (``postgresql://…``; printed
    with its password masked), which then carries the password kept in the credential
    store (services.admin.connection) unless it brings its own."""
    from .services.admin.connection import is_server, password_for, server_location

    # --db alone asks nothing else: not the settings, not the data folder (which may not
    # be this user's to make), and loads no Qt.
    if args.db is not None:
        target = str(args.db)
    else:
        from .views.database_choice import start_target
        from .views.ui_settings import UiSettings

        target = start_target(UiSettings(), None)[0]
    if is_server(target):
        return server_location(target, password_for(target))
    return Path(target)


def _open(path: Path | ServerUrl, *, create: bool = False) -> None:
    """Open the database; only ``demo`` passes ``create`` (a missing file is exit 2)."""
    from .services.admin.database import DatabaseUnavailable, MigrationError, open_database

    try:
        open_database(path, create=create)
    except FileNotFoundError as exc:
        raise CliError(f"{exc}（只有 demo 命令和第一次启动图形界面时才新建数据库）") from exc
    except DatabaseUnavailable:
        raise  # exit 4, with its own message
    except MigrationError as exc:
        raise CliError(f"{path}: {exc}") from exc
    except Exception as exc:
        raise CliError(f"无法打开数据库 {path}：{exc}") from exc


# The commands that write into the database: on the office server each shows as a seat
# (services/admin/seats.CommandSeat) from the moment its operator is known until it ends.
SEAT_COMMANDS = frozenset({"demo", "import", "backup", "gate-register", "handover", "daily-report"})
# The command's seat, left when main() returns (however the command ended).
_SEAT = contextlib.ExitStack()


def _take_seat(args: argparse.Namespace, actor: Actor) -> None:
    """On the server, a command that writes appears among the seats while it runs."""
    if args.command not in SEAT_COMMANDS or getattr(args, "dry_run", False):
        return
    from .services.admin.seats import CommandSeat, command_line_label

    label = command_line_label(actor, as_system=args.operator is None)
    _SEAT.enter_context(CommandSeat(actor, label))


def _actor(args: argparse.Namespace) -> Actor:
    from .services.admin.actor import SYSTEM

    actor = _operator(args) if args.operator is not None else SYSTEM
    _take_seat(args, actor)
    return actor


def _operator(args: argparse.Namespace) -> Actor:
    from .services.admin.auth import active_actor

    name = args.operator.strip()
    actor = active_actor(name)
    if actor is None:
        _refuse(
            name,
            f"命令行 {args.command}：--operator 为空"
            if not name
            else f"命令行 {args.command}：没有名为 {name} 的有效操作员",
        )
        if not name:
            raise CliDenied(
                "--operator 不能为空：请写操作员的用户名，或者不写这个选项（本机 system）。"
            )
        raise CliDenied(f"没有名为 {name} 的有效操作员（不存在或已停用）。")
    return actor


def _refuse(username: str, what: str) -> None:
    """Audit a refusal of the command line for an operator it cannot act as."""
    from .services.admin import audit
    from .services.admin.database import transaction

    try:
        with transaction():
            audit.record(
                Actor(username or "（空）", "", "", None), "denied", summary=f"拒绝：{what}"
            )
    except Exception as exc:  # a busy or read-only database: the refusal still stands
        log.warning("refusal not audited: %s", exc)


def cmd_demo(args: argparse.Namespace) -> int:
    import datetime as dt

    from .services.demo import DemoRefused, build_demo

    today = None
    if args.today:
        try:
            today = dt.date.fromisoformat(args.today)
        except ValueError as exc:
            raise CliError(f"--today 应为 YYYY-MM-DD，收到的是 {args.today!r}") from exc
    path = _db_path(args)
    _open(path, create=True)
    try:
        summary = build_demo(
            _actor(args),
            seed=args.seed,
            today=today,
            force=args.force,
            progress=lambda pct, msg: print(f"[{pct:3d}%] {msg}", file=sys.stderr),
        )
    except DemoRefused as exc:
        raise CliError(str(exc)) from exc
    print(json.dumps({"db": str(path), **summary.__dict__}, ensure_ascii=False))
    return EXIT_OK


def cmd_screenshot(args: argparse.Namespace) -> int:
    from .offscreen import screenshot
    from .views.pages import PAGE_NAMES

    if args.page not in PAGE_NAMES:
        raise CliError(f"没有名为 {args.page} 的页面；可用：{', '.join(PAGE_NAMES)}")
    path = _db_path(args)
    _open(path)
    out = screenshot(path, args.page, args.out, theme=args.theme, language=args.language)
    print(out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """The integrity checks of the database's engine and the schema against the program's,
    on a file or on the office server; reads only (never creates, writes nor migrates).
    Exit 0 sound, 2 a problem found (or not this program's database), 4 unreachable."""
    from .services.admin.database import (
        SCHEMA_VERSION,
        DatabaseUnavailable,
        read_schema_version,
    )
    from .services.admin.integrity import check_database

    path = _db_path(args)
    server = isinstance(path, ServerUrl)
    if isinstance(path, Path) and not path.exists():
        raise CliError(f"数据库文件不存在：{path}")
    what = f"服务器上的数据库 {path}" if server else str(path)
    # Read only: check never writes (not even a header into an empty file) nor migrates.
    try:
        version = read_schema_version(path)
    except Exception as exc:
        if _busy(exc) or isinstance(exc, DatabaseUnavailable):
            raise  # exit 4: busy, or a server that cannot be reached
        kind = "数据库" if server else "数据库文件"
        print(f"{what} 不是可用的{kind}：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    if version in (0, -1):
        reason = (
            "是空的，还没有本程序的数据表" if version == 0 else "里有别的数据表，不是本程序的数据库"
        )
        print(f"{what} {reason}", file=sys.stderr)
        return EXIT_UNUSABLE
    if version != SCHEMA_VERSION:
        print(
            f"数据库版本为 {version}，本程序需要 {SCHEMA_VERSION}"
            "（打开程序时会先备份，再自动升级）",
            file=sys.stderr,
        )
        return EXIT_UNUSABLE
    report = check_database()
    if report.ok:
        print(
            f"OK：{path}，数据库版本 {report.schema_version}，{report.tables} 张表，完整性检查通过"
        )
        return EXIT_OK
    for problem in report.problems:
        print(problem, file=sys.stderr)
    return EXIT_UNUSABLE


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.admin.backup import backup_database

    path = _db_path(args)
    _open(path)
    target = backup_database(_actor(args), path, args.to)
    print(target)
    return EXIT_OK


def cmd_copy(args: argparse.Namespace) -> int:
    """Copy the whole community from --from to --to (a new or empty target), verified by
    row counts and a checksum per table; prints the per-table summary. Exit 2 when the copy
    is refused or does not match (nothing written), 4 when a database cannot be reached."""
    from .services.admin.actor import SYSTEM
    from .services.admin.connection import is_server
    from .services.admin.database_copy import CopyMismatch, CopyRefused, copy_community
    from .services.admin.seats import command_line_label, command_seat_on_server

    def progress(table: str, done: int, total: int) -> None:
        if table:
            print(f"[{done + 1:2d}/{total}] {table}", file=sys.stderr)

    try:
        with contextlib.ExitStack() as seat:
            if is_server(args.target):  # a copy into the server is a seat there meanwhile
                label = command_line_label(SYSTEM, as_system=True)
                seat.enter_context(command_seat_on_server(args.target, SYSTEM, label))
            report = copy_community(args.source, args.target, progress=progress)
    except (CopyRefused, CopyMismatch) as exc:
        raise CliError(str(exc)) from None
    print(f"从 {report.source} 复制到 {report.target}：")
    for line in report.summary_lines():
        print(line)
    return EXIT_OK if report.ok else EXIT_UNUSABLE


# What `import KIND` calls: (module, function), each ``f(actor, path, *, dry_run) ->
# ImportSummary``. tests, residents, volunteers and supplies arrive with their issues.
IMPORTERS = {
    "buildings": ("office_app.services.imports.buildings", "import_buildings"),
    "residents": ("office_app.services.imports.residents", "import_residents"),
    "supplies": ("office_app.services.imports.supplies", "import_supplies"),
    "tests": ("office_app.services.imports.tests", "import_tests"),
    "volunteers": ("office_app.services.imports.volunteers", "import_volunteers"),
}
IMPORT_KINDS = tuple(IMPORTERS)
# What an unforeseen cell or file makes Python raise; database, permission and disk errors
# are not among them (they stop the command with their own exit code).
_FILE_BUGS = (ValueError, ArithmeticError, LookupError, TypeError, AttributeError)


def cmd_import(args: argparse.Namespace) -> int:
    """Import each file in its own transaction; a bad file does not stop the others.

    Exit 0: every file imported fully; 2: no file could be used at all (nothing written);
    3: some rows rejected (kept for review) or some files unusable while others worked.
    """
    import importlib

    from .services.admin.actor import PermissionDenied
    from .services.admin.database import is_database_file
    from .services.imports.errors import ImportFileError

    module, function = IMPORTERS[args.kind]
    importer = getattr(importlib.import_module(module), function)
    path = _db_path(args)
    _open(path)
    actor = _actor(args)
    unusable = 0
    partial = False
    for file in args.files:
        try:
            if is_database_file(file, path):  # reading it would cost SQLite its locks
                raise ImportFileError(
                    f"{Path(file).name} 是数据库文件本身（或它的工作文件），不能导入。"
                )
            summary = importer(actor, file, dry_run=args.dry_run)
        except PermissionDenied:
            raise  # exit 5, audited
        except (ImportFileError, *_FILE_BUGS) as exc:
            # A file no check foresaw (_FILE_BUGS) is unusable like a refused one: its
            # transaction was rolled back, the traceback goes to the log, the next file goes on.
            if not isinstance(exc, ImportFileError):
                exc = ImportFileError(
                    f"{Path(file).name}：无法导入，没有写入任何数据（程序无法处理这个文件：{exc}；"
                    f"详细信息已写入 {_log_unexpected()}）"
                )
            unusable += 1
            print(f"错误：{exc}", file=sys.stderr)
            if args.json:
                failed = {
                    "kind": args.kind,
                    "file": Path(file).name,
                    "ok": False,
                    "error": str(exc),
                }
                print(json.dumps(failed, ensure_ascii=False))
            continue
        if args.json:
            print(json.dumps(summary.to_json_dict(), ensure_ascii=False))
        else:
            print(summary.describe())
        for rejection in summary.rejections:
            where = f"{file}:{rejection.line_no}"
            column = f" {rejection.column}:" if rejection.column else ""
            print(f"{where}:{column} {rejection.reason}", file=sys.stderr)
        partial = partial or not summary.ok
    if unusable == len(args.files):
        return EXIT_UNUSABLE
    if unusable or partial:
        return EXIT_PARTIAL
    return EXIT_OK


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CliError(f"日期“{text}”的格式不对，应为 YYYY-MM-DD，例如 2022-11-22。") from None


def cmd_gate_register(args: argparse.Namespace) -> int:
    from .reports import gate_register

    day = _date(args.date)
    _open(_db_path(args), create=False)
    print(gate_register.write(_actor(args), day, args.out))
    return EXIT_OK


def cmd_handover(args: argparse.Namespace) -> int:
    from .reports import handover as handover_pdf
    from .services.reporting.handover import HandoverError, shift_window

    day = _date(args.date)
    _open(_db_path(args), create=False)
    try:
        shift_window(day, args.shift)
    except HandoverError as exc:
        raise CliError(str(exc)) from None
    print(handover_pdf.write(_actor(args), day, args.shift, args.out))
    return EXIT_OK


def cmd_daily_report(args: argparse.Namespace) -> int:
    from .reports import daily_report

    day = _date(args.date)
    _open(_db_path(args), create=False)
    print(daily_report.write(_actor(args), day, args.out))
    return EXIT_OK


def cmd_subdistrict_report(args: argparse.Namespace) -> int:
    """Every community's daily figures and the subdistrict's totals; the databases are
    opened read-only. A community that cannot be read is named in the report: exit 3."""
    from .reports import subdistrict_report
    from .services.reporting import subdistrict

    day = _date(args.date)
    if args.xlsx is not None and args.xlsx.suffix.lower() != ".xlsx":
        raise CliError(f"--xlsx 应为 .xlsx 文件，收到的是 {args.xlsx}")
    report = subdistrict.gather(day, args.sources)
    if not report.communities:
        reasons = "；".join(f"{m.source}：{m.reason}" for m in report.missing)
        raise CliError(f"没有可以汇总的社区数据库（{reasons}）")
    print(subdistrict_report.write(report, args.out, xlsx=args.xlsx))
    for missing in report.missing:
        print(f"未能汇总：{missing.source}：{missing.reason}", file=sys.stderr)
    return EXIT_PARTIAL if report.missing else EXIT_OK


def cmd_self_test() -> int:
    from .offscreen import self_test

    problems = self_test()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print("self-test OK")
    return EXIT_OK


COMMANDS = {
    "demo": cmd_demo,
    "screenshot": cmd_screenshot,
    "check": cmd_check,
    "backup": cmd_backup,
    "copy": cmd_copy,
    "import": cmd_import,
    "gate-register": cmd_gate_register,
    "handover": cmd_handover,
    "daily-report": cmd_daily_report,
    "subdistrict-report": cmd_subdistrict_report,
}


def _log_unexpected() -> str:
    """Write the current exception's traceback to the program's log file; its path."""
    import traceback

    try:
        from .logging_setup import setup_logging
        from .paths import log_dir

        path = setup_logging(log_dir(), route_qt=False)
        logging.getLogger("office_app").propagate = False
        log.error("unexpected error on the command line\n%s", traceback.format_exc())
        return str(path)
    except Exception:
        return "-"


def _refuse_the_database_as_output(args: argparse.Namespace) -> None:
    """An --out or --xlsx naming the database (or its -wal/-shm) would overwrite it."""
    from .services.admin.database import is_database_file

    for name in ("out", "xlsx"):
        value = getattr(args, name, None)
        if value is not None and is_database_file(value, _db_path(args)):
            raise CliError(f"--{name} {value} 是数据库文件本身（或它的工作文件），不能写在它上面。")


def _busy(exc: BaseException) -> bool:
    from .services.admin.database import DatabaseBusy, is_busy_error

    return isinstance(exc, DatabaseBusy) or is_busy_error(exc)


def _unreachable(exc: BaseException) -> bool:
    """The database cannot be written (read-only file or folder) or reached."""
    from .services.admin.database import DatabaseUnavailable, is_read_only_error

    return isinstance(exc, DatabaseUnavailable) or is_read_only_error(exc)


def _denied(exc: BaseException) -> bool:
    """Not permitted for this operator; audits a refusal raised inside a transaction (which
    could not be audited there) now that the transaction is rolled back."""
    from .services.admin.actor import PermissionDenied, record_denial

    if isinstance(exc, PermissionDenied):
        record_denial(exc)
        return True
    return False


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        if args.self_test:
            return cmd_self_test()
        if args.command is None:
            from .app import run_gui

            return run_gui(args.db)  # --db, else OFFICE_APP_DB, else the GUI's choice
        _refuse_the_database_as_output(args)
        return COMMANDS[args.command](args)
    except CliError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except CliDenied as exc:
        print(f"不允许：{exc}", file=sys.stderr)
        return EXIT_DENIED
    except Exception as exc:
        if _denied(exc):  # refused for this operator (audited)
            print(f"不允许：{exc}", file=sys.stderr)
            return EXIT_DENIED
        if _busy(exc):
            from .services.admin.database import DatabaseUnavailable, busy_message

            text = (
                str(exc) if isinstance(exc, DatabaseUnavailable) else busy_message(_db_path(args))
            )
            print(f"错误：{text}", file=sys.stderr)
            return EXIT_BUSY
        if _unreachable(exc):
            from .services.admin.database import DatabaseUnavailable, read_only_message

            path = _db_path(args)
            text = str(exc) if isinstance(exc, DatabaseUnavailable) else read_only_message(path)
            print(f"错误：{text}", file=sys.stderr)
            return EXIT_BUSY
        # never a traceback on the command line: it goes to the log
        where = _log_unexpected()
        print(f"错误：{exc}（详细信息已写入 {where}）", file=sys.stderr)
        return EXIT_UNUSABLE
    finally:
        from .services.admin.database import close_database

        _SEAT.close()
        close_database()


if __name__ == "__main__":
    sys.exit(main())
