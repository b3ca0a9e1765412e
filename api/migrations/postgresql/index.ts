// The migrations applied on PostgreSQL, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128194309 } from './Migration20261128194309.js';

export const migrations = [{ name: 'Migration20261128194309', class: Migration20261128194309 }];
