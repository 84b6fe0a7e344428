import { describe, expect, it } from 'vitest';
import { scrubCredentials } from '../../lib/catalog/scrub.js';
import { isSecretKey, stripUrlCredentials } from '../../lib/credentials.js';

describe('isSecretKey', () => {
  it.each([
    'api_key',
    'aws_secret_access_key',
    'X-Gateway-Token',
    'Authorization',
    'vertex_credentials',
    'client-secret',
    'private_key_id',
    'ssl_certificate',
    'db_password',
    'apiKey',
    'AUTH',
  ])('drops %s', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });

  it.each(['model', 'api_base', 'litellm_credential_name', 'input_cost_per_token', 'max_tokens', 'keywords', 'tpm'])(
    'keeps %s',
    (key) => {
      expect(isSecretKey(key)).toBe(false);
    },
  );
});

describe('scrubCredentials', () => {
  it('removes secrets at any depth, inside arrays too, and strips URL credentials', () => {
    const scrubbed = scrubCredentials({
      model: 'openai/x',
      api_base: 'https://user:p%40ss@llm.example.com/v1',
      extra_headers: { Authorization: 'Bearer sk-1****cdef', 'X-Team': 'a' },
      fallbacks: [{ api_key: 'sk-abc', model: 'y' }],
      litellm_credential_name: 'gw',
    });
    expect(scrubbed).toEqual({
      model: 'openai/x',
      api_base: 'https://llm.example.com/v1',
      extra_headers: { 'X-Team': 'a' },
      fallbacks: [{ model: 'y' }],
      litellm_credential_name: 'gw',
    });
  });

  it('leaves URLs without credentials and plain text alone', () => {
    expect(stripUrlCredentials('http://host:8000/v1')).toBe('http://host:8000/v1');
    expect(stripUrlCredentials('user@example.com')).toBe('user@example.com');
  });
});
