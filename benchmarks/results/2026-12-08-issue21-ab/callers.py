import re,sys,collections
txt=open(sys.argv[1]).read(); target=sys.argv[2]; depth=int(sys.argv[3]) if len(sys.argv)>3 else 4
c=collections.Counter()
for e in txt.split('jdk.ExecutionSample {')[1:]:
    if 'StreamThread' not in e: continue
    fr=re.findall(r'^\s+([\w$.<>]+\.[\w$<>]+)\(.*?line: (\d+)',e,re.M)
    for i,(f,l) in enumerate(fr):
        if f==target:
            c[' < '.join(x+':'+y for x,y in fr[i:i+depth])]+=1; break
for k,v in c.most_common(12): print(v,k)
