"""The command group names every command of every solieu.cli module, and loads a module only when used."""
import importlib
import subprocess
import sys

from click.testing import CliRunner

from solieu.cli import COMMAND_MODULES, cli


def test_every_command_is_named_with_its_module():
    found = {}
    for module in set(COMMAND_MODULES.values()):
        for command in importlib.import_module(f"solieu.cli.{module}").COMMANDS:
            found[command.name] = module
    assert found == COMMAND_MODULES


def test_help_lists_every_command():
    out = CliRunner().invoke(cli, ["--help"]).output
    for name in COMMAND_MODULES:
        assert f"  {name} " in out or f"  {name}\n" in out, name


def test_an_unknown_command_is_a_usage_error():
    result = CliRunner().invoke(cli, ["no-such-command"])
    assert result.exit_code == 2 and "No such command" in result.output


def test_reprocess_does_not_import_the_crawler_or_the_report():
    code = ("import sys; from solieu.cli import cli; cli.get_command(None, 'reprocess'); "
            "print(' '.join(m for m in ('scrapy', 'solieu.report', 'solieu.cli.crawl', 'solieu.cli.alerts') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""
