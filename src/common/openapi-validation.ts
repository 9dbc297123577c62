import type { OpenAPIObject } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';

type Schema = Record<string, unknown> & { type?: string; properties?: Record<string, Schema>; items?: Schema };

const LOCAL_DATE_SOURCE = String.raw`^\d{4}-\d{2}-\d{2}$`;

/** The JSON Schema keywords that say what one class-validator constraint checks. */
function keywordsOf(name: string | undefined, constraints: unknown[] | undefined, schema: Schema): Record<string, unknown> {
  const [first] = constraints ?? [];
  switch (name) {
    case 'maxLength':
      return { maxLength: first };
    case 'minLength':
      return { minLength: first };
    case 'isNotEmpty':
      return schema.type === 'string' ? { minLength: 1 } : {};
    case 'matches':
      return first instanceof RegExp ? { pattern: first.source, ...(first.source === LOCAL_DATE_SOURCE ? { format: 'date' } : {}) } : {};
    case 'min':
      return { minimum: first };
    case 'max':
      return { maximum: first };
    case 'isInt':
      return { type: 'integer' };
    case 'isIn':
      return Array.isArray(first) ? { enum: first } : {};
    case 'arrayMaxSize':
      return { maxItems: first };
    case 'arrayMinSize':
      return { minItems: first };
    case 'isUUID':
      return { format: 'uuid' };
    case 'isEmail':
      return { format: 'email' };
    default:
      return {};
  }
}

/**
 * Writes what the validators check into the request schemas (lengths, patterns, ranges, enums, list sizes) and marks
 * them closed (additionalProperties: false, as the validation pipe rejects unknown fields), so the document says what
 * the API accepts and clients and fuzzers need not guess. Keywords an @ApiProperty states itself are kept.
 */
export function describeValidation(document: OpenAPIObject): OpenAPIObject {
  const storage = getMetadataStorage();
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const targets = new Set([...(storage as unknown as { validationMetadatas: Map<new (...args: never[]) => unknown, unknown> }).validationMetadatas.keys()]);
  for (const target of targets) {
    const schema = schemas[target.name];
    if (!schema?.properties) continue;
    schema.additionalProperties = false;
    for (const metadata of storage.getTargetValidationMetadatas(target, '', true, false)) {
      const property = schema.properties[metadata.propertyName];
      if (!property || metadata.type !== 'customValidation') continue;
      const subject = metadata.each && property.type === 'array' && property.items ? property.items : property;
      for (const [keyword, value] of Object.entries(keywordsOf(metadata.name, metadata.constraints, subject))) {
        // An integer is documented as a number by @ApiProperty unless it says otherwise.
        const integer = keyword === 'type' && value === 'integer' && subject.type === 'number';
        if (value !== undefined && (subject[keyword] === undefined || integer)) subject[keyword] = value;
      }
    }
  }
  return document;
}
