"""A municipality's profile for the decisions text import: reference prefixes, body names, field
labels, table columns, point markers, decision openers, proposal lines, closing words, statuses,
party names and completion words, as data (TOML).

`profile_load(None)` is the built-in default (`decision_profiles/default.toml`, the common Norwegian
forms); `profile_load(path)` reads a municipality's file on top of it: its tables add to (or, with
`replace = true` in the section, replace) the default's. Nothing about one municipality is in code.
"""

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tertial.core.decisions import PointStatus
from tertial.core.errors import DomainError

DEFAULT_PROFILE = Path(__file__).with_name("decision_profiles") / "default.toml"
FIELDS = (
    "reference",
    "title",
    "decision",
    "status",
    "responsible",
    "completion",
    "followup",
    "body",
    "meeting_date",
    "proposer",
    "closed",
)
KINDS = ("interpellasjon", "spørsmål", "verbalforslag", "budsjettforslag", "annet")

PROFILE_UNREADABLE = "Profilen {name} kan ikke leses: {error}"
PROFILE_BAD_VALUE = "Profilen {name}: {where} har en ugyldig verdi ({error})"


@dataclass(frozen=True)
class DecisionProfile:
    name: str
    prefixes: dict[str, str]  # spelling (lower case) → canonical prefix
    prefix_bodies: dict[str, str]  # spelling (lower case) → body
    archive_prefixes: frozenset[str]  # spellings whose «a/b» is the archive's year/sequence
    lead_words: frozenset[str]
    body_names: dict[str, str]  # name (lower case) → body
    body_stems: tuple[str, ...]
    default_body: str
    labels: dict[str, str]  # label (lower case) → field
    columns: dict[str, str]  # column heading (lower case) → field
    numbered: re.Pattern[str]
    lettered: re.Pattern[str]
    roman: re.Pattern[str]
    bullets: tuple[str, ...]
    openers: tuple[str, ...]
    proposal_lines: tuple[str, ...]
    kinds: dict[str, str]
    closing_done: tuple[str, ...]
    closing_future: tuple[str, ...]
    statuses: dict[str, PointStatus]
    parties: dict[str, str]
    continuous_words: tuple[str, ...]
    neutral_prefixes: tuple[str, ...]

    def party(self, text: str) -> str:
        """The party as the profile names it ("R" → "Rødt"); unknown parties as written."""
        clean = " ".join(text.split()).strip(" .,:")
        return self.parties.get(clean.lower(), clean)

    def body(self, text: str) -> str | None:
        """The body a text names, when the whole text is a body name ("Formannskapet",
        "Hovedutvalg for helse og omsorg"); None otherwise."""
        clean = " ".join(text.split()).strip(" .,:")
        low = clean.lower()
        if low in self.body_names:
            return self.body_names[low]
        for stem in self.body_stems:
            if low == stem or (low.startswith(stem + " ") and len(clean.split()) <= 9):
                return clean[0].upper() + clean[1:]
        return None


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        if key == "replace":
            continue
        old = out.get(key)
        if isinstance(value, dict) and isinstance(old, dict):
            out[key] = dict(value) if value.get("replace") else _merge(old, value)
        elif isinstance(value, list) and isinstance(old, list) and not extra.get("replace"):
            out[key] = [*old, *(v for v in value if v not in old)]
        else:
            out[key] = value
    return out


def _lower_map(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict) or not all(isinstance(v, str) for v in raw.values()):
        raise ValueError(f"{where} må være en tabell av tekst")
    return {" ".join(k.lower().split()): v for k, v in raw.items() if k != "replace"}


def _words(raw: Any, where: str) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise ValueError(f"{where} må være en liste av tekst")
    return tuple(raw)


def _field_map(raw: Any, where: str) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where} må være en tabell")
    out: dict[str, str] = {}
    for field, words in raw.items():
        if field == "replace":
            continue
        if field not in FIELDS:
            raise ValueError(f"{where}: ukjent felt «{field}» (kjente: {', '.join(FIELDS)})")
        for word in _words(words, f"{where}.{field}"):
            out[" ".join(word.lower().rstrip(":").split())] = field
    return out


