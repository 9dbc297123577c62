import type { Rule } from 'antd/es/form';
import type { Translate } from '../i18n/I18n';
import { fieldSchema, type FieldProblem, type SchemaName } from './validation';

/**
 * antd form rules for one field of a request body, read from the API's OpenAPI document: required, lengths, the
 * not-blank pattern, numeric ranges. The page says what the API would say, before the trip.
 */
export function rulesFor(name: SchemaName, path: string, t: Translate, { required }: { required?: boolean } = {}): Rule[] {
  const found = fieldSchema(name, path);
  if (!found) return [];
  const { schema } = found;
  const rules: Rule[] = [];
  if (required ?? found.required) rules.push({ required: true, message: t('validation.required') });
  if (typeof schema.maxLength === 'number') rules.push({ max: schema.maxLength, message: t('validation.maxLength', { n: schema.maxLength }) });
  if (typeof schema.minLength === 'number' && schema.minLength > 1) rules.push({ min: schema.minLength, message: t('validation.minLength', { n: schema.minLength }) });
  if (schema.pattern === '\\S') rules.push({ whitespace: true, message: t('validation.blank') });
  if (typeof schema.minimum === 'number' || typeof schema.maximum === 'number') {
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    rules.push({
      validator: async (_, value: unknown) => {
        if (value === undefined || value === null || value === '') return;
        const n = Number(value);
        if ((min !== undefined && n < min) || (max !== undefined && n > max)) throw new Error(t('validation.range', { min: min ?? '', max: max ?? '' }));
      },
    });
  }
  return rules;
}

/** Field problems (the browser's or the API's 400) onto the form's fields, by the API's dotted names. */
export function formErrors(problems: FieldProblem[], prefix: string[] = []): { name: (string | number)[]; errors: string[] }[] {
  return problems.map(({ field, problems: errors }) => ({
    name: [...prefix, ...field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part))],
    errors,
  }));
}
