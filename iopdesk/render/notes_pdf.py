"""A client's notes as a PDF: QTextDocument laid out page by page onto a QPdfWriter, US Letter.

No widget is needed (the command line uses this with an offscreen
QGuiApplication): the notes are HTML in a QTextDocument whose page size is the
body of a page; each page is drawn with a header naming the client and a
footer carrying the 42 CFR Part 2 notice (a printout is a disclosure, so the
notice is on every page) and the page number.

A signed note prints what it documented when it was signed (the session's time
and facilitators then, kept with the seal), not what the session says now; a
member's part prints their own time at the session (arrived 10:45 at a
09:00–12:00 group: attended 10:45–12:00, 75 min).
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication, QIODevice

from iopdesk.domain.kernel import clock, vocab
from iopdesk.domain.notes import ChartEntry, NoteView, PrintPacket, part_fields, template_for
from iopdesk.domain.notes.body import TemplateDef
from iopdesk.render.pages import day_text as _day
from iopdesk.render.pages import ensure_gui_application, prepared_text, site_when, write_html_pdf
from iopdesk.render.text import time_range

__all__ = ["ensure_gui_application", "member_time_text", "notes_html", "write_notes_pdf"]


def tr(text: str) -> str:
    return QCoreApplication.translate("notes_pdf", text)


def _when(moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    """The site's clock with its zone named, as on screen: "March 4, 2025 at 10:16 am EST"."""
    return site_when(moment, zone) if moment is not None else ""


def _signed(with_time: str, without_time: str, name: str, moment: dt.datetime | None, zone: dt.tzinfo) -> str:
    # A signature without a recorded time (data older than issue 19) says so, never "on ;".
    if moment is None:
        return without_time.format(name=name)
    return with_time.format(name=name, when=_when(moment, zone))


def _text(value: str) -> str:
    return html.escape(value).replace("\n", "<br>")


def _fields(note: NoteView, template: TemplateDef) -> str:
    rows = []
    for field in part_fields(template, note.is_shared, dict(note.body)):
        text = note.body.get(field.key, "").strip()
        rows.append(
            f"<tr><td class='label' width='30%'>{html.escape(field.label)}</td>"
            f"<td>{_text(text) if text else '<span class=empty>—</span>'}</td></tr>"
        )
    return "<table class='fields' width='100%' cellspacing='0' cellpadding='4'>" + "".join(rows) + "</table>"


def _seal(note: NoteView, zone: dt.tzinfo) -> str:
    signer = note.signed_by_name or note.author_name  # a signature always names its signer
    if note.status == "signed":
        text = _signed(
            tr("Electronically signed by {name} on {when}."),
            tr("Electronically signed by {name} (the time was not recorded)."),
            signer, note.signed_at, zone,
        )
        if note.cosigned_by_name:
            text += " " + _signed(
                tr("Co-signed by {name} on {when}."),
                tr("Co-signed by {name} (the time was not recorded)."),
                note.cosigned_by_name, note.cosigned_at, zone,
            )
        css = "signed"
    elif note.status == "pending_cosign":
        text = _signed(
            tr("Signed by {name} on {when}; NOT FINAL: awaiting a supervisor's co-signature."),
            tr("Signed by {name} (time not recorded); NOT FINAL: awaiting a supervisor's co-signature."),
            signer, note.signed_at, zone,
        )
        css = "unsigned"
    else:
        text = tr("UNSIGNED {status}: this text may still change.").format(
            status=tr(vocab.NOTE_STATUSES.get(note.status, note.status)).upper()
        )
        css = "unsigned"
    out = f"<p class='{css}'>{html.escape(text)}"
    if note.content_hash:
        out += "<br><span class='hash'>" + html.escape(
            tr("Seal (SHA-256): {hash}").format(hash=note.content_hash)
        )
        out += "</span>"
    return out + "</p>"


def _addenda(note: NoteView, zone: dt.tzinfo) -> str:
    out = []
    for a in note.addenda:
        head = tr("Addendum by {name}, signed {when}").format(
            name=a.author_name, when=_when(a.signed_at, zone)
        )
        out.append(
            f"<p class='addendum'><b>{html.escape(head)}</b><br>{_text(a.text)}"
            f"<br><span class='hash'>{html.escape(tr('Seal (SHA-256): {hash}').format(hash=a.content_hash))}"
            "</span></p>"
        )
    return "".join(out)


