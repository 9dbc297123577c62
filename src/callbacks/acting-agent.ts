import type { Caller } from '../auth/auth.service.js';
import { ForbiddenError } from '../common/errors.js';

/**
 * The agent who claims or calls is the token's subject. A body may still name an `agentId` (older clients do), but
 * only the caller's own: acting in another agent's name is refused.
 */
export function actingAgent(caller: Caller, bodyAgentId: string | undefined): string {
  if (bodyAgentId !== undefined && bodyAgentId !== caller.id) {
    throw new ForbiddenError(`agentId ${bodyAgentId} is not the authenticated agent ${caller.id}; leave agentId out or send your own`);
  }
  return caller.id;
}
