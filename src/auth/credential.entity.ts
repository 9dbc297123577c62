import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { text } from '../common/invariants.js';

/** A person's password, as an argon2id hash (src/auth/passwords.ts); kept apart from the directory's rows. */
@Entity({ tableName: 'person_credential' })
export class PersonCredential {
  @PrimaryKey({ type: 'string', length: 100 })
  personId: string;

  @Property({ type: 'text', hidden: true })
  passwordHash: string;

  @Property({ type: 'datetime' })
  changedAt: Date;

  /** Who set it: the person themselves, an administrator's id, or `directory:load`. */
  @Property({ type: 'string', length: 100 })
  changedBy: string;

  constructor(props: { personId: string; passwordHash: string; changedAt: Date; changedBy: string }) {
    this.personId = text(props.personId, 'personId', 100);
    if (!props.passwordHash.startsWith('$argon2id$')) throw new Error('passwordHash must be an argon2id hash');
    this.passwordHash = props.passwordHash;
    this.changedAt = props.changedAt;
    this.changedBy = text(props.changedBy, 'changedBy', 100);
  }
}
