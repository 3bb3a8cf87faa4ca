"""Option values coerced without pydantic agree with typer's own coercion."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.models import OptionInfo

from ismskit.cli.parameters import simple_converter


class Shade(StrEnum):
    light = "light"
    dark = "dark"


def typer_coerce(annotation: Any, info: OptionInfo, value: Any) -> Any:
    from typer._adapters import try_build_adapter

    adapter = try_build_adapter(annotation, info)
    assert adapter is not None
    return adapter.validate_python(value, context={})


@pytest.mark.parametrize(
    ("annotation", "info", "value"),
    [
        (str, OptionInfo(), "R-001"),
        (str, OptionInfo(), "情報資産"),
        (int, OptionInfo(), "42"),
        (int, OptionInfo(min=0), "0"),
        (float, OptionInfo(min=0.1), "2.5"),
        (Path, OptionInfo(), "out/soa.md"),
        (Shade, OptionInfo(), "dark"),
        (list[str], OptionInfo(), ("A.8.7", "A.5.1")),
        (bool, OptionInfo(), True),
    ],
)
def test_plain_options_coerce_as_typer_does(annotation: Any, info: OptionInfo, value: Any) -> None:
    convert = simple_converter(annotation, info)
    assert convert is not None
    assert convert(value, None) == typer_coerce(annotation, info, value)


@pytest.mark.parametrize(
    ("annotation", "info", "value", "message"),
    [
        (int, OptionInfo(), "abc", "'abc' is not a whole number"),
        (int, OptionInfo(min=0), "-1", "-1 is below the least allowed, 0"),
        (float, OptionInfo(min=0.1), "0.05", "0.05 is below the least allowed, 0.1"),
        (float, OptionInfo(), "nan", "'nan' is not a number"),
        (int, OptionInfo(max=3), "4", "4 is above the most allowed, 3"),
        (Shade, OptionInfo(), "grey", "'grey' is not one of 'light', 'dark'"),
    ],
)
def test_bad_values_are_refused(
    annotation: Any, info: OptionInfo, value: str, message: str
) -> None:
    convert = simple_converter(annotation, info)
    assert convert is not None
    with pytest.raises(ValueError, match=message):
        convert(value, None)


def test_options_with_checks_keep_typers_coercion() -> None:
    assert simple_converter(Path, OptionInfo(exists=True)) is None
    assert simple_converter(int, OptionInfo(clamp=True, max=3)) is None
    assert simple_converter(str, OptionInfo(parser=str.upper)) is None


def test_a_bad_option_value_is_a_usage_error(isms: Any, tmp_path: Path) -> None:
    result = isms("due", "--within", "soon", cwd=tmp_path)
    assert result.code == 2
    assert "Invalid value for '--within': 'soon' is not a whole number" in result.stderr


def test_running_a_command_imports_no_pydantic_for_its_options() -> None:
    code = (
        "import sys\n"
        "from ismskit.cli.app import main\n"
        "main(['check', '--format', 'nonsense'])\n"
        "print(any(name.startswith('pydantic') for name in sys.modules))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert output.strip() == "False"


def test_typer_still_coerces_what_isms_does_not() -> None:
    from typer.testing import CliRunner

    app = typer.Typer()

    @app.command()
    def main(when: datetime | None = None) -> None:
        typer.echo(repr(when))

    result = CliRunner().invoke(app, ["--when", "2025-01-02T03:04:05"])
    assert "datetime.datetime(2025, 1, 2, 3, 4, 5)" in result.output
