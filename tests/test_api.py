"""The Python API: Config checks and normalises its arguments with clear messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner import Config, clean_text


@pytest.mark.parametrize("disable", [{"LY14"}, ["LY14"], ("LY14",), "LY14", frozenset({"LY14"}), iter(["ly14"])])
def test_disable_takes_any_iterable(disable: Any) -> None:
    config = Config(disable=disable)
    assert config.disable == frozenset({"LY14"})
    hash(config)
    assert clean_text("正文。", config).text == "正文。"


@pytest.mark.parametrize("rules", ["my.toml", Path("my.toml"), ["my.toml"], (Path("my.toml"),)])
def test_rules_take_a_path_or_paths(rules: Any) -> None:
    assert Config(rules=rules).rules == (Path("my.toml"),)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"convert": "xx"}, "convert must be one of"),
    ({"paragraphs": "double"}, "paragraphs must be one of"),
    ({"unit": "page"}, "unit must be one of"),
    ({"disable": 5}, "disable must be rule codes"),
    ({"rules": 5}, "rules must be a path"),
    ({"max_passes": 0}, "max_passes must be a positive integer"),
    ({"reject": [("LX05", 1)]}, "reject must hold"),
])
def test_bad_arguments_are_clear_errors(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Config(**kwargs)


def test_protect_takes_any_iterable() -> None:
    assert Config(protect=["类烦"]).protect == frozenset({"类烦"})  # type: ignore[arg-type]


def test_the_public_api_is_exported() -> None:
    for name in ("clean_text", "clean_file", "Config", "CleanResult", "Decoded", "Edit", "Suspect", "apply_edits",
                 "InputError", "RuleError", "Cleaner"):
        assert name in cleaner.__all__ and hasattr(cleaner, name)


def test_clean_file_returns_decoded_and_result(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes("发展初性明显增强，市场活力持续释放。".encode("gbk"))
    decoded, result = cleaner.clean_file(path)
    assert isinstance(decoded, cleaner.Decoded) and decoded.encoding in ("gbk", "gb18030", "cp936")
    assert result.text == "发展韧性明显增强，市场活力持续释放。\n"


@pytest.mark.parametrize("edges", [("start",), (), ("end",)])
def test_a_cleaner_for_a_texts_edges_takes_the_documents_rules(edges: tuple[str, ...], sample_text: str) -> None:
    from dataclasses import replace

    from cleaner.api import get_cleaner
    from cleaner.pipeline import Cleaner

    document = get_cleaner(Config())
    config = replace(Config(), edges=edges)
    shared, fresh = get_cleaner(config), Cleaner(config)
    assert all(shared.matchers[code] is document.matchers[code] for code in shared.matchers)
    assert (shared.rules, shared.profile, shared.rules_hash) == (fresh.rules, fresh.profile, fresh.rules_hash)
    text = "\n\n" + sample_text[:6000] + "\n\n\n"
    assert shared.clean(text) == fresh.clean(text)
