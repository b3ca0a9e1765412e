import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '../core/errors.js';
import { Product } from './product.entity.js';

export class ProductService {
  async get(em: EntityManager, key: string): Promise<Product> {
    const product = await em.findOne(Product, { key });
    if (!product)
      throw new DomainError('NOT_FOUND', `Product "${key}" does not exist`, { field: 'productKey' });
    return product;
  }
}
