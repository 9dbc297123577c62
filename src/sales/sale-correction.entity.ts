import { Entity, ManyToOne, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { instant, text } from '../common/invariants.js';
import { Sale } from './sale.entity.js';

/** One field a correction changed; the values of personal fields (names, phones) are not repeated here. */
export interface SaleFieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** A correction of a recorded sale by the sales system (PATCH /sales/:saleId): what changed, when, by whom. */
@Entity({ tableName: 'sale_correction' })
@Unique({ name: 'sale_correction_sale_id_revision_unique', properties: ['sale', 'revision'] })
export class SaleCorrection {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @ManyToOne(() => Sale)
  sale: Sale;

  /** 1 for the sale's first correction, and so on. */
  @Property({ type: 'integer' })
  revision: number;

  @Property({ type: 'json' })
  changes: SaleFieldChange[];

  @Property({ type: 'string', length: 100 })
  correctedBy: string;

  @Property({ type: 'datetime' })
  correctedAt: Date;

  constructor(props: { id: string; sale: Sale; revision: number; changes: SaleFieldChange[]; correctedBy: string; correctedAt: Date | string }) {
    if (!Number.isInteger(props.revision) || props.revision < 1) throw new Error(`revision must be a positive integer, got ${props.revision}`);
    if (!Array.isArray(props.changes) || props.changes.length === 0) throw new Error('a correction changes at least one field');
    this.id = text(props.id, 'id', 64);
    this.sale = props.sale;
    this.revision = props.revision;
    this.changes = props.changes;
    this.correctedBy = text(props.correctedBy, 'correctedBy', 100);
    this.correctedAt = instant(props.correctedAt, 'correctedAt');
  }
}
