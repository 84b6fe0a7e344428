import { execFileSync } from 'node:child_process';

/** A process as `ps` shows it. */
export interface RunningProcess {
  pid: number;
  ppid: number;
  /** The command line. */
  args: string;
  /** Exited, waiting for its parent to read its status: no longer running. */
  zombie: boolean;
}

function allProcesses(): RunningProcess[] {
  const listing = execFileSync('ps', ['-A', '-o', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' });
  return listing.split('\n').flatMap((line) => {
    const match = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line);
    if (match === null) return [];
    return [{ pid: Number(match[1]), ppid: Number(match[2]), zombie: match[3]?.startsWith('Z') === true, args: match[4] ?? '' }];
  });
}

/**
 * Every process `pid` started, and the ones they started, down the tree (Linux and macOS `ps`).
 *
 * @example
 * const servers = descendantsOf(child.pid).filter((process) => /postgres -D/.test(process.args));
 */
export function descendantsOf(pid: number): RunningProcess[] {
  const processes = allProcesses();
  const found: RunningProcess[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const process of processes) {
      if (parents.has(process.ppid) && !parents.has(process.pid)) {
        parents.add(process.pid);
        found.push(process);
        grew = true;
      }
    }
  }
  return found;
}

/** Those of `processes` still running (by pid: nothing reuses a pid within a test). */
export function stillRunning(processes: readonly RunningProcess[]): RunningProcess[] {
  const running = new Set(allProcesses().flatMap((process) => (process.zombie ? [] : [process.pid])));
  return processes.filter((process) => running.has(process.pid));
}
