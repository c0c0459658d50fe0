#!/usr/bin/env python3
"""Rebuild core/eval/real/ from snapshots of public repositories.

Not run by the build. It documents, as code, the exact extraction rules that SOURCES.md
describes. Inputs are git snapshots of the repositories named below (each read at the
commit given in COMMITS with `git show <commit>:<path>`); MIRROR points at a directory
holding them as <owner>+<name>/repo. Items that come from issue threads and web pages
(not from files) are typed in below, each with its URL.

Usage: python3 extract.py [MIRROR]   (default /work/.mirror)
"""
import csv
import datetime
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from urllib.parse import urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
MIRROR = sys.argv[1] if len(sys.argv) > 1 else "/work/.mirror"

COMMITS = {
    "charliepark/fat_fingers": "40ccae7c07c87212f1397f92a6f0224373130260",
    "fnando/email_typo": "1cb051a1a18a02c87385c734c7dba77ac9dbf88e",
    "charliepark/correct_email_typos": "bb08614334c30dc85be15286b7f42db9fcc1db1b",
    "melsam/NSString-EmailAddresses": "a0f59cbf7450ddaabed8966a0ccb084666090bdc",
    "jclaw/email-typo-checker": "125c833a2f98c0a5d2d21504db122c261f8ab010",
    "tarr11/Webmail-Domains": "d2cf02b03484da521cb2386b5c4ec3b7c32867b1",
    "tarr11/Webmail-Domains@json": "7cdf7a73b766a1ea952d7518d746b5243eadd7dd",
    "m-a-x-s-e-e-l-i-g/common-email-domain-typos": "b0844a5042cc614170b77c1daab4bdb0aa85f7d6",
    "voku/email-check": "39164eec25321894b22c5957bb83406560042333",
    "voku/email-check@pr13": "f3ee49741ea772421e6771b2e65cf846bda2aefa",
    "clicrdv-admin/inputex": "bfc04b57ada7feeb719eafdf5b774ad75cccc778",
    "ishtiyaque/defensive-domain-suggestion": "76724f8a849511bd634852f72baf9581352fb36e",
    "Hipo/university-domains-list": "bb07faf064e1c68be9b26fb71de31f01e361f974",
    "cisagov/dotgov-data": "4ee64196503d34bcaff8b508444b0f7552f97d71",
    "etalab/noms-de-domaine-organismes-secteur-public": "fe23ea940eedb8c0b745fcbcf7f1fad505fa3c7e",
    "drakelover911/Phishing-analyzer": "78a824017aac680f445b920234ceee0772b6f03a",
}


def show(repo, path, key=None):
    owner_name = repo.replace("/", "+")
    base = os.path.join(MIRROR, owner_name, "repo")
    if os.path.isdir(os.path.join(base, ".git")):
        base = os.path.join(base, ".git")
    commit = COMMITS[key or repo]
    return subprocess.run(["git", "-C", base, "show", f"{commit}:{path}"],
                          check=True, capture_output=True).stdout.decode("utf-8")


# An LDH host name with at least two labels and an alphabetic last label.
LABEL = r"(?!-)[a-z0-9-]{1,63}(?<!-)"
HOST_RE = re.compile(rf"^{LABEL}(\.{LABEL})*\.[a-z]{{2,63}}$")


def valid(d):
    return bool(HOST_RE.match(d)) and len(d) <= 253


