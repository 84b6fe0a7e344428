/**
 * The value the CDK stack puts in a newly created LiteLLM key secret. While the secret still
 * holds it, the deploy-time function applies migrations and skips the sync, so the very first
 * deploy succeeds before anyone has set the real key.
 */
export const LITELLM_KEY_PLACEHOLDER = 'REPLACE_ME_WITH_THE_LITELLM_MASTER_KEY';
