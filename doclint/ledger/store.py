"""Ledger operations: record a review round, documents in force, status history, queries."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, func, insert, or_, select, update

from doclint.ledger import dedup
from doclint.ledger.db import LedgerError, lock_writers, open_engine
from doclint.ledger.schema import documents, findings, history, lsh_bands, materials, provisions, reviews

STATUSES = ("收文", "审核中", "已出具意见", "已采纳", "退回", "已办结")
OPEN_STATUSES = ("收文", "审核中")
ACCEPTED_STATUSES = ("已采纳", "已办结")


def now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def who(given: str | None = None) -> str:
    if given:
        return given
    import getpass

    try:
        return os.environ.get("DOCLINT_USER") or getpass.getuser()
    except Exception:
        return "未知"


def sha256_of(path: Path) -> tuple[str, int]:
    h = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
            size += len(block)
    return h.hexdigest(), size


def series_key(title: str, unit: str | None) -> str:
    t = re.sub(r"[\s\u3000]+", "", title)
    t = re.sub(r"[（(](送审稿|征求意见稿|草案|修改稿|修订稿|代拟稿)[)）]", "", t)
    return f"{t}|{(unit or '').strip()}"[:400]


class Ledger:
    """An open ledger (SQLite file or PostgreSQL database)."""

    def __init__(self, target: str):
        self.target = target
        self.engine = open_engine(target)

    def close(self) -> None:
        self.engine.dispose()

    # -- provisions ------------------------------------------------------------------
    @staticmethod
    def _index(conn, items: list[dedup.Indexed], document_id=None, review_id=None) -> int:
        if not items:
            return 0
        rows = [{"document_id": document_id, "review_id": review_id, "seq": p.seq, "section": p.section,
                 "text": p.text, "minhash": dedup.signature(p.text)} for p in items]
        ids = conn.execute(insert(provisions).returning(provisions.c.id, sort_by_parameter_order=True), rows).scalars().all()
        bands = [{"key": k, "provision_id": pid} for pid, r in zip(ids, rows) for k in dedup.band_keys(r["minhash"])]
        conn.execute(insert(lsh_bands), bands)
        return len(ids)

    # -- reviews ---------------------------------------------------------------------
    def add_review(self, review, reviewer: str, status: str | None = None, pause_hook=None,
                   report: dict | None = None, upload: bytes | None = None) -> dict:
        """Record one review round (doclint.review.Review) in one transaction.  `report` (the
        review JSON with the files' texts) and `upload` (the file as sent) are kept when given,
        so that the review can be opened again (doclint serve).  The result's ``finding_ids``
        are the ledger ids of the findings in report order (file by file, each file's findings
        in order)."""
        from doclint.document import Document
        from doclint.source import Source
        from doclint.formatters import opinion_md

        pkg, facts = review.package, review.facts
        status = status or ("已出具意见" if pkg.completed else "审核中")
        if status not in STATUSES:
            raise LedgerError(f"状态应为 {'、'.join(STATUSES)} 之一，而不是“{status}”")
        mats = []
        for m in pkg.materials:
            digest, size = sha256_of(m.path)
            mats.append({"kind": m.kind, "name": facts.rel(m.path), "sha256": digest, "size": size})
        if pkg.manifest is not None and pkg.manifest.exists():
            digest, size = sha256_of(pkg.manifest)
            mats.append({"kind": "manifest", "name": pkg.manifest.name, "sha256": digest, "size": size})
        # provisions of the drafts, and the provision each finding lies in
        draft_items: list[dedup.Indexed] = []
        clause_of: dict[tuple[str, int], str] = {}
        for fr in facts.drafts:
            if fr.text is None:
                continue
            doc = Document(Source(path=fr.path, text=fr.text, kind="txt"))
            items = dedup.indexed_provisions(doc)
            draft_items.extend(items)
            for f in fr.findings:
                hit = next((p for p in items if p.start <= f.offset < max(p.end, p.start + 1)), None)
                clause_of[(fr.path, f.offset)] = hit.text if hit else f.excerpt
        found = [{"path": facts.rel(Path(fr.path)) if fr is not review.folder_entry else ".", "rule": f.rule,
                  "category": f.category, "severity": f.severity,
                  "clause": clause_of.get((fr.path, f.offset), f.excerpt),
                  "data": json.dumps(f.to_dict(), ensure_ascii=False)}
                 for fr in review.report.files for f in fr.findings]
        period = facts.period
        title = review.title
        doc_number = next((fr.document.get("doc_number") for fr in facts.drafts
                           if fr.document and fr.document.get("doc_number")), None)
        stamp = now()
        row = {
            "title": title, "drafting_unit": pkg.drafting_department, "issuer": pkg.issuer, "level": pkg.level,
            "doc_number": doc_number, "received": pkg.received, "completed": pkg.completed,
            "due": period.latest if period is not None else None,
            "pauses": json.dumps([{"start": p.start.isoformat(), "end": p.end.isoformat(), "reason": p.reason}
                                  for p in pkg.pauses], ensure_ascii=False),
            "emergency": pkg.emergency if isinstance(pkg.emergency, str) else (None if not pkg.emergency else str(pkg.emergency)),
            "conclusion": review.conclusion, "reason": review.reason,
            "opinion": opinion_md.render(review, plain=True), "reviewer": reviewer, "status": status,
            "package_path": str(Path(pkg.folder).resolve()), "created_at": stamp, "updated_at": stamp,
            "report": json.dumps(report, ensure_ascii=False) if report is not None else None, "upload": upload,
        }
        series = series_key(title, pkg.drafting_department)
        with self.engine.begin() as conn:
            lock_writers(conn)
            prev = conn.execute(select(reviews.c.id, reviews.c.round, reviews.c.first_id)
                                .where(reviews.c.series == series).order_by(reviews.c.round.desc()).limit(1)).first()
            row.update(series=series, round=(prev.round + 1) if prev else 1,
                       first_id=(prev.first_id or prev.id) if prev else None, previous_id=prev.id if prev else None)
            rid = conn.execute(insert(reviews).returning(reviews.c.id), row).scalar_one()
            if mats:
                conn.execute(insert(materials), [{**m, "review_id": rid} for m in mats])
            finding_ids = []
            if found:
                finding_ids = conn.execute(insert(findings).returning(findings.c.id, sort_by_parameter_order=True),
                                           [{**f, "review_id": rid} for f in found]).scalars().all()
            if pause_hook:
                pause_hook(rid)
            self._index(conn, draft_items, review_id=rid)
            conn.execute(insert(history), {"review_id": rid, "at": stamp, "who": reviewer, "status_from": None,
                                           "status_to": status, "note": f"登记第{row['round']}轮审核"})
        return {"id": rid, "round": row["round"], "first_id": row["first_id"], "status": status,
                "findings": len(found), "materials": len(mats), "provisions": len(draft_items),
                "finding_ids": list(finding_ids)}

    def set_status(self, rid: int, status: str | None, note: str | None, by: str,
                   accept: tuple[int, ...] = (), reject: tuple[int, ...] = ()) -> dict:
        if status is not None and status not in STATUSES:
            raise LedgerError(f"状态应为 {'、'.join(STATUSES)} 之一，而不是“{status}”")
        with self.engine.begin() as conn:
            cur = conn.execute(select(reviews.c.status).where(reviews.c.id == rid)).scalar_one_or_none()
            if cur is None:
                raise LedgerError(f"台账中没有编号为 {rid} 的审核记录")
            notes = [note] if note else []
            for fid, verdict in [(f, True) for f in accept] + [(f, False) for f in reject]:
                # accepted: a reason given for an earlier rejection no longer holds
                values = {"decision": verdict, **({"reason": None} if verdict else {})}
                n = conn.execute(update(findings).where(and_(findings.c.id == fid, findings.c.review_id == rid))
                                 .values(**values)).rowcount
                if not n:
                    raise LedgerError(f"审核记录 {rid} 没有编号为 {fid} 的问题")
                notes.append(f"问题 {fid} {'采纳' if verdict else '不采纳'}")
            stamp = now()
            if status is not None and status != cur:
                conn.execute(update(reviews).where(reviews.c.id == rid).values(status=status, updated_at=stamp))
            conn.execute(insert(history), {"review_id": rid, "at": stamp, "who": by, "status_from": cur,
                                           "status_to": status if status is not None else cur,
                                           "note": "；".join(notes) or None})
        return {"id": rid, "status_from": cur, "status_to": status or cur}

    def decide(self, rid: int, fid: int, decision: bool | None, reason: str | None, edited: str | None,
               remark: str | None, by: str, note: str) -> None:
        """The reviewer's word on one finding (doclint serve): verdict (True accepted or edited,
        False rejected, None open), why not accepted, the new wording, a remark; with a history
        row saying what was done."""
        with self.engine.begin() as conn:
            cur = conn.execute(select(reviews.c.status).where(reviews.c.id == rid)).scalar_one_or_none()
            if cur is None:
                raise LedgerError(f"台账中没有编号为 {rid} 的审核记录")
            n = conn.execute(update(findings).where(and_(findings.c.id == fid, findings.c.review_id == rid))
                             .values(decision=decision, reason=reason, edited=edited, remark=remark)).rowcount
            if not n:
                raise LedgerError(f"审核记录 {rid} 没有编号为 {fid} 的问题")
            stamp = now()
            conn.execute(update(reviews).where(reviews.c.id == rid).values(updated_at=stamp))
            conn.execute(insert(history), {"review_id": rid, "at": stamp, "who": by, "status_from": cur,
                                           "status_to": cur, "note": note})

    def stored(self, rid: int) -> tuple[dict, bytes] | None:
        """(report, upload) kept with the review, or None when it has none (a row of schema 0001,
        or one added by `doclint ledger add`)."""
        with self.engine.connect() as conn:
            r = conn.execute(select(reviews.c.id, reviews.c.report, reviews.c.upload).where(reviews.c.id == rid)).first()
        if r is None:
            raise LedgerError(f"台账中没有编号为 {rid} 的审核记录")
        if r.report is None or r.upload is None:
            return None
        return json.loads(r.report), bytes(r.upload)

    # every column but the stored report and upload (large), and whether they are there
    _LIGHT = [c for c in reviews.c if c.name not in ("report", "upload")]

    def _light(self):
        return select(*self._LIGHT, reviews.c.upload.is_not(None).label("stored"))

    def review_rows(self, status=None, unit=None, since=None, until=None, conclusion=None) -> list[dict]:
        q = self._light().order_by(reviews.c.id)
        if status:
            q = q.where(reviews.c.status.in_(status))
        if unit:
            q = q.where(reviews.c.drafting_unit.contains(unit))
        if since:
            q = q.where(reviews.c.received >= since)
        if until:
            q = q.where(reviews.c.received <= until)
        if conclusion:
            q = q.where(reviews.c.conclusion.in_(conclusion))
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(q)]
            counts = dict(conn.execute(select(findings.c.review_id, func.count()).group_by(findings.c.review_id)).all())
        for r in rows:
            r["findings"] = counts.get(r["id"], 0)
        return rows

    def review(self, rid: int) -> dict:
        with self.engine.connect() as conn:
            r = conn.execute(self._light().where(reviews.c.id == rid)).first()
            if r is None:
                raise LedgerError(f"台账中没有编号为 {rid} 的审核记录")
            out = dict(r._mapping)
            out["materials"] = [dict(m._mapping) for m in conn.execute(
                select(materials).where(materials.c.review_id == rid).order_by(materials.c.id))]
            out["findings"] = [dict(f._mapping) for f in conn.execute(
                select(findings).where(findings.c.review_id == rid).order_by(findings.c.id))]
            out["history"] = [dict(h._mapping) for h in conn.execute(
                select(history).where(history.c.review_id == rid).order_by(history.c.id))]
            out["rounds"] = [dict(x._mapping) for x in conn.execute(
                select(reviews.c.id, reviews.c.round, reviews.c.status, reviews.c.conclusion, reviews.c.created_at)
                .where(reviews.c.series == out["series"]).order_by(reviews.c.round))]
        return out

    # -- documents in force ----------------------------------------------------------
    def register(self, path: Path, fields: dict, by: str) -> tuple[str, int]:
        """Record a published document; ('added'|'updated'|'same', id)."""
        from doclint.document import Document
        from doclint.readers import read_path

        source = read_path(str(path))
        doc = Document(source)
        digest, _size = sha256_of(path)
        items = dedup.indexed_provisions(doc)
        row = {**fields, "path": str(path.resolve()), "sha256": digest, "registered_at": now(),
               "registered_by": by, "repealed": False}
        with self.engine.begin() as conn:
            same = conn.execute(select(documents.c.id).where(documents.c.sha256 == digest)).scalar_one_or_none()
            if same is not None:
                return "same", same
            old = None
            if row.get("doc_number"):
                old = conn.execute(select(documents.c.id).where(documents.c.doc_number == row["doc_number"])).scalar_one_or_none()
            if old is not None:
                conn.execute(documents.delete().where(documents.c.id == old))
                conn.execute(lsh_bands.delete().where(lsh_bands.c.provision_id.in_(
                    select(provisions.c.id).where(provisions.c.document_id == old))))
                conn.execute(provisions.delete().where(provisions.c.document_id == old))
            did = conn.execute(insert(documents).returning(documents.c.id), row).scalar_one()
            self._index(conn, items, document_id=did)
        return ("updated" if old is not None else "added"), did

    def document_rows(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(select(documents).order_by(documents.c.id))]

    def expiring(self, today: dt.date, days: int) -> list[dict]:
        limit = today + dt.timedelta(days=days)
        with self.engine.connect() as conn:
            rows = conn.execute(select(documents).where(and_(documents.c.expires.is_not(None),
                                                             documents.c.expires <= limit,
                                                             documents.c.repealed.is_(False)))
                                .order_by(documents.c.expires)).all()
        return [dict(r._mapping) for r in rows]

    # -- search ------------------------------------------------------------------------
    def search(self, texts: list[str], today: dt.date | None = None) -> list[list["Match"]]:
        """For each provision text, the registered provisions in force at least REPORT similar."""
        today = today or dt.date.today()
        sigs = [dedup.signature(t) for t in texts]
        keys: dict[int, set[int]] = {}
        for i, s in enumerate(sigs):
            for k in dedup.band_keys(s):
                keys.setdefault(k, set()).add(i)
        cands: dict[int, set[int]] = {}
        with self.engine.connect() as conn:
            allkeys = list(keys)
            for j in range(0, len(allkeys), 900):
                for k, pid in conn.execute(select(lsh_bands.c.key, lsh_bands.c.provision_id)
                                           .where(lsh_bands.c.key.in_(allkeys[j:j + 900]))):
                    for i in keys[k]:
                        cands.setdefault(i, set()).add(pid)
            pids = sorted({p for s in cands.values() for p in s})
            info: dict[int, tuple] = {}
            for j in range(0, len(pids), 900):
                q = (select(provisions.c.id, provisions.c.text, provisions.c.section, documents.c.id.label("did"),
                            documents.c.doc_number, documents.c.title)
                     .join(documents, documents.c.id == provisions.c.document_id)
                     .where(provisions.c.id.in_(pids[j:j + 900]))
                     .where(documents.c.repealed.is_(False))
                     .where(or_(documents.c.expires.is_(None), documents.c.expires >= today)))
                for r in conn.execute(q):
                    info[r.id] = r
        out: list[list[Match]] = []
        for i, t in enumerate(texts):
            mine = dedup.shingles(t)
            found = []
            for pid in cands.get(i, ()):
                r = info.get(pid)
                if r is None:
                    continue
                sim = dedup.jaccard(mine, dedup.shingles(r.text))
                if sim >= dedup.REPORT:
                    found.append(Match(r.did, r.doc_number, r.title, r.section, r.text, sim,
                                       dedup.difference(t, r.text)))
            found.sort(key=lambda m: -m.similarity)
            out.append(found)
        return out

    # -- for the learned model -------------------------------------------------------
    def decisions(self) -> list[tuple[str, str, bool]]:
        q = (select(findings.c.clause, findings.c.category, findings.c.decision, reviews.c.status)
             .join(reviews, reviews.c.id == findings.c.review_id).order_by(findings.c.id))
        out = []
        with self.engine.connect() as conn:
            for clause, category, decision, status in conn.execute(q):
                if decision is None and status in ACCEPTED_STATUSES:
                    decision = True
                if decision is not None and clause:
                    out.append((clause, category, bool(decision)))
        return out


@dataclass
class Match:
    document_id: int
    doc_number: str | None
    title: str
    section: str | None
    text: str
    similarity: float
    difference: str | None


# --- fields of a published document ------------------------------------------------

_DATE = r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
_CN_YEARS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _d(m) -> dt.date | None:
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def published_fields(path: Path) -> dict:
    """文号, issuer, title, 成文日期 (doclint.structure), 施行日期 and 有效期 from the text."""
    from doclint.document import Document
    from doclint.linter import document_fields
    from doclint.readers import read_path

    source = read_path(str(path))
    f = document_fields(Document(source))
    text = source.text
    written = dt.date.fromisoformat(f["date"]) if f.get("date") else None
    effective = None
    m = re.search(r"自\s*" + _DATE + r"\s*起(?:施行|实施|执行|生效)", text)
    if m:
        effective = _d(m)
    elif re.search(r"自(?:印发|发布|公布)之日起(?:施行|实施|执行|生效)", text):
        effective = written
    expires = None
    m = re.search(r"有效期(?:至|到)\s*" + _DATE, text)
    if m:
        expires = _d(m)
    else:
        m = re.search(r"有效期(?:为)?\s*([0-9]+|[一二两三四五六七八九十])\s*年", text)
        start = effective or written
        if m and start:
            n = int(m.group(1)) if m.group(1).isdigit() else _CN_YEARS[m.group(1)]
            try:
                expires = start.replace(year=start.year + n) - dt.timedelta(days=1)
            except ValueError:  # 29 February
                expires = start.replace(year=start.year + n, day=28)
    return {"doc_number": f.get("doc_number"), "issuer": f.get("issuer"), "title": f.get("title") or path.stem,
            "written": written, "effective": effective, "expires": expires}


def decisions(db: str) -> list[tuple[str, str, bool]]:
    """(clause_text, category, accepted) for every finding with a verdict: the reviewer's own
    (ledger set --accept/--reject), else True for findings of a review whose opinion was
    adopted (已采纳/已办结).  For `doclint train --from-ledger DB`."""
    ledger = Ledger(db)
    try:
        return ledger.decisions()
    finally:
        ledger.close()
