/**
 * What people and systems outside the operators see of a run: the read API's run history and the
 * change events share these rules, so neither shows another caller's account id, an ARN, an
 * internal address, anything key-like, or the database's own error text. The run record and the
 * logs keep the full text for operators.
 */

/** Failures whose recorded text is about the system, not the catalog: for the logs, not for readers. */
const INTERNAL_FAILURES: ReadonlySet<string> = new Set(['database', 'internal', 'config']);

/**
 * A caller as readers see them: an assumed role's `Role/session`, any other ARN's resource
 * (`user/alice`), without partition or account id. JWT subjects and CLI users are shown as they are.
 *
 * @example
 * shortCaller('arn:aws:sts::123456789012:assumed-role/PlatformAdmin/alice'); // 'PlatformAdmin/alice'
 */
export function shortCaller(requestedBy: string): string {
  if (!requestedBy.startsWith('arn:')) return requestedBy;
  const resource = requestedBy.split(':').slice(5).join(':');
  return resource.startsWith('assumed-role/') ? resource.slice('assumed-role/'.length) : resource;
}

/** What a reader sees instead of a removed part. */
const REMOVED = { url: '[url]', host: '[host]', secret: '[redacted]', account: '[account]' } as const;

/**
 * The parts of a text readers must not see, each with what they see instead, applied in order:
 * ARNs before account ids, URLs before the hosts and keys they contain.
 */
const READER_REDACTIONS: readonly (readonly [RegExp, string | ((found: string) => string)])[] = [
  // An ARN anywhere (e.g. the role in an AccessDenied message): its short form, no account id.
  [/\barn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:\d{12}:[^\s"'<>,;)]+/g, (arn) => shortCaller(arn)],
  // Every URL: internal addresses, paths and query-string keys alike.
  [/(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi, (url) => REMOVED.url + (/[.,;:!?)\]}]+$/.exec(url)?.[0] ?? '')],
  // Credentials after their label: `Bearer …`, `api_key=…`, `Authorization: …`, `token: '…'`.
  [/\b(bearer)\s+[^\s,;'"]+/gi, `$1 ${REMOVED.secret}`],
  [/\b((?:x-)?api[-_ ]?key|access[-_]?key|secret|password|passwd|token|authorization|signature|sig)(\s*[=:]\s*)['"]?[^\s,;'"})\]]+['"]?/gi, `$1$2${REMOVED.secret}`],
  // Key-looking values without a label: OpenAI/LiteLLM keys (masked too), AWS access key ids, JWTs.
  [/\bsk-[A-Za-z0-9_*-]{4,}(?:\.[A-Za-z0-9_*-]+)*/g, REMOVED.secret],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, REMOVED.secret],
  [/\beyJ[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*){0,2}/g, REMOVED.secret],
  // Hosts: IPv4 addresses, `name.domain:port`, internal domain names and localhost.
  [/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?\b/g, REMOVED.host],
  [/\b[a-z0-9-]+(?:\.[a-z0-9-]+)+:\d{2,5}\b/gi, REMOVED.host],
  [/\b(?:[a-z0-9-]+\.)+(?:internal|local|localdomain|lan|corp|intranet|svc|amazonaws\.com)\b/gi, REMOVED.host],
  [/\blocalhost(?::\d{1,5})?\b/gi, REMOVED.host],
  // An account id left on its own.
  [/\b\d{12}\b/g, REMOVED.account],
];

/**
 * A text (a LiteLLM error, a publishing error) as readers and events see it: ARNs in their short
 * form, and URLs, host names, IP addresses, key-like values and account ids replaced by
 * `[url]`, `[host]`, `[redacted]` and `[account]`. What a reader can act on (status codes, model
 * names, counts) stays.
 *
 * @example
 * textForReaders('LiteLLM answered HTTP 500: upstream http://10.0.0.7:8000/v1 refused key sk-abcd1234.');
 * // 'LiteLLM answered HTTP 500: upstream [url] refused key [redacted].'
 */
export function textForReaders(text: string): string {
  let shown = text;
  for (const [pattern, replacement] of READER_REDACTIONS) {
    shown = typeof replacement === 'string' ? shown.replace(pattern, replacement) : shown.replace(pattern, replacement);
  }
  return shown;
}

/**
 * A run's errors as readers see them: for a database, internal or configuration failure, one line
 * that sends them to the logs instead of the system's own error text; otherwise the errors
 * (catalog entries, LiteLLM answers, the guard: what a reader can act on) through
 * {@link textForReaders}.
 *
 * @example
 * errorsForReaders('database', ['relation "models" does not exist'], runId);
 * // ['The sync failed with a database error; the details are in the function logs (search for run id …).']
 */
export function errorsForReaders(failureReason: string | null | undefined, errors: string[], runId: string): string[] {
  if (failureReason === null || failureReason === undefined || !INTERNAL_FAILURES.has(failureReason)) return errors.map(textForReaders);
  return [`The sync failed with a ${failureReason} error; the details are in the function logs (search for run id ${runId}).`];
}
