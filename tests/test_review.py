"""Review without a browser: decisions and `cleaner apply`, the HTML page's data, `report`, `diff`, `--summary`."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from helpers.packs import pack
from helpers.paths import SAMPLE

from cleaner.cli import main
from cleaner.decisions import Decision, Decisions, load_decisions, parse_decisions, unmatched, with_decisions
from cleaner.edits import CleanResult, Edit, apply_edits
from cleaner.io import InputError
from cleaner.pipeline import Cleaner, Config
from cleaner.report.html import render_html
from cleaner.report.json_report import build_report

UNSAFE_PACK = pack("review_unsafe")


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample cleaned with the test's unsafe pack: report and page written by the CLI."""
    from click.testing import CliRunner

    out = tmp_path_factory.mktemp("review")
    result = CliRunner().invoke(main, ["clean", str(SAMPLE), "--rules", str(UNSAFE_PACK), "-o", str(out / "clean.txt"),
                                       "--report", str(out / "report.json"), "--html", str(out / "page.html")])
    assert result.exit_code == 0, result.output
    return out


def page_json(page: str) -> dict[str, Any]:
    class Grab(HTMLParser):
        data: str | None = None
        inside = False

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            self.inside = tag == "script" and ("id", "review-data") in attrs

        def handle_data(self, data: str) -> None:
            if self.inside:
                self.data = (self.data or "") + data

        def handle_endtag(self, tag: str) -> None:
            self.inside = False

    grab = Grab()
    grab.feed(page)
    assert grab.data is not None, "no embedded data"
    data: dict[str, Any] = json.loads(grab.data)
    return data


# --- the report and the page ---------------------------------------------------------------

def test_report_describes_every_cited_rule(reviewed: Path) -> None:
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    cited = {c for e in report["edits"] for c in e["rule"].split("+")} | {s["rule"] for s in report["suspects"]}
    assert set(report["rules"]) == cited
    assert report["rules"]["CH90"]["safety"] == "unsafe"
    assert "house styles" in report["rules"]["CH90"]["description"]


def test_page_is_self_contained_and_embeds_the_report(reviewed: Path) -> None:
    page = (reviewed / "page.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page), "the page must not load anything"
    assert "<link" not in page and "@import" not in page
    data = page_json(page)
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    assert data["text"] == SAMPLE.read_text(encoding="utf-8")
    assert data["edits"] == report["edits"] and data["suspects"] == report["suspects"]
    assert data["rules"] == report["rules"]


def test_page_survives_markup_in_the_text() -> None:
    text = "正文</script><script>alert(1)</script><!-- 注释 -->\n"
    cleaner = Cleaner()
    result = cleaner.clean(text)
    page = render_html(build_report(result, rules=cleaner.all_rules), text)
    assert page.count("</script>") == 2  # the page's own two scripts, nothing from the text
    assert page_json(page)["text"] == text


def test_page_refuses_another_source(reviewed: Path) -> None:
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="not the one the report was made on"):
        render_html(report, "短文本")


