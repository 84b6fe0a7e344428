import { cpus, totalmem } from 'node:os';

/** The machine a benchmark ran on, for the report header. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  date: string;
}

export function describeMachine(now = new Date()): MachineInfo {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown CPU',
    cores: processors.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    date: now.toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  };
}
