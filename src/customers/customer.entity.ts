import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { CUSTOMER_CATEGORIES, type ContactPerson, type CustomerCategory } from '../../workflows/sale-types.js';

/** A customer as the sales system knows it: the buying organisation, its buyer and the product's actual user. */
@Entity({ tableName: 'customer' })
export class Customer {
  @PrimaryKey({ type: 'string', length: 64 })
  id: string;

  @Property({ type: 'string', length: 200 })
  name: string;

  @Property({ type: 'string', length: 32 })
  category: CustomerCategory;

  @Property({ type: 'boolean' })
  keyAccount: boolean;

  @Property({ type: 'string', length: 100, nullable: true })
  region: string | null;

  @Property({ type: 'string', length: 100, nullable: true })
  industry: string | null;

  @Property({ type: 'json' })
  buyer: ContactPerson;

  @Property({ type: 'json', nullable: true })
  actualUser: ContactPerson | null;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: {
    id: string;
    name: string;
    category: CustomerCategory;
    keyAccount: boolean;
    region?: string | null;
    industry?: string | null;
    buyer: ContactPerson;
    actualUser?: ContactPerson | null;
  }) {
    if (!CUSTOMER_CATEGORIES.includes(props.category)) {
      throw new Error(`unknown customer category ${props.category}`);
    }
    this.id = props.id;
    this.name = props.name;
    this.category = props.category;
    this.keyAccount = props.keyAccount;
    this.region = props.region ?? null;
    this.industry = props.industry ?? null;
    this.buyer = props.buyer;
    this.actualUser = props.actualUser ?? null;
  }

  /** Callbacks go to the actual user by preference (准客户，尤其是使用人). */
  get contactForCallbacks(): ContactPerson {
    return this.actualUser ?? this.buyer;
  }
}
