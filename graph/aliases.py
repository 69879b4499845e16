"""Instruments the corpus writes in short, joined to the one instrument they are (issue 12).

A citation names what its document says; across the corpus, some of those names are short forms
of an instrument another document names in full:

* a law named without a version (``Luật Đất đai``) is the one version of it the corpus cites
  (``Luật Đất đai|2013``), when it cites one only;
* a number without its year whose citers date it (``28/QĐ-TTG``, stated ``ngày 24/8/2025``) is the
  one number of the corpus with that number, symbol and year (``28/2025/QĐ-TTG``); never one of
  another year.

Such an instrument node keeps its own attributes (its spellings, the documents citing it) and gets
``alias_of``: the graph makes both one entity (``ent``), so cited-by, counts and coverage of the
full instrument include the short citations. Only instruments with no document of their own are
joined. Aliases are decided per *group* (the instruments a short form could be); a full build
decides every group, a re-index the groups of the instruments it touched (``graph.update``).
"""
from __future__ import annotations

import re

from indexer.refs import fold_ref, ref_parts
from indexer.terms import LAW_TYPES

_VERSION_RE = re.compile(r"\|(\d{4})$")


def group_key(node: str) -> str:
    """The group of an instrument id: its number and symbol letters (``n|28|qd ttg``), or its
    folded name without the version (``l|luat dat dai``)."""
    if node[:1].isdigit():
        number, _, letters = ref_parts(node.split("|", 1)[0])
        return f"n|{number}|{' '.join(sorted(letters))}"
    return name_key(_VERSION_RE.sub("", node))


def name_key(name: str) -> str:
    """The group of the instruments named ``name`` (as the resolver's names table folds it)."""
    return "l|" + " ".join(fold_ref(name).split())


def group_keys(node: str, attrs: dict) -> set[str]:
    """Every group of an instrument: its own, and a numbered law's name group (a bare name may be it)."""
    keys = {group_key(node)}
    if attrs.get("ref") and attrs.get("name") and attrs.get("type") in LAW_TYPES:
        keys.add(name_key(attrs["name"]))
    return keys


def _ref_year(attrs: dict) -> int | None:
    year = ref_parts(attrs.get("ref") or "")[1]
    return int(year) if year else None


def group_aliases(key: str, members: dict[str, dict]) -> dict[str, str]:
    """``{short id: full id}`` within the group ``key`` (its members: id → node attributes)."""
    out: dict[str, str] = {}
    free = {n: a for n, a in members.items() if a.get("kind") == "instrument" and not a.get("documents")}
    if key.startswith("n|"):
        full = [(n, _ref_year(a), a.get("type")) for n, a in members.items() if a.get("ref") and _ref_year(a)]
        for n, a in free.items():
            if not a.get("ref") or _ref_year(a) or not a.get("year"):
                continue
            agree = [f for f, y, t in full if y == a["year"] and (t is None or a.get("type") in (None, t))]
            if len(agree) == 1:
                out[n] = agree[0]
        return out
    return _law_aliases(members, free)


def _law_aliases(members: dict[str, dict], free: dict[str, dict]) -> dict[str, str]:
    """In a law's name group: a version is the one number of that year given with the name
    (``Luật Đất đai|2013`` → ``45/2013/QH13``); a bare name is the one law left (a number, or a
    version no number stands for)."""
    out: dict[str, str] = {}
    numbered: dict[int | None, list[str]] = {}
    for n, a in members.items():
        if a.get("ref") and a.get("type") in LAW_TYPES:
            numbered.setdefault(_ref_year(a) or a.get("year"), []).append(n)
    named = {n: a for n, a in free.items() if not a.get("ref") and a.get("type") in LAW_TYPES}
    for n, a in named.items():
        if a.get("year") and len(numbered.get(a["year"], [])) == 1:
            out[n] = numbered[a["year"]][0]
    laws = {n for ns in numbered.values() for n in ns} | {
        n for n, a in members.items() if not a.get("ref") and a.get("year") and a.get("type") in LAW_TYPES
        and n not in out}
    if len(laws) == 1:
        for n, a in named.items():
            if not a.get("year"):
                out[n] = next(iter(laws))
    return out


def all_aliases(instruments: dict[str, dict]) -> dict[str, str]:
    """``{short id: full id}`` over every instrument of a graph (id → attributes)."""
    groups: dict[str, dict[str, dict]] = {}
    for n, a in instruments.items():
        for key in group_keys(n, a):
            groups.setdefault(key, {})[n] = a
    out: dict[str, str] = {}
    for key, members in groups.items():
        if len(members) > 1:
            out.update(group_aliases(key, members))
    return out
