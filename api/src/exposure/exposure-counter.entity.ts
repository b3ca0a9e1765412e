import { BigIntType, Entity, ManyToOne, PrimaryKey, Property, type Rel } from '@mikro-orm/core';
import { Product } from '../products/product.entity.js';

/**
 * How much of one exposure budget a window used (`<budget>|DAY:2026-12-03`), or the window's total of a
 * measure (`#NEW_EXPOSURE|DAY:2026-12-03`): fen of new exposure, or a count of approvals. Written in the
 * transaction of the decision that used it, so a counter holds exactly what stored decisions took.
 */
@Entity()
export class ExposureCounter {
  @ManyToOne(() => Product, { primary: true })
  product!: Rel<Product>;

  @PrimaryKey({ length: 200 })
  counterKey!: string;

  @Property({ type: new BigIntType('number') })
  used!: number;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
