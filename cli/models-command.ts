import type { ModelsCommand } from './commands.js';
import { EXIT } from './exit-codes.js';
import { listModels } from './list-models.js';
import type { ModelView } from './list-models.js';
import { printJson, printResult } from './output.js';
import { readExistingTable } from './read-only-database.js';
import { formatTable } from './table.js';
import { countOf } from './wording.js';

/**
 * A per-token cost as a price per million tokens, the unit model prices are quoted in, computed on
 * the decimal text so that nothing is rounded: "0.0000025000" → "2.5".
 */
export function perMillionTokens(cost: string | null): string {
  if (cost === null) return '';
  const [sign, digits = ''] = cost.startsWith('-') ? ['-', cost.slice(1)] : ['', cost];
  const [whole = '', fraction = ''] = digits.split('.');
  const padded = fraction.padEnd(6, '0');
  const integer = `${whole}${padded.slice(0, 6)}`.replace(/^0+(?=\d)/, '');
  const rest = padded.slice(6).replace(/0+$/, '');
  return `${sign}${integer}${rest === '' ? '' : `.${rest}`}`;
}

/** The human output of `models`: one line per row, then the count. */
function formatModels(models: ModelView[]): string {
  const header = ['name', 'availability', 'provider', 'context', 'input $/1M', 'output $/1M', 'restricted'];
  const rows = models.map((model) => [
    model.name,
    model.availability,
    model.provider,
    model.contextLength === null ? '' : String(model.contextLength),
    perMillionTokens(model.inputCostPerToken),
    perMillionTokens(model.outputCostPerToken),
    model.restrictedAccess ? 'yes' : 'no',
  ]);
  const available = models.filter((model) => model.availability === 'available').length;
  return `${formatTable(header, rows)}\n${countOf(models.length, 'model')}: ${available} available, ${models.length - available} unavailable`;
}

/**
 * `models`: the `models` rows the sync wrote, as LiteMaaS users see them, so nobody has to find
 * the embedded database's port and password. Read-only: it creates and migrates nothing.
 */
export function showModels(command: ModelsCommand): Promise<number> {
  const none = (message: string): number => {
    if (command.json) printJson({ models: [] });
    else printResult(message);
    return EXIT.success;
  };
  return readExistingTable(
    command,
    'models',
    (where) => none(`No models: ${where} has never been synced.`),
    async (database) => {
      const models = await listModels(database);
      if (models.length === 0) return none('No models: the models table is empty.');
      if (command.json) printJson({ models });
      else printResult(formatModels(models));
      return EXIT.success;
    },
  );
}
