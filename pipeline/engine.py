"""The Typesense copy of the index: a collection per full build behind one alias, updated by
document on a re-index (``VANBAN_BACKEND=typesense``; the searcher's side is
``search_api.typesense_backend``).

vanban keeps what makes its search vanban's: pyvi segmentation, citation extraction, the Whoosh
analyzers that cut text into syllables and shingles (``indexer.schema``). Typesense stores the
resulting tokens as exact-match ``string[]`` fields, so a query tree matches the same documents on
both engines; its own tokenizer, typo tolerance and prefix search are never used (a citation
``19-CT/TU`` must not match ``19-CT/TW`` by one typo, and its default folding is not Vietnamese).

* Every token, id and file name is sent as the hex of its UTF-8 bytes (``encode``; why: there).
* A full build imports every document into a new collection ``<name>_<stamp>``, then moves the
  alias ``<name>`` to it in one call: readers never see a half-built collection. The previous
  collection is dropped after the swap.
* A re-index upserts the documents of changed files stamped with the build's stamp, then deletes
  that files' documents of older stamps (a file that lost a document loses it here too).
* Every build checks the aliased collection holds as many documents as the generation; when it does
  not (first use, a collection dropped by hand, a failed run) the build imports the whole generation
  into a new collection and swaps, instead of patching.
"""
from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import httpx
import orjson
import typesense
from typesense.exceptions import (
    HTTPStatus0Error,
    ObjectNotFound,
    ServerError,
    ServiceUnavailable,
    TypesenseClientError,
)
from typesense.exceptions import Timeout as TypesenseTimeout

from indexer.models import Document
from indexer.schema import make_schema, to_record
from indexer.settings import Settings

logger = logging.getLogger(__name__)

# The token fields of a Typesense record: the Whoosh fields the query tree matches on (``words``,
# pyvi's compounds, only ranks in Whoosh and is left out: no segmentation is needed to publish).
TOKEN_FIELDS = ("self_skel", "cite_basis", "cite_impl", "cite_ment", "relations", "body", "bigrams",
                "title_bigrams", "title_syl")
# The header fields of a record (hex like the tokens): the engine filters, counts facets, sorts and
# pages on them, so a page of a large result set never ships its match set (search_api.engine_pages).
HEADER_STRINGS = ("doc_type", "issuer", "district", "signer")
FACETED = ("doc_type", "issuer", "district", "year")
UNDATED_LAST = 99_999_999  # ``date_asc`` of an undated document: after every date, oldest first
IMPORT_BATCH = 500
SETTLE_S = 30.0
WRITE_PATIENCE_S = 60.0


class EngineError(RuntimeError):
    """The search cluster cannot be reached or refused a write."""


@dataclass(frozen=True)
class EngineConfig:
    """Where the Typesense cluster is: ``host:port`` of each node, the API key, the alias name."""

    nodes: tuple[str, ...]
    api_key: str
    alias: str = "vanban"

    def client(self, timeout_s: float = 10.0) -> typesense.Client:
        """A client that tries the next node when one does not answer (a killed leader)."""
        nodes: list[Any] = []
        for n in self.nodes:
            host, _, port = n.rpartition(":")
            nodes.append({"host": host or "127.0.0.1", "port": int(port), "protocol": "http"})
        return typesense.Client({"nodes": nodes, "api_key": self.api_key, "connection_timeout_seconds": timeout_s,
                                 "num_retries": 4 * len(nodes), "retry_interval_seconds": 0.25,
                                 "healthcheck_interval_seconds": 2})


def collection_schema(name: str) -> Any:
    fields: list[dict[str, Any]] = [{"name": "file", "type": "string"}, {"name": "stamp", "type": "int64"},
                                    {"name": "key", "type": "int64", "facet": True},
                                    {"name": "sid", "type": "string", "sort": True},
                                    {"name": "date", "type": "int32"}, {"name": "date_asc", "type": "int32"},
                                    {"name": "cited", "type": "int32"},
                                    {"name": "year", "type": "int32", "facet": True, "optional": True}]
    fields += [{"name": f, "type": "string", "facet": f in FACETED, "optional": True} for f in HEADER_STRINGS]
    fields += [{"name": f, "type": "string[]", "optional": True} for f in TOKEN_FIELDS]
    return {"name": name, "fields": fields}


