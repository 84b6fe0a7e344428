/**
 * Which gunicorn workers serve, as gunicorn's and uvicorn's log lines say (each is prefixed with
 * the pid that wrote it): `[pid] [INFO] Application startup complete.` when a worker serves,
 * `Finished server process [pid]` or the master's `Worker (pid:…) was sent …` / `… exited …` when
 * it has gone. The proxy runs under gunicorn so that a reload (SIGHUP) forks a new worker from the
 * master, which imported LiteLLM once, instead of starting Python again (local/litellm-proxy.ts).
 */
export class GunicornWorkers {
  private readonly started: number[] = [];
  private readonly gone = new Set<number>();
  /** The unfinished last line of each stream: a chunk can end anywhere. */
  private readonly partial = new Map<string, string>();

  /** Reads a chunk of the process's output on `stream` (stdout and stderr are split apart). */
  feed(stream: string, chunk: string): void {
    const lines = ((this.partial.get(stream) ?? '') + chunk).split('\n');
    this.partial.set(stream, lines.pop() ?? '');
    for (const line of lines) this.read(line);
  }

  /** The workers that have started and not gone, oldest first. */
  serving(): number[] {
    return this.started.filter((pid) => !this.gone.has(pid));
  }

  private read(line: string): void {
    const startup = /\[(\d+)\] \[INFO\] Application startup complete\./.exec(line);
    if (startup?.[1] !== undefined) this.started.push(Number(startup[1]));
    const ended = /Finished server process \[(\d+)\]|Worker \(pid:(\d+)\) (?:was sent|exited)/.exec(line);
    const pid = ended?.[1] ?? ended?.[2];
    if (pid !== undefined) this.gone.add(Number(pid));
  }
}
