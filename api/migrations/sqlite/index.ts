// The migrations applied on SQLite, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128195058 } from './Migration20261128195058.js';
import { Migration20261128213153 } from './Migration20261128213153.js';
import { Migration20261128215549 } from './Migration20261128215549.js';
import { Migration20261203104453 } from './Migration20261203104453.js';
import { Migration20261203110700 } from './Migration20261203110700.js';
import { Migration20261203111817 } from './Migration20261203111817.js';
import { Migration20261203124137 } from './Migration20261203124137.js';
import { Migration20261203144259 } from './Migration20261203144259.js';
import { Migration20261203145025 } from './Migration20261203145025.js';
import { Migration20261203150000 } from './Migration20261203150000.js';

export const migrations = [
  { name: 'Migration20261128195058', class: Migration20261128195058 },
  { name: 'Migration20261128213153', class: Migration20261128213153 },
  { name: 'Migration20261128215549', class: Migration20261128215549 },
  { name: 'Migration20261203104453', class: Migration20261203104453 },
  { name: 'Migration20261203111817', class: Migration20261203111817 },
  { name: 'Migration20261203124137', class: Migration20261203124137 },
  { name: 'Migration20261203110700', class: Migration20261203110700 },
  { name: 'Migration20261203144259', class: Migration20261203144259 },
  { name: 'Migration20261203145025', class: Migration20261203145025 },
  { name: 'Migration20261203150000', class: Migration20261203150000 },
];
