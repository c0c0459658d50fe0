import re,sys,collections
txt=open(sys.argv[1]).read()
evs=txt.split('jdk.ExecutionSample {')[1:]
by_thread=collections.Counter(); top=collections.Counter(); incl=collections.Counter()
for e in evs:
    m=re.search(r'sampledThread = "([^"]*)"',e); t=m.group(1) if m else '?'
    t=re.sub(r'\d+','N',t)
    by_thread[t]+=1
    frames=re.findall(r'^\s+([\w$.<>]+\.[\w$<>]+)\(',e,re.M)
    if not frames: continue
    if 'StreamThread' not in t: continue
    top[frames[0]]+=1
    seen=set()
    for f in frames:
        if f not in seen:
            incl[f]+=1; seen.add(f)
print(len(evs)); print(by_thread.most_common(15))
print('--top (stream thread)'); 
for f,c in top.most_common(40): print(c,f)
print('--inclusive')
for f,c in incl.most_common(120): print(c,f)
