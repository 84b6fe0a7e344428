import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One `/model/info` entry as LiteLLM sends it (the shapes of the shared fixtures). */
export interface ModelInfoEntry {
  model_name: string;
  litellm_params: Record<string, unknown>;
  model_info: Record<string, unknown>;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'litellm');

/** Provider prefixes to rotate through, so that provider/backend columns vary like a real proxy. */
const PROVIDERS = ['openai', 'anthropic', 'hosted_vllm', 'bedrock', 'vertex_ai', 'azure', 'gemini', 'mistral'];

/** Every `LOAD_BALANCED_EVERY`-th model is served by two deployments (LiteLLM load balancing). */
const LOAD_BALANCED_EVERY = 20;

function isEntry(value: unknown): value is ModelInfoEntry {
  const entry = value as Partial<ModelInfoEntry> | null;
  return (
    typeof entry?.model_name === 'string' &&
    typeof entry.litellm_params === 'object' &&
    typeof entry.model_info === 'object'
  );
}

/** The fixture entries (3–4 KB each) that generated models are cloned from. */
function loadTemplates(): ModelInfoEntry[] {
  const files = ['model-info-basic.json', 'model-info-edge.json'];
  const entries = files.flatMap((file) => {
    const body = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { data: unknown[] };
    return body.data.filter(isEntry);
  });
  if (entries.length === 0) throw new Error(`No usable LiteLLM fixture entries in ${FIXTURES}`);
  return entries;
}

function hexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function deployment(template: ModelInfoEntry, index: number, replica: number): ModelInfoEntry {
  const entry = structuredClone(template);
  const provider = PROVIDERS[index % PROVIDERS.length] ?? 'openai';
  // Some names contain a slash, as LiteMaaS ids may (`RedHatAI/gpt-oss-120b`).
  const name = index % 7 === 0 ? `bench-org/${template.model_name}-${index}` : `${template.model_name}-${index}`;
  entry.model_name = name;
  const params = entry.litellm_params;
  params.model = `${provider}/bench/${template.model_name}-${index}`;
  if (typeof params.api_base === 'string') {
    params.api_base = `http://bench-${index}-${replica}.models.svc.cluster.local:8000/v1`;
  }
  if (replica > 0) {
    params.tpm = 100_000 * replica;
    params.rpm = 300 * replica;
  }
  const info = entry.model_info;
  // Every generated model is one the portal publishes: a team-only (BYOK) template would be left
  // out (contract §7) and the bench would measure fewer models than it says.
  delete info.team_id;
  info.id = hexId(`${name}#${replica}`);
  info.key = params.model;
  info.max_input_tokens = 8_192 * (1 + (index % 16));
  info.input_cost_per_token = (1 + (index % 50)) * 1e-7;
  info.output_cost_per_token = (2 + (index % 50)) * 1e-7;
  return entry;
}

/**
 * A deterministic catalog of `models` distinct model names (about 5% load-balanced over two
 * deployments), cloned from the fixtures so that each entry has a realistic shape and size.
 */
export function generateCatalog(models: number): ModelInfoEntry[] {
  const templates = loadTemplates();
  const entries: ModelInfoEntry[] = [];
  for (let index = 0; index < models; index += 1) {
    const template = templates[index % templates.length];
    if (template === undefined) continue;
    entries.push(deployment(template, index, 0));
    if (index % LOAD_BALANCED_EVERY === LOAD_BALANCED_EVERY - 1) entries.push(deployment(template, index, 1));
  }
  return entries;
}

function distinctNames(entries: ModelInfoEntry[]): string[] {
  return [...new Set(entries.map((entry) => entry.model_name))];
}

/** Names picked evenly across the catalog: every `1 / fraction`-th one, starting at `offset`. */
function pickEvenly(names: string[], fraction: number, offset: number): Set<string> {
  const step = Math.round(1 / fraction);
  return new Set(names.filter((_, index) => index % step === offset % step));
}

/** The same catalog with `fraction` of the models changed (a new context window for each). */
export function withChangedModels(entries: ModelInfoEntry[], fraction: number): ModelInfoEntry[] {
  const changed = pickEvenly(distinctNames(entries), fraction, 0);
  return entries.map((entry) => {
    if (!changed.has(entry.model_name)) return entry;
    const copy = structuredClone(entry);
    const current = typeof copy.model_info.max_input_tokens === 'number' ? copy.model_info.max_input_tokens : 0;
    copy.model_info.max_input_tokens = current + 1_000;
    return copy;
  });
}

/** The same catalog without `fraction` of the models (every deployment of each one dropped). */
export function withoutModels(entries: ModelInfoEntry[], fraction: number): ModelInfoEntry[] {
  const removed = pickEvenly(distinctNames(entries), fraction, 5);
  return entries.filter((entry) => !removed.has(entry.model_name));
}

/** The `/model/info` body, serialized once: the stand-in then sends the same bytes every time. */
export function modelInfoBody(entries: ModelInfoEntry[]): string {
  return JSON.stringify({ data: entries });
}

/** Size facts of the generated catalog for `models` models, for the report. */
export function describeCatalog(models: number): { models: number; entries: number; bodyBytes: number } {
  const entries = generateCatalog(models);
  return { models, entries: entries.length, bodyBytes: Buffer.byteLength(modelInfoBody(entries)) };
}
