import type { PathSegment } from './yaml-path';

/**
 * Walks the scenario's JSON Schema (playground/src/scenario/scenario.schema.json) along a path:
 * which keys a mapping there may have and which values a key takes. Only what that schema
 * uses: local `$ref`, `anyOf`/`oneOf`/`allOf`, `if`/`then`/`else` (both branches: the text being
 * typed may be either version), `properties`, `additionalProperties`, `items`, `prefixItems`,
 * `enum`, `const`, `type`.
 */

export interface Schema {
  $ref?: string;
  $defs?: Record<string, Schema>;
  type?: string | string[];
  description?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema | boolean;
  prefixItems?: Schema[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  if?: Schema;
  then?: Schema;
  else?: Schema;
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  deprecated?: boolean;
}

export interface KeyOption {
  key: string;
  description: string | null;
  /** The value is a mapping or a list (the completion then opens a block). */
  block: boolean;
}

/** The alternatives a schema stands for, with references followed and combinators flattened. */
export function alternatives(
  root: Schema,
  schema: Schema | boolean | undefined,
  seen = new Set<Schema>(),
): Schema[] {
  if (!schema || schema === true || seen.has(schema)) return [];
  seen.add(schema);
  let own: Schema = schema;
  const out: Schema[] = [];
  if (schema.$ref) {
    const target = resolveRef(root, schema.$ref);
    if (target) out.push(...alternatives(root, target, seen));
    const { $ref: _, ...rest } = schema;
    own = rest;
  }
  out.push(own);
  for (const list of [schema.anyOf, schema.oneOf, schema.allOf])
    for (const s of list ?? []) out.push(...alternatives(root, s, seen));
  for (const s of [schema.then, schema.else]) out.push(...alternatives(root, s, seen));
  return out;
}

function resolveRef(root: Schema, ref: string): Schema | undefined {
  const m = /^#\/\$defs\/(.+)$/.exec(ref);
  return m ? root.$defs?.[m[1] as string] : undefined;
}

/** The schemas that apply at `path` (none: the path leaves the schema). */
export function schemasAt(root: Schema, path: readonly PathSegment[]): Schema[] {
  let current = alternatives(root, root);
  for (const segment of path) {
    const next: Schema[] = [];
    for (const s of current) {
      if (typeof segment === 'number') {
        const item = s.prefixItems?.[segment] ?? s.items;
        if (item && item !== true) next.push(...alternatives(root, item));
      } else {
        const prop = s.properties?.[segment];
        if (prop) next.push(...alternatives(root, prop));
        else if (s.additionalProperties && s.additionalProperties !== true && !s.properties?.[segment])
          next.push(...alternatives(root, s.additionalProperties));
      }
    }
    current = [...new Set(next)];
  }
  return current;
}

/** Keys a mapping at `path` may have, in the schema's order, first description wins. */
export function keysAt(root: Schema, path: readonly PathSegment[]): KeyOption[] {
  const keys = new Map<string, KeyOption>();
  for (const s of schemasAt(root, path)) {
    for (const [key, prop] of Object.entries(s.properties ?? {})) {
      const alts = alternatives(root, prop);
      const description = alts.find((a) => a.description)?.description ?? null;
      const block = alts.some((a) => typesOf(a).some((t) => t === 'object' || t === 'array'));
      const known = keys.get(key);
      if (!known) keys.set(key, { key, description, block });
      else keys.set(key, { key, description: known.description ?? description, block: known.block || block });
    }
  }
  return [...keys.values()];
}

/**
 * Values a key at `path` takes from a fixed set (its `enum`s, `const`s and booleans), written as
 * YAML: a string YAML would read as something else is quoted (`"1.0"` is not the number 1).
 */
export function valuesAt(root: Schema, path: readonly PathSegment[]): string[] {
  const values = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'number') values.add(String(v));
    else if (typeof v === 'string')
      values.add(/^(?:[-+.\d][\d.e+-]*|true|false|null|~|yes|no|on|off|)$/i.test(v) ? JSON.stringify(v) : v);
  };
  for (const s of schemasAt(root, path)) {
    for (const v of s.enum ?? []) add(v);
    if (s.const !== undefined) add(s.const);
    if (typesOf(s).includes('boolean')) {
      values.add('true');
      values.add('false');
    }
  }
  return [...values];
}

function typesOf(s: Schema): string[] {
  if (s.type) return Array.isArray(s.type) ? s.type : [s.type];
  if (s.properties || s.additionalProperties) return ['object'];
  if (s.items || s.prefixItems) return ['array'];
  return [];
}
