#!/usr/bin/env python3
"""Builds the scan benchmark's input: the real syslog lines of core/eval/logs (Postfix and Sendmail, written by
real MTAs on eight hosts; SOURCES.md there) repeated until the log holds --mb megabytes, each repetition under
host names of its own (conch-0001, conch-0002, ...), so queue ids of different repetitions never meet in
correlation and the log comes from many hosts. Each repetition is moved in time: repetition k starts k hours
after 1 January (scan it with --year 2026), each source keeping the gaps between its own lines, so log time moves
forward as in a real log and correlation's 6-hour idle limit releases old entries. Written gzipped, as rotated
logs are kept.

    benchmarks/scan/make-input.py --mb 500 --out /tmp/scan-bench/maillog.gz
"""
import argparse, datetime, gzip, os, re

SOURCES = ["kdent-conch-postfix", "nole-activeweb-postfix", "psm-postfix", "psm-sendmail", "infohtreasure-sendmail",
           "gomaillex-rhl058", "fail2ban-postfix", "fail2ban-sendmail"]
BSD = re.compile(r"^([A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d(?: <[a-z]+\.[a-z]+>)?) (\S+) (.*)$")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--out", required=True)
    ap.add_argument("--logs", default=os.path.join(os.path.dirname(__file__), "..", "..", "core", "eval", "logs"))
    a = ap.parse_args()
    lines = []  # (seconds after the source's first line, tag, host, rest)
    for s in SOURCES:
        first = None
        with open(os.path.join(a.logs, s, "lines.log"), encoding="utf-8") as f:
            for l in f:
                m = BSD.match(l.rstrip("\n"))
                if m:
                    ts = m.group(1)
                    t = datetime.datetime.strptime("2026 " + ts[:15].replace("  ", " 0"), "%Y %b %d %H:%M:%S")
                    first = first or t
                    offset = max(0, int((t - first).total_seconds())) % (6 * 3600)  # a source's own span, at most 6 h
                    lines.append((offset, ts[15:], m.group(2), m.group(3)))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    target = a.mb * 1024 * 1024
    written = 0
    count = 0
    copy = 0
    with gzip.open(a.out, "wt", encoding="utf-8", compresslevel=6) as out:
        while written < target:
            copy += 1
            base = datetime.datetime(2026, 1, 1) + datetime.timedelta(hours=copy)
            stamps = {}
            parts = []
            for offset, tag, h, rest in lines:
                stamp = stamps.get(offset)
                if stamp is None:
                    t = base + datetime.timedelta(seconds=offset)
                    stamp = stamps[offset] = f"{t:%b} {t.day:2d} {t:%H:%M:%S}"
                parts.append(f"{stamp}{tag} {h}-{copy:05d} {rest}\n")
            chunk = "".join(parts)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += len(lines)
    print(f'{{"lines": {count}, "bytes": {written}, "copies": {copy}, "distinct_lines_per_copy": {len(lines)}}}')

if __name__ == "__main__":
    main()
