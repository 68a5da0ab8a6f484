"""Mutation testing of hemis's rules: who may read and write what, the workflows and the locks.

mutmut changes the rule code one small edit at a time (a `not` dropped, `and` for `or`, a
status swapped, an argument removed) and runs the tests that reach the changed function; a
mutant that no test notices ("survived") is a rule that could break silently. What is
mutated is listed in GROUPS below: the access policy, every app's `access.py`, and the
functions of the services that check the policy, lock rows, compare versions or move
statuses. Each group is run against its own app's tests (not the browser ones), in its own
working folder under var/mutation/, so that one group's run never invalidates another's.

mutmut leaves decorated functions alone, and every service is `@transaction.atomic`: the
group's copy of the package therefore has each such function's body wrapped in
`with transaction.atomic():` instead (the same behaviour), which mutmut does mutate; that
wrapper shows in `mutmut show`.

    .venv/bin/python scripts/mutation.py                 # every group (make mutation)
    .venv/bin/python scripts/mutation.py policy          # one or several groups
    .venv/bin/python scripts/mutation.py --show policy   # and the diff of each survivor

It prints the mutants per file (total, killed, survived, timeout, no tests) and the score,
killed (timeouts included) over all mutants, and exits 1 below --threshold (90 %).
The survivors that cannot change behaviour are listed and explained in docs/mutation.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "var" / "mutation"
TEMPLATE = WORK / "template.sqlite3"
PYTHON = Path(sys.executable)
MUTMUT = PYTHON.parent / "mutmut"
ALL = ("*",)


@dataclass(frozen=True)
class Group:
    """Files (each with the functions to mutate, or ALL) and the tests run against them."""

    files: dict[str, tuple[str, ...]]
    tests: tuple[str, ...]


GROUPS: dict[str, Group] = {
    "policy": Group(
        files={"hemis/accounts/policy.py": ALL},
        tests=("hemis/accounts/tests",),
    ),
    "accounts": Group(
        files={
            "hemis/accounts/access.py": ALL,
            "hemis/accounts/services.py": (
                "invitation_create",
                "invitation_accept",
                "invitation_revoke",
                "user_update",
                "api_token_revoke",
                "totp_device_confirm",
                "two_factor_reset",
            ),
        },
        tests=("hemis/accounts/tests",),
    ),
    "directory": Group(
        files={
            "hemis/directory/access.py": ALL,
            "hemis/directory/services.py": (
                "_require_editor",
                "contact_create",
                "_locked_contact",
                "contact_update",
                "contact_replace",
                "contact_retire",
                "contact_confirm",
                "contact_verify",
                "authority_create",
                "authority_update",
                "edition_request",
            ),
        },
        tests=("hemis/directory/tests",),
    ),
    "legislation": Group(
        files={
            "hemis/legislation/access.py": ALL,
            "hemis/legislation/services.py": (
                "_require_writer",
                "law_create",
                "_locked_law",
                "law_update",
                "_review",
                "law_validate",
                "law_reject",
                "provision_create",
                "provision_update",
                "provision_delete",
            ),
        },
        tests=("hemis/legislation/tests",),
    ),
    "treaties": Group(
        files={
            "hemis/treaties/access.py": ALL,
            "hemis/treaties/services.py": ("_require_writer", "record_save"),
        },
        tests=("hemis/treaties/tests",),
    ),
    "questionnaires": Group(
        files={
            "hemis/questionnaires/access.py": ALL,
            "hemis/questionnaires/reply_state.py": ALL,
            "hemis/questionnaires/services/workflow.py": ALL,
            "hemis/questionnaires/services/campaigns.py": ALL,
            "hemis/questionnaires/services/answers.py": (
                "_may_edit",
                "reply_start",
                "locked_reply",
                "_attached_file",
                "reply_save_answers",
                "_differs",
                "reply_copy_previous",
                "answer_mark_reviewed",
                "attachment_upload",
            ),
            "hemis/questionnaires/services/submission.py": (
                "reply_submit",
                "reply_reopen",
                "reply_validate",
                "reply_return",
                "reply_set_shared",
            ),
        },
        tests=("hemis/questionnaires/tests",),
    ),
}

KILLED = {"killed", "timeout"}


def module_of(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".").removesuffix(".__init__")


def patterns(group: Group) -> list[str]:
    """mutmut's names of the mutants to run: `module.x_function__mutmut_N`."""
    names = []
    for path, functions in group.files.items():
        module = module_of(path)
        if functions == ALL:
            names.append(f"{module}.*")
        else:
            names += [f"{module}.x_{function}__mutmut_*" for function in functions]
    return names


