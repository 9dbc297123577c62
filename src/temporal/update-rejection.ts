import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ConflictError, ForbiddenError, NotFoundError, UnauthorizedError, UnprocessableError, type DomainError } from '../common/errors.js';

const DOMAIN_ERRORS: Record<Exclude<DomainError['kind'], 'too_many_requests'>, new (message: string) => DomainError> = {
  not_found: NotFoundError,
  conflict: ConflictError,
  unprocessable: UnprocessableError,
  forbidden: ForbiddenError,
  unauthorized: UnauthorizedError,
};

/**
 * The error to answer for a failed workflow update: the workflow's rejection (its failure type, a key of
 * `rejections`, names the kind) as a domain error with the workflow's message; a workflow that never existed as
 * `unknown`, one that has ended as a conflict. Anything else goes through unchanged to the exception filter.
 */
export async function updateRejection(
  err: unknown,
  handle: WorkflowHandle,
  rejections: Readonly<Record<string, keyof typeof DOMAIN_ERRORS>>,
  names: { unknown: string; ended: (status: string) => string },
): Promise<unknown> {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const type = err.cause.type;
    if (type && Object.hasOwn(rejections, type)) return new DOMAIN_ERRORS[rejections[type]](err.cause.message);
    return err;
  }
  if (!(err instanceof WorkflowNotFoundError)) return err;
  try {
    const { status } = await handle.describe();
    if (status.name === 'RUNNING') return err;
    return new ConflictError(names.ended(status.name.toLowerCase()));
  } catch (describeErr) {
    if (describeErr instanceof WorkflowNotFoundError) return new NotFoundError(names.unknown);
    return describeErr;
  }
}
