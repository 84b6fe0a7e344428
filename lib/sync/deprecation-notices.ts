import type { Deprecation } from '../catalog/deprecations.js';

const DAY_MS = 86_400_000;

/** A published model whose provider retirement a run announces (once) to change-event subscribers. */
export interface DeprecationNotice {
  modelId: string;
  /** `approaching`: the date is within the warning window; `deprecated`: the date has passed. */
  kind: 'approaching' | 'deprecated';
  deprecationDate: string;
  /** Whole days from the run's start to the date; 0 or negative once it has passed. */
  daysUntilDeprecation: number;
  successorModel: string | null;
}

/** A published model and the retirement its row carries, if any. */
export interface ModelRetirement {
  id: string;
  deprecation: Deprecation | undefined;
}

/** What a run knows about time and about the dates it wrote. */
export interface NoticeClock {
  /** When this run started. */
  now: Date;
  /** When the last run that announced started (succeeded, or failed only for unusable entries); null when none did (every notice is new then). */
  previousAnnouncingRunAt: Date | null;
  warnDays: number;
  /** Models whose deprecation date this run wrote for the first time or changed. */
  dateChanged: ReadonlySet<string>;
}

/** Whether `moment` was crossed since the last announcing run (or the date itself is news). */
function crossedSince(moment: number, clock: NoticeClock, modelId: string): boolean {
  if (clock.now.getTime() < moment) return false;
  return clock.previousAnnouncingRunAt === null || clock.previousAnnouncingRunAt.getTime() < moment || clock.dateChanged.has(modelId);
}

/**
 * The deprecation notices a run announces: `deprecated` in the run in which a model's date passes,
 * `approaching` in the run in which it comes within `warnDays`. Stateless, and still said once:
 * runs are serialized by the sync lock, so exactly one announcing run sees each moment pass since
 * the previous one; a date that is new or changed counts as news in the run that writes it.
 *
 * @example
 * deprecationNotices(models, { now, previousAnnouncingRunAt, warnDays: 30, dateChanged: new Set() });
 */
export function deprecationNotices(models: readonly ModelRetirement[], clock: NoticeClock): DeprecationNotice[] {
  const notices: DeprecationNotice[] = [];
  for (const { id, deprecation } of models) {
    if (deprecation === undefined) continue;
    const { deprecationDate, successorModel } = deprecation;
    const dateMs = Date.parse(`${deprecationDate}T00:00:00Z`);
    const base = {
      modelId: id,
      deprecationDate,
      daysUntilDeprecation: Math.ceil((dateMs - clock.now.getTime()) / DAY_MS),
      successorModel,
    };
    if (crossedSince(dateMs, clock, id)) notices.push({ ...base, kind: 'deprecated' });
    else if (clock.now.getTime() < dateMs && crossedSince(dateMs - clock.warnDays * DAY_MS, clock, id)) {
      notices.push({ ...base, kind: 'approaching' });
    }
  }
  return notices;
}