def _build(data: dict[str, Any]) -> DecisionProfile:
    refs = data.get("references", {})
    bodies = data.get("bodies", {})
    points = data.get("points", {})
    decisions = data.get("decisions", {})
    closing = data.get("closing", {})
    completion = data.get("completion", {})
    statuses: dict[str, PointStatus] = {}
    for word, value in _lower_map(data.get("statuses", {}), "[statuses]").items():
        try:
            statuses[word] = PointStatus(value)
        except ValueError:
            known = ", ".join(s.value for s in PointStatus)
            raise ValueError(f"[statuses] «{word}» = «{value}»: ukjent status (kjente: {known})") from None
    kinds = _lower_map(decisions.get("kinds", {}), "[decisions].kinds")
    for word, kind in kinds.items():
        if kind not in KINDS:
            raise ValueError(f"[decisions].kinds «{word}» = «{kind}»: ukjent type (kjente: {', '.join(KINDS)})")
    return DecisionProfile(
        name=str(data.get("name", "")),
        prefixes=_lower_map(refs.get("prefixes", {}), "[references].prefixes"),
        prefix_bodies=_lower_map(refs.get("bodies", {}), "[references].bodies"),
        archive_prefixes=frozenset(w.lower() for w in _words(refs.get("archive", []), "[references].archive")),
        lead_words=frozenset(w.lower() for w in _words(refs.get("lead_words", []), "[references].lead_words")),
        body_names=_lower_map(bodies.get("names", {}), "[bodies].names"),
        body_stems=tuple(s.lower() for s in _words(bodies.get("stems", []), "[bodies].stems")),
        default_body=str(bodies.get("default", "")),
        labels=_field_map(data.get("labels", {}), "[labels]"),
        columns=_field_map(data.get("columns", {}), "[columns]"),
        numbered=re.compile(str(points.get("numbered", r"(?P<n>\d{1,2})[.)]"))),
        lettered=re.compile(str(points.get("lettered", r"(?P<l>[a-zæøå])[).]"))),
        roman=re.compile(str(points.get("roman", r"(?P<r>(?:i{1,3}|iv|vi{0,3}|ix|x))\)"))),
        bullets=_words(points.get("bullets", []), "[points].bullets"),
        openers=_words(decisions.get("openers", []), "[decisions].openers"),
        proposal_lines=tuple(
            w.lower() for w in _words(decisions.get("proposal_lines", []), "[decisions].proposal_lines")
        ),
        kinds=kinds,
        closing_done=tuple(w.lower() for w in _words(closing.get("done", []), "[closing].done")),
        closing_future=tuple(w.lower() for w in _words(closing.get("future", []), "[closing].future")),
        statuses=statuses,
        parties=_lower_map(data.get("parties", {}), "[parties]"),
        continuous_words=tuple(w.lower() for w in _words(completion.get("continuous", []), "[completion].continuous")),
        neutral_prefixes=tuple(
            w.lower() for w in _words(completion.get("neutral_prefixes", []), "[completion].neutral_prefixes")
        ),
    )


@cache
def _default_data() -> dict[str, Any]:
    with DEFAULT_PROFILE.open("rb") as f:
        return tomllib.load(f)


@cache
def _default() -> DecisionProfile:
    return _build(_default_data())


def profile_parse(text: str, *, name: str = "profil") -> DecisionProfile:
    """A profile from TOML text, on top of the default. Raises DomainError naming what is wrong."""
    try:
        extra = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise DomainError(PROFILE_UNREADABLE.format(name=name, error=exc)) from exc
    try:
        return _build(_merge(_default_data(), extra))
    except (ValueError, TypeError, re.error) as exc:
        raise DomainError(PROFILE_BAD_VALUE.format(name=name, where="en verdi", error=exc)) from exc


def profile_load(path: Path | str | None = None) -> DecisionProfile:
    """The default profile, or a municipality's file on top of it."""
    if path is None or str(path) == "":
        return _default()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DomainError(PROFILE_UNREADABLE.format(name=path, error=exc)) from exc
    return profile_parse(text, name=str(path))
