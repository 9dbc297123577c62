import { Entity, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { optionalText, text } from '../common/invariants.js';
import { ACTOR_ID, isRole, type Role } from '../auth/roles.js';
import { Department } from './department.entity.js';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * A person of the staff directory. The id is the subject of their session and tokens; the roles say what they may do.
 * A deactivated person keeps every record that names them and is told nothing new.
 */
@Entity({ tableName: 'person' })
export class Person {
  @PrimaryKey({ type: 'string', length: 100 })
  id: string;

  @Property({ type: 'string', length: 100 })
  displayName: string;

  /** One or more roles of the role table. */
  @Property({ type: 'json' })
  roles: Role[];

  @ManyToOne(() => Department, { nullable: true, deleteRule: 'restrict' })
  department: Department | null;

  @Property({ type: 'string', length: 254, nullable: true })
  email: string | null;

  /** Their user id on the department's chat platform, to @-mention them in the group. */
  @Property({ type: 'string', length: 100, nullable: true })
  chatHandle: string | null;

  @Property({ type: 'string', length: 8 })
  locale: Locale;

  @Property({ type: 'boolean' })
  active: boolean;

  @Property({ type: 'datetime', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', onUpdate: () => new Date() })
  updatedAt: Date = new Date();

  constructor(props: {
    id: string;
    displayName: string;
    roles: Role[];
    department?: Department | null;
    email?: string | null;
    chatHandle?: string | null;
    locale?: Locale;
    active?: boolean;
  }) {
    if (typeof props.id !== 'string' || !ACTOR_ID.test(props.id)) {
      throw new Error(`id must be one plain id (letters, digits, . _ @ -, at most 100), got ${String(props.id)}`);
    }
    this.id = props.id;
    this.displayName = text(props.displayName, 'displayName', 100);
    this.roles = Person.checkedRoles(props.roles);
    this.department = props.department ?? null;
    this.email = Person.checkedEmail(props.email);
    this.chatHandle = optionalText(props.chatHandle, 'chatHandle', 100);
    this.locale = Person.checkedLocale(props.locale ?? 'zh-CN');
    this.active = props.active ?? true;
  }

  static checkedRoles(roles: unknown): Role[] {
    if (!Array.isArray(roles) || roles.length === 0) throw new Error('roles must list at least one role');
    for (const role of roles) if (!isRole(role)) throw new Error(`roles: unknown role ${String(role)}`);
    return [...new Set(roles as Role[])];
  }

  static checkedEmail(email: unknown): string | null {
    const value = optionalText(email, 'email', 254);
    if (value !== null && !EMAIL.test(value)) throw new Error(`email must be an e-mail address, got ${value}`);
    return value;
  }

  static checkedLocale(locale: unknown): Locale {
    if (!LOCALES.includes(locale as Locale)) throw new Error(`locale must be one of ${LOCALES.join(', ')}, got ${String(locale)}`);
    return locale as Locale;
  }

  /** Changes the fields given (undefined leaves one as it is), with the constructor's checks. */
  update(props: {
    displayName?: string;
    roles?: Role[];
    department?: Department | null;
    email?: string | null;
    chatHandle?: string | null;
    locale?: Locale;
    active?: boolean;
  }): void {
    if (props.displayName !== undefined) this.displayName = text(props.displayName, 'displayName', 100);
    if (props.roles !== undefined) this.roles = Person.checkedRoles(props.roles);
    if (props.department !== undefined) this.department = props.department;
    if (props.email !== undefined) this.email = Person.checkedEmail(props.email);
    if (props.chatHandle !== undefined) this.chatHandle = optionalText(props.chatHandle, 'chatHandle', 100);
    if (props.locale !== undefined) this.locale = Person.checkedLocale(props.locale);
    if (props.active !== undefined) this.active = props.active;
  }

  hasRole(role: Role): boolean {
    return this.roles.includes(role);
  }
}
