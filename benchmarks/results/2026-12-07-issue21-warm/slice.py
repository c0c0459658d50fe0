import re,sys,collections
txt=open(sys.argv[1]).read(); lo=sys.argv[2]; hi=sys.argv[3]
evs=txt.split('jdk.ExecutionSample {')[1:]
incl=collections.Counter(); n=0; th=collections.Counter()
for e in evs:
    t=re.search(r'startTime = (\S+)',e).group(1)
    if not (lo<=t<hi): continue
    m=re.search(r'sampledThread = "([^"]*)"',e); tn=m.group(1) if m else '?'
    th[re.sub(r'.*(StreamThread|producer|GlobalStream|StateUpdater|main).*',r'\1',tn)]+=1
    if 'StreamThread' not in tn or 'producer' in tn: continue
    n+=1
    frames=re.findall(r'^\s+([\w$.<>]+\.[\w$<>]+)\(',e,re.M)
    for f in set(frames): incl[f]+=1
print(n, th.most_common(6))
for f,c in incl.most_common(int(sys.argv[4]) if len(sys.argv)>4 else 60):
    if any(x in f for x in ['typoguard','RocksDB','Rocks','format','Bloom','serialize','Serdes','scan','flush','commit','poll','send']): print(c,f)
