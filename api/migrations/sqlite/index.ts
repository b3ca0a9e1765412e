// The migrations applied on SQLite, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128192608 } from './Migration20261128192608.js';

export const migrations = [{ name: 'Migration20261128192608', class: Migration20261128192608 }];
