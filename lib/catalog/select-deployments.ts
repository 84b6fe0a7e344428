import type { NameFilter } from './name-patterns.js';
import type { Deployment, IgnoredModel } from './types.js';

/** What the catalog publishes, per contract §7. */
export interface CatalogRules {
  nameFilter: NameFilter;
  includeTeamModels: boolean;
}

/** The defaults: every name, no team-only model. */
export const DEFAULT_CATALOG_RULES: CatalogRules = { nameFilter: () => true, includeTeamModels: false };

/** How one model name is treated. */
export type Selection =
  | { kind: 'publish'; deployments: Deployment[] }
  | { kind: 'paused' }
  | { kind: 'ignored'; ignored: IgnoredModel };

/** A team-only (BYOK) deployment: only that team may call it, so it is not the portal's to offer. */
function isTeamOnly(deployment: Deployment): boolean {
  const teamId = deployment.modelInfo.team_id;
  return typeof teamId === 'string' && teamId.trim() !== '';
}

/** A paused ("blocked") deployment gets no traffic, so it must not shape the row (costs, tpm, flags). */
function isPaused(deployment: Deployment): boolean {
  return deployment.modelInfo.blocked === true;
}

/**
 * Decides what happens to the deployments of one model name: a wildcard route, a filtered-out
 * name or a name served only to teams is left out; a name whose remaining deployments are all
 * paused is paused; otherwise its callable deployments are merged into a row.
 */
export function selectDeployments(name: string, group: Deployment[], rules: CatalogRules): Selection {
  if (name.includes('*')) return { kind: 'ignored', ignored: { model: name, reason: 'wildcard' } };
  if (!rules.nameFilter(name)) return { kind: 'ignored', ignored: { model: name, reason: 'filtered' } };
  const offered = rules.includeTeamModels ? group : group.filter((deployment) => !isTeamOnly(deployment));
  if (offered.length === 0) return { kind: 'ignored', ignored: { model: name, reason: 'team-only' } };
  const callable = offered.filter((deployment) => !isPaused(deployment));
  return callable.length === 0 ? { kind: 'paused' } : { kind: 'publish', deployments: callable };
}
