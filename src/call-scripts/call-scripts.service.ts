import { EntityManager, LockMode } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors.js';
import { CALL_SCRIPT_KINDS, PLACEHOLDERS, answerFieldsOf, placeholdersOf, type CallScriptKind, type CallScriptSteps } from './call-script-content.js';
import { CallScript } from './call-script.entity.js';
import type { CallScriptDto } from './dto/call-script.dto.js';

function toDto(script: CallScript): CallScriptDto {
  return {
    kind: script.kind,
    title: script.title,
    steps: script.steps,
    placeholders: placeholdersOf(script.kind).map((name) => ({ name, description: PLACEHOLDERS[name] })),
    answerFields: [...answerFieldsOf(script.kind)],
    version: script.version,
    updatedBy: script.updatedBy,
    updatedAt: script.updatedAt.toISOString(),
  };
}

/** The call scripts (回访话术), one per kind: seeded by a migration, edited by the administrator. */
@Injectable()
export class CallScriptsService {
  constructor(private readonly em: EntityManager) {}

  async list(): Promise<CallScriptDto[]> {
    const scripts = await this.em.fork().find(CallScript, {});
    return scripts.sort((a, b) => CALL_SCRIPT_KINDS.indexOf(a.kind) - CALL_SCRIPT_KINDS.indexOf(b.kind)).map(toDto);
  }

  async get(kind: CallScriptKind): Promise<CallScriptDto> {
    const script = await this.em.fork().findOne(CallScript, { kind });
    if (!script) throw new NotFoundError(`there is no call script for ${kind}`);
    return toDto(script);
  }

  /** Replaces the script's text; its version goes up by one. Two edits at once both apply, the later one wins. */
  async put(kind: CallScriptKind, edit: { title: string; steps: CallScriptSteps }, editor: string): Promise<CallScriptDto> {
    const em = this.em.fork();
    return em.transactional(async (tx) => {
      const current = await tx.findOne(CallScript, { kind }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const next = new CallScript({ kind, ...edit, version: (current?.version ?? 0) + 1, updatedBy: editor, updatedAt: new Date() });
      if (current) tx.assign(current, { title: next.title, steps: next.steps, version: next.version, updatedBy: next.updatedBy, updatedAt: next.updatedAt });
      else tx.persist(next);
      await tx.flush();
      return toDto(current ?? next);
    });
  }
}
