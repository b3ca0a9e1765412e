// Section: what the argument bounds (api/src/graphql/input-bounds.ts) cost a decide. The decide field of the
// real schema gets a resolver that does nothing, and is timed with and without the check in front of it, on
// the bench applicant's arguments (as GraphQL hands them over) and on a larger facts object.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { enforceInputBounds } from '../../api/dist/src/graphql/input-bounds.js';
import { applicantInput, fixed, REPO_ROOT, timeRuns } from './support.js';

const CALLS = 20_000;
/** A decide budget of 1,000 per second is 1 ms; the check should be a sliver of it. */
const DECIDE_BUDGET_NS = 1e6;

function decideField() {
  const schema = buildSchema(readFileSync(join(REPO_ROOT, 'api', 'schema.graphql'), 'utf8'));
  const field = schema.getMutationType().getFields().decide;
  field.resolve = () => null;
  const bare = field.resolve;
  enforceInputBounds(schema);
  return { bare, checked: field.resolve };
}

export async function inputBounds() {
  const { bare, checked } = decideField();
  const typical = { input: applicantInput('bench-bounds') };
  const wide = {
    input: {
      ...typical.input,
      facts: Object.fromEntries(Array.from({ length: 40 }, (_, index) => [`fact${index}`, index * 1.5])),
    },
  };
  const calls = Array.from({ length: CALLS }, (_, index) => index);
  const rows = [];
  const notes = [];
  for (const [label, args] of [
    ['typical applicant', typical],
    ['40 facts', wide],
  ]) {
    const without = await timeRuns(`${label}, no check`, calls, () => bare(null, args, {}, {}));
    const withCheck = await timeRuns(`${label}, checked`, calls, () => checked(null, args, {}, {}));
    const costNs = 1e9 / withCheck.median - 1e9 / without.median;
    rows.push([`${label}: resolver alone`, without.median, without.min, without.max]);
    rows.push([`${label}: with the bounds check`, withCheck.median, withCheck.min, withCheck.max]);
    notes.push(
      `${label}: the check costs about ${fixed(costNs / 1000, 2)} µs per decide, ` +
        `${fixed((100 * costNs) / DECIDE_BUDGET_NS, 2)}% of a 1 ms decide (1,000 decides/s)`,
    );
  }
  return { title: 'Argument bounds on decide', header: ['', 'calls/s (median)', 'min', 'max'], rows, notes };
}
