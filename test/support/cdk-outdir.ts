import { join } from 'node:path';
import { inject } from 'vitest';

// vitest setup file: a CDK app built without an outdir synthesizes into a new temporary directory
// every time and leaves it behind (thousands per run). Each worker synthesizes into one directory of
// its own inside the run's template cache instead, removed with it (test/support/global-run-directories.ts).
const directory = inject('templateCacheDir');
if (directory !== undefined) process.env.CDK_OUTDIR ??= join(directory, `cdk.out-${process.pid}`);
