import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Moves the message and stack trace of failures into a payload, which the codec then encrypts: a database error
 * of an activity quotes the SQL and its values, customers' names and phones among them. Loaded by path
 * (DataConverter.failureConverterPath) outside the workflow sandbox; the workflow bundle keeps the default
 * converter, which reads encoded failures all the same.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
