/**
 * A small JSON Schema (draft 2020-12) validator for the keywords docs/report.schema.json uses:
 * type, const, enum, required, properties, additionalProperties: false, items, minimum,
 * pattern, format date-time and local `$ref`s (`#/$defs/NAME`). ajv is not in the offline npm
 * cache; a keyword this does not know fails loudly, so the schema cannot outgrow it unnoticed.
 */

type Schema = Record<string, unknown>;

const KNOWN = new Set(['$schema', '$id', 'title', 'description', '$defs', 'type', 'const', 'enum', 'required', 'properties', 'additionalProperties', 'items', 'minimum', 'pattern', 'format', '$ref']);

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(actual: string, wanted: string): boolean {
  return actual === wanted || (wanted === 'number' && actual === 'integer');
}

/**
 * Validates `value` against `schema`.
 * @returns every violation as `PATH: message` (empty when valid)
 * @throws Error for a keyword the validator does not implement
 */
export function validateSchema(value: unknown, schema: Schema, root: Schema = schema, path = '$'): string[] {
  for (const key of Object.keys(schema)) if (!KNOWN.has(key)) throw new Error(`json-schema helper: keyword ${key} not implemented`);
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace(/^#\/\$defs\//, '');
    const target = (root.$defs as Record<string, Schema> | undefined)?.[name];
    if (!target) throw new Error(`json-schema helper: cannot resolve ${schema.$ref}`);
    return validateSchema(value, target, root, path);
  }
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const wanted = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (!wanted.some((w) => typeMatches(actual, w))) return [`${path}: expected ${wanted.join(' or ')}, found ${actual}`];
  }
  if ('const' in schema && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) errors.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (typeof schema.minimum === 'number' && typeof value === 'number' && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
  if (typeof schema.pattern === 'string' && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) errors.push(`${path}: not a date-time`);
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const key of (schema.required ?? []) as string[]) if (!(key in object)) errors.push(`${path}: missing ${key}`);
    for (const [key, v] of Object.entries(object)) {
      if (properties[key]) errors.push(...validateSchema(v, properties[key], root, `${path}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${path}: unexpected property ${key}`);
    }
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) => errors.push(...validateSchema(item, schema.items as Schema, root, `${path}[${i}]`)));
  }
  return errors;
}