def selected(group: Group, name: str) -> bool:
    for path, functions in group.files.items():
        module = module_of(path)
        if not name.startswith(module + "."):
            continue
        if functions == ALL:
            return True
        function = name[len(module) + 1 :].partition("__mutmut_")[0].removeprefix("x_")
        return function in functions
    return False


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(HEMIS_TESTING="true", HEMIS_TEST_DB_TEMPLATE=str(TEMPLATE))
    return env


def make_template() -> None:
    """Migrate one SQLite test database that every test run starts from a copy of."""
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    TEMPLATE.unlink(missing_ok=True)
    code = (
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'hemis.settings')\n"
        "django.setup()\n"
        "from django.db import connection\n"
        f"connection.settings_dict.setdefault('TEST', {{}})['NAME'] = {str(TEMPLATE)!r}\n"
        "connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)\n"
    )
    subprocess.run([PYTHON, "-c", code], cwd=ROOT, env=environment(), check=True)


def toml_list(values: list[str] | tuple[str, ...]) -> str:
    return json.dumps(list(values))


def undecorate_atomic(source: str) -> str:
    """`@transaction.atomic def f(): body` as `def f(): with transaction.atomic(): body`."""
    import libcst as cst

    def is_atomic(decorator: cst.Decorator) -> bool:
        node = decorator.decorator
        return isinstance(node, cst.Attribute) and node.attr.value == "atomic"

    class Unwrap(cst.CSTTransformer):
        def leave_FunctionDef(
            self, original: cst.FunctionDef, updated: cst.FunctionDef
        ) -> cst.FunctionDef:
            if len(updated.decorators) != 1 or not is_atomic(updated.decorators[0]):
                return updated
            body = list(updated.body.body)
            docstring = body[:1] if original.get_docstring() is not None else []
            block = cst.With(
                items=[cst.WithItem(cst.parse_expression("transaction.atomic()"))],
                body=cst.IndentedBlock(body=body[len(docstring) :]),
            )
            return updated.with_changes(
                decorators=[],
                leading_lines=[*updated.leading_lines, *updated.decorators[0].leading_lines],
                body=updated.body.with_changes(body=[*docstring, block]),
            )

    return cst.parse_module(source).visit(Unwrap()).code


# Calls inside the rule functions that are not rules: the audit log, caches, the search index,
# e-mail and tasks. They are tested where they are built; here they are left unmutated.
BOOKKEEPING = frozenset(
    {
        "audit_record",
        "_bump_report",
        "_prepare_annex_later",
        "directory_changed",
        "reindex_law",
        "copy_search_values",
        "_laws_changed",
        "queue_email",
        "on_commit",
    }
)


def leave_bookkeeping_alone(source: str) -> str:
    """Mark every line of a bookkeeping call statement `# pragma: no mutate`."""
    import ast

    import libcst as cst
    from libcst.metadata import MetadataWrapper, PositionProvider

    class Find(cst.CSTVisitor):
        METADATA_DEPENDENCIES = (PositionProvider,)

        def __init__(self) -> None:
            self.lines: set[int] = set()

        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            first = node.body[0]
            if not isinstance(first, cst.Expr) or not isinstance(first.value, cst.Call):
                return
            func = first.value.func
            name = (
                func.attr.value if isinstance(func, cst.Attribute) else getattr(func, "value", "")
            )
            if name in BOOKKEEPING:
                span = self.get_metadata(PositionProvider, node)
                self.lines.update(range(span.start.line, span.end.line + 1))

    finder = Find()
    MetadataWrapper(cst.parse_module(source)).visit(finder)
    lines = source.splitlines(keepends=True)
    for number in finder.lines:
        line = lines[number - 1]
        lines[number - 1] = line.rstrip("\n") + "  # pragma: no mutate\n"
    marked = "".join(lines)
    assert ast.dump(ast.parse(marked)) == ast.dump(ast.parse(source)), "marking changed the code"
    return marked


def prepare(name: str, group: Group) -> Path:
    """The group's working folder: a fresh copy of the package (its services undecorated),
    and pytest's and mutmut's settings."""
    folder = WORK / name
    for stale in ("hemis", "mutants"):
        shutil.rmtree(folder / stale, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "hemis", folder / "hemis", ignore=shutil.ignore_patterns("__pycache__"))
    for path in group.files:
        copy = folder / path
        copy.write_text(leave_bookkeeping_alone(undecorate_atomic(copy.read_text())))
    project = (ROOT / "pyproject.toml").read_text()
    settings = "\n".join(
        [
            "",
            "[tool.mutmut]",
            'source_paths = ["hemis/"]',
            f"only_mutate = {toml_list(sorted(group.files))}",
            # Every run starts from a copy of the migrated template (hemis/testing/mutation.py);
            # pytest-django must not put the checkout itself on the path (it finds manage.py).
            "pytest_add_cli_args = "
            + toml_list(
                [
                    "-m",
                    "not browser",
                    "-o",
                    "django_find_project=false",
                    "-p",
                    "hemis.testing.mutation",
                    "--reuse-db",
                ]
            ),
            f"pytest_add_cli_args_test_selection = {toml_list(group.tests)}",
            # A run's wall-clock limit is (its tests' measured time + this) x 15: the constant
            # covers starting pytest and the database on a loaded machine, so that only a
            # mutant that really hangs is a timeout.
            "timeout_constant = 10.0",
            "use_git_change_detection = false",
            'on_dependency_change = "ignore"',
            "",
        ]
    )
    (folder / "pyproject.toml").write_text(project + settings)
    return folder


