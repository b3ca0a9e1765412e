import type { EntityManager } from '@mikro-orm/core';
import { DomainError } from '../core/errors.js';
import { Product } from './product.entity.js';

/** What the decide path needs of a product; products never change once created. */
export interface ProductInfo {
  id: string;
  key: string;
  currency: string;
  allowedTerms: readonly number[];
}

export class ProductService {
  private readonly byKey = new Map<string, ProductInfo>();

  async get(em: EntityManager, key: string): Promise<Product> {
    const product = await em.findOne(Product, { key });
    if (!product)
      throw new DomainError('NOT_FOUND', `Product "${key}" does not exist`, { field: 'productKey' });
    return product;
  }

  /** Read once per process: no API changes a product, so the first read stays true. */
  async cached(em: EntityManager | (() => EntityManager), key: string): Promise<ProductInfo> {
    let info = this.byKey.get(key);
    if (!info) {
      const product = await this.get(typeof em === 'function' ? em() : em, key);
      info = Object.freeze({
        id: product.id,
        key: product.key,
        currency: product.currency,
        allowedTerms: Object.freeze([...product.allowedTerms]),
      });
      this.byKey.set(key, info);
    }
    return info;
  }
}
