// An ADMISSION policy as a GoRules JDM decision table, for benchmarking @gorules/zen-engine on the same
// decision. Built from the compiled policy (parameters already resolved to literals), so it follows
// whatever the policy says rather than a hand copy of it.
//
// Semantics reproduced: the policy's outcome is DECLINE if any decline rule fires, else REFER if any refer
// rule fires, else APPROVE, and its first reason is the firing rule ranked first by (effect, priority,
// order). A `first` hit-policy table whose rows are sorted by that same ranking, with a catch-all APPROVE
// row last, returns exactly that outcome and reason. Facts arrive computed (derived ones included), as
// json-rules-engine gets them in the throughput section.

const UNARY = {
  lessThan: '<',
  lessThanInclusive: '<=',
  greaterThan: '>',
  greaterThanInclusive: '>=',
  equal: '==',
  notEqual: '!=',
};

function literal(value) {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && /^[\w .-]*$/.test(value)) return `"${value}"`;
  if (typeof value === 'boolean') return String(value);
  throw new Error(`the JDM translation has no literal for ${JSON.stringify(value)}`);
}

/** One unary test in zen's expression language, `$` being the column's field. */
function unaryTest({ operator, value }) {
  if (operator in UNARY) return `$ ${UNARY[operator]} ${literal(value)}`;
  if (operator === 'in') return `$ in [${value.map(literal).join(', ')}]`;
  if (operator === 'notIn') return `not ($ in [${value.map(literal).join(', ')}])`;
  throw new Error(`the JDM translation does not support the operator ${operator}`);
}

/**
 * A rule's `all` of fact conditions, grouped by fact: one cell per fact column, the conditions on one
 * fact joined by `and`. Other shapes (any, not, fact references) have no row form here and are refused.
 */
function cellsOf(rule) {
  const conditions = rule.definition.conditions;
  if (!Array.isArray(conditions.all)) throw new Error(`${rule.name}: only all-of rules translate`);
  const cells = new Map();
  for (const condition of conditions.all) {
    if (typeof condition.fact !== 'string' || condition.path !== undefined) {
      throw new Error(`${rule.name}: only plain fact conditions translate`);
    }
    if (typeof condition.value === 'object' && condition.value !== null && !Array.isArray(condition.value)) {
      throw new Error(`${rule.name}: fact references do not translate`);
    }
    const tests = cells.get(condition.fact) ?? [];
    tests.push(unaryTest(condition));
    cells.set(condition.fact, tests);
  }
  return cells;
}

const EFFECT = { decline: 'DECLINE', refer: 'REFER' };
const RANK = { DECLINE: 0, REFER: 1 };

/** The JDM graph: request -> decision table -> response, output `{ outcome, reason, rule }`. */
export function admissionDecisionTable(compiledAdmission) {
  if (compiledAdmission.kind !== 'ADMISSION') throw new Error('an ADMISSION policy is needed');
  const rules = compiledAdmission.rules
    .map((rule) => ({ rule, outcome: EFFECT[rule.event.type], cells: cellsOf(rule) }))
    .sort(
      (a, b) =>
        RANK[a.outcome] - RANK[b.outcome] || b.rule.priority - a.rule.priority || a.rule.index - b.rule.index,
    );
  const facts = [...new Set(rules.flatMap(({ cells }) => [...cells.keys()]))];
  const inputs = facts.map((fact, index) => ({ id: `in${index}`, name: fact, field: fact }));
  const outputs = ['outcome', 'reason', 'rule'].map((field) => ({ id: field, name: field, field }));
  const row = (id, cells, outcome, reason, rule) => ({
    _id: id,
    ...Object.fromEntries(inputs.map((input) => [input.id, cells.get(input.name)?.join(' and ') ?? ''])),
    outcome: literal(outcome),
    reason: literal(reason),
    rule: literal(rule),
  });
  const table = rules.map(({ rule, outcome, cells }, index) =>
    row(`r${index}`, cells, outcome, rule.event.params?.reason ?? '', rule.name),
  );
  table.push(row('approve', new Map(), 'APPROVE', '', ''));
  const node = (id, type, name, x, content) => ({
    id,
    type,
    name,
    position: { x, y: 0 },
    ...(content && { content }),
  });
  return {
    nodes: [
      node('request', 'inputNode', 'Request', 0),
      node('admission', 'decisionTableNode', compiledAdmission.name, 300, {
        hitPolicy: 'first',
        inputs,
        outputs,
        rules: table,
      }),
      node('response', 'outputNode', 'Response', 600),
    ],
    edges: [
      { id: 'request-admission', sourceId: 'request', targetId: 'admission', type: 'edge' },
      { id: 'admission-response', sourceId: 'admission', targetId: 'response', type: 'edge' },
    ],
  };
}
