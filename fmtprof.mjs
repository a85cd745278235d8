import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
const { checkAndFormat } = await import(process.cwd() + '/generator/dist/src/emit/check.js');
function walk(d){ let o=[]; for (const e of readdirSync(d,{withFileTypes:true})) { const f=path.join(d,e.name); if(e.isDirectory()) o.push(...walk(f)); else if (f.endsWith('.ts')) o.push(f);} return o; }
const root = process.argv[2];
const files = walk(root).sort().map(f => ({ path: path.relative(root, f), text: readFileSync(f,'utf8'), template: { name: 'x', displayPath: 'x' } }));
const sel = process.argv[3] ? files.filter(f => f.path.startsWith(process.argv[3])) : files;
let t = performance.now();
for (let i = 0; i < sel.length; i += 200) checkAndFormat(sel.slice(i, i+200));
console.log(sel.length, 'files', sel.reduce((s,f)=>s+f.text.length,0)/1e6, 'MB', ((performance.now()-t)/1000).toFixed(2), 's');
