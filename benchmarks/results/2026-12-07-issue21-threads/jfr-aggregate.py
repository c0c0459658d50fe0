#!/usr/bin/env python3
"""Counts the samples of threads matching a pattern in `jfr print --stack-depth 300 --events jdk.ExecutionSample` output:
the top frames (self) and every frame on the stack (inclusive).

    python3 jfr-aggregate.py samples.txt <thread-name regex> [self rows] [inclusive rows]
"""
import re,collections,sys
txt=open(sys.argv[1]).read()
pat=sys.argv[2]
evs=txt.split('jdk.ExecutionSample')[1:]
top=collections.Counter(); incl=collections.Counter(); n=0
for e in evs:
    m=re.search(r'sampledThread = "([^"]+)"',e)
    if not m or not re.search(pat,m.group(1)): continue
    fr=re.findall(r'^\s+([\w.$<>]+)\(',e,re.M)
    if not fr: continue
    n+=1
    top[fr[0]]+=1
    seen=set()
    for f in fr:
        # class-level
        c='.'.join(f.split('.')[:-1])
        for k in (f,):
            if k not in seen: seen.add(k); incl[k]+=1
print('samples',n)
print('--- self'); [print(v,k) for k,v in top.most_common(int(sys.argv[3]) if len(sys.argv)>3 else 25)]
print('--- inclusive'); [print(v,k) for k,v in incl.most_common(int(sys.argv[4]) if len(sys.argv)>4 else 70)]