def member_time_text(note: NoteView) -> str:
    """The member's own time at the session, as the note documents it ("" for the shared part)."""
    if note.member_time is None:
        return ""
    return tr("This client's time: {time}").format(time=note.member_time.text())


def _entry(entry: ChartEntry) -> str:
    h = entry.session
    note = entry.note
    zone = clock.site_zone(h.site_id)
    template = template_for(note.note_format)
    documented = note.documented
    modality = documented.modality if documented is not None and documented.modality else h.modality
    topic = documented.topic if documented is not None else h.topic
    facilitators = note.facilitators(h)
    facts = [
        time_range(*note.times(h)),
        tr(vocab.MODALITIES.get(modality, modality)),
        note.note_format,
    ]
    if facilitators:
        facts.append(tr("Facilitators: {names}").format(names=", ".join(facilitators)))
    if topic:
        facts.append(tr("Topic: {topic}").format(topic=topic))
    out = [
        f"<h2>{html.escape(_day(h.date))} — {html.escape(h.title)}</h2>",
        f"<p class='facts'>{html.escape(' · '.join(facts))}</p>",
    ]
    own = member_time_text(note)
    if own:
        out.append(f"<p class='facts'>{html.escape(own)}</p>")
    if entry.shared is not None:
        out.append(f"<h3>{html.escape(tr('Group (written once for every member)'))}</h3>")
        out.append(_fields(entry.shared, template))
        out.append(_seal(entry.shared, zone))
        out.append(f"<h3>{html.escape(tr('This client'))}</h3>")
    out.append(_fields(entry.note, template))
    out.append(_seal(entry.note, zone))
    out.append(_addenda(entry.note, zone))
    return "<div class='entry'>" + "".join(out) + "</div><hr>"


STYLE = """
body { font-family: Helvetica, Arial, sans-serif; font-size: 10pt; color: #000; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 14pt; margin-bottom: 2pt; }
h3 { font-size: 10pt; margin-top: 6pt; margin-bottom: 2pt; color: #333; }
p.facts, p.meta { color: #444; margin-top: 0; }
table.fields td { vertical-align: top; border-bottom: 1px solid #ddd; }
td.label { width: 28%; font-weight: bold; color: #333; }
span.empty { color: #999; }
p.signed { color: #1d5c2e; }
p.unsigned { color: #9a4f10; font-weight: bold; }
span.hash { color: #666; font-size: 8pt; }
p.addendum { margin-left: 18pt; border-left: 2px solid #999; }
"""


def notes_html(packet: PrintPacket) -> str:
    c = packet.client
    name = c.legal_name + (f" ({c.preferred_name})" if c.preferred_name else "")
    # The preparer's site's clock, named, like the signatures below (never this computer's zone).
    zone = clock.site_zone(packet.site_id)
    head = [
        f"<p class='meta'>{html.escape(packet.clinic_name)}</p>",
        f"<h1>{html.escape(tr('Session notes — {name}').format(name=name))}</h1>",
        "<p class='meta'>"
        + html.escape(
            tr("Chart {chart} · Date of birth {dob} · Notes from {start} to {end}").format(
                chart=c.chart_number,
                dob=_day(c.date_of_birth),
                start=_day(packet.start),
                end=_day(packet.end),
            )
        )
        + "<br>"
        + html.escape(
            tr("{n} note(s) · {prepared}").format(
                n=len(packet.entries), prepared=prepared_text(packet.prepared_by, packet.prepared_at, zone)
            )
        )
        + "</p><hr>",
    ]
    if not packet.entries:
        head.append(f"<p>{html.escape(tr('No notes in this period.'))}</p>")
    body = "".join(_entry(e) for e in packet.entries)
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(head)}{body}</body></html>"


def write_notes_pdf(packet: PrintPacket, path: str | QIODevice) -> int:
    """Write the packet to ``path``; returns the number of pages. OSError when it cannot be written."""
    c = packet.client
    running = tr("{name} · Chart {chart} · Session notes {start} to {end}").format(
        name=c.legal_name, chart=c.chart_number, start=packet.start.isoformat(), end=packet.end.isoformat()
    )
    return write_html_pdf(
        path,
        notes_html(packet),
        title=tr("Session notes"),
        running_left=running,
        running_right=packet.clinic_name,
        notice=packet.part2_notice,
    )
