import re,sys,collections
txt=open(sys.argv[1]).read(); target=sys.argv[2]; depth=int(sys.argv[3]) if len(sys.argv)>3 else 4
evs=txt.split('jdk.ExecutionSample {')[1:]
c=collections.Counter()
for e in evs:
    frames=re.findall(r'^\s+([\w$.<>]+\.[\w$<>]+)\(.*?line: (\d+)',e,re.M)
    for i,(f,l) in enumerate(frames):
        if f==target or f.endswith(target):
            c[' <- '.join(x+':'+y for x,y in frames[i:i+depth])]+=1; break
for k,v in c.most_common(12): print(v,k)
