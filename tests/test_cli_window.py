"""`painref WORDS` and `painref --open ID` open the window on an answer."""

from __future__ import annotations

import pytest

from painref import cli, cli_parser, launch


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, object]]:
    calls: list[dict[str, object]] = []

    def fake_open_window(err: object = None, **request: object) -> int:
        calls.append(request)
        return 0

    monkeypatch.setattr(launch, "open_window", fake_open_window)
    return calls


@pytest.mark.parametrize(
    ("argv", "request_"),
    [
        (["epidural", "steroid", "injection"], {"query": "epidural steroid injection"}),
        (["ESI"], {"query": "ESI"}),
        (["--", "show"], {"query": "show"}),
        (["--open", "epidural-steroid-injection"], {"page": "epidural-steroid-injection"}),
        ([], {}),
    ],
)
def test_words_and_open_ask_the_window_for_a_page(
    opened: list[dict[str, object]], argv: list[str], request_: dict[str, object]
) -> None:
    assert cli.main(argv) == 0
    assert opened == [request_]


def test_open_is_read_as_argparse_reads_it(opened: list[dict[str, object]]) -> None:
    # `painref --open ID` skips argparse (off the window's start); every other form of it
    # goes through argparse, which must read the same request.
    for argv in (["--open", "a-page"], ["--open=a-page"]):
        assert cli.main(argv) == 0
    assert opened == [{"page": "a-page"}, {"page": "a-page"}]
    assert cli_parser.build_parser().parse_args(["--open", "a-page"]).open == "a-page"


def test_a_command_name_runs_the_command_not_a_search(
    opened: list[dict[str, object]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["list", "--json"]) == 0
    assert opened == []
    assert capsys.readouterr().out.startswith("[")


def test_every_command_is_known_to_the_query_test() -> None:
    parser = cli_parser.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    assert set(commands.choices) == set(cli.COMMANDS)  # type: ignore[arg-type]


def test_help_tells_of_words_and_open(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    out = capsys.readouterr().out
    assert "painref WORDS" in out and "--open ID" in out