def write_pairs(source_id, pairs, dropped):
    """pairs: iterable of (typo, intended). Keeps first occurrence, lowercase, valid, typo != intended."""
    seen, rows = set(), []
    for typo, intended in pairs:
        typo, intended = typo.strip().lower(), intended.strip().lower()
        if typo == intended:
            dropped.append((source_id, typo, intended, "typo equals intended"))
            continue
        if not valid(typo) or not valid(intended):
            dropped.append((source_id, typo, intended, "not an LDH host name"))
            continue
        if (typo, intended) in seen:
            continue
        seen.add((typo, intended))
        rows.append((typo, intended))
    with open(os.path.join(HERE, "positives", source_id + ".csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["typo", "intended", "source"])
        for t, i in rows:
            w.writerow([t, i, source_id])
    return rows


# ---------------------------------------------------------------- positives

def fat_fingers_family():
    """Test fixtures of fat_fingers (2013-2020) and its two ports. Placeholder targets
    (something.*, example.*) are not kept."""
    pairs = []
    # fat_fingers: blocks  { good: "test@X", bad: [ "test@Y", ... ] }
    t = show("charliepark/fat_fingers", "test/test_fat_fingers.rb")
    for m in re.finditer(r'good:\s*"[^"@]*@([^"]+)",\s*bad:\s*\[(.*?)\]', t, re.S):
        good = m.group(1)
        for bad in re.findall(r'"[^"@]*@([^"@]+)"', m.group(2)):
            pairs.append((bad, good))
    # email_typo: %w[ john@Y ... ].each ... assert_equal "john@X"
    t = show("fnando/email_typo", "test/email_typo_test.rb")
    for m in re.finditer(r'%w\[([^\]]*)\]\.each do \|email\|\s*test "fix[^"]*" do\s*assert_equal "[^"@]*@([^"]+)"', t):
        good = m.group(2)
        for bad in m.group(1).split():
            if "@" in bad:
                pairs.append((bad.split("@")[-1], good))
    # correct_email_typos: good = 'test@X'; bad = [ 'test@Y', ... ];
    t = show("charliepark/correct_email_typos", "src/correctEmailTypos.test.js")
    for m in re.finditer(r"good = 'test@([^']+)';\s*bad = \[(.*?)\];", t, re.S):
        good = m.group(1)
        for bad in re.findall(r"'[^'@]*@([^'@]+)'", m.group(2)):
            pairs.append((bad, good))
    return [(b, g) for b, g in pairs if not re.match(r"^(something|example)\.", g)]


def nsstring():
    t = show("melsam/NSString-EmailAddresses", "NSString+EmailAddresses.m")
    consts = dict(re.findall(r'NSString \*(\w+)\s*=\s*@"([^"]+)"', t))
    return [(typo, consts[c]) for typo, c in re.findall(r'@"([a-z.]+)":\s*(\w+)', t)]


def bandcamp():
    """test_supportcase_email_typos: real support cases. Keep a case when the domain of
    `email` differs from the domain of `expectedEmail` and the typed domain is not itself a
    mailbox provider the person could have meant to use (wrong-provider cases)."""
    t = show("jclaw/email-typo-checker", "typoCheckerTests.js")
    t = t[t.index("function test_supportcase_email_typos"):]
    wrong_provider = {"yahoo.com", "hotmail.com", "mail.com"}
    out = []
    for e, x in re.findall(r"email: '([^']+)', expectedEmail: '([^']+)'", t):
        d1, d2 = e.split("@")[-1].strip().lower(), x.split("@")[-1].strip().lower()
        if d1 != d2 and d1 not in wrong_provider:
            out.append((d1, d2))
    return out


def webmail_domains():
    t = show("tarr11/Webmail-Domains", "typos.txt")
    pairs = dict(re.findall(r'"([^"]+)","([^"]+)"', t))
    # the JSON of the first commit (PR #2) pairs comcsat.net with comcast.net; typos.txt
    # later garbled the target to "com"
    j = json.loads(show("tarr11/Webmail-Domains", "typomapping.json", "tarr11/Webmail-Domains@json"))
    for e in j:
        for typo in e["typos"]:
            pairs[typo] = e["domain"]
    return sorted(pairs.items())


def common_email_domain_typos():
    t = show("m-a-x-s-e-e-l-i-g/common-email-domain-typos", "data.txt")
    return [tuple(l.split(":", 1)) for l in t.split() if ":" in l]


# voku/email-check lists typo domains without their target; the target below is assigned
# by hand from the name (documented in SOURCES.md).
VOKU_TARGET = {
    "acor.de": "arcor.de", "aecor.de": "arcor.de", "arco.de": "arcor.de", "arocr.de": "arcor.de",
    "aror.de": "arcor.de", "rcor.de": "arcor.de",
    "ahoo.de": "yahoo.de", "yaho.de": "yahoo.de", "yahooo.de": "yahoo.de", "yaoo.de": "yahoo.de",
    "yhoo.de": "yahoo.de", "yahhoo.de": "yahoo.de", "yahho.com": "yahoo.com",
    "al.com": "aol.com", "ao.com": "aol.com", "aol.cm": "aol.com", "aol.con": "aol.com",
    "aol.ocm": "aol.com", "aol.om": "aol.com", "aoll.com": "aol.com", "apl.com": "aol.com",
    "feenet.de": "freenet.de", "freeenet.de": "freenet.de", "freeent.de": "freenet.de",
    "freeet.de": "freenet.de", "freemet.de": "freenet.de", "freeneet.de": "freenet.de",
    "freent.de": "freenet.de", "frenet.de": "freenet.de", "reenet.de": "freenet.de",
    "gm.de": "gmx.de", "gm.xde": "gmx.de", "gmc.de": "gmx.de", "gmx.ded": "gmx.de", "gmx.dw": "gmx.de",
    "gmxx.de": "gmx.de", "gmy.de": "gmx.de", "gx.de": "gmx.de", "hmx.de": "gmx.de", "mx.de": "gmx.de",
    "gm.net": "gmx.net", "mx.net": "gmx.net",
    "homail.de": "hotmail.de", "hotmai.de": "hotmail.de", "hotmal.de": "hotmail.de",
    "otmail.com": "hotmail.com", "hotmil.com": "hotmail.com", "hotmial.com": "hotmail.com",
    "hotnail.com": "hotmail.com",
    "r-online.de": "t-online.de", "t--online.de": "t-online.de", "t-0nline.de": "t-online.de",
    "t-nline.de": "t-online.de", "t-oline.de": "t-online.de", "t-omline.de": "t-online.de",
    "t-onine.de": "t-online.de", "t-onlien.de": "t-online.de", "t-onliine.de": "t-online.de",
    "t-onlin.de": "t-online.de", "t-onlinde.de": "t-online.de", "t-onlinr.de": "t-online.de",
    "t-onlione.de": "t-online.de", "t-onlline.de": "t-online.de", "t-onlne.de": "t-online.de",
    "t-onlone.de": "t-online.de", "t.online.de": "t-online.de", "tonline.de": "t-online.de",
    "-online.de": "t-online.de", "-tonline.de": "t-online.de", "t.-online.de": "t-online.de",
    "wb.de": "web.de", "we.de": "web.de", "web.ded": "web.de", "web.dw": "web.de", "wed.de": "web.de",
    "weeb.de": "web.de", "wen.de": "web.de", "wweb.de": "web.de",
    "gail.com": "gmail.com", "gamil.com": "gmail.com", "gmai.com": "gmail.com", "gmaik.com": "gmail.com",
    "gmal.com": "gmail.com", "gmail.co": "gmail.com", "gmail.con": "gmail.com", "gmali.com": "gmail.com",
    "gmial.com": "gmail.com", "gnail.com": "gmail.com", "gmail.cim": "gmail.com", "gmail.vom": "gmail.com",
    "gmail.coom": "gmail.com", "gmail.come": "gmail.com", "gmail.clm": "gmail.com", "gmail.gom": "gmail.com",
    "googlmail.com": "googlemail.com",
    "iclod.com": "icloud.com", "icloud.co": "icloud.com", "icloud.con": "icloud.com",
    "outllook.com": "outlook.com", "outlok.com": "outlook.com", "outlook.co": "outlook.com",
    "outlook.con": "outlook.com",
    "protonail.com": "protonmail.com", "protonmail.co": "protonmail.com", "protonmail.con": "protonmail.com",
    "protonnmail.com": "protonmail.com",
    "yandex.ruu": "yandex.ru",
    "citromail.hi": "citromail.hu", "freemail.hi": "freemail.hu",
}


def voku():
    names = []
    for key in ("voku/email-check", "voku/email-check@pr13"):
        t = show("voku/email-check", "src/voku/helper/data/domainsTypo.php", key)
        names += re.findall(r"'([^']+)'", t)
    missing = sorted(set(names) - set(VOKU_TARGET))
    if missing:
        raise SystemExit(f"voku: no target for {missing}")
    return [(n, VOKU_TARGET[n]) for n in names]


def inputex():
    """domainList of inputEx's EmailField as committed by ClicRDV in July 2010 (bfc04b57):
    arrays whose first element is the valid domain. The hotmail.fr and yahoo.fr arrays are
    the hotmail.com / yahoo.com arrays with .com replaced by .fr, so they are left out."""
    t = show("clicrdv-admin/inputex", "js/fields/EmailField.js")
    seg = t[t.index("domainList = ["):]
    seg = seg[:seg.index("];")]
    out = []
    for m in re.finditer(r"//\s*(\S+)\s*\n\s*\[(.*?)\]", seg, re.S):
        items = re.findall(r'"([^"]+)"', m.group(2))
        if items[0] in ("hotmail.fr", "yahoo.fr"):
            continue
        out += [(x, items[0]) for x in items[1:]]
    return out


def hcb():
    """hackclub/hcb lib/email_typo_domains.rb (PR #14408). Read through the search index,
    commit a8fd4a6ed28aa9c6c0126e0303595534855faf30; the map is typed in here."""
    m = {"gmail.com": "gmail.con gmail.co gamil.com gmail.ocm gmail.ckm gmail.cok gmail.xom "
                      "gmali.com gamail.com gmail.cpom gmail.cokm gmail.fom gmil.com".split(),
         "icloud.com": ["icloud.con"], "hackclub.com": ["hackclub.co"],
         "protonmail.com": ["protonmail.con"]}
    return [(t, r) for r, ts in m.items() for t in ts]


ISSUE_REPORTS = [
    # (typo, intended, where)
    ("gmil.com", "gmail.com", "mozilla/fxa#3478 (2019-11-25) and #9514: 'common enough that they show up in our list of top email domains'"),
    ("gmai.com", "gmail.com", "mozilla/fxa#3478 (2019-11-25) and #9514"),
    ("gmial.com", "gmail.com", "mozilla/fxa-content-server#1155 (2014-05-23): 'We are seeing @gmial.com email addresses in our logs'"),
    ("gmil.com", "gmail.com", "mautic/mautic#2701 (2016-10-10): 'common error i've experienced in my region'"),
    ("gmeil.com", "gmail.com", "mautic/mautic#2701"),
    ("gmal.com", "gmail.com", "mautic/mautic#2701"),
    ("gemail.com", "gmail.com", "mautic/mautic#2701"),
    ("hotmal.com", "hotmail.com", "mautic/mautic#2701"),
    ("hotmil.com", "hotmail.com", "mautic/mautic#2701"),
    ("hotmall.com", "hotmail.com", "mautic/mautic#2701"),
    ("hotmai.com", "hotmail.com", "mautic/mautic#2701"),
    ("yhoo.com", "yahoo.com", "mautic/mautic#2701"),
    ("yaho.com", "yahoo.com", "mautic/mautic#2701"),
    ("outlok.com", "outlook.com", "mautic/mautic#2701"),
    ("outloock.com", "outlook.com", "mautic/mautic#2701"),
    ("gmai.com", "gmail.com", "snap-cloud/snapCloud#159 (2018-12-27): '~220 @gmai.com (no l)' in their users table"),
]

WEB_REPORTS = [
    # https://bounceshift.com/learn/most-common-email-typos  (table 'Typo domain | Meant to be | Times seen')
    ("gamil.com", "gmail.com"), ("gmil.com", "gmail.com"), ("gmail.con", "gmail.com"),
    ("gmai.com", "gmail.com"), ("gmail.co", "gmail.com"), ("gmali.com", "gmail.com"),
    ("gnail.com", "gmail.com"), ("icluod.com", "icloud.com"), ("iclud.com", "icloud.com"),
    ("hotmil.com", "hotmail.com"), ("hotmail.con", "hotmail.com"),
    # https://www.suped.com/email-deliverability/answers/what-is-gmsilcom-and-is-it-a-legitimate-domain-or-a-spam-trap
    ("gmsil.com", "gmail.com"),
    # https://getintheinbox.com/2013/02/ (Spamhaus typo traps: "ynail.com" instead of "ymail.com")
    ("ynail.com", "ymail.com"),
]


def bd_dnslog():
    """ishtiyaque/defensive-domain-suggestion data/data.csv: DNS queries for non-existent
    .bd names paired by the dataset's authors with the registered name (REGI) and labelled
    IS_TYPO. Kept: IS_TYPO=1 rows, after removing scanner-like bursts (>=3 distinct typo
    names of the same REGI within 600 s: every query in such a window is dropped), and only
    pairs then seen at least twice, the first and last sighting at least 3600 s apart."""
    t = show("ishtiyaque/defensive-domain-suggestion", "data/data.csv")
    rows = [r for r in csv.DictReader(t.splitlines()) if r["IS_TYPO"] == "1"]

    def ts(s):
        d, tm, ap = s.split(" ")
        h, mi, sec, _ = tm.split(".")
        h = int(h) % 12 + (12 if ap == "PM" else 0)
        return datetime.datetime.strptime(d, "%d-%b-%y").replace(hour=h, minute=int(mi), second=int(sec)).timestamp()

    by = defaultdict(list)
    for r in rows:
        by[r["REGI"].lower()].append((ts(r["TYPO_ENCOUNTER_TIME"]), r["TYPO"].lower()))
    good = defaultdict(list)
    for regi, q in by.items():
        q.sort()
        n = len(q)
        burst = [False] * n
        for i in range(n):
            k, names = i, set()
            while k < n and q[k][0] - q[i][0] <= 600:
                names.add(q[k][1])
                k += 1
            if len(names) >= 3:
                for x in range(i, k):
                    burst[x] = True
        for x in range(n):
            if not burst[x]:
                good[(q[x][1], regi)].append(q[x][0])
    return sorted(p for p, tt in good.items() if len(tt) >= 2 and max(tt) - min(tt) >= 3600)


# ---------------------------------------------------------------- negatives

def negatives_sources():
    out = {}
    uni = json.loads(show("Hipo/university-domains-list", "world_universities_and_domains.json"))
    out["hipo-university-domains"] = {d.strip().lower(): f"university in the Hipo list: {u['name']} ({u['country']})"
                                      for u in uni for d in u["domains"]}
    gov = {}
    for r in csv.DictReader(show("cisagov/dotgov-data", "current-full.csv").splitlines()):
        where = ", ".join(x for x in (r["City"], r["State"]) if x)
        gov[r["Domain name"].strip().lower()] = f".gov registrant in CISA dotgov-data: {r['Organization name']} ({where})"
    out["cisa-dotgov-current-full"] = gov
    fr = {}
    for line in show("etalab/noms-de-domaine-organismes-secteur-public", "urls.txt").splitlines():
        h = urlsplit(line.strip()).hostname if line.strip() else None
        if h:
            h = h.lower()
            h = h[4:] if h.startswith("www.") else h
            fr.setdefault(h, "French public-sector host in etalab urls.txt (answers HTTP 200)")
    out["etalab-secteur-public-hosts"] = fr
    mj = {}
    for r in csv.DictReader(show("drakelover911/Phishing-analyzer", "majestic_million.csv").splitlines()):
        mj.setdefault(r["Domain"].strip().lower(),
                      f"Majestic Million global rank {r['GlobalRank']} ({r['RefSubNets']} referring subnets)")
    out["majestic-million-top15k"] = mj
    return out


PROVIDERS = """gmail.com googlemail.com yahoo.com hotmail.com outlook.com live.com msn.com aol.com icloud.com
me.com mail.ru yandex.ru gmx.de gmx.net web.de t-online.de orange.fr free.fr laposte.net qq.com 163.com
126.com sina.com naver.com daum.net hanmail.net protonmail.com proton.me zoho.com fastmail.com comcast.net
verizon.net att.net sbcglobal.net btinternet.com libero.it virgilio.it rediffmail.com yahoo.co.jp uol.com.br
bol.com.br seznam.cz wp.pl o2.pl interia.pl rambler.ru""".split()


def osa(a, b, cap=3):
    """Optimal string alignment (restricted Damerau-Levenshtein) distance, early exit above cap."""
    if abs(len(a) - len(b)) > cap:
        return cap + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            c = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + c)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > cap:
            return cap + 1
        prev2, prev = prev, cur
    return prev[-1]


def main():
    dropped = []
    pos = {
        "fat-fingers-family": fat_fingers_family(),
        "nsstring-emailaddresses": nsstring(),
        "bandcamp-support-cases": bandcamp(),
        "webmail-domains-typomapping": webmail_domains(),
        "common-email-domain-typos": common_email_domain_typos(),
        "voku-email-check": voku(),
        "inputex-emailfield-2010": inputex(),
        "hcb-email-typo-domains": hcb(),
        "issue-reports": [(a, b) for a, b, _ in ISSUE_REPORTS],
        "web-reports": WEB_REPORTS,
        "bd-dnslog-2017": bd_dnslog(),
    }
    counts = {}
    all_typos = set()
    for sid, pairs in pos.items():
        rows = write_pairs(sid, pairs, dropped)
        counts[sid] = len(rows)
        all_typos |= {t for t, _ in rows}

    neg = negatives_sources()
    conflicts = []
    negcounts = {}
    for sid, doms in neg.items():
        keep = []
        for d in sorted(doms):
            if not valid(d):
                continue
            if d in all_typos:
                conflicts.append((sid, d))
                continue
            keep.append(d)
        with open(os.path.join(HERE, "negatives", sid + ".txt"), "w") as f:
            f.write("\n".join(keep) + "\n")
        negcounts[sid] = len(keep)

    hard = {}
    for sid, doms in neg.items():
        for d in sorted(doms):
            if not valid(d) or d in all_typos or d in PROVIDERS:
                continue
            best = None
            for p in PROVIDERS:
                if d.endswith("." + p) or p.endswith("." + d):
                    continue
                k = osa(d, p, 2)
                if k <= 2 and (best is None or k < best[0]):
                    best = (k, p)
            if best and d not in hard:
                hard[d] = (best[1], sid, doms[d], best[0])
    with open(os.path.join(HERE, "hard-negatives.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["domain", "near", "source", "evidence"])
        for d in sorted(hard):
            p, sid, ev, k = hard[d]
            w.writerow([d, p, sid, f"{ev}; distance {k}"])

    json.dump({"positives": counts, "negatives": negcounts, "hard_negatives": len(hard),
               "dropped": dropped, "conflicts_removed_from_negatives": conflicts},
              open(os.path.join(HERE, "extract-report.json"), "w"), indent=1)
    print(json.dumps({"positives": counts, "negatives": negcounts, "hard": len(hard)}, indent=1))


if __name__ == "__main__":
    main()
