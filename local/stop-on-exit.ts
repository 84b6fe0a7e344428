/**
 * Child processes this process started and must not outlive it: a server left running would hold
 * its data directory (and a port) until someone kills it by hand. On SIGINT, SIGTERM and SIGHUP each
 * one is stopped (awaited) before the process exits with the signal's usual code; on a plain exit,
 * each gets its synchronous last word (a signal of its own).
 */
export interface Stoppable {
  /** Stops it and waits until it has stopped. */
  stop(): Promise<void>;
  /** What can still be done synchronously while the process exits. */
  kill(): void;
}

const running = new Set<Stoppable>();
const SIGNAL_EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const child of running) child.kill();
  });
  for (const [signal, code] of Object.entries(SIGNAL_EXIT_CODES) as [NodeJS.Signals, number][]) {
    process.once(signal, () => {
      void Promise.allSettled([...running].map((child) => child.stop())).then(() => process.exit(code));
    });
  }
}

/** Stops `child` when this process is interrupted or exits; returns the function that forgets it. */
export function stopOnExit(child: Stoppable): () => void {
  install();
  running.add(child);
  return () => {
    running.delete(child);
  };
}