def date_number(date: str | None) -> int:
    """An ISO date (``2022``, ``2022-03``, ``2022-03-01``) as ``yyyymmdd`` (missing parts 0; 0 when
    undated): numbers in the order the header columns sort the date strings."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", date or "")
    return int(m[1]) * 10_000 + int(m[2] or 0) * 100 + int(m[3] or 0) if m else 0


def header_fields(doc: Document, cited: int) -> dict[str, Any]:
    """What the engine filters, facets and sorts on: the header, hex-encoded like the tokens."""
    date = date_number(doc.date)
    out: dict[str, Any] = {"sid": encode(doc.id), "date": date, "date_asc": date or UNDATED_LAST, "cited": cited}
    if date:
        out["year"] = date // 10_000
    out.update({f: encode(v) for f in HEADER_STRINGS if (v := getattr(doc, f))})
    return out


class Records:
    """Typesense records of documents, tokens cut by the Whoosh schema's own analyzers."""

    def __init__(self) -> None:
        self.schema = make_schema()

    def tokens(self, field: str, value: str) -> list[str]:
        if not value:
            return []
        return [encode(t) for t in dict.fromkeys(self.schema[field].process_text(value, mode="index"))]

    def record(self, doc: Document, stamp: int, cited: int = 0) -> dict:
        rec = to_record(doc, "")
        out = {"id": encode(doc.id), "file": encode(doc.file), "stamp": stamp, "key": doc_key(doc.id),
               **header_fields(doc, cited)}
        out.update({f: self.tokens(f, rec.get(f, "")) for f in TOKEN_FIELDS})
        return out


def doc_key(doc_id: str) -> int:
    """A document's id as a 64-bit integer: the facet a match set is read from (``key``).

    Reading the ids of a match set by ``export`` parses every matching record from Typesense's disk
    store (2.4 s for 6,867 records of ~20 KB at 10,000 plans); the counts of a facet on ``key``
    come from memory, one value per document."""
    return int.from_bytes(hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).digest(), "big", signed=True)


def encode(value: str) -> str:
    """A value as Typesense holds it: its UTF-8 bytes in hex.

    Typesense 0.24 does not keep Vietnamese strings exactly, measured on 10,000 generated plans:
    an exact filter ``bigrams:=[`toàn_giao`]`` matched a record holding only ``toán_giao``, and
    one record of an import arrived with ``ngân_sách`` stored as ``ngn_sách`` (a two-byte letter
    lost in the import body). Hex is ASCII: every token, id and file name is kept and compared
    byte for byte, and no value can hold the filter's backtick."""
    return value.encode("utf-8").hex()


def decode(value: str) -> str:
    return bytes.fromhex(value).decode("utf-8")


def quoted(values: Iterable[str]) -> str:
    """A filter list of exact values, encoded: ``[`6162`,`6364`]`` for ``ab``, ``cd``."""
    return "[" + ",".join(f"`{encode(v)}`" for v in values) + "]"


