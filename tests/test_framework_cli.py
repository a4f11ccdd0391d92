"""``trustcheck frameworks list|show|validate``: output and exit codes, via the entry point."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from trustcheck.cli import main

DATA = Path(__file__).parent / "data" / "frameworks"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; return (exit code, stdout, stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_show_trust_json_has_four_sections_and_eighteen_elements(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["frameworks", "show", "trust", "--format", "json"], capsys)
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data["schema"] == "trustcheck/framework/v1"
    assert [s["id"] for s in data["sections"]] == ["SC", "PP", "PS", "OUT"]
    elements = [e for s in data["sections"] for e in s["elements"]]
    assert len(elements) == 18
    assert all(e["criteria"]["full"] and e["criteria"]["partial"] for e in elements)


def test_show_json_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    first = run(["frameworks", "show", "voluntary-principles", "--format", "json"], capsys)[1]
    second = run(["frameworks", "show", "voluntary-principles", "--format", "json"], capsys)[1]
    assert first == second
    data = json.loads(first)
    assert data["vocabulary"] == "csea"
    assert {"csea", "grooming_countermeasure"} <= {s["id"] for s in data["signals"]}


def test_show_yaml_of_a_path_loads_back(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["frameworks", "show", str(DATA / "minimal.yaml"), "--format", "yaml"], capsys
    )
    assert code == 0
    data = yaml.safe_load(out)
    assert data["id"] == "minimal"
    assert data["published"] == "2024-06-01"
    assert data["sections"][0]["elements"][0]["rules"][0]["when"] == {
        "all": ["hash_matching", {"signal": "hash_source"}]
    }


def test_show_table_lists_sections_elements_and_criteria(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, _ = run(["frameworks", "show", "weprotect-industry"], capsys)
    assert code == 0
    assert "Global Strategic Response" in out
    assert "TI: Technology industry" in out
    for element_id in ("TI1", "TI2", "TI3", "TI4", "TI5", "TI6"):
        assert element_id in out
    assert "Full" in out and "Partial" in out
    assert "reconstructed" in out


def test_show_crosswalk_table(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["frameworks", "show", "voluntary-principles-to-trust"], capsys)
    assert code == 0
    assert "voluntary-principles -> trust" in out
    assert "subset-of" in out and "intersects-with" in out


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["frameworks", "list", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [f["id"] for f in data["frameworks"]] == [
        "trust",
        "voluntary-principles",
        "weprotect-industry",
    ]
    assert [c["target"] for c in data["crosswalks"]] == ["trust", "trust"]
    code, out, _ = run(["frameworks", "list"], capsys)
    assert code == 0
    assert "voluntary-principles" in out and "Cross-walks" in out


def test_validate_valid_files_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    paths = [str(DATA / "minimal.yaml"), str(DATA / "crosswalks" / "minimal_to_extends.yaml")]
    code, out, err = run(["frameworks", "validate", *paths], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == [f"ok: {p}" for p in paths]


def test_validate_bundled_folder_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    root = Path(__file__).parent.parent / "frameworks"
    code, out, err = run(["frameworks", "validate", str(root)], capsys)
    assert (code, err) == (0, "")
    assert len(out.splitlines()) == 7


def test_validate_invalid_files_exits_2_with_one_line_per_problem(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    files = ["minimal.yaml", "bad_duplicate_ids.yaml", "bad_yaml_syntax.yaml"]
    code, out, err = run(["frameworks", "validate", *files], capsys)
    assert code == 2
    assert out == "ok: minimal.yaml\n"
    lines = err.splitlines()
    assert len(lines) == 5 + 1 + 1
    assert lines[0] == (
        "bad_duplicate_ids.yaml:15: levels[2].id: duplicate level id 'partial' "
        "(first used at levels[1].id)"
    )
    assert lines[5].startswith("bad_yaml_syntax.yaml:6: YAML syntax error")
    assert lines[6] == "2 of 3 file(s) invalid"
    assert "Traceback" not in err


def test_validate_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frameworks", "validate", "no/such/file.yaml"], capsys)
    assert code == 2
    assert err.splitlines()[0] == "no/such/file.yaml: no such file"


def test_show_invalid_framework_is_one_error_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)
    code, out, err = run(["frameworks", "show", "bad_rule_levels.yaml"], capsys)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(
        "error[E200]: bad_rule_levels.yaml:54: sections[0].elements[0].rules[1].level: "
    )
    assert "(and 2 more problems)" in err
    assert "trustcheck frameworks validate bad_rule_levels.yaml" in err


def test_show_unknown_id_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frameworks", "show", "voluntary-principle"], capsys)
    assert code == 2
    assert err.startswith(
        "error[E200]: no bundled framework 'voluntary-principle'; "
        "did you mean 'voluntary-principles'?"
    )


def test_show_rejects_unknown_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frameworks", "show", "trust", "--format", "csv"], capsys)
    assert code == 2
    assert err.startswith("error[E001]:")


def test_console_script_in_a_subprocess() -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-c", "from trustcheck.cli import main; main()"),
            *("frameworks", "validate", str(DATA / "bad_regex.yaml")),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "signals[1].patterns[0]: invalid regular expression" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ["frameworks"],
            "error[E001]: trustcheck frameworks: give a command (list, schema, show, test, "
            "validate); run 'trustcheck frameworks --help' for what each does\n",
        ),
    ],
)
def test_frameworks_without_a_command_is_one_error_line(
    args: list[str], line: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(args, capsys)
    assert (code, out, err) == (2, "", line)


def test_validate_takes_bundled_ids(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        ["frameworks", "validate", "trust", "voluntary-principles-to-trust"], capsys
    )
    assert (code, out, err) == (0, "ok: trust\nok: voluntary-principles-to-trust\n", "")


def test_validate_unknown_id_suggests_a_bundled_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run(["frameworks", "validate", "TRUST"], capsys)
    assert code == 2
    assert err.splitlines()[0] == (
        "TRUST: no such file, and no bundled framework or cross-walk 'TRUST'; did you mean 'trust'?"
    )


def test_show_unknown_id_suggests_across_case(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["frameworks", "show", "TRUST"], capsys)
    assert code == 2
    assert err.startswith("error[E200]: no bundled framework 'TRUST'; did you mean 'trust'?")


@pytest.mark.parametrize("command", ["show", "validate"])
def test_empty_argument_is_a_usage_error_not_the_working_folder(
    command: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(DATA)  # full of broken files: validating it would print many lines
    code, out, err = run(["frameworks", command, ""], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "error[E001]: an empty framework id or path was given (give a bundled id such as "
        "'trust', or the path of a YAML file or folder)\n"
    )


def test_validate_folder_takes_subfolders_and_leaves_hidden_ones_out(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / ".venv" / "lib").mkdir(parents=True)
    (tmp_path / "nested" / "mine.yml").write_bytes((DATA / "minimal.yaml").read_bytes())
    (tmp_path / ".venv" / "lib" / "other.yaml").write_text("[not, a, framework]\n")
    code, out, err = run(["frameworks", "validate", str(tmp_path)], capsys)
    assert (code, err) == (0, "")
    assert out == f"ok: {tmp_path / 'nested' / 'mine.yml'}\n"


@pytest.mark.parametrize(
    ("args", "good", "bad"),
    [
        ([], "minimal.yaml", "bad_unknown_key.yaml"),
        (
            ["crosswalk"],
            "crosswalks/minimal_to_extends.yaml",
            "crosswalks/bad_crosswalk_relationship.yaml",
        ),
    ],
)
def test_schema_prints_the_shipped_schema_an_editor_can_use(
    args: list[str], good: str, bad: str, capsys: pytest.CaptureFixture[str]
) -> None:
    import jsonschema

    code, out, err = run(["frameworks", "schema", *args], capsys)
    assert (code, err) == (0, "")
    validator = jsonschema.Draft202012Validator(json.loads(out))
    assert list(validator.iter_errors(_yaml_as_json(DATA / good))) == []
    assert list(validator.iter_errors(_yaml_as_json(DATA / bad)))


def _yaml_as_json(path: Path) -> object:
    """The file's data as JSON would carry it (dates as text), as an editor validates it."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
