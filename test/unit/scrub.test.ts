import { describe, expect, it } from 'vitest';
import { scrubCredentials } from '../../lib/catalog/scrub.js';
import { storableJson } from '../../lib/catalog/values.js';
import { isSecretKey, stripUrlCredentials } from '../../lib/credentials.js';

/** One test per name: `drop` are credential names (never stored), `keep` are not. */
function itClassifiesKeys(drop: readonly string[], keep: readonly string[]): void {
  it.each(drop)('It should drop %s', (key) => {
    expect(isSecretKey(key)).toBe(true);
  });
  it.each(keep)('It should keep %s', (key) => {
    expect(isSecretKey(key)).toBe(false);
  });
}

describe('isSecretKey', () => {
  itClassifiesKeys(
    ['api_key', 'aws_secret_access_key', 'X-Gateway-Token', 'Authorization', 'vertex_credentials', 'client-secret', 'private_key_id', 'ssl_certificate', 'db_password', 'apiKey', 'AUTH'],
    ['model', 'api_base', 'litellm_credential_name', 'input_cost_per_token', 'max_tokens', 'keywords', 'tpm'],
  );
});

describe('scrubCredentials', () => {
  it('It should remove secrets at any depth, inside arrays too, and strip URL credentials', () => {
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

  it('It should leave URLs without credentials and plain text alone', () => {
    expect(stripUrlCredentials('http://host:8000/v1')).toBe('http://host:8000/v1');
    expect(stripUrlCredentials('user@example.com')).toBe('user@example.com');
  });
});

describe('run-together and cookie-style credential names', () => {
  itClassifiesKeys(
    ['apikey', 'APIKEY', 'x-apikey', 'accesskey', 'aws_accesskey', 'secretkey', 'passwd', 'pwd', 'db_pwd', 'cookie', 'Set-Cookie', 'connection_string', 'connectionstring', 'ConnectionString', 'privatekey', 'clientsecret'],
    ['input_cost_per_token', 'litellm_credential_name', 'connection_timeout', 'keywords', 'model'],
  );
});

describe('secret-looking query parameters in stored URLs', () => {
  it('It should drop sig, signature, sas and token, keeping the rest of the URL', () => {
    expect(stripUrlCredentials('https://acct.blob.core.windows.net/c/b?sv=2024-01-01&sig=abc%2Bdef&se=2026')).toBe(
      'https://acct.blob.core.windows.net/c/b?sv=2024-01-01&se=2026',
    );
    expect(stripUrlCredentials('https://host/v1?signature=x&sas=y&token=z&api-version=1')).toBe('https://host/v1?api-version=1');
    expect(stripUrlCredentials('https://host/v1?X-Amz-Signature=x&region=eu')).toBe('https://host/v1?region=eu');
  });

  it('It should drop them inside scrubbed parameters too', () => {
    expect(scrubCredentials({ api_base: 'https://host/v1?sig=abc', model: 'x' })).toEqual({ api_base: 'https://host/v1', model: 'x' });
  });
});

describe('subscription keys, bearer values, signatures, SAS tokens, DSNs and a code parameter', () => {
  itClassifiesKeys(
    ['subscriptionkey', 'SubscriptionKey', 'Ocp-Apim-Subscription-Key', 'bearer', 'bearer_value', 'signature', 'request_signature', 'sas', 'sas_url', 'azure-sas', 'dsn', 'sentry_dsn', 'DSN'],
    ['subscription_tier', 'description', 'country_code', 'code_interpreter', 'supports_vision'],
  );

  it('It should drop a code query parameter (Azure Functions keys), and only that name', () => {
    expect(stripUrlCredentials('https://fn.azurewebsites.net/api/chat?code=abc%3D%3D&clientId=default')).toBe(
      'https://fn.azurewebsites.net/api/chat?clientId=default',
    );
    expect(stripUrlCredentials('https://host/v1?subscription-key=k&dsn=d&bearer=b&country_code=de')).toBe('https://host/v1?country_code=de');
  });

  it('It should drop those names inside scrubbed parameters', () => {
    expect(scrubCredentials({ model: 'x', sentry_dsn: 'https://k@o1.ingest.sentry.io/1', subscriptionkey: 's', api_base: 'https://fn/api?code=c' })).toEqual({
      model: 'x',
      api_base: 'https://fn/api',
    });
  });
});

describe('storableJson with stripUrlCredentials (how model_info is stored)', () => {
  it('It should strip credentials from URLs at any depth and return the same object when there are none', () => {
    const clean = { key: 'gpt-4o', nested: ['https://host/docs'], n: 1 };
    expect(storableJson(clean, stripUrlCredentials)).toBe(clean);
    expect(storableJson({ key: 'gpt-4o', links: ['https://u:p@host/a?sig=s&x=1'] }, stripUrlCredentials)).toEqual({
      key: 'gpt-4o',
      links: ['https://host/a?x=1'],
    });
  });
});

describe('stripUrlCredentials inside text', () => {
  it.each([
    ['Mirror: https://u:pw@host/x?sig=abc', 'Mirror: https://host/x'],
    ['a https://u:p@h1/v1 and b http://h2/?token=t&x=1.', 'a https://h1/v1 and b http://h2/?x=1.'],
    ['(see https://host/a?api_key=k), then retry', '(see https://host/a), then retry'],
    ['line one\nproxy=http://admin:secret@10.0.0.1:3128\n', 'line one\nproxy=http://10.0.0.1:3128\n'],
  ])('It should scrub every URL in %j', (text, expected) => {
    expect(stripUrlCredentials(text)).toBe(expected);
  });

  it.each(['  see https://host/a?b=1 (docs), ok  ', 'mail ada@example.com or https://host/x#frag', 'no url at all'])(
    'It should leave %j byte for byte when nothing is secret',
    (text) => {
      expect(stripUrlCredentials(text)).toBe(text);
    },
  );
});
