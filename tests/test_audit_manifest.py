"""Audit manifests: YAML, CSV and folders; paths resolved beside the manifest; names made safe."""

from pathlib import Path

import pytest

from trustcheck.audit.manifest import load_entries, member_slug
from trustcheck.errors import AuditError


def test_yaml_manifest_with_default_year_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    manifest = tmp_path / "audit.yaml"
    manifest.write_text(
        "year: 2025\n"
        "members:\n"
        "  - {member: Northwind, source: reports/northwind.pdf, notes: ' first '}\n"
        "  - {member: Kestrel, year: 2024, source: 'https://example.org/k.pdf'}\n",
        encoding="utf-8",
    )
    first, second = load_entries(manifest)
    assert first.member == "Northwind" and first.year == 2025 and first.notes == "first"
    assert first.source == str((tmp_path / "reports" / "northwind.pdf").resolve())
    assert second.year == 2024 and second.is_url and second.source == "https://example.org/k.pdf"


def test_csv_manifest(tmp_path: Path) -> None:
    manifest = tmp_path / "audit.csv"
    manifest.write_text(
        "Member,Year,Source,Notes\nAcme,2025,acme.html,\n\nBeta,,b.md,late\n", encoding="utf-8"
    )
    acme, beta = load_entries(manifest)
    assert (acme.member, acme.year, Path(acme.source).name) == ("Acme", 2025, "acme.html")
    assert beta.year is None and beta.notes == "late"


def test_folder_gives_one_member_per_file(tmp_path: Path) -> None:
    (tmp_path / "Northwind.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "kestrel.md").write_text("# K", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"")
    (tmp_path / "sub").mkdir()
    assert [e.member for e in load_entries(tmp_path)] == ["Northwind", "kestrel"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("members: []\n", "non-empty list"),
        ("members:\n  - {member: A}\n", "source"),
        ("members:\n  - {member: A, source: a.pdf, colour: red}\n", "colour"),
        ("members:\n  - {member: A, source: a.pdf, year: ninety}\n", "year"),
        ("members:\n  - {member: A, source: a.pdf}\n  - {member: A, source: b.pdf}\n", "twice"),
        ("members:\n  - {member: 'A&B', source: a.pdf}\n  - {member: 'a b', source: b}\n", "clash"),
        ("years: 2025\nmembers: []\n", "unknown key"),
        ("members: [\n", "not valid YAML"),
    ],
)
def test_bad_manifests_name_the_problem(tmp_path: Path, text: str, message: str) -> None:
    manifest = tmp_path / "audit.yaml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(AuditError, match=message):
        load_entries(manifest)


def test_csv_without_source_column(tmp_path: Path) -> None:
    manifest = tmp_path / "audit.csv"
    manifest.write_text("member,year\nA,2025\n", encoding="utf-8")
    with pytest.raises(AuditError, match="lacks source"):
        load_entries(manifest)


def test_other_files_are_not_manifests(tmp_path: Path) -> None:
    path = tmp_path / "audit.txt"
    path.write_text("x", encoding="utf-8")
    with pytest.raises(AuditError, match="not a manifest"):
        load_entries(path)
    with pytest.raises(AuditError, match="does not exist"):
        load_entries(tmp_path / "missing.yaml")


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Northwind", "northwind"),
        ("../../etc/passwd", "etc-passwd"),
        ("Acme <b>Co</b>", "acme-b-co-b"),
        ("..hidden", "hidden"),
        ("C:\\Windows\\x", "c-windows-x"),
        ("Ünïcode Ltd", "unicode-ltd"),
        ("東京", "member-"),
    ],
)
def test_member_slugs_cannot_escape(name: str, slug: str) -> None:
    assert member_slug(name).startswith(slug)
    assert "/" not in slug and "\\" not in slug and not slug.startswith(".")


def test_member_without_letters_is_refused() -> None:
    with pytest.raises(AuditError, match="no letters"):
        member_slug("../..")


def test_passwords_in_the_manifest_or_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifest = tmp_path / "m.csv"
    manifest.write_text(
        "member,source,password,password_env\n"
        "Plain,a.pdf,,\n"
        "Given,b.pdf,open-sesame,\n"
        "FromEnv,c.pdf,,C_PDF_PASSWORD\n",
        encoding="utf-8",
    )
    plain, given, from_env = load_entries(manifest)
    assert plain.secret() is None and given.secret() == "open-sesame"
    assert "open-sesame" not in repr(given)  # never shown, even in a debugger's repr
    with pytest.raises(AuditError, match="C_PDF_PASSWORD is not set"):
        from_env.secret()
    monkeypatch.setenv("C_PDF_PASSWORD", "s3cret")
    assert from_env.secret() == "s3cret"
    bad = tmp_path / "bad.yaml"
    bad.write_text("members:\n  - {member: X, source: x.pdf, password_env: 'not a name'}\n")
    with pytest.raises(AuditError, match="password_env"):
        load_entries(bad)
