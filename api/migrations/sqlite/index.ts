// The migrations applied on SQLite, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128194306 } from './Migration20261128194306.js';

export const migrations = [{ name: 'Migration20261128194306', class: Migration20261128194306 }];
