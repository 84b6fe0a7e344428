import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** The parts of docs/openapi.yaml the contract check reads. */
interface Reference {
  $ref: string;
}
interface HeaderSpec {
  required?: boolean;
  schema: object;
}
interface ResponseSpec {
  headers?: Record<string, HeaderSpec | Reference>;
  content?: Record<string, { schema: object }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, { responses: Record<string, ResponseSpec | Reference> }>>;
  components: Record<string, Record<string, unknown>>;
}

const DOCUMENT_ID = 'https://litemaas.example/openapi.json';

export const OPENAPI_DOCUMENT = parse(readFileSync(new URL('../../docs/openapi.yaml', import.meta.url), 'utf8')) as OpenApiDocument;

// The whole document is added under one id, so `#/components/...` references resolve; OpenAPI's
// own keywords (openapi, paths, ...) are not JSON Schema, hence not strict. Formats are checked.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats.default(ajv);
ajv.addSchema({ ...OPENAPI_DOCUMENT, $id: DOCUMENT_ID });
const validators = new Map<string, ValidateFunction>();

function resolve<T>(value: T | Reference): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value;
  const path = value.$ref.replace(/^#\//, '').split('/');
  let node: unknown = OPENAPI_DOCUMENT;
  for (const part of path) node = (node as Record<string, unknown>)[part];
  return resolve(node as T | Reference);
}

/** Validates `value` against a schema of the document, given as a JSON pointer into it. */
function validateAt(pointer: string, value: unknown): string[] {
  let validate = validators.get(pointer);
  if (validate === undefined) {
    validate = ajv.compile({ $ref: `${DOCUMENT_ID}#${pointer}` });
    validators.set(pointer, validate);
  }
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** A handler's answer, as API Gateway passes it on. */
export interface HandlerAnswer {
  statusCode?: number;
  headers?: Record<string, string | number | boolean>;
  body?: string;
}

const escapePointer = (part: string): string => part.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What is wrong with a real handler answer according to docs/openapi.yaml: an undocumented route
 * or status, a body that does not match the status's schema, a header the document does not
 * declare, or a declared required header that is missing. Empty when the answer conforms.
 *
 * @example
 * expect(openApiProblems('GET /sync/status', response)).toEqual([]);
 */
export function openApiProblems(routeKey: string, answer: HandlerAnswer): string[] {
  const [method, path] = routeKey.split(' ') as [string, string];
  const operation = OPENAPI_DOCUMENT.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) {
    // Only the function's defence-in-depth answer to a route the stack does not create is allowed.
    if (answer.statusCode !== 404) return [`${routeKey} is not in docs/openapi.yaml`];
    return validateAt('/components/schemas/Error', JSON.parse(answer.body ?? 'null')).map((problem) => `${routeKey} 404: ${problem}`);
  }
  const status = String(answer.statusCode);
  const documented = operation.responses[status];
  if (documented === undefined) return [`${routeKey} answered ${status}, which docs/openapi.yaml does not list`];
  const response = resolve(documented);
  const problems: string[] = [];
  const headers = Object.fromEntries(Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), String(value)]));
  const declared = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, spec]) => [name.toLowerCase(), resolve(spec)]));
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type') {
      if (!Object.keys(response.content ?? {}).includes(value)) problems.push(`content-type ${value} is not documented for ${status}`);
      continue;
    }
    const spec = declared[name];
    if (spec === undefined) {
      problems.push(`header ${name} is not documented for ${routeKey} ${status}`);
      continue;
    }
    problems.push(...validateHeader(name, spec, value));
  }
  for (const [name, spec] of Object.entries(declared)) {
    if (spec.required === true && headers[name] === undefined) problems.push(`required header ${name} is missing`);
  }
  const content = response.content?.['application/json'];
  if (content !== undefined) {
    const ref = (documented as Partial<Reference>).$ref;
    const pointer =
      ref !== undefined
        ? `${ref.slice(1)}/content/application~1json/schema`
        : `/paths/${escapePointer(path)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
    let body: unknown;
    try {
      body = JSON.parse(answer.body ?? '');
    } catch {
      return [...problems, 'the body is not JSON'];
    }
    problems.push(...validateAt(pointer, body).map((problem) => `${routeKey} ${status}: ${problem}`));
  }
  return problems;
}

function validateHeader(name: string, spec: HeaderSpec, value: string): string[] {
  const problem = `header ${name}: "${value}" does not match its schema`;
  return ajv.validate(spec.schema, value) ? [] : [problem];
}
