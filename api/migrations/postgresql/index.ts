// The migrations applied on PostgreSQL, in order. `npm run migration:create -w @spillway/api` appends here.
import { Migration20261128195101 } from './Migration20261128195101.js';
import { Migration20261128213158 } from './Migration20261128213158.js';
import { Migration20261128215559 } from './Migration20261128215559.js';
import { Migration20261203104500 } from './Migration20261203104500.js';
import { Migration20261203110703 } from './Migration20261203110703.js';
import { Migration20261203111823 } from './Migration20261203111823.js';
import { Migration20261203124144 } from './Migration20261203124144.js';
import { Migration20261203144310 } from './Migration20261203144310.js';
import { Migration20261203145040 } from './Migration20261203145040.js';
import { Migration20261203150000 } from './Migration20261203150000.js';

export const migrations = [
  { name: 'Migration20261128195101', class: Migration20261128195101 },
  { name: 'Migration20261128213158', class: Migration20261128213158 },
  { name: 'Migration20261128215559', class: Migration20261128215559 },
  { name: 'Migration20261203104500', class: Migration20261203104500 },
  { name: 'Migration20261203111823', class: Migration20261203111823 },
  { name: 'Migration20261203124144', class: Migration20261203124144 },
  { name: 'Migration20261203110703', class: Migration20261203110703 },
  { name: 'Migration20261203144310', class: Migration20261203144310 },
  { name: 'Migration20261203145040', class: Migration20261203145040 },
  { name: 'Migration20261203150000', class: Migration20261203150000 },
];
