import { vi } from 'vitest';

/**
 * Captures everything the code under test writes: console methods (Powertools in
 * `POWERTOOLS_DEV` mode writes logs and EMF metrics through them) and raw stdout/stderr writes.
 */
export interface CapturedOutput {
  /** Every line written so far, in order. */
  readonly lines: string[];
  text(): string;
  /** Lines that parse as JSON objects (structured logs and EMF metric blobs). */
  records(): Record<string, unknown>[];
  clear(): void;
  restore(): void;
}

export function captureOutput(): CapturedOutput {
  const lines: string[] = [];
  const record = (...parts: unknown[]): void => {
    lines.push(parts.map((part) => (typeof part === 'string' ? part : JSON.stringify(part) ?? String(part))).join(' '));
  };
  const spies = [
    ...(['log', 'info', 'warn', 'error', 'debug', 'trace'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation(record),
    ),
    ...[process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: unknown) => {
        record(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
        return true;
      }),
    ),
  ];
  return {
    lines,
    text: () => lines.join('\n'),
    records: () =>
      lines.flatMap((line): Record<string, unknown>[] => {
        try {
          const parsed: unknown = JSON.parse(line);
          return parsed !== null && typeof parsed === 'object' ? [{ ...parsed }] : [];
        } catch {
          return [];
        }
      }),
    clear: () => {
      lines.length = 0;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}
