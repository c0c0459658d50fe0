// Runs mailcheck 1.1.1 (npm), with its default domain lists, on one side of the real evaluation set:
//   node mailcheck.js <typos.csv> <legit.txt>
// A typo counts when mailcheck suggests exactly the intended domain; a legitimate domain counts as a false
// positive when mailcheck suggests any change. Prints one JSON object; "caught" lists the pairs it got right.
const fs = require('fs');
const Mailcheck = require('mailcheck');
const [typosFile, legitFile] = process.argv.slice(2);
function suggest(domain) {
  let out = null;
  Mailcheck.run({ email: 'x@' + domain, suggested: s => { out = s.domain; }, empty: () => { out = null; } });
  return out;
}
const pairs = fs.readFileSync(typosFile, 'utf8').split('\n').slice(1).filter(l => l.trim()).map(l => l.split(','));
const bySource = {};
let right = 0;
const caught = [];
for (const [typo, intended, source] of pairs) {
  const s = suggest(typo);
  const ok = s === intended;
  right += ok ? 1 : 0;
  if (ok) caught.push(typo + ',' + intended);
  bySource[source] = bySource[source] || { pairs: 0, right: 0 };
  bySource[source].pairs++;
  bySource[source].right += ok ? 1 : 0;
}
const legit = [...new Set(fs.readFileSync(legitFile, 'utf8').split('\n').map(l => l.trim().toLowerCase()).filter(Boolean))];
const flagged = legit.filter(d => { const s = suggest(d); return s !== null && s !== d; });
console.log(JSON.stringify({ tool: 'mailcheck 1.1.1 (default domains)', pairs: pairs.length, right, bySource,
  legit: legit.length, falsePositives: flagged.length, falsePositiveExamples: flagged.slice(0, 20), caught }, null, 1));