def run_group(name: str, group: Group, max_children: int) -> None:
    folder = prepare(name, group)
    print(f"== mutation: {name} ({', '.join(group.files)})", flush=True)
    log = folder / "mutmut.log"
    with log.open("w") as out:
        done = subprocess.run(
            [MUTMUT, "run", "--max-children", str(max_children), *patterns(group)],
            cwd=folder,
            env=environment(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if done.returncode != 0:
        tail = log.read_text(errors="replace")[-4000:]
        sys.exit(f"mutmut failed on {name} (exit {done.returncode}); see {log}:\n{tail}")


def results(name: str, group: Group) -> dict[str, str]:
    """Each selected mutant's status, as `mutmut results --all true` gives it."""
    folder = WORK / name
    out = subprocess.run(
        [MUTMUT, "results", "--all", "true"],
        cwd=folder,
        env=environment(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    found = {}
    for line in out.splitlines():
        match = re.fullmatch(r"\s+(\S+): (.+)", line)
        if match and selected(group, match[1]):
            found[match[1]] = match[2].strip()
    return found


def show(name: str, mutant: str) -> str:
    return subprocess.run(
        [MUTMUT, "show", mutant],
        cwd=WORK / name,
        env=environment(),
        capture_output=True,
        text=True,
        check=False,
    ).stdout


def report(statuses: dict[str, dict[str, str]], *, with_diffs: bool) -> float:
    """Print the counts per file and the survivors; return the score in percent."""
    rows: dict[str, Counter] = {}
    survivors: list[tuple[str, str, str]] = []
    for group, found in statuses.items():
        for mutant, status in sorted(found.items()):
            module = mutant.rpartition("__mutmut_")[0].rpartition(".")[0]
            rows.setdefault(module, Counter())[status] += 1
            if status not in KILLED:
                survivors.append((group, mutant, status))
    total = Counter()
    print(f"\n{'file':48} {'total':>6} {'killed':>7} {'survived':>9} {'timeout':>8} {'other':>6}")
    for module, counts in sorted(rows.items()):
        total.update(counts)
        _line(module.replace(".", "/") + ".py", counts)
    _line("all", total)
    mutants = sum(total.values())
    killed = total["killed"] + total["timeout"]
    score = 100.0 * killed / mutants if mutants else 0.0
    print(f"\nscore: {killed} of {mutants} mutants killed ({score:.1f} %)")
    if survivors:
        print("\nnot killed:")
        for group, mutant, status in survivors:
            print(f"  {mutant}: {status}")
            if with_diffs:
                print(show(group, mutant))
    return score


def _line(label: str, counts: Counter) -> None:
    other = sum(counts.values()) - counts["killed"] - counts["survived"] - counts["timeout"]
    print(
        f"{label:48} {sum(counts.values()):>6} {counts['killed']:>7} {counts['survived']:>9}"
        f" {counts['timeout']:>8} {other:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help=f"default: all ({', '.join(GROUPS)})")
    parser.add_argument("--threshold", type=float, default=90.0, help="least score, in percent")
    parser.add_argument("--max-children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--show", action="store_true", help="print each survivor's diff")
    parser.add_argument(
        "--report-only", action="store_true", help="report the last run without running"
    )
    args = parser.parse_args()
    names = args.groups or list(GROUPS)
    unknown = set(names) - set(GROUPS)
    if unknown:
        parser.error(f"no group {', '.join(sorted(unknown))}; the groups are {', '.join(GROUPS)}")
    started = time.monotonic()
    if not args.report_only:
        make_template()
        for name in names:
            run_group(name, GROUPS[name], args.max_children)
    statuses = {name: results(name, GROUPS[name]) for name in names}
    score = report(statuses, with_diffs=args.show)
    print(f"({time.monotonic() - started:.0f} s)")
    if score < args.threshold:
        sys.exit(f"mutation score {score:.1f} % is below {args.threshold:.0f} %")


if __name__ == "__main__":
    main()
