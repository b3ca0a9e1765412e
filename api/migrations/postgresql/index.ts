// The migrations applied on PostgreSQL, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128185255 } from './Migration20261128185255.js';

export const migrations = [
  { name: 'Migration20261128185255', class: Migration20261128185255 },
];