class Engine:
    """The collections of one alias on one cluster."""

    def __init__(self, config: EngineConfig, timeout_s: float = 30.0,
                  progress: Callable[[str, int, int], None] | None = None):
        self.config = config
        self.client = config.client(timeout_s)
        self.progress = progress or (lambda stage, done, total: None)

    def patiently(self, write: Callable[[], Any]) -> Any:
        """Run an idempotent write (an upsert, a delete by filter), again while the cluster has no
        leader: a follower answers a forwarded write with a broken status line until a new leader
        is elected (Typesense 0.24), and the client's own retries give up within seconds."""
        end = time.monotonic() + WRITE_PATIENCE_S
        while True:
            try:
                return write()
            except (httpx.HTTPError, ServerError, ServiceUnavailable, HTTPStatus0Error, TypesenseTimeout) as e:
                if time.monotonic() > end:
                    raise EngineError(f"no Typesense node took the write for {WRITE_PATIENCE_S:g} s: {e}") from e
                logger.warning("typesense: write failed (%s), retrying while a leader is elected", e)
                time.sleep(0.5)

    def current(self) -> str | None:
        """The collection the alias points at, if any."""
        try:
            return self.client.aliases[self.config.alias].retrieve()["collection_name"]
        except ObjectNotFound:
            return None

    def count(self, collection: str | None = None) -> int | None:
        """Documents in ``collection`` (default: the aliased one), as the node asked sees it."""
        try:
            return int(self.client.collections[collection or self.config.alias].retrieve()["num_documents"])
        except ObjectNotFound:
            return None

    def settled_count(self, expected: int, timeout_s: float = SETTLE_S) -> int | None:
        """The count once every node has applied the last writes: followers apply them a moment
        after the leader, so read until as many reads in a row (the client goes round the nodes)
        agree with ``expected``, or the time is up (then the last count read)."""
        end, agree, got = time.monotonic() + timeout_s, 0, None
        while time.monotonic() < end:
            got = self.count()
            agree = agree + 1 if got == expected else 0
            if agree >= len(self.config.nodes):
                break
            time.sleep(0.05 if agree else 0.2)
        return got

    def import_documents(self, collection: str, docs: Iterable[Document], stamp: int, total: int = 0,
                         cited: Mapping[str, int] | None = None) -> int:
        """Upsert ``docs`` in batches; every refused record is an error naming the document.

        The next batch's records are built (Python, ~5 ms a document) while the engine indexes
        the last one (a wait on HTTP): the two overlap instead of taking turns."""
        records, n, cited = Records(), 0, cited or {}

        def lines(batch: list[Document]) -> str:
            return b"\n".join(orjson.dumps(records.record(d, stamp, cited.get(d.id, 0))) for d in batch).decode()

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="typesense-import") as pool:
            batches = _batches(docs, IMPORT_BATCH)
            batch = next(batches, None)
            pending = pool.submit(lines, batch) if batch else None
            while batch is not None and pending is not None:
                body = pending.result()
                upcoming = next(batches, None)
                pending = pool.submit(lines, upcoming) if upcoming else None
                n += self._import(collection, batch, body, "upsert")
                self.progress("typesense", n, max(n, total))
                batch = upcoming
        return n

    def _import(self, collection: str, batch: list, lines: str, action: str) -> int:
        out = self.patiently(partial(self.client.collections[collection].documents.import_, lines, {"action": action}))
        bad = [(getattr(d, "id", d), r) for d, r in zip(batch, _results(out)) if not r.get("success")]
        if bad:
            raise EngineError(f"Typesense refused {len(bad)} documents, first {bad[0][0]}: {bad[0][1].get('error')}")
        return len(batch)

    def schema_ok(self, collection: str | None = None) -> bool:
        """Whether the collection has every field of ``collection_schema`` (a collection of an
        older vanban lacks the header fields: it is imported again, whole)."""
        try:
            have = {f["name"] for f in self.client.collections[collection or self.config.alias].retrieve()["fields"]}
        except ObjectNotFound:
            return False
        return {f["name"] for f in collection_schema("x")["fields"]} <= have

    def publish_full(self, docs: Iterable[Document], stamp: int, total: int = 0,
                     cited: Mapping[str, int] | None = None) -> str:
        """Import ``docs`` into a new collection, then point the alias at it and drop the old one."""
        name = f"{self.config.alias}_{stamp}"
        old = self.current()
        try:
            self.client.collections[name].delete()
        except ObjectNotFound:
            pass
        self.client.collections.create(collection_schema(name))
        n = self.import_documents(name, docs, stamp, total, cited)
        self.client.aliases.upsert(self.config.alias, {"collection_name": name})
        logger.info("typesense: %d documents in %s, alias %s swapped from %s", n, name, self.config.alias, old)
        for c in self.client.collections.retrieve():  # the previous one, and leftovers of failed runs
            if re.fullmatch(rf"{re.escape(self.config.alias)}_\d+", c["name"]) and c["name"] != name:
                try:
                    self.client.collections[c["name"]].delete()
                except ObjectNotFound:
                    pass
        return name

    def update(self, docs: list[Document], files: Iterable[str], stamp: int,
               cited: Mapping[str, int] | None = None, cited_before: Mapping[str, int] | None = None) -> None:
        """Upsert ``docs`` (stamped ``stamp``), then drop what ``files`` held before this stamp;
        then set ``cited`` on the other documents whose count changed (a new plan citing them).
        ``cited``: every document of the new generation → its count; ``cited_before``: the last's."""
        name = self.current()
        assert name is not None
        cited, before = cited or {}, cited_before or {}
        self.import_documents(name, docs, stamp, len(docs), cited)
        files = sorted(set(files))
        for i in range(0, len(files), 100):
            flt = f"file:={quoted(files[i:i + 100])} && stamp:<{stamp}"
            self.patiently(partial(self.client.collections[name].documents.delete, {"filter_by": flt}))
        read = {d.id for d in docs}
        moved = sorted(i for i, n in cited.items() if n != before.get(i, 0) and i not in read)
        for i in range(0, len(moved), IMPORT_BATCH):
            batch = moved[i:i + IMPORT_BATCH]
            lines = "\n".join(orjson.dumps({"id": encode(d), "cited": cited.get(d, 0)}).decode() for d in batch)
            self._import(name, batch, lines, "update")


