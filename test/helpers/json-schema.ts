/**
 * Validates a value against a JSON Schema with ajv (draft 2020-12, the draft
 * docs/report.schema.json declares in `$schema`), `format` checked by ajv-formats (date-time:
 * RFC 3339). Strict mode: a keyword or format ajv does not know fails the compile, so the
 * schema cannot say something the test does not check.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';

type Schema = Record<string, unknown>;

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsPlugin as unknown as (ajv: Ajv2020) => Ajv2020;

/** Compiling costs ~0.3 s: once per schema object. */
const compiled = new WeakMap<Schema, ValidateFunction>();

/**
 * Validates `value` against `schema`.
 * @returns every violation as `PATH: message` (PATH a JSON Pointer, '' for the root; empty when valid)
 * @throws Error when the schema itself is invalid or uses an unknown keyword
 */
export function validateSchema(value: unknown, schema: Schema): string[] {
  let validate = compiled.get(schema);
  if (!validate) compiled.set(schema, (validate = addFormats(new Ajv2020({ allErrors: true, strict: true })).compile(schema)));
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => {
    const detail = e.keyword === 'enum' ? ` ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}` : '';
    return `${e.instancePath || '/'}: ${e.message ?? e.keyword}${detail}`;
  });
}
