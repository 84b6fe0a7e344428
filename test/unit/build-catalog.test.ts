import { describe, expect, it } from 'vitest';
import { buildCatalog } from '../../lib/catalog/build-catalog.js';
import type { DesiredModelRow } from '../../lib/catalog/types.js';
import { readFixture } from '../support/fixtures.js';

const basic = readFixture('model-info-basic.json').data;
const edge = readFixture('model-info-edge.json').data;

function rowOf(entries: unknown[], id: string): DesiredModelRow {
  const row = buildCatalog(entries).rows.find((candidate) => candidate.id === id);
  if (row === undefined) throw new Error(`no row ${id}`);
  return row;
}

function entry(modelName: unknown, params: Record<string, unknown> = {}, info: Record<string, unknown> = {}): unknown {
  return { model_name: modelName, litellm_params: { model: 'openai/x', ...params }, model_info: { id: 'id-1', ...info } };
}

describe('buildCatalog on the basic fixture', () => {
  it('It should map a hosted OpenAI model as LiteMaaS expects', () => {
    const row = rowOf(basic, 'gpt-4o');
    expect(row).toMatchObject({
      id: 'gpt-4o',
      name: 'gpt-4o',
      provider: 'openai',
      backend_model_name: 'gpt-4o',
      category: 'Language Model',
      context_length: 128000,
      max_tokens: 16384,
      input_cost_per_token: '0.0000025000',
      output_cost_per_token: '0.0000100000',
      supports_vision: true,
      supports_function_calling: true,
      supports_tool_choice: true,
      supports_parallel_function_calling: false,
      supports_streaming: true,
      features: ['chat', 'function_calling', 'tool_choice', 'vision'],
      availability: 'available',
      version: '1.0',
      api_base: null,
      tpm: null,
      rpm: null,
      description: null,
    });
    expect(row.litellm_model_id).toMatch(/^54c7c176/);
  });

  it('It should take the backend name after the first slash only and keep the admin description', () => {
    const row = rowOf(basic, 'llama-3.1-8b-instruct');
    expect(row.provider).toBe('hosted_vllm');
    expect(row.backend_model_name).toBe('meta-llama/Llama-3.1-8B-Instruct');
    expect(row.description).toBe('Llama 3.1 8B Instruct served by vLLM on the on-prem GPU pool');
    expect(row.context_length).toBe(131072);
    expect(row.max_tokens).toBe(8192);
    expect([row.tpm, row.rpm]).toEqual([200000, 600]);
    expect(row.api_base).toBe('http://vllm-llama31-8b.models.svc.cluster.local:8000/v1');
  });

  it('It should store model_info whole and litellm_params in metadata', () => {
    const row = rowOf(basic, 'qwen2.5-coder-32b');
    expect(Object.keys(row.metadata)).toEqual(['litellm_model_info', 'litellm_params']);
    expect(row.metadata.litellm_params.model).toBe('openai/Qwen/Qwen2.5-Coder-32B-Instruct');
    expect(row.metadata.litellm_model_info.description).toBe('Qwen2.5 Coder 32B (vLLM, tensor-parallel 2)');
    expect(row.input_cost_per_token).toBe('0.0000000000');
  });

  it('It should return rows sorted by id with no errors', () => {
    const catalog = buildCatalog(basic);
    expect(catalog.errors).toEqual([]);
    expect(catalog.rows.map((row) => row.id)).toEqual([
      'claude-sonnet-4-5',
      'gpt-4o',
      'llama-3.1-8b-instruct',
      'qwen2.5-coder-32b',
    ]);
  });
});

describe('buildCatalog on the edge fixture', () => {
  it('It should merge load-balanced deployments into one row with summed limits', () => {
    const catalog = buildCatalog(edge);
    expect(catalog.rows.filter((row) => row.id === 'llama-3.3-70b-instruct')).toHaveLength(1);
    const row = rowOf(edge, 'llama-3.3-70b-instruct');
    expect([row.tpm, row.rpm]).toEqual([800000, 600]);
    // The primary is the deployment with the smallest model_info.id ("0f6d…" < "e2a9…").
    expect(row.litellm_model_id).toBe('0f6d2b8c-1e4a-4c97-b3d5-7a9e2f4c6b10');
    expect(row.api_base).toBe('http://vllm-llama33-70b-a.models.svc.cluster.local:8000/v1');
  });

  it('It should not depend on the order LiteLLM lists deployments in', () => {
    const reversed = [...edge].reverse();
    expect(buildCatalog(reversed)).toEqual(buildCatalog(edge));
  });

  it('It should derive embeddings and chat features from the mode', () => {
    expect(rowOf(edge, 'bge-m3').features).toEqual(['embeddings']);
    expect(rowOf(edge, 'whisper-large-v3').features).toEqual(['chat']);
  });

  it('It should prefer custom_llm_provider and keep slashes in model names', () => {
    expect(rowOf(edge, 'granite-3.3-8b-instruct').provider).toBe('hosted_vllm');
    expect(rowOf(edge, 'openai/gpt-4o-mini').id).toBe('openai/gpt-4o-mini');
  });

  it('It should remove credential-looking parameters but keeps the credential name', () => {
    const params = rowOf(edge, 'granite-3.3-8b-instruct').metadata.litellm_params;
    expect(params.litellm_credential_name).toBe('vllm-internal-gw');
    expect(params.extra_headers).toEqual({ 'X-Request-Source': 'litemaas' });
  });

  it('It should keep wildcard-expanded models that share one model_info.id apart', () => {
    const mini = rowOf(edge, 'openai/gpt-4o-mini');
    const nano = rowOf(edge, 'openai/gpt-4.1-nano');
    expect(mini.litellm_model_id).toBe(nano.litellm_model_id);
    expect(mini.context_length).toBe(128000);
    expect(nano.context_length).toBe(1047576);
  });
});

