import { describe, expect, it } from 'vitest';
import { errorsForReaders, textForReaders } from '../../lib/sync/reader-view.js';

const RUN_ID = '0d4f4a8e-5b8c-4a57-9f43-1a2b3c4d5e6f';

describe('what readers see of an error text', () => {
  it.each([
    [
      'an EventBridge refusal naming the role and the bus',
      '2 of 2 change events were not published to bus: AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/ModelSync-ScheduledRole-AbC/fn is not authorized to perform: events:PutEvents on resource: arn:aws:events:eu-west-1:123456789012:event-bus/bus',
      '2 of 2 change events were not published to bus: AccessDeniedException: User: ModelSync-ScheduledRole-AbC/fn is not authorized to perform: events:PutEvents on resource: event-bus/bus',
    ],
    [
      'a LiteLLM answer with an internal upstream URL and a masked key',
      "LiteLLM answered HTTP 500: OpenAIException - Error code: 401 - Incorrect API key provided: sk-proj-****abcd at http://10.0.3.7:8000/v1/chat?api-key=k1.",
      'LiteLLM answered HTTP 500: OpenAIException - Error code: 401 - Incorrect API key provided: [redacted] at [url].',
    ],
    [
      'hosts without a scheme',
      'LiteLLM answered HTTP 502: Cannot connect to host my-resource.openai.azure.com:443 ssl:default; fallback litellm-db.internal, 172.31.4.5 and localhost:4000 failed.',
      'LiteLLM answered HTTP 502: Cannot connect to host [host] ssl:default; fallback [host], [host] and [host] failed.',
    ],
    [
      'labelled credentials and key-like values',
      "LiteLLM answered HTTP 400: Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln refused; api_key='abc123' token=t0k AKIAABCDEFGHIJKLMNOP.",
      'LiteLLM answered HTTP 400: Authorization: [redacted] [redacted] refused; api_key=[redacted] token=[redacted] [redacted].',
    ],
    ['an account id on its own', 'Bucket owned by account 123456789012 refused the write.', 'Bucket owned by account [account] refused the write.'],
  ])('It should remove from %s what readers must not see', (_name, text, shown) => {
    expect(textForReaders(text)).toBe(shown);
  });

  it.each([
    'Refused: the run would retire 3 of 4 available models (75%), more than the 50% allowed. Check LiteLLM, then force with POST /sync/force.',
    'Entry 3 (anthropic.claude-3-5-sonnet-20240620-v1:0) has no model_name; skipped.',
    'LiteLLM answered HTTP 429 after 3 attempts: rate limit for gpt-4.1-mini exceeded (max_tokens: 4096).',
  ])('It should leave what a reader can act on as it is: %s', (text) => {
    expect(textForReaders(text)).toBe(text);
  });

  it('It should apply to the errors of LiteLLM failures, and keep pointing internal failures to the logs', () => {
    expect(errorsForReaders('litellm', ['LiteLLM answered HTTP 503: upstream http://10.0.0.5:4000 is down.'], RUN_ID)).toEqual([
      'LiteLLM answered HTTP 503: upstream [url] is down.',
    ]);
    expect(errorsForReaders('internal', ['arn:aws:iam::123456789012:role/x'], RUN_ID)).toEqual([
      `The sync failed with a internal error; the details are in the function logs (search for run id ${RUN_ID}).`,
    ]);
  });
});
