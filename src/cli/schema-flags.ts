import { z } from 'zod';
import { UserError } from './user-error';

/**
 * Command-line flags derived from a settings schema, so the CLI, the app's forms and the service
 * share one set of names, defaults and rules: `minCount` is `--min-count`, a boolean that defaults
 * to false is `--name`, one that defaults to true is `--no-name`.
 */
export interface SchemaFlags {
  /** Options for node:util parseArgs. */
  options: Record<string, { type: 'string' | 'boolean' }>;
  /** Settings from parsed values: defaults filled in, every value checked, errors name the flag. */
  read(values: Record<string, unknown>): Record<string, unknown>;
  /** Help lines: flag, description, default. */
  help(): string[];
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);

interface FieldInfo {
  key: string;
  flag: string;
  boolean: boolean;
  defaultValue: unknown;
  description: string;
  schema: z.ZodType;
}

function describeField(key: string, schema: z.ZodType): FieldInfo {
  const parsedDefault = schema.safeParse(undefined);
  const defaultValue = parsedDefault.success ? parsedDefault.data : undefined;
  const boolean = typeof defaultValue === 'boolean';
  const flag = boolean && defaultValue === true ? `no-${kebab(key)}` : kebab(key);
  const description = schema.description ?? '';
  return { key, flag, boolean, defaultValue, description: flag.startsWith('no-') ? `Do not: ${description.charAt(0).toLowerCase()}${description.slice(1)}` : description, schema };
}

export function schemaFlags(schema: z.ZodObject): SchemaFlags {
  const fields = Object.entries(schema.shape).map(([key, field]) => describeField(key, field as z.ZodType));
  return {
    options: Object.fromEntries(fields.map((field) => [field.flag, { type: field.boolean ? 'boolean' : 'string' }])),
    read(values) {
      const settings: Record<string, unknown> = {};
      for (const field of fields) {
        const raw = values[field.flag];
        let value: unknown;
        if (field.boolean) value = raw === undefined ? undefined : field.flag.startsWith('no-') ? !raw : raw;
        else if (raw !== undefined) value = coerce(String(raw), field);
        const parsed = field.schema.safeParse(value);
        if (!parsed.success) throw new UserError(`--${field.flag}: ${parsed.error.issues[0]?.message ?? 'invalid value'} (got "${String(raw)}")`);
        if (parsed.data !== undefined) settings[field.key] = parsed.data;
      }
      return settings;
    },
    help() {
      return fields.map((field) => {
        const name = field.boolean ? `--${field.flag}` : `--${field.flag} <value>`;
        const shown = field.boolean || field.defaultValue === undefined ? '' : ` (default ${String(field.defaultValue)})`;
        return `  ${name.padEnd(28)} ${field.description}${shown}`;
      });
    },
  };
}

/** Numbers are parsed strictly: "5x", "" and "NaN" are errors, not 5 or 0. */
function coerce(raw: string, field: FieldInfo): unknown {
  const expectsNumber = typeof field.defaultValue === 'number' || field.schema.safeParse(0).success || field.schema.safeParse(1).success;
  if (!expectsNumber) return raw;
  const trimmed = raw.trim();
  const number = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(number)) throw new UserError(`--${field.flag} must be a number (got "${raw}")`);
  return number;
}
