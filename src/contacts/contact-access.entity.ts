import { randomUUID } from 'node:crypto';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { instant, oneOf, text } from '../common/invariants.js';

/** Why a contact was read: the claimed callback, or the independent re-visit of a feedback case. */
export const CONTACT_ACCESS_PURPOSES = ['callback', 'revisit'] as const;
export type ContactAccessPurpose = (typeof CONTACT_ACCESS_PURPOSES)[number];

/** One read of a customer's contact (DOMAIN §7): who, when, which customer, and the callback or case it was for. */
@Entity({ tableName: 'contact_access' })
export class ContactAccess {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @Property({ type: 'string', length: 100 })
  personId: string;

  /** The role the person read it in. */
  @Property({ type: 'string', length: 32 })
  role: string;

  @Property({ type: 'string', length: 64 })
  customerId: string;

  @Property({ type: 'string', length: 64 })
  saleId: string;

  @Property({ type: 'string', length: 16 })
  purpose: ContactAccessPurpose;

  @Property({ type: 'string', length: 80, nullable: true })
  callbackId: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  caseNo: string | null;

  @Property({ type: 'datetime' })
  accessedAt: Date;

  constructor(props: {
    personId: string;
    role: string;
    customerId: string;
    saleId: string;
    accessedAt: Date | string;
    for: { purpose: 'callback'; callbackId: string } | { purpose: 'revisit'; caseNo: string };
  }) {
    this.personId = text(props.personId, 'personId', 100);
    this.role = text(props.role, 'role', 32);
    this.customerId = text(props.customerId, 'customerId', 64);
    this.saleId = text(props.saleId, 'saleId', 64);
    this.purpose = oneOf(props.for.purpose, CONTACT_ACCESS_PURPOSES, 'purpose');
    this.callbackId = props.for.purpose === 'callback' ? text(props.for.callbackId, 'callbackId', 80) : null;
    this.caseNo = props.for.purpose === 'revisit' ? text(props.for.caseNo, 'caseNo', 40) : null;
    this.accessedAt = instant(props.accessedAt, 'accessedAt');
  }
}
