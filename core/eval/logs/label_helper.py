#!/usr/bin/env python3
"""Draft helper for expected.tsv (NOT the source of truth).

It was used once to draft rows (pairing queue ids / message ids with their
from=/<= lines and splitting multi-recipient lines); every row of the test-side
sources was then read against its line and corrected by hand in expected.tsv,
and tuning-side sources were spot-checked (see SOURCES.md).  Re-running it
overwrites nothing unless --write is given, and hand corrections would be lost,
so do not use --write on a checked source.

It deliberately shares no code with the project's parser.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HEADER = "line\trecipient\toriginal\tsender\tstatus\tnote"

SYSLOG_PROG = re.compile(r"(?:^|\s)(?P<prog>[\w./-]+)\[(?P<pid>\d+)\]:\s(?P<msg>.*)$")
PF_DELIV = re.compile(r"^(?P<qid>[0-9A-Za-z]+): to=(?P<to><[^>]*>|[^,]*),(?: orig_to=(?P<orig><[^>]*>|[^,]*),)? .*?status=(?P<status>[a-z-]+)")
PF_ACTION = re.compile(r"^(?P<qid>NOQUEUE|[0-9A-Za-z]+): (?P<action>reject|milter-reject|proxy-reject|reject_warning|discard|hold|filter|redirect|warning|info|prepend|milter-header-redirect|milter-discard|milter-hold|replace|proxy-accept|milter-replace): (?P<rest>.*)$")
PF_ACTION_NOQID = re.compile(r"^(?P<action>proxy-reject|proxy-accept): (?P<rest>.*)$")
KV_FROM = re.compile(r"(?:^|[;\s])from=<(?P<v>[^>]*)>")
KV_TO = re.compile(r"(?:^|\s)to=<(?P<v>[^>]*)>")
PF_QMGR_FROM = re.compile(r"^(?P<qid>[0-9A-Za-z]+): from=<(?P<v>[^>]*)>, (?:size|status)=")

SM_FROM = re.compile(r"^(?P<qid>[0-9A-Za-z]{8,}): from=(?P<v><[^>]*>|[^,\s]*), ")
SM_TO = re.compile(r"^(?P<qid>[0-9A-Za-z]{8,}): to=(?P<v>.*?), (?:ctladdr|delay)=")
SM_STAT = re.compile(r"stat=(?P<stat>[^(]*)")
SM_DSN = re.compile(r"dsn=(?P<dsn>\d)\.")
SM_RULESET = re.compile(r"ruleset=check_rcpt, arg1=(?P<v><[^>]*>|[^,]*), .*reject=(?P<code>\d)")
SM_USERUNK = re.compile(r"^(?P<qid>[0-9A-Za-z]{8,}): (?P<v><[^>]*>)\.\.\. User unknown")

EXIM_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?(?: [+-]\d{4})? (?:\[\d+\] )?(?P<rest>.*)$")
EXIM_ID = r"[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}"
EXIM_DELIV = re.compile(r"^(?P<id>" + EXIM_ID + r") (?P<flag>=>|->|\*>|\*\*|==) (?P<addr>\S+)(?: <(?P<orig>[^>]*)>)?")
EXIM_ARR = re.compile(r"^(?P<id>" + EXIM_ID + r") <= (?P<v>\S+)")
EXIM_REJ = re.compile(r"(?:F=(?:<(?P<from>[^>]*)>|(?P<from2>\S+)) )?(?P<temp>temporarily )?rejected RCPT (?:<(?P<rcpt>[^>]*)>|(?P<rcpt2>[^\s:]+))")


def strip_br(v):
    v = v.strip()
    if v.startswith("<") and v.endswith(">"):
        v = v[1:-1]
    return v


def sender_fmt(v):
    return "<>" if v == "" else v


class Nearest:
    """qid -> sender, taking the nearest preceding from= line, else the nearest following one
    (queue ids are reused over time, and across test files in a concatenated fixture)."""
    def __init__(self):
        self.d = {}

    def setdefault(self, k, v, pos=None):
        self.d.setdefault(k, []).append((pos, v))

    def get(self, k, at=None):
        c = self.d.get(k)
        if not c:
            return None
        before = [v for p, v in c if p is not None and at is not None and p <= at]
        return before[-1] if before else c[0][1]


def draft_syslog(lines, fam):
    """Postfix and Sendmail syslog-style (or payload-only) lines."""
    pf_from, sm_from = Nearest(), Nearest()
    for pos, l in enumerate(lines, 1):
        m = SYSLOG_PROG.search(l)
        msg = m.group("msg") if m else l
        mm = PF_QMGR_FROM.match(msg)
        if mm and (not m or "qmgr" in m.group("prog") or fam == "payload"):
            pf_from.setdefault(mm.group("qid"), mm.group("v"), pos)
        mm = SM_FROM.match(msg)
        if mm and m and not m.group("prog").startswith("postfix"):
            sm_from.setdefault(mm.group("qid"), strip_br(mm.group("v")), pos)
    rows = []
    for i, l in enumerate(lines, 1):
        m = SYSLOG_PROG.search(l)
        prog = m.group("prog") if m else ""
        msg = m.group("msg") if m else l
        is_pf = prog.startswith("postfix") or (not m and fam in ("payload",))
        if is_pf or prog.startswith("postfix"):
            d = PF_DELIV.match(msg)
            if d:
                to = strip_br(d.group("to"))
                if to == "":
                    continue
                st = d.group("status")
                st = {"sent": "sent", "deferred": "deferred", "bounced": "bounced", "expired": "expired"}.get(st, "unknown")
                orig = strip_br(d.group("orig")) if d.group("orig") else "-"
                snd = pf_from.get(d.group("qid"), i)
                rows.append([i, to, orig, sender_fmt(snd) if snd is not None else "-", st, ""])
                continue
            a = PF_ACTION.match(msg) or PF_ACTION_NOQID.match(msg)
            if a:
                tos = KV_TO.findall(a.group("rest"))
                if not tos or tos[-1] == "":
                    continue
                fr = KV_FROM.search(a.group("rest"))
                snd = sender_fmt(fr.group("v")) if fr else "-"
                act = a.group("action")
                st = {"reject": "rejected", "milter-reject": "rejected", "proxy-reject": "rejected"}.get(act, "warn")
                rows.append([i, tos[-1], "-", snd, st, act])
                continue
        else:
            r = SM_RULESET.search(msg)
            if r:
                qm = re.match(r"^([0-9A-Za-z]{8,}): ", msg)
                snd = sm_from.get(qm.group(1), i) if qm else None
                rows.append([i, strip_br(r.group("v")), "-", sender_fmt(snd) if snd is not None else "-", "rejected", "check_rcpt"])
                continue
            u = SM_USERUNK.match(msg)
            if u:
                snd = sm_from.get(u.group("qid"), i)
                rows.append([i, strip_br(u.group("v")), "-", sender_fmt(snd) if snd is not None else "-", "rejected", "RCPT User unknown"])
                continue
            t = SM_TO.match(msg)
            if t:
                snd = sm_from.get(t.group("qid"), i)
                stat = SM_STAT.search(msg)
                dsn = SM_DSN.search(msg)
                s = stat.group("stat").strip() if stat else ""
                if s.startswith("Sent"):
                    st = "sent"
                elif s.startswith("Deferred"):
                    st = "deferred"
                elif dsn:
                    st = {"2": "sent", "4": "deferred", "5": "bounced"}[dsn.group("dsn")]
                else:
                    st = "unknown"
                for r_ in [x for x in t.group("v").split(",") if x.strip()]:
                    rows.append([i, strip_br(r_), "-", sender_fmt(snd) if snd is not None else "-", st, ""])
    return rows


def draft_exim(lines, scope=None):
    scope = scope or ["all"] * len(lines)
    arr = Nearest()
    for pos, (l, sc) in enumerate(zip(lines, scope), 1):
        m = EXIM_LINE.match(l)
        rest = m.group("rest") if m else l
        rest = re.sub(r"^\S+ exim\[\d+\]: ", "", rest)
        a = EXIM_ARR.match(rest)
        if a:
            arr.setdefault((sc, a.group("id")), a.group("v"), pos)
    rows = []
    for i, (l, sc) in enumerate(zip(lines, scope), 1):
        m = EXIM_LINE.match(l)
        rest = m.group("rest") if m else l
        rest = re.sub(r"^\S+ exim\[\d+\]: ", "", rest)
        d = EXIM_DELIV.match(rest)
        if d:
            addr = d.group("addr")
            if d.group("flag") in ("**", "==") and addr.endswith(":"):
                addr = addr[:-1]  # "** addr: error text"
            st = {"=>": "sent", "->": "sent", "**": "bounced", "==": "deferred", "*>": "unknown"}[d.group("flag")]
            snd = arr.get((sc, d.group("id")), i)
            rows.append([i, addr, d.group("orig") if d.group("orig") is not None else "-",
                         snd if snd is not None else "-", st, d.group("flag")])
            continue
        r = EXIM_REJ.search(rest)
        if r:
            snd = r.group("from") if r.group("from") is not None else r.group("from2")
            rows.append([i, r.group("rcpt") if r.group("rcpt") is not None else r.group("rcpt2"), "-", sender_fmt(snd) if snd is not None else "-", "rejected",
                         "temporarily rejected RCPT" if r.group("temp") else "rejected RCPT"])
    return rows


def main():
    sid, fam = sys.argv[1], sys.argv[2]
    lines = open(os.path.join(HERE, sid, "lines.log"), encoding="utf-8").read().split("\n")[:-1]
    if fam == "exim":
        scope = None
        if len(sys.argv) > 3:
            scope = open(sys.argv[3]).read().split()
        rows = draft_exim(lines, scope)
    else:
        rows = draft_syslog(lines, fam)
    out = [HEADER] + ["\t".join(str(x) for x in r) for r in rows]
    if "--write" in sys.argv:
        open(os.path.join(HERE, sid, "expected.tsv"), "w").write("\n".join(out) + "\n")
    else:
        print("\n".join(out))


if __name__ == "__main__":
    main()
