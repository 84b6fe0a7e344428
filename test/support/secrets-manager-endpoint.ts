import type { IncomingMessage } from 'node:http';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { GetSecretValueCommandInput } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { startHttpServer } from '../../local/litellm-stand-in.js';

/** A Secrets Manager endpoint on loopback whose answers come from an aws-sdk-client-mock mock. */
export interface SecretsManagerEndpoint {
  /** Put in `AWS_ENDPOINT_URL_SECRETS_MANAGER` of the process under test. */
  url: string;
  /** Configure answers (`secrets.on(GetSecretValueCommand, …)`) and check calls, as for an in-process client. */
  secrets: ReturnType<typeof mockClient>;
  close(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/**
 * A built Lambda bundle carries its own copy of the AWS SDK, which aws-sdk-client-mock in the test
 * process cannot reach. The bundle is pointed here instead (`AWS_ENDPOINT_URL_SECRETS_MANAGER`):
 * its real client signs and sends `GetSecretValue` over HTTP, and each request is answered by
 * sending the same command to a mocked client in this process. So the tests configure and assert
 * Secrets Manager with aws-sdk-client-mock exactly as the in-process tests do.
 *
 * @example
 * const endpoint = await startSecretsManagerEndpoint();
 * endpoint.secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: '{…}' });
 */
export async function startSecretsManagerEndpoint(): Promise<SecretsManagerEndpoint> {
  const secrets = mockClient(SecretsManagerClient);
  const client = new SecretsManagerClient({ region: 'eu-west-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  const server = await startHttpServer((request, response) => {
    void (async () => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      const input = JSON.parse((await readBody(request)) || '{}') as GetSecretValueCommandInput;
      response.setHeader('content-type', 'application/x-amz-json-1.1');
      try {
        if (operation !== 'GetSecretValue') throw Object.assign(new Error(`${operation} is not served here`), { name: 'InvalidRequestException' });
        const output = await client.send(new GetSecretValueCommand(input));
        // The wire format: no $metadata, dates as epoch seconds.
        response.end(JSON.stringify({ ...output, $metadata: undefined, CreatedDate: output.CreatedDate === undefined ? undefined : output.CreatedDate.getTime() / 1000 }));
      } catch (error) {
        const { name, message } = error instanceof Error ? error : new Error(String(error));
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: name, message }));
      }
    })();
  });
  return {
    url: server.url,
    secrets,
    async close() {
      secrets.restore();
      await server.close();
    },
  };
}
