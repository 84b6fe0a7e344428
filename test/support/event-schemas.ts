import { readdirSync, readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { SyncEvent } from '../../lib/events/event-shapes.js';

const SCHEMA_DIR = new URL('../../docs/events/', import.meta.url);

/** The documented event schemas (docs/events/*.schema.json), compiled once, by detail-type. */
function compileSchemas(): Map<string, ValidateFunction> {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const byDetailType = new Map<string, ValidateFunction>();
  for (const file of readdirSync(SCHEMA_DIR).filter((name) => name.endsWith('.schema.json'))) {
    const schema = JSON.parse(readFileSync(new URL(file, SCHEMA_DIR), 'utf8')) as {
      properties: { 'detail-type': { const: string } };
    };
    byDetailType.set(schema.properties['detail-type'].const, ajv.compile(schema));
  }
  return byDetailType;
}

let compiled: Map<string, ValidateFunction> | undefined;

/** The detail-types that have a documented schema. */
export function documentedDetailTypes(): string[] {
  compiled ??= compileSchemas();
  return [...compiled.keys()].sort();
}

/**
 * Checks one event, as EventBridge delivers it (`source`, `detail-type`, `detail`), against its
 * documented schema; returns the problems (empty when it conforms).
 */
export function eventSchemaProblems(event: Pick<SyncEvent, 'source' | 'detailType' | 'detail'>): string[] {
  compiled ??= compileSchemas();
  const validate = compiled.get(event.detailType);
  if (validate === undefined) return [`no documented schema for detail-type "${event.detailType}"`];
  const delivered = { source: event.source, 'detail-type': event.detailType, detail: event.detail };
  if (validate(delivered)) return [];
  return (validate.errors ?? []).map((error) => `${event.detailType}${error.instancePath} ${error.message ?? ''}`);
}
