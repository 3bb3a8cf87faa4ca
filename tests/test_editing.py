"""The editing commands: each prints its diff and scores, writes only what it must, atomically,
and refuses a change that would make `isms check` fail."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BASE_REGISTERS, make_repo

CORE = "registers/core.yaml"
COMMENTED = """\
# Core registers (情報資産・脅威・リスク)
assets:
  - id: A-001   # the main database
    name: "Resident records database"
    class: information
    owner: Citizens Division
    confidentiality: 3
    integrity: 3
    availability: 2

  # printers are assessed with the floor
threats:
  - {id: T-01, name: Unauthorised access, frequency: 2, affects: [confidentiality, integrity]}
risks:
  - id: R-001
    asset: A-001
    threat: T-01
    vulnerability: 1   # reviewed 2026-04
    treatment: accept
    owner: Citizens Division Manager
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "isms", {CORE: COMMENTED})


def _check(isms, repo: Path) -> list[dict[str, object]]:
    result = isms("check", "--format", "json", "--today", "2026-06-01", cwd=repo)
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return [finding for finding in findings if finding["severity"] == "error"]


def test_asset_add_appends_to_the_list_and_keeps_the_rest(repo: Path, isms) -> None:
    before = (repo / CORE).read_text(encoding="utf-8")
    result = isms(
        "asset", "add", "--id", "A-002", "--name", "窓口端末", "--class", "physical",
        "--owner", "市民課", "-C", "1", "-I", "1", "-A", "2", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert "+  - id: A-002" in result.stdout
    after = (repo / CORE).read_text(encoding="utf-8")
    added = (
        "  - id: A-002\n    name: 窓口端末\n    class: physical\n    owner: 市民課\n"
        "    confidentiality: 1\n    integrity: 1\n    availability: 2\n"
    )
    assert after == before.replace("\n\n  # printers", "\n" + added + "\n  # printers")
    assert _check(isms, repo) == []


def test_dry_run_writes_nothing(repo: Path, isms) -> None:
    before = (repo / CORE).read_bytes()
    result = isms("threat", "add", "--name", "火災", "--frequency", "1", "--dry-run", cwd=repo)
    assert result.code == 0, result
    assert "+  - id: T-02" in result.stdout
    assert "dry run" in result.stdout
    assert (repo / CORE).read_bytes() == before


def test_risk_add_takes_the_next_id_and_shows_its_score(repo: Path, isms) -> None:
    result = isms(
        "risk", "add", "--asset", "A-001", "--threat", "T-01", "--vulnerability", "3",
        "--treatment", "reduce", "--controls", "A.8.5,A.8.7", "--residual-vulnerability", "1",
        "--owner", "市民課長", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert "R-002: score 18, residual 6 (acceptance 8)" in result.stdout
    assert "    controls: [A.8.5, A.8.7]\n" in (repo / CORE).read_text(encoding="utf-8")


def test_a_change_that_breaks_the_check_is_refused_with_its_findings(repo: Path, isms) -> None:
    before = (repo / CORE).read_bytes()
    result = isms(
        "risk", "add", "--id", "R-009", "--asset", "A-404", "--threat", "T-01",
        "--vulnerability", "2", "--treatment", "accept", "--owner", "X", cwd=repo,
    )  # fmt: skip
    assert result.code == 1, result
    assert "A-404" in result.stderr
    assert "Nothing was written" in result.stderr
    assert (repo / CORE).read_bytes() == before


def test_a_duplicate_id_is_a_usage_error(repo: Path, isms) -> None:
    result = isms("threat", "add", "--id", "T-01", "--name", "x", "--frequency", "1", cwd=repo)
    assert result.code == 2, result
    assert "already has 'T-01'" in result.stderr


def test_risk_treat_then_accept(repo: Path, isms) -> None:
    result = isms(
        "risk", "treat", "R-001", "--controls", "A.8.5", "--residual-vulnerability", "1",
        cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert "R-001: score 6, residual 6 (acceptance 8)" in result.stdout
    result = isms("risk", "accept", "R-001", "--by", "副市長", "--on", "2026-05-01", cwd=repo)
    assert result.code == 0, result
    text = (repo / CORE).read_text(encoding="utf-8")
    assert (
        "    vulnerability: 1   # reviewed 2026-04\n    treatment: reduce\n    controls: [A.8.5]\n"
        "    residual_vulnerability: 1\n    owner: Citizens Division Manager\n"
        "    accepted_by: 副市長\n    accepted_on: 2026-05-01\n"
    ) in text


def test_an_unknown_id_is_a_usage_error(repo: Path, isms) -> None:
    result = isms("risk", "accept", "R-404", "--by", "x", cwd=repo)
    assert result.code == 2, result
    assert "no risk 'R-404'" in result.stderr


def test_a_fix_is_allowed_in_a_repository_that_already_has_errors(tmp_path: Path, isms) -> None:
    broken = BASE_REGISTERS.replace("vulnerability: 1", "vulnerability: 3") + (
        "records:\n  - {id: DOC-1, title: x, kind: nonsense}\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: broken})
    assert len(_check(isms, repo)) == 2  # the risk lacks acceptance; the record's kind is wrong
    result = isms("risk", "accept", "R-001", "--by", "副市長", "--on", "2026-05-01", cwd=repo)
    assert result.code == 0, result
    assert len(_check(isms, repo)) == 1


def test_soa_set_changes_only_that_decision(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "isms")
    before = (repo / "registers/soa.yaml").read_text(encoding="utf-8")
    result = isms(
        "soa", "set", "A.7.4", "--not-applicable", "--justification", "No physical site",
        cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    old = (
        "  - control: A.7.4\n    applicable: true\n    justification: Decided in the risk "
        "assessment\n    status: partial\n"
    )
    new = "  - control: A.7.4\n    applicable: false\n    justification: No physical site\n"
    assert (repo / "registers/soa.yaml").read_text(encoding="utf-8") == before.replace(old, new)
    assert isms("soa", "--lang", "en", cwd=repo).code == 0


def test_soa_set_adds_a_missing_decision(tmp_path: Path, isms) -> None:
    from helpers import soa_yaml

    repo = make_repo(tmp_path / "isms", soa=soa_yaml(skip={"A.8.34"}))
    result = isms(
        "soa", "set", "8.34", "--applicable", "--justification", "Audits are planned",
        "--status", "planned", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert (
        (repo / "registers/soa.yaml")
        .read_text(encoding="utf-8")
        .endswith(
            "  - control: A.8.34\n    applicable: true\n    justification: Audits are planned\n"
            "    status: planned\n"
        )
    )


def test_nc_close_records_the_effectiveness_review(tmp_path: Path, isms) -> None:
    ncs = (
        "nonconformities:\n  - id: NC-1\n    description: Backup not tested\n"
        "    corrective_action: Monthly restore test\n    due: 2026-09-30\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS, "registers/nc.yaml": ncs})
    result = isms(
        "nc", "close", "NC-1", "--effective", "--by", "ISMS事務局", "--on", "2026-07-01",
        "--notes", "Two restores succeeded", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert (repo / "registers/nc.yaml").read_text(encoding="utf-8") == ncs + (
        "    status: closed\n    closed_on: 2026-07-01\n    effectiveness_review:\n"
        "      date: 2026-07-01\n      by: ISMS事務局\n      effective: true\n"
        "      notes: Two restores succeeded\n"
    )
    assert _check(isms, repo) == []
    missing = isms("nc", "close", "NC-1", "--by", "x", cwd=repo)
    assert missing.code == 2, missing


def test_file_option_creates_a_new_register_file(repo: Path, isms) -> None:
    result = isms(
        "threat", "add", "--id", "T-10", "--name", "地震", "--frequency", "1",
        "--file", "registers/dept/threats.yaml", cwd=repo,
    )  # fmt: skip
    assert result.code == 0, result
    assert (repo / "registers/dept/threats.yaml").read_text(encoding="utf-8") == (
        "threats:\n  - id: T-10\n    name: 地震\n    frequency: 1\n"
    )
    outside = isms("threat", "add", "--name", "x", "--file", "../x.yaml", cwd=repo)
    assert outside.code == 2, outside


def test_nc_close_keeps_a_closed_record_and_an_ineffective_action_open(
    tmp_path: Path, isms
) -> None:
    ncs = (
        "nonconformities:\n  - id: NC-1\n    description: Backup not tested\n"
        "    detected_on: 2026-06-01\n    due: 2026-09-30\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS, "registers/nc.yaml": ncs})
    early = isms("nc", "close", "NC-1", "--effective", "--by", "x", "--on", "2026-05-01", cwd=repo)
    assert early.code == 2
    assert "before nonconformity NC-1 was detected (2026-06-01)" in early.stderr
    ineffective = isms(
        "nc", "close", "NC-1", "--not-effective", "--by", "CISO", "--on", "2026-10-01", cwd=repo
    )  # fmt: skip
    assert ineffective.code == 0, ineffective
    assert "NC-1 stays open" in ineffective.stderr
    text = (repo / "registers/nc.yaml").read_text(encoding="utf-8")
    assert "status: closed" not in text
    assert "effective: false" in text
    closed = isms(
        "nc", "close", "NC-1", "--effective", "--by", "CISO", "--on", "2026-11-01", cwd=repo
    )
    assert closed.code == 0, closed
    after = (repo / "registers/nc.yaml").read_bytes()
    again = isms("nc", "close", "NC-1", "--effective", "--by", "someone", cwd=repo)
    assert again.code == 2
    assert "already closed on 2026-11-01" in again.stderr
    assert (repo / "registers/nc.yaml").read_bytes() == after


def test_several_files_hold_a_register_the_person_names_one(tmp_path: Path, isms) -> None:
    repo = make_repo(
        tmp_path / "isms",
        {
            CORE: BASE_REGISTERS,
            "registers/more.yaml": "threats:\n  - {id: T-02, name: a, frequency: 1}\n"
            "  - {id: T-03, name: b, frequency: 1}\n",
        },
    )
    before = (repo / "registers/more.yaml").read_bytes()
    refused = isms("threat", "add", "--name", "c", "--frequency", "1", cwd=repo)
    assert refused.code == 2
    assert (
        "threats are kept in 2 files (registers/core.yaml, registers/more.yaml)" in refused.stderr
    )
    assert (repo / "registers/more.yaml").read_bytes() == before
    named = isms(
        "threat",
        "add",
        "--name",
        "c",
        "--frequency",
        "1",
        "--file",
        "registers/more.yaml",
        cwd=repo,
    )
    assert named.code == 0, named
    assert "T-04" in (repo / "registers/more.yaml").read_text(encoding="utf-8")


def test_a_failure_before_the_rename_leaves_the_register_intact(
    repo: Path, isms, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (repo / CORE).read_bytes()

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    result = isms("threat", "add", "--name", "火災", "--frequency", "1", cwd=repo)
    assert result.code == 1, result
    assert "No space left on device" in result.stderr
    assert (repo / CORE).read_bytes() == before
    assert sorted(path.name for path in (repo / "registers").iterdir()) == ["core.yaml", "soa.yaml"]


KILLED_WRITER = """
import os, sys, time
rename = os.replace
def stall(source, target):
    if str(target).endswith("core.yaml"):
        print("renaming", flush=True)
        time.sleep(60)
    rename(source, target)
os.replace = stall
from ismskit.cli.app import main
sys.exit(main(["--repo", sys.argv[1], "threat", "add", "--name", "x", "--frequency", "1"]))
"""


def test_a_writer_killed_mid_write_leaves_the_register_intact(repo: Path, isms) -> None:
    before = (repo / CORE).read_bytes()
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(repo)], stdout=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:
            if line.strip() == "renaming":
                break
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    assert (repo / CORE).read_bytes() == before
    leftovers = [path.name for path in (repo / "registers").iterdir() if path.name.startswith(".")]
    assert len(leftovers) == 1  # the temporary file, written in full but never renamed
    assert leftovers[0].startswith(".isms-tmp-core.yaml.")  # a name that says whose it is
    assert _check(isms, repo) == []  # and never read as a register
    added = isms("threat", "add", "--name", "y", "--frequency", "1", cwd=repo)
    assert added.code == 0, added
    assert not [path for path in (repo / "registers").iterdir() if path.name.startswith(".")]


def test_git_does_not_see_the_temporary_file_of_a_killed_write(tmp_path: Path, isms) -> None:
    from helpers import GitRepo

    target = tmp_path / "new"
    assert isms("init", str(target), cwd=tmp_path).code == 0
    repo = GitRepo(target)
    (target / "registers/.isms-tmp-assets.yaml.x8k2p0q1").write_text("assets: []\n")
    assert repo.git("status", "--porcelain", "--untracked-files=all", "registers") == ""


@pytest.mark.parametrize(
    "text",
    [
        "threats: {T-01: x}\n",
        "threats: [{id: T-01, name: a, frequency: 1}]\n",
        "threats:\n\t- id: T-01\n",
        "- just a list\n",
        "threats:\n  -\n    id: T-01\n    name: a\n    frequency: 1\n",
        "threats:\n  - T-01\n",
        "threats: ~\n",
        "threats: 3\n",
        b"threats:\n  - id: \xff\n",
        "threats:\n  - &t {id: T-01, name: a, frequency: 1}\n  - *t\n",
        "threats:\n  - id: T-01\n    name: |\n      # not a comment\n    frequency: 1\n",
    ],
)
def test_no_register_file_however_odd_ends_in_a_traceback(
    tmp_path: Path, isms, text: str | bytes
) -> None:
    repo = make_repo(
        tmp_path / "isms", {CORE: BASE_REGISTERS.split("threats:")[0], "registers/t.yaml": text}
    )
    for args in (
        ("threat", "add", "--id", "T-09", "--name", "x", "--frequency", "1"),
        ("risk", "accept", "R-001", "--by", "x"),
        (
            "threat",
            "add",
            "--id",
            "T-08",
            "--name",
            "x",
            "--frequency",
            "1",
            "--file",
            "registers/t.yaml",
        ),
    ):
        result = isms(*args, cwd=repo)
        assert result.code in (0, 1, 2), result
        assert "Traceback" not in result.stderr
        assert "internal error" not in result.stderr


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(repo: Path) -> None:
    from datetime import date

    from ismskit.editing.writer import EditSession
    from ismskit.errors import IsmsError

    session = EditSession(repo, date(2026, 6, 1))
    session.update("risks", "R-001", {"owner": "副市長"})
    outcome = session.outcome()
    assert outcome.new_errors == []
    (repo / CORE).write_text(COMMENTED + "# edited meanwhile\n", encoding="utf-8")
    with pytest.raises(IsmsError, match="changed on disk"):
        session.write(outcome)
    assert (repo / CORE).read_text(encoding="utf-8").endswith("# edited meanwhile\n")


def test_help_lists_the_editing_commands(tmp_path: Path, isms) -> None:
    result = isms("--help", cwd=tmp_path)
    for command in ("asset", "threat", "nc", "import", "export", "soa"):
        assert command in result.stdout
    assert "set" in isms("soa", "--help", cwd=tmp_path).stdout


def test_risk_add_records_the_acceptance_of_a_risk_above_acceptance(repo: Path, isms) -> None:
    args = ("risk", "add", "--asset", "A-001", "--threat", "T-01", "--vulnerability", "3",
            "--treatment", "accept", "--owner", "市民課長")  # fmt: skip
    refused = isms(*args, cwd=repo)
    assert refused.code == 1
    assert "risk-acceptance" in refused.stderr
    # Accepted before the day the repository is checked on (_check: 2026-06-01).
    accepted = isms(*args, "--accepted-by", "副市長", "--accepted-on", "2026-05-20", cwd=repo)
    assert accepted.code == 0, accepted
    text = (repo / CORE).read_text(encoding="utf-8")
    assert "    accepted_by: 副市長\n    accepted_on: 2026-05-20\n" in text
    assert _check(isms, repo) == []


def test_a_register_file_that_cannot_be_read_is_never_replaced(
    repo: Path, isms, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ismskit.repository.location import WorkingTree

    before = (repo / CORE).read_bytes()
    original = WorkingTree.read

    def unreadable(self: WorkingTree, path: str, *limit: int) -> bytes | None:
        return None if path == CORE else original(self, path, *limit)

    monkeypatch.setattr(WorkingTree, "read", unreadable)
    result = isms(
        "threat", "add", "--id", "T-09", "--name", "火災", "--frequency", "1", "--file", CORE, cwd=repo
    )  # fmt: skip
    assert result.code == 1, result
    assert f"cannot read {CORE}" in result.stderr
    assert (repo / CORE).read_bytes() == before


def test_an_old_error_that_an_edit_moves_does_not_block_it(repo: Path, isms) -> None:
    duplicate = "  - {id: T-01, name: Copy, frequency: 1}\n"
    text = (repo / CORE).read_text(encoding="utf-8").replace("risks:\n", duplicate + "risks:\n")
    (repo / CORE).write_text(text, encoding="utf-8")
    result = isms("asset", "add", "--name", "Printer", "--class", "physical", "--owner", "x",
                  "-C", "1", "-I", "1", "-A", "1", cwd=repo)  # fmt: skip
    assert result.code == 0, result  # the duplicate T-01 moved down a few lines; it is not new


def test_risk_treat_keeps_the_treatment_unless_it_was_accept(tmp_path: Path, isms) -> None:
    risks = (
        "risks:\n  - {id: R-1, asset: A-001, threat: T-01, vulnerability: 2, treatment: transfer, owner: C}\n"
        "  - {id: R-2, asset: A-001, threat: T-01, vulnerability: 1, treatment: accept, owner: C}\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS, "registers/r.yaml": risks})
    kept = isms("risk", "treat", "R-1", "--controls", "A.5.20", "--dry-run", cwd=repo)
    assert "-treatment" not in kept.stdout
    reduced = isms("risk", "treat", "R-2", "--controls", "A.8.5", "--dry-run", cwd=repo)
    assert "treatment: reduce" in reduced.stdout


def test_risk_treat_that_leaves_an_action_behind_says_so(tmp_path: Path, isms) -> None:
    risks = (
        "risks:\n  - id: R-1\n    asset: A-001\n    threat: T-01\n    vulnerability: 2\n"
        "    treatment: reduce\n    controls: [A.8.5]\n    owner: C\n    actions:\n"
        "      - {id: ACT-1, control: A.8.5, action: MFA, owner: IT, due: 2027-01-31}\n"
    )
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS, "registers/r.yaml": risks})
    replaced = isms("risk", "treat", "R-1", "--controls", "A.8.7", "--today", "2026-12-01", cwd=repo)
    assert replaced.code == 0, replaced
    assert "risk-action-control-not-planned" in replaced.stderr
    assert "action ACT-1: its control A.8.5 is not among the risk's controls" in replaced.stderr
    kept = isms("risk", "treat", "R-1", "--controls", "A.8.7,A.8.5", "--today", "2026-12-01",
                cwd=repo)  # fmt: skip
    assert "risk-action-control-not-planned" not in kept.stderr


def test_a_file_with_lone_carriage_returns_is_left_alone(tmp_path: Path, isms) -> None:
    repo = make_repo(tmp_path / "isms", {CORE: BASE_REGISTERS.replace("\n", "\r").encode()})
    before = (repo / CORE).read_bytes()
    result = isms("threat", "add", "--name", "火災", "--frequency", "1", cwd=repo)
    assert result.code == 1, result
    assert "lone carriage return (CR)" in result.stderr
    assert (repo / CORE).read_bytes() == before
