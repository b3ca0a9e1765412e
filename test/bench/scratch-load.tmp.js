// scratch: SQLite decide load with optional profile (not committed)
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { applicantInput, REPO_ROOT, summarizeProfile, profileNotes } from './support.js';
const PROF = process.env.PROF === '1';
const dir = mkdtempSync(join(tmpdir(), 'sw-load-'));
const args = PROF ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
const child = spawn(process.execPath, [...args, join(REPO_ROOT, 'api/dist/src/main.js')], { cwd: REPO_ROOT, env: { ...process.env, NODE_ENV: 'development', PORT: '0', HOST: '127.0.0.1', SPILLWAY_DATA_DIR: dir, DATABASE_URL: process.env.DB ?? '', SPILLWAY_DEMO_DECISIONS: '0', SPILLWAY_DEMO_CASE_SET: 'false', SPILLWAY_DEMO_PORTFOLIO: 'false', SPILLWAY_RATE_LIMIT_PER_MINUTE: '100000000', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
const url = await new Promise((res) => { const r = (c) => { out += c; const p = out.match(/localhost:(\d+)\//)?.[1]; if (p) res(`http://127.0.0.1:${p}`); }; child.stdout.on('data', r); child.stderr.on('data', r); });
let seq = 0;
const DECIDE = 'mutation ($input: DecideInput!) { decide(input: $input) { id outcome approvedLimit aprBps termMonths riskTier affordableLimit overflow reasons { code message } revisions { kind number revision } } }';
const body = process.env.Q === 'trivial' ? () => JSON.stringify({ query: '{ __typename }' }) : () => JSON.stringify({ query: DECIDE, variables: { input: applicantInput(`s-${process.pid}-${++seq}`) } });
let gqlErr = 0;
const run = (d) => autocannon({ url: `${url}/graphql`, connections: Number(process.env.C ?? 50), duration: d, requests: [{ method: 'POST', path: '/graphql', headers: { 'content-type': 'application/json', 'x-api-key': 'spillway-demo-app-key' }, setupRequest: (r) => ({ ...r, body: body() }), onResponse: (s, b) => { if (b.includes('"errors"')) { gqlErr++; if (gqlErr < 3) console.log(b.slice(0, 300)); } } }] });
await run(2);
const r = await run(Number(process.env.S ?? 8));
console.log(`rps ${r.requests.average} p50 ${r.latency.p50} p99 ${r.latency.p99} errors ${r.errors + r.timeouts + r.non2xx} gql ${gqlErr}`);
child.kill('SIGTERM'); await new Promise((res) => child.once('exit', res)); if (process.env.OUT) console.log(out.slice(-3000));
if (PROF) { const f = readdirSync(dir).find((n) => n.endsWith('.cpuprofile')); const s = summarizeProfile(JSON.parse(readFileSync(join(dir, f), 'utf8')), { lastSeconds: 7 }); console.log('idle', s.idleShare); const prof=JSON.parse(readFileSync(join(dir, f), 'utf8')); const byId=new Map(prof.nodes.map(n=>[n.id,n])); const parent=new Map(); for(const n of prof.nodes) for(const c of n.children??[]) parent.set(c,n.id); const tot=new Map(); let busy=0; for(const id of prof.samples){ const fr=byId.get(id).callFrame; if(fr.functionName==='(idle)') continue; busy++; const seen=new Set(); for(let x=id;x!==undefined;x=parent.get(x)){const c=byId.get(x).callFrame; const k=(c.functionName||'(anon)')+' '+c.url.replace(/.*node_modules\//,'').replace(/.*main\//,'')+':'+c.lineNumber; if(seen.has(k)) continue; seen.add(k); tot.set(k,(tot.get(k)??0)+1);} } console.log([...tot].sort((a,b)=>b[1]-a[1]).slice(0,60).map(([k,v])=>(v*100/busy).toFixed(1)+' '+k).join('\n')); for (const n of ['decide','transaction','evaluateForDecision','evaluatePipeline','processGraphQLRequest','execute','context','authenticate','viewerFromApiKey','arms','cached','canonicalJson','stringify','validate','checkArgs','jsonParser','insertDecision','borrowerWithLines','decisionOf','validateFacts']) console.log(n, (s.inclusive(n)*100).toFixed(1)); console.log(profileNotes(s, 15).join('\n')); }
rmSync(dir, { recursive: true, force: true });
