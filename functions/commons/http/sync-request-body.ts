import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { SyncOptions } from '../../../lib/sync/types.js';
import { HttpProblem } from './http-problem.js';

/** Largest body `POST /sync` accepts; the four booleans fit in well under 100 bytes. */
const MAX_BODY_BYTES = 16 * 1024;

const OPTION_NAMES: readonly (keyof SyncOptions)[] = ['forceUpdate', 'markUnavailable', 'dryRun', 'force'];
const JSON_CONTENT_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

function bodyBytes(event: APIGatewayProxyEventV2): Buffer | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

function contentTypeOf(event: APIGatewayProxyEventV2): string | undefined {
  // HTTP API lowercases header names, but a hand-made event might not.
  const entry = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'content-type');
  return entry?.[1];
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpProblem(400, 'The request body is not valid JSON.');
  }
}

function toOptions(value: unknown): SyncOptions {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new HttpProblem(
      400,
      `The request body must be a JSON object with optional boolean fields: ${OPTION_NAMES.join(', ')}.`,
    );
  }
  const options: SyncOptions = {};
  for (const [name, field] of Object.entries(value)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      throw new HttpProblem(400, `Unknown field "${name.slice(0, 64)}": allowed fields are ${OPTION_NAMES.join(', ')}.`);
    }
    if (typeof field !== 'boolean') {
      throw new HttpProblem(400, `Field "${name}" must be true or false.`);
    }
    options[name as keyof SyncOptions] = field;
  }
  return options;
}

/**
 * The sync options of a `POST /sync` request. No body (or an empty one) means defaults.
 * Otherwise: at most {@link MAX_BODY_BYTES} (413), `content-type: application/json` with an
 * optional UTF-8 charset (415), and a JSON object holding only the four optional booleans (400).
 * Throws an {@link HttpProblem} naming the problem.
 */
export function parseSyncRequestBody(event: APIGatewayProxyEventV2): SyncOptions {
  const bytes = bodyBytes(event);
  if (bytes === undefined || bytes.length === 0) return {};
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpProblem(413, `The request body is ${bytes.length} bytes; at most ${MAX_BODY_BYTES} are accepted.`);
  }
  const contentType = contentTypeOf(event);
  if (contentType === undefined || !JSON_CONTENT_TYPE.test(contentType.trim())) {
    throw new HttpProblem(415, 'Send the request body as content-type application/json (UTF-8).');
  }
  return toOptions(parseJson(bytes.toString('utf8')));
}
