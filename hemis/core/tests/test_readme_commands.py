"""Every `hemis` command that the README shows works in the checkout right after `make demo`.

The commands are read from the README itself: its shell blocks (`$(.venv/bin/hemis token …)`)
and its table of commands, placeholders filled in. Each runs in a subprocess, as a newcomer
would type it, without SECRET_KEY, against a demo data directory prepared as `make demo`
prepares it (`hemis demo` without serving and without collecting static files, which no
command here needs). A deployment without a key is still refused (hemis.E001).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from hemis.settings import PROJECT_DIR

pytestmark = pytest.mark.slow

README = PROJECT_DIR / "README.md"
HEMIS = str(Path(sys.executable).parent / "hemis")
# Serving commands never return; `make demo` is what the test reproduces.
SERVING = {"demo", "serve"}
PLACEHOLDERS = {"EMAIL": "analyst@example.org"}
# What a person types at a command's prompts, and the environment it documents.
STDIN = {"createadmin": "new.admin@example.org\n", "shell": ""}
EXTRA_ENV = {"createadmin": {"HEMIS_ADMIN_PASSWORD": "a long passphrase for the demo"}}
# Settings a developer's shell may hold that a newcomer's does not.
UNSET = (
    "SECRET_KEY",
    "SECRET_KEY_FILE",
    "DATABASE_URL",
    "REDIS_URL",
    "HEMIS_TESTING",
    "HEMIS_DEMO",
    "DEBUG",
    "DJANGO_SETTINGS_MODULE",
    "STATIC_ROOT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set for the browser tests
)


def readme_commands() -> list[list[str]]:
    """The README's `hemis …` commands as argument lists, without the `hemis`."""
    text = README.read_text()
    found: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        block = block.replace("\\\n", " ")
        found += re.findall(r"(?:^|[\s(])(?:\.venv/bin/)?hemis((?: +[^\s)#;|&]+)+)", block, re.M)
    for span in re.findall(r"`(?:\.venv/bin/)?hemis ([^`]+)`", text):
        found.append(" " + re.sub(r"\[[^\]]*\]", "", span))
    commands = []
    for command in found:
        words = [PLACEHOLDERS.get(word, word) for word in shlex.split(command)]
        if words and words[0] not in SERVING and words not in commands:
            commands.append(words)
    return commands


def newcomer_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in UNSET and not k.startswith("PYTEST_")}
    return {**env, "HEMIS_DATA_DIR": str(data_dir), **extra}


def hemis(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [HEMIS, *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        cwd=PROJECT_DIR,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    """A data directory as `make demo` leaves it: database, demo data and generated key."""
    data_dir = tmp_path_factory.mktemp("demo")
    demo = newcomer_env(data_dir, HEMIS_DEMO="true")
    for step in (["migrate", "--verbosity", "0"], ["load_demo_data"]):
        done = hemis(step, demo)
        assert done.returncode == 0, done.stderr
    assert (data_dir / "demo-secret-key").is_file()
    return data_dir


def test_the_readme_shows_the_commands_a_newcomer_needs():
    names = {command[0] for command in readme_commands()}
    assert {"token", "createadmin", "load_demo_data", "migrate", "check", "shell"} <= names


def test_every_hemis_command_in_the_readme_works_after_make_demo(demo_dir):
    failures = {}
    for command in readme_commands():
        name = command[0]
        env = newcomer_env(demo_dir, **EXTRA_ENV.get(name, {}))
        done = hemis(command, env, STDIN.get(name, ""))
        if done.returncode != 0:
            failures[shlex.join(command)] = done.stderr.strip().splitlines()[-3:]
        elif name == "token":
            assert done.stdout.strip().splitlines()[-1].startswith("hemis_")
    assert failures == {}


def test_a_deployment_without_a_key_is_still_refused(demo_dir, tmp_path):
    # Its own database: the demo's key is not taken, whatever the data directory holds.
    named = newcomer_env(demo_dir, DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}")
    refused = hemis(["check"], named)
    assert refused.returncode != 0 and "hemis.E001" in refused.stderr
    # No demo was ever run there.
    empty = hemis(["check"], newcomer_env(tmp_path / "fresh"))
    assert empty.returncode != 0 and "hemis.E001" in empty.stderr


def test_check_deploy_names_the_demos_key_when_a_command_uses_it(demo_dir):
    done = hemis(["check", "--deploy"], newcomer_env(demo_dir))
    assert done.returncode == 0
    assert "hemis.W002" in done.stderr