def test_report_command_renders_the_same_page(reviewed: Path, runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["report", str(reviewed / "report.json"), "--html", str(tmp_path / "again.html")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "again.html").read_text(encoding="utf-8") == (reviewed / "page.html").read_text(encoding="utf-8")


def test_report_command_finds_the_source_or_says_so(reviewed: Path, runner: CliRunner, tmp_path: Path) -> None:
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    report["source"]["path"] = "nowhere/missing.txt"
    moved = tmp_path / "moved.json"
    moved.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(main, ["report", str(moved), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 1 and "cannot find its source" in result.output and "--source" in result.output
    other = tmp_path / "other.txt"
    other.write_text("别的文本。\n", encoding="utf-8")
    result = runner.invoke(main, ["report", str(moved), "--source", str(other), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 1 and "sha256 differs" in result.output
    result = runner.invoke(main, ["report", str(moved), "--source", str(SAMPLE), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 0 and (tmp_path / "p.html").exists()


def test_report_command_rejects_a_non_report(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"a": 1}', encoding="utf-8")
    result = runner.invoke(main, ["report", str(bad)])
    assert result.exit_code == 1 and f"{bad}: not a cleaner report" in result.output


# --- summary ---------------------------------------------------------------------------------

def test_summary_is_markdown_with_a_row_per_rule(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE), "--rules", str(UNSAFE_PACK), "-o", str(tmp_path / "c.txt"), "--summary"])
    assert result.exit_code == 0, result.output
    out = result.output
    report = Cleaner(Config(rules=(UNSAFE_PACK,))).clean(SAMPLE.read_text(encoding="utf-8"))
    stats = report.stats
    for code, n in stats.per_rule.items():
        assert re.search(rf"^\| {code} \| [a-z_.]+ \| \w+ \| {n} \|", out, re.M), code
    assert re.search(rf"^\| CH90 \| .* \| unsafe \| 0 \| {stats.suggested_per_rule['CH90']} \| 0 \|$", out, re.M)
    assert f"| **total** | | | {stats.edits} |" in out
    assert out.count("\n- line ") == len(report.suspects)


def test_summary_goes_to_stderr_when_the_text_goes_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE), "--summary"])
    assert result.exit_code == 0
    assert "### cleaner:" in result.stderr and "### cleaner:" not in result.stdout
    assert result.stdout.startswith("牢记领袖")


def test_jsonl_refuses_html(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "a.jsonl"
    src.write_text('{"text": "正文。"}\n', encoding="utf-8")
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "--html", str(tmp_path / "p.html")])
    assert result.exit_code == 2 and "--jsonl" in result.output


# --- terminal diff ---------------------------------------------------------------------------

def test_diff_shows_each_change_with_its_rule(runner: CliRunner, reviewed: Path) -> None:
    result = runner.invoke(main, ["diff", str(SAMPLE), "--no-color", "--separators"])
    assert result.exit_code == 0, result.output
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    shown = str.maketrans({"\n": "⏎", " ": "␣", "\t": "⇥", "\u3000": "□"})
    lines = result.output.splitlines()
    for edit in (e for e in report["edits"] if e["applied"]):
        before, after = edit["before"].translate(shown), edit["after"].translate(shown)
        change = f"[-{before}-]{{+{after}+}}" if len(before) <= 40 and len(after) <= 40 else f"[-{before[:20]}"
        number = SAMPLE.read_text(encoding="utf-8").count("\n", 0, edit["start"]) + 1
        line = next((line for line in lines if line.lstrip().startswith(f"{number} │") and change in line), None)
        assert line is not None, f"{edit['id']} is not shown"
        assert all(code in line for code in edit["rule"].split("+"))
    assert "\x1b[" not in result.output
    colored = runner.invoke(main, ["diff", str(SAMPLE), "--color"])
    assert "\x1b[9;31m类烦\x1b[0m\x1b[1;32m娄烦" in colored.output  # struck red, then bold green


def test_diff_of_a_report_equals_the_diff_of_its_source(runner: CliRunner, reviewed: Path) -> None:
    from_report = runner.invoke(main, ["diff", str(reviewed / "report.json"), "--no-color"])
    from_source = runner.invoke(main, ["diff", str(SAMPLE), "--rules", str(UNSAFE_PACK), "--no-color"])
    assert from_report.exit_code == 0 and from_report.output == from_source.output
    assert "[→，?]" in from_report.output  # an unapplied suggestion
    no_sugg = runner.invoke(main, ["diff", str(reviewed / "report.json"), "--no-color", "--no-suggestions", "--no-suspects"])
    assert "[→" not in no_sugg.output and "⚑" not in no_sugg.output


def test_diff_stat_and_exit_code(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["diff", str(SAMPLE), "--stat", "--exit-code"])
    assert result.exit_code == 1
    stats = Cleaner().clean(SAMPLE.read_text(encoding="utf-8")).stats
    for code, n in stats.per_rule.items():
        assert re.search(rf"^{code}\t[^\t]*\t[^\t]*\t{n}\t", result.output, re.M), code  # tab-separated when piped
    clean = tmp_path / "clean.txt"
    clean.write_text(Cleaner().clean(SAMPLE.read_text(encoding="utf-8")).text, encoding="utf-8")
    assert runner.invoke(main, ["diff", str(clean), "--exit-code"]).exit_code == 0


# --- decisions and apply ---------------------------------------------------------------------

def test_decisions_file_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "d.json"
    cases = [
        ("{", "not valid JSON"),
        ('{"decisions": [{"rule": "lx05", "start": 1, "end": 2, "decision": "reject"}]}', "'rule' must be rule codes"),
        ('{"decisions": [{"rule": "LX05", "start": 3, "end": 2, "decision": "reject"}]}', "0 <= start <= end"),
        ('{"decisions": [{"rule": "LX05", "start": 1, "end": 2, "decision": "maybe"}]}', "'accept' or 'reject'"),
        ('{"decisions": [{"rule": "LX05", "start": 1, "end": 2, "decision": "reject"},'
         ' {"rule": "LX05", "start": 1, "end": 2, "decision": "accept"}]}', "both accepted and rejected"),
        ('{"decisions_version": 9, "decisions": []}', "not supported"),
        ("[]", "a 'decisions' list"),
    ]
    for text, message in cases:
        path.write_text(text, encoding="utf-8")
        with pytest.raises(InputError, match=re.escape(message)) as info:
            load_decisions(path)
        assert str(info.value).startswith(str(path))


def decided(result: CleanResult, reject: Edit, accept: Edit) -> Decisions:
    return Decisions((Decision(reject.rule, reject.start, reject.end, "reject"),
                      Decision(accept.rule, accept.start, accept.end, "accept")))


def test_apply_follows_decisions_by_rule_and_span() -> None:
    source = SAMPLE.read_text(encoding="utf-8")
    config = Config(rules=(UNSAFE_PACK,))
    first = Cleaner(config).clean(source)
    reject = next(e for e in first.applied if e.rule == "LX05")
    accept = first.suggestions[3]
    again = Cleaner(with_decisions(config, decided(first, reject, accept))).clean(source)
    kept = [e for e in first.applied if e != reject] + [dataclasses.replace(accept, applied=True)]
    assert again.text == apply_edits(source, kept)
    assert apply_edits(source, again.edits) == again.text  # the replay invariant holds after decisions
    assert not unmatched(decided(first, reject, accept), again)


def test_apply_command_and_stale_decisions(runner: CliRunner, tmp_path: Path, reviewed: Path) -> None:
    report = json.loads((reviewed / "report.json").read_text(encoding="utf-8"))
    accept = next(e for e in report["edits"] if not e["applied"])
    data = {"decisions_version": 1, "source": {"path": str(SAMPLE), "sha256": report["source"]["sha256"]},
            "decisions": [{"rule": accept["rule"], "start": accept["start"], "end": accept["end"], "decision": "accept"},
                          {"rule": "LX05", "start": 5, "end": 7, "decision": "accept"}]}
    path = tmp_path / "decisions.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "final.txt"
    result = runner.invoke(main, ["apply", str(SAMPLE), "--decisions", str(path), "--rules", str(UNSAFE_PACK),
                                  "-o", str(out), "--report", str(tmp_path / "final.json")])
    assert result.exit_code == 0, result.output
    assert "accepted LX05 at 5-7 matched no edit" in result.stderr
    clean = (reviewed / "clean.txt").read_text(encoding="utf-8")
    final = out.read_text(encoding="utf-8")
    i = accept["start"] - sum(len(e["before"]) - len(e["after"]) for e in report["edits"]
                              if e["applied"] and e["end"] <= accept["start"])
    assert final == clean[:i] + "，" + clean[i + 1:]
    assert json.loads((tmp_path / "final.json").read_text(encoding="utf-8"))["decisions"][0]["decision"] == "accept"

    other = tmp_path / "other.txt"
    other.write_text("另一份文件。\n", encoding="utf-8")
    result = runner.invoke(main, ["apply", str(other), "--decisions", str(path)])
    assert result.exit_code == 1 and "not the text the decisions were made on" in result.output


def test_decisions_without_a_hash_are_checked_against_their_before_text() -> None:
    decisions = parse_decisions({"decisions": [{"rule": "LX05", "start": 0, "end": 2, "decision": "reject", "before": "类烦"}]})
    from cleaner.decisions import check_source

    check_source(decisions, "类烦农村")
    with pytest.raises(InputError, match="expects '类烦'"):
        check_source(decisions, "娄烦农村")


def test_apply_checks_the_hash_of_the_file_bytes(runner: CliRunner, tmp_path: Path) -> None:
    text = "对类烦农村改厕。\n"
    path = tmp_path / "gb.txt"
    path.write_bytes(text.encode("gb18030") * 20)  # long enough for the encoding guess
    report_path = tmp_path / "r.json"
    assert runner.invoke(main, ["clean", str(path), "-o", str(tmp_path / "c.txt"), "--report", str(report_path)]).exit_code == 0
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["source"]["encoding"] != "utf-8"
    first = report["edits"][0]
    decisions = {"source": {"sha256": report["source"]["sha256"]},
                 "decisions": [{"rule": first["rule"], "start": first["start"], "end": first["end"], "decision": "reject"}]}
    (tmp_path / "d.json").write_text(json.dumps(decisions), encoding="utf-8")
    result = runner.invoke(main, ["apply", str(path), "--decisions", str(tmp_path / "d.json")])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("对类烦农村改厕。") and result.stdout.count("娄烦") == 19