describe('buildCatalog rules for loosely typed values', () => {
  it('It should parse numeric strings from older LiteLLM builds', () => {
    const row = rowOf(
      [entry('m', { tpm: '1000', rpm: '10', input_cost_per_token: '6e-06' }, { max_tokens: '4096' })],
      'm',
    );
    expect(row.input_cost_per_token).toBe('0.0000060000');
    expect([row.tpm, row.rpm, row.max_tokens, row.context_length]).toEqual([1000, 10, 4096, 4096]);
  });

  it('It should fall back from model_info to litellm_params for costs', () => {
    const row = rowOf([entry('m', { output_cost_per_token: 2e-6 }, { output_cost_per_token: 'n/a' })], 'm');
    expect(row.output_cost_per_token).toBe('0.0000020000');
  });

  it('It should turn negative, non-finite and out-of-range numbers into NULL', () => {
    const row = rowOf(
      [entry('m', { tpm: -5, rpm: 1e12 }, { input_cost_per_token: -1, output_cost_per_token: 'NaN', max_tokens: 1.5 })],
      'm',
    );
    expect([row.tpm, row.rpm, row.input_cost_per_token, row.output_cost_per_token, row.max_tokens]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('It should OR capability flags across deployments and derive features from the merged flags', () => {
    const catalog = buildCatalog([
      entry('m', {}, { id: 'b', supports_vision: true }),
      entry('m', {}, { id: 'a', supports_parallel_function_calling: true, supports_tokenize: true }),
    ]);
    const [row] = catalog.rows;
    expect(row?.litellm_model_id).toBe('a');
    expect(row?.features).toEqual(['chat', 'parallel_function_calling', 'vision', 'tokenize']);
  });

  it('It should compare numeric deployment ids as numbers when choosing the primary', () => {
    const catalog = buildCatalog([
      entry('m', { api_base: 'http://ten' }, { id: 10 }),
      entry('m', { api_base: 'http://nine' }, { id: 9 }),
    ]);
    expect(catalog.rows[0]?.api_base).toBe('http://nine');
  });

  it('It should use the legacy supports_embedding flag and supports_convert', () => {
    expect(rowOf([entry('e', {}, { supports_embedding: true })], 'e').features).toEqual(['embeddings']);
    expect(rowOf([entry('c', {}, { supports_convert: true })], 'c').features).toEqual(['convert']);
  });

  it('It should derive provider and backend from the model path, else the cost map, else unknown', () => {
    expect(rowOf([entry('a', { model: 'openai/RedHatAI/Qwen2.5-Coder' })], 'a')).toMatchObject({
      provider: 'openai',
      backend_model_name: 'RedHatAI/Qwen2.5-Coder',
    });
    expect(rowOf([entry('b', { model: 'plain-model' }, { litellm_provider: 'bedrock' })], 'b')).toMatchObject({
      provider: 'bedrock',
      backend_model_name: 'plain-model',
    });
    expect(rowOf([entry('c', { model: '' })], 'c')).toMatchObject({ provider: 'unknown', backend_model_name: null });
  });

  it('It should skip unusable entries with a reason and keep the rest', () => {
    const catalog = buildCatalog([
      null,
      42,
      'text',
      { litellm_params: {} },
      entry(''),
      entry(7),
      entry('x'.repeat(256)),
      entry('ok'),
    ]);
    expect(catalog.rows.map((row) => row.id)).toEqual(['ok']);
    expect(catalog.errors).toHaveLength(7);
    expect(catalog.errors[0]).toMatch(/entry #1: it is null/);
    expect(catalog.errors[3]).toMatch(/entry #4: it has no model_name/);
    expect(catalog.errors[5]).toMatch(/not a string/);
    expect(catalog.errors[6]).toMatch(/longer than 255/);
  });

  it('It should accept model names with slashes, unicode and quotes as they are', () => {
    const names = ["org/model", 'modèle-日本', "it's \"quoted\"; DROP TABLE models;--"];
    expect(buildCatalog(names.map((name) => entry(name))).rows.map((row) => row.id).sort()).toEqual([...names].sort());
  });

  it('It should strip characters PostgreSQL cannot store from metadata', () => {
    const row = rowOf([entry('m', {}, { note: 'a\u0000b', lone: '\uD800x' })], 'm');
    expect(row.metadata.litellm_model_info.note).toBe('ab');
    expect(row.metadata.litellm_model_info.lone).toBe('\uFFFDx');
  });
});
