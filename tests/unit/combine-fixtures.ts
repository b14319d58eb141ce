/** Two related CSV files (orders and their customers), their join computed row by row, and a pipeline joining them. */
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { seededRng } from '../../src/core/random';
import { tableFromStrings } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

/** CSV text (no quotes) typed as the loader types a file. */
export function csv(text: string): Table {
  const [header, ...rows] = text.trim().split('\n').map((line) => line.split(','));
  return tableFromStrings(header, header.map((_, c) => rows.map((r) => r[c]))).table;
}

/** Customers (one row per id) and their orders (several per customer, some for unknown customers). */
export function files() {
  const rng = seededRng(5);
  const segments = ['retail', 'trade', 'staff'];
  const customers = Array.from({ length: 40 }, (_, id) => [String(id), segments[id % 3], (20 + Math.floor(rng() * 50)).toString()]);
  const orders: string[][] = [];
  for (let o = 0; o < 300; o++) {
    const customer = Math.floor(rng() * 44);
    const amount = Math.round(rng() * 200);
    const segment = customer < 40 ? customer % 3 : 0;
    const returned = (segment === 1 ? amount > 60 : amount > 140) !== rng() < 0.08 ? 'yes' : 'no';
    orders.push([String(o), String(customer), String(amount), returned]);
  }
  return {
    customersCsv: ['customer_id,segment,age', ...customers.map((r) => r.join(','))].join('\n'),
    ordersCsv: ['order,customer,amount,returned', ...orders.map((r) => r.join(','))].join('\n'),
    /** The inner join on customer = customer_id, computed row by row, as one CSV. */
    joinedCsv: [
      'order,customer,amount,returned,segment,age',
      ...orders.flatMap((o) => customers.filter((c) => c[0] === o[1]).map((c) => [...o, c[1], c[2]].join(','))),
    ].join('\n'),
  };
}

/** Orders joined with customers, then the default preprocessing and model. */
export function joinPipeline(): PipelineSpec {
  const base = defaultPipeline('returned', 'classification');
  const rest = base.nodes.filter((n) => n.kind !== 'source');
  return {
    ...base,
    nodes: [
      { id: 'orders', kind: 'source', params: { dataset: 'ord' } },
      { id: 'customers', kind: 'source', params: { dataset: 'cust' } },
      { id: 'join', kind: 'join', params: { keys: ['customer'], right_keys: ['customer_id'], how: 'inner', suffix: '_right' } },
      ...rest,
    ],
    edges: [{ from: 'orders', to: 'join', port: 'left' }, { from: 'customers', to: 'join', port: 'right' }, { from: 'join', to: 'impute' }, ...base.edges.filter((e) => e.from !== 'source')],
  };
}

