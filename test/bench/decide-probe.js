// Bench child: `decide` called in process through the service (no HTTP, no GraphQL) on a fresh SQLite
// database, counting the SQL statements each decision sends. Explains what bounds decide over HTTP.
// Prints one JSON line for http.js.
import Database from 'better-sqlite3';
import { benchChild } from './backtest-app.js';
import { applicantInput } from './support.js';

const WARM_UP = 200;
const DECISIONS = 500;

/** Every statement decide sends, and every one SQLite had to prepare (a text it had not seen: values inlined). */
const statements = [];
const prepared = [];
let recording = false;
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function recordingPrepare(sql) {
  if (recording) prepared.push(sql);
  return prepare.call(this, sql);
};

const input = (n) => applicantInput(`probe-${n}`);

await benchChild(async ({ services }) => {
  const viewer = await services.auth.viewerFromApiKey(services.orm.em.fork(), 'spillway-demo-app-key');
  services.decisions.onStatement((sql) => {
    if (recording) statements.push(sql);
  });
  for (let n = 0; n < WARM_UP; n++) await services.decisions.decide(services.orm.em.fork(), viewer, input(n));
  recording = true;
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let n = WARM_UP; n < WARM_UP + DECISIONS; n++) {
    await services.decisions.decide(services.orm.em.fork(), viewer, input(n));
  }
  const wallMs = (performance.now() - started) / DECISIONS;
  const used = process.cpuUsage(cpu);
  recording = false;
  // statements by kind: the verb and the table (and the columns an update sets), values left out
  const kinds = new Map();
  for (const sql of statements) {
    const verb =
      sql.match(/^\s*(?:select [\s\S]*? from|insert into|update|delete from|\w+)\s*[`"]?\w*[`"]?/i)?.[0] ??
      sql;
    const set = sql.match(/^update .*? set (.*?) where/i)?.[1].match(/[`"]?\w+[`"]?(?= =)/g);
    const kind = set ? `${verb} set ${set.join(', ')}` : verb;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  return {
    decisions: DECISIONS,
    wallMs,
    cpuMs: (used.user + used.system) / 1000 / DECISIONS,
    statements: statements.length / DECISIONS,
    preparedAnew: prepared.length / DECISIONS,
    kinds: [...kinds].map(([kind, count]) => [
      kind
        .replace(/[`"]/g, '')
        .replace(/\s+/g, ' ')
        .replace(/^select .* from/i, 'select from'),
      count / DECISIONS,
    ]),
  };
});
