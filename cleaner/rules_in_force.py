"""Which rules run for a :class:`~cleaner.config.Config`, and with which parameters.

The profile's packs and the config's own packs are loaded; an opt-in rule (the OpenCC
conversion) runs only when the config asks for it; the language model decides between the
rules that need it and those it replaces; a rule's ``paragraphs_<layout>`` parameters apply for
that layout, and its ``scope`` keeps it to texts that hold that end of a document. A document
turns rules off for itself with ``# cleaner: disable=CODE,...`` lines.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from cleaner.config import Config
from cleaner.kinds import KINDS
from cleaner.rules import STAGES, Rule, RuleError, load_pack, load_profile

DISABLE_LINE = re.compile(r"^#\s*cleaner:\s*disable\s*=\s*([A-Za-z0-9, ]+?)\s*$", re.M)


def document_disables(text: str) -> frozenset[str]:
    """Rule codes a document turns off for itself with ``# cleaner: disable=CODE,...`` lines.

    >>> sorted(document_disables("# cleaner: disable=LX02, CH01\\n正文"))
    ['CH01', 'LX02']
    """
    if "cleaner:" not in text:
        return frozenset()
    return frozenset(c.strip().upper() for m in DISABLE_LINE.finditer(text) for c in m.group(1).split(",") if c.strip())


def profile_rules(config: Config) -> tuple[list[Rule], tuple[str, ...], str]:
    """The rules of the config's profile and packs as the config wants them, the profile's
    stages in order, and its name."""
    profile = load_profile(config.profile)
    rules: list[Rule] = []
    for pack in [*profile.packs, *config.rules]:
        rules.extend(load_pack(Path(pack)))
    rules = [r for r in (opt_in(r, config) for r in rules) if r is not None]
    rules = model_rules_in_force(rules)
    if config.channel:
        rules = [with_channel(r, config.channel) for r in rules]
    return rules, tuple(profile.stages), profile.name


def active_rules(rules: list[Rule], config: Config, stages: tuple[str, ...] = STAGES) -> list[Rule]:
    """The rules that run, in stage order (pack order within a stage), with the parameters of
    the config's layout. ``rules`` must not repeat a code; ``config.disable`` must name only
    rules among them."""
    seen: dict[str, Rule] = {}
    for rule in rules:
        if rule.code in seen:
            raise RuleError(f"{rule.where}: rule {rule.code}: code already used at {seen[rule.code].where}")
        seen[rule.code] = rule
    unknown = sorted(set(config.disable) - set(seen))
    if unknown:
        raise RuleError(f"unknown rule code(s) to disable: {', '.join(unknown)}")
    order = {stage: n for n, stage in enumerate(stages)}
    active = [for_layout(r, config.layout) for r in rules if r.code not in config.disable and r.stage in order]
    active = [r for r in active if in_force(r, config.text_edges)]
    active.sort(key=lambda r: order[r.stage])  # stable: pack order within a stage
    return active


def opt_in(rule: Rule, config: Config) -> Rule | None:
    """An opt-in rule of the profile as the config wants it, or None when it is off.
    (Rules given explicitly, as in rule tests, run as written.)"""
    if rule.params.get("opt_in") != "convert":
        return rule
    if config.convert is None:
        return None
    return dataclasses.replace(rule, params={**rule.params, "convert": config.convert})


def with_channel(rule: Rule, tables: tuple[Path, ...]) -> Rule:
    """The look-alike rule with a user's channel tables added to its own."""
    if rule.params.get("channel") != "lookalike":
        return rule
    own = list(rule.params.get("channel_tables", ()))
    return dataclasses.replace(rule, params={**rule.params, "channel_tables": [*own, *map(str, tables)]})


def model_rules_in_force(rules: list[Rule]) -> list[Rule]:
    """The profile's rules as the language model allows: with a model, the rules it replaces
    (``without_model = true``) are off; without one, the rules that need it are off, and
    one line on stderr says so and how to install it."""
    from cleaner.model.lm import default_model, warn_missing

    needs = [r for r in rules if getattr(KINDS.get(r.kind), "requires_model", False)]
    if not needs:
        return rules
    if default_model() is not None:
        return [r for r in rules if not r.params.get("without_model")]
    warn_missing([r.code for r in needs])
    return [r for r in rules if r not in needs]


def trust_above(rule: Rule) -> float:
    """A rule's ``trust_above``: the OCR confidence at or over which its guesses (suspects and
    unsafe edits) are not made, the engine's reading being more likely than the guess."""
    value = rule.params["trust_above"]
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise RuleError(f"{rule.where}: rule {rule.code}: field 'trust_above' must be a confidence in (0, 1]")
    return float(value)


def in_force(rule: Rule, edges: tuple[str, ...]) -> bool:
    """Is the rule on for this layout and these edges? (``enabled = false`` in a ``paragraphs_<layout>``
    table turns it off for that layout; ``scope = "start"`` or ``"end"`` keeps it to texts that hold
    that end of a document: not a JSONL record, not an inner chunk of a streamed file.)"""
    scope = rule.params.get("scope")
    return rule.params.get("enabled", True) is not False and (scope is None or scope in edges)


def for_layout(rule: Rule, paragraphs: str) -> Rule:
    """The rule with its ``paragraphs_<layout>`` parameters (e.g. ``paragraphs_line``) in force."""
    override = rule.params.get(f"paragraphs_{paragraphs}")
    if not isinstance(override, dict):
        return rule
    return dataclasses.replace(rule, params={**rule.params, **override})
