import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer } from 'vitest/node';
import type { TestSpecification } from 'vitest/node';

/**
 * Seconds the long files take on a quiet 2-core machine (docs/development.md, "Test suite time"):
 * the hint for a clean clone, which has no results cache. The files not listed take a few seconds.
 */
const LONG_FILES: Readonly<Record<string, number>> = {
  'test/litellm-proxy/demo.test.ts': 31, // two real LiteLLM proxy starts and an interrupted one
  'test/infra/cfn-lint.test.ts': 20, // ten templates through one cfn-lint process
  'test/litellm-proxy/real-proxy.test.ts': 12, // one real LiteLLM proxy start for both of its parts
  'test/reliability/litellm-faults.test.ts': 9,
  'test/integration/cli-output.test.ts': 9,
  'test/reliability/database-faults.test.ts': 7,
  'test/integration/sync-models.test.ts': 7,
  // Mostly waiting on the functions' 1 s resume backoff: last in the queue, it leaves a CPU idle.
  'test/functions/deploy-sync.test.ts': 7,
  'test/toolchain/postgres-mode-bundles.test.ts': 5,
};

/**
 * vitest's own order, without a results cache, runs the largest files first, so the longest files
 * can start last and leave a worker idle at the end. This one starts the longest first: cost is
 * the last run's duration when the cache has it, else LONG_FILES, else nothing (then the larger
 * file first).
 *
 * With `--sequence.shuffle` (files and tests) or `--sequence.shuffle.files` the files come in a
 * random order instead: vitest keeps a configured sequencer, which would then never change the
 * order in which files share a worker, the order a file's leftover state would show in. The order
 * follows the seed printed first; `--sequence.seed=<seed>` replays it.
 */
export class LongestFirstSequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    if (this.shufflesFiles()) {
      const { seed } = this.ctx.config.sequence;
      this.ctx.logger.log(`Files in random order, seed ${seed}`);
      return Promise.resolve(shuffledBy(seed, files, this.ctx.config.root));
    }
    const cost = new Map(files.map((file) => [file, this.costOf(file)]));
    const bySize = new Map(files.map((file) => [file, statSync(file.moduleId).size]));
    return Promise.resolve(
      [...files].sort((a, b) => (cost.get(b) ?? 0) - (cost.get(a) ?? 0) || (bySize.get(b) ?? 0) - (bySize.get(a) ?? 0)),
    );
  }

  /** Whether the run asks for its files in random order (vitest keeps only the tests' part in its config). */
  private shufflesFiles(): boolean {
    const asked = this.ctx.config.cliOptions.sequence?.shuffle;
    return asked === true || (typeof asked === 'object' && asked.files === true);
  }

  /** Seconds: the cached duration of the last run, else the hint. */
  private costOf(file: TestSpecification): number {
    const cached = this.ctx.cache.getTestSpecificationResult(file);
    if (cached !== undefined) return cached.failed ? Number.POSITIVE_INFINITY : cached.duration / 1000;
    return LONG_FILES[relative(this.ctx.config.root, file.moduleId)] ?? 0;
  }
}

/** The files in an order that looks random and depends only on the seed and the files' paths. */
function shuffledBy(seed: number, files: TestSpecification[], root: string): TestSpecification[] {
  const rank = (file: TestSpecification): string =>
    createHash('sha256').update(`${seed}:${relative(root, file.moduleId)}`).digest('hex');
  const ranks = new Map(files.map((file) => [file, rank(file)]));
  return [...files].sort((a, b) => ((ranks.get(a) ?? '') < (ranks.get(b) ?? '') ? -1 : 1));
}
