import { existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { bundleHandler } from '../../scripts/handler-bundles.js';
import type { HandlerName } from '../../scripts/handler-bundles.js';
import { REPO } from './run-cli.js';

/** A handler's package, as `npm run build` makes it: the folder, and its `index.mjs`. */
export interface BuiltHandler {
  folder: string;
  file: string;
}

const building = new Map<HandlerName, Promise<BuiltHandler>>();

/**
 * The package of handler `name`, bundled once per run by `scripts/handler-bundles.ts` (what
 * `npm run build` runs) into the run's directory (test/support/global-run-directories.ts): a build
 * costs about 0.6 s of CPU, and five test files looked at the same four packages. Whichever worker
 * asks first builds it; a package is never changed once there, so tests only read and run it.
 */
export function builtHandler(name: HandlerName): Promise<BuiltHandler> {
  let built = building.get(name);
  if (built === undefined) {
    built = build(name);
    building.set(name, built);
  }
  return built;
}

async function build(name: HandlerName): Promise<BuiltHandler> {
  const directory = inject('handlerBundlesDir');
  if (directory === undefined) throw new Error('no handler bundles directory: vitest.config.ts needs test/support/global-run-directories.ts as a global setup');
  const folder = join(directory, name);
  const file = join(folder, 'index.mjs');
  if (!existsSync(file)) {
    // Built aside and renamed into place, so another worker never sees half a package; when
    // another worker's build got there first, that one stays (the two are the same byte for byte).
    const aside = mkdtempSync(join(directory, `.${name}-`));
    try {
      await bundleHandler(REPO, name, aside);
      renameSync(join(aside, name), folder);
    } catch (error) {
      if (!existsSync(file)) throw error;
    } finally {
      rmSync(aside, { recursive: true, force: true });
    }
  }
  return { folder, file };
}
