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

LAW_TYPES = ("Luật", "Bộ luật", "Pháp lệnh")
_VERSION_RE = re.compile(r"\|(\d{4})$")


def group_key(node: str) -> str:
    """The group of an instrument id: its number and symbol letters (``n|28|qd ttg``), or its
    folded name without the version (``l|luat dat dai``)."""
    if node[:1].isdigit():
        number, _, letters = ref_parts(node.split("|", 1)[0])
        return f"n|{number}|{' '.join(sorted(letters))}"
    return "l|" + " ".join(fold_ref(_VERSION_RE.sub("", node)).split())


def _ref_year(attrs: dict) -> int | None:
    year = ref_parts(attrs.get("ref") or "")[1]
    return int(year) if year else None


def group_aliases(members: dict[str, dict]) -> dict[str, str]:
    """``{short id: full id}`` within one group (id → node attributes)."""
    out: dict[str, str] = {}
    free = {n: a for n, a in members.items() if a.get("kind") == "instrument" and not a.get("documents")}
    if any(n[:1].isdigit() for n in members):
        full = [(n, _ref_year(a), a.get("type")) for n, a in members.items() if a.get("ref") and _ref_year(a)]
        for n, a in free.items():
            if not a.get("ref") or _ref_year(a) or not a.get("year"):
                continue
            agree = [f for f, y, t in full if y == a["year"] and (t is None or a.get("type") in (None, t))]
            if len(agree) == 1:
                out[n] = agree[0]
        return out
    versions = [n for n, a in members.items() if a.get("year") and a.get("type") in LAW_TYPES and not a.get("ref")]
    if len(versions) == 1:
        for n, a in free.items():
            if not a.get("year") and not a.get("ref") and a.get("type") in LAW_TYPES:
                out[n] = versions[0]
    return out


def all_aliases(instruments: dict[str, dict]) -> dict[str, str]:
    """``{short id: full id}`` over every instrument of a graph (id → attributes)."""
    groups: dict[str, dict[str, dict]] = {}
    for n, a in instruments.items():
        groups.setdefault(group_key(n), {})[n] = a
    out: dict[str, str] = {}
    for members in groups.values():
        if len(members) > 1:
            out.update(group_aliases(members))
    return out
