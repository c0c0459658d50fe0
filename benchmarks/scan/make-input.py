#!/usr/bin/env python3
"""Builds the scan benchmark's input: the real syslog lines of core/eval/logs (Postfix and Sendmail, written by
real MTAs on eight hosts; SOURCES.md there) repeated until the log holds --mb megabytes, each repetition under
host names of its own (conch-0001, conch-0002, ...), so queue ids of different repetitions never meet in
correlation and the log comes from many hosts. Lines keep their own (old, yearless) times. Written gzipped, as
rotated logs are kept.

    benchmarks/scan/make-input.py --mb 500 --out /tmp/scan-bench/maillog.gz
"""
import argparse, gzip, os, re

SOURCES = ["kdent-conch-postfix", "nole-activeweb-postfix", "psm-postfix", "psm-sendmail", "infohtreasure-sendmail",
           "gomaillex-rhl058", "fail2ban-postfix", "fail2ban-sendmail"]
BSD = re.compile(r"^([A-Z][a-z]{2} [ 0-9]\d \d\d:\d\d:\d\d(?: <[a-z]+\.[a-z]+>)?) (\S+) (.*)$")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=500)
    ap.add_argument("--out", required=True)
    ap.add_argument("--logs", default=os.path.join(os.path.dirname(__file__), "..", "..", "core", "eval", "logs"))
    a = ap.parse_args()
    lines = []
    for s in SOURCES:
        with open(os.path.join(a.logs, s, "lines.log"), encoding="utf-8") as f:
            for l in f:
                m = BSD.match(l.rstrip("\n"))
                if m:
                    lines.append((m.group(1), m.group(2), m.group(3)))
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    target = a.mb * 1024 * 1024
    written = 0
    count = 0
    copy = 0
    with gzip.open(a.out, "wt", encoding="utf-8", compresslevel=6) as out:
        while written < target:
            copy += 1
            chunk = "".join(f"{t} {h}-{copy:05d} {rest}\n" for t, h, rest in lines)
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            count += len(lines)
    print(f'{{"lines": {count}, "bytes": {written}, "copies": {copy}, "distinct_lines_per_copy": {len(lines)}}}')

if __name__ == "__main__":
    main()