def sync(config: EngineConfig, expected: int, every_document: Callable[[], Iterable[Document]], *,
         changed: tuple[list[Document], list[str]] | None = None, previous: int | None = None,
         cited: Mapping[str, int] | None = None, cited_before: Mapping[str, int] | None = None,
         progress: Callable[[str, int, int], None] | None = None) -> str:
    """Bring the cluster to the new generation of ``expected`` documents: by document when
    ``changed`` (documents read, files changed or gone) applies to a collection that holds the
    previous generation's ``previous`` documents, else whole (``every_document()``). ``cited``:
    each document's cited-by count in the new generation (``cited_before``: in the previous), the
    order of the ``cited`` sort. Returns ``updated``, ``rebuilt`` or ``unchanged``; the count is
    checked after either way."""
    engine = Engine(config, progress=progress)
    stamp = time.time_ns() // 1000
    try:
        held = engine.count()
        if held is not None and held == previous and changed is not None and engine.schema_ok():
            if changed[0] or changed[1]:
                engine.update(changed[0], changed[1], stamp, cited, cited_before)
                mode = "updated"
            else:
                mode = "unchanged"
        else:
            engine.publish_full(every_document(), stamp, expected, cited)
            mode = "rebuilt"
        got = engine.settled_count(expected)
    except (TypesenseClientError, OSError, httpx.HTTPError) as e:
        raise EngineError(f"Typesense ({', '.join(config.nodes)}): {e}") from e
    if got != expected and mode != "rebuilt":  # the collection had drifted: import it whole
        return sync(config, expected, every_document, cited=cited, progress=progress)
    if got != expected:
        raise EngineError(f"Typesense holds {got} documents after the import, the index {expected}")
    return mode


def _batches(items: Iterable[Document], n: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for it in items:
        batch.append(it)
        if len(batch) == n:
            yield batch
            batch = []
    if batch:
        yield batch


def _results(out: str | list) -> list[dict]:
    if isinstance(out, list):
        return out
    return [orjson.loads(line) for line in out.splitlines() if line.strip()]


def engine_config(settings: Settings) -> EngineConfig | None:
    """The cluster the settings select (``VANBAN_BACKEND=typesense``), or None for Whoosh alone."""
    if settings.backend != "typesense":
        return None
    return EngineConfig(settings.typesense_nodes, settings.typesense_api_key, settings.typesense_collection)
