"""Rule packs cannot hang or corrupt a run, and hostile input gets a clear answer."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers.packs import pack
from helpers.paths import ROOT, SAMPLE

from cleaner import Config, clean_text
from cleaner.cli import main
from cleaner.lint import lint_rules
from cleaner.pipeline import Cleaner
from cleaner.rules import load_pack


def test_built_in_rules_pass_lint() -> None:
    assert lint_rules(Cleaner().all_rules) == []


def test_lint_catches_catastrophic_backtracking(runner: CliRunner) -> None:
    path = pack("catastrophic")
    problems = lint_rules(load_pack(path))
    assert [p.rule for p in problems] == ["LX95"]
    result = runner.invoke(main, ["rules", "lint", str(path)])
    assert result.exit_code == 1 and "LX95" in result.output and "backtrack" in result.output


def test_runtime_time_limit_skips_the_rule_and_records_it() -> None:
    config = Config(rules=(pack("catastrophic"),))
    text = "发展韧性明显增强。" + "中" * 60 + "\n" + "社会主义核心价值观观深入人心。"
    result = clean_text(text, config)
    assert any("LX95" in e and "time limit" in e for e in result.errors)
    assert "价值观深入人心" in result.text  # the other rules still ran


def test_rules_rewriting_each_other_are_reported_by_code() -> None:
    result = clean_text("甲乙丙", Config(rules=(pack("cycle"),)))
    (error,) = result.errors
    assert "no fixed point" in error and "LX96" in error and "LX97" in error


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t\u3000\n", "\n\n\n", "万" * 1_000_000, "观" * 100_001, " " * 200_000 + "中", "中\n" * 50_000],
    ids=["empty", "whitespace", "newlines", "wan-million", "odd-run", "spaces", "many-lines"],
)
def test_hostile_texts_clean_without_error(text: str) -> None:
    result = clean_text(text)
    assert not result.errors
    assert clean_text(result.text).text == result.text


def test_fifo_is_refused_without_blocking(runner: CliRunner, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = runner.invoke(main, ["clean", str(fifo)])
    assert result.exit_code == 1 and "not a regular file" in result.stderr


def test_unwritable_output_directory() -> None:
    """As root every directory is writable, so the command runs as the unprivileged 'nobody'
    (in a world-readable temporary directory, so that only the locked one stops it)."""
    import tempfile

    base = Path(tempfile.mkdtemp(prefix="cleaner-unwritable-"))
    base.chmod(0o755)
    locked = base / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    probe = base / "open"
    probe.mkdir()
    probe.chmod(0o777)
    command = [sys.executable, "-m", "cleaner", "clean", str(SAMPLE), "-o", str(locked / "out.txt")]
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv: cannot drop privileges to test an unwritable directory")
        command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        can_run = subprocess.run([*command[:4], sys.executable, "-c", "import cleaner"], capture_output=True, cwd=ROOT)
        if can_run.returncode != 0:
            shutil.rmtree(base)
            pytest.skip("the unprivileged user cannot read this checkout (a private parent directory)")
    try:
        # The same user can write into an open directory: the refusal is the lock's doing.
        opened = subprocess.run([*command[:-1], str(probe / "out.txt")], capture_output=True, text=True, cwd=ROOT)
        assert opened.returncode == 0, opened.stderr
        proc = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
        assert proc.returncode == 1
        assert proc.stderr.strip() == f"cleaner: error: {locked / 'out.txt'}: cannot write: Permission denied"
        assert list(locked.iterdir()) == []
    finally:
        shutil.rmtree(base)


def test_output_into_a_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["clean", str(SAMPLE), "-o", str(tmp_path / "no" / "such" / "out.txt")])
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_jsonl_lone_surrogate_is_one_clear_line_and_passes_through(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "ok"}\n{"text": "bad \\ud800 here"}\n', encoding="utf-8")
    result = runner.invoke(main, ["clean", "--jsonl", str(src), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert f"{src}:2" in result.stderr and "surrogate" in result.stderr
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()[1] == '{"text": "bad \\ud800 here"}'


def test_mixed_encodings_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    mixed = tmp_path / "mixed.txt"
    mixed.write_bytes("第一段是UTF-8。\n".encode() + "第二段是GBK编码的文字，用来检查混合编码。\n".encode("gbk"))
    result = runner.invoke(main, ["clean", str(mixed)])
    assert result.exit_code == 1 and str(mixed) in result.stderr


@pytest.mark.slow
def test_fifty_megabyte_single_line(tmp_path: Path) -> None:
    line = ("发展韧性明显增强，" * 6_000_000)[: 50 * 1024 * 1024 // 3]
    path = tmp_path / "long.txt"
    path.write_text(line, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "cleaner", "clean", str(path), "-o", str(tmp_path / "out.txt")],
                          capture_output=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == line + "\n"


def test_nul_characters_after_decoding_are_binary() -> None:
    """Found by the decoder fuzzer: UTF-16 bytes that decode to NUL characters."""
    from cleaner.io import InputError, decode

    with pytest.raises(InputError, match="binary"):
        decode(b"\xff\xfe\x00@\xff\xfd(\x00\x00\x00", "fuzz")


def test_long_run_of_a_doubled_word_is_one_edit() -> None:
    """Found by the engine fuzzer: each pass halved a long run, past the fixed-point limit."""
    result = clean_text("为代表的批" + "制度" * 14)
    assert result.text == "为代表的一批制度\n" and not result.errors


def test_chain_of_broken_paragraphs_joins_in_one_pass() -> None:
    """Found by the engine fuzzer: each join made the next one possible, one pass at a time."""
    text = ("坚持以人民为中心的发展思想，全心全意为民办事、为民造福，不断满足人民群众的新期盼，"
            + "".join(f"\n\n第{n}段没有结束，" for n in range(8)) + "完。")
    result = clean_text(text)
    assert not result.errors and "\n" not in result.text.rstrip("\n")


def test_lexical_edits_that_lengthen_lines_settle_within_the_pass_limit() -> None:
    """Found by the engine fuzzer: 的批 → 的一批 lengthened lines, and each pass let the
    hard-wrap rule join one more; it settles in five passes, under the limit of eight."""
    text = ("为代表的批" * 6 + "“为代表的批（下转第4版）啕啕啕罿罿罿罿（下转第4版） and ，：——\n\n（下转第4版） and ，：——"
            "\n\n发展初性\n\n：——\n\n发展初性\n\n：——\n\n“")
    result = clean_text(text)
    assert not result.errors
    assert clean_text(result.text).text == result.text


def test_chain_of_short_pieces_joins_in_one_pass() -> None:
    """Found by the engine fuzzer: the hard-wrap rule judged each piece of a chain on its own,
    so every pass joined one more; it now judges the paragraph joined so far."""
    text = ("（下转第4版），（下转第4版）为代表的批C:CCi\x1f'C为代表的批\x7fCw\x7f\x7fC\x7f\x7f为代表的批为代表的批为代表的批“"
            "\n\n“\n\n“““，：——观观“(\n\n\n\n制度制度为代表的批\n\n“\n\n“\n\n\n\n\n\n\n\n观观观观观观观观观观观观“““，：——观观“("
            "\n\n\n\n制度制度为代表的批\n\n“\n\n“\n\n\n\n\n\n\x7f\x7f\x7f\x7f\x7f\x7f\x7f\x7f\n\n观观观观观观观观观观观观观观")
    result = clean_text(text)
    assert not result.errors
    assert clean_text(result.text).text == result.text
    # LY22 (scan noise at line edges) takes this garbage apart one edge mark per pass; without it the
    # chain of pieces joins in one pass, as the fix made it.
    assert clean_text(text, Config(disable=frozenset({"LY22"}))).stats.passes <= 3
