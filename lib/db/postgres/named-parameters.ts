import type { SqlParameters, SqlValue } from '../port.js';

/**
 * Rewrites `:name` placeholders to node-postgres's `$1, $2, …`, skipping `::casts`, string
 * literals, quoted identifiers, dollar-quoted bodies and comments (where `:` is just text).
 */
export function toPositional(
  sql: string,
  parameters: SqlParameters,
): { text: string; values: SqlValue[] } {
  const order: string[] = [];
  const positions = new Map<string, number>();
  const placeholder = (name: string): string => {
    if (!(name in parameters)) throw new Error(`SQL parameter :${name} has no value`);
    let position = positions.get(name);
    if (position === undefined) {
      order.push(name);
      position = order.length;
      positions.set(name, position);
    }
    return `$${position}`;
  };
  const token =
    /('(?:[^']|'')*')|("(?:[^"]|"")*")|(\$([A-Za-z_]*)\$[\s\S]*?\$\4\$)|(--[^\n]*)|(\/\*[\s\S]*?\*\/)|(::)|:([A-Za-z_][A-Za-z0-9_]*)/g;
  const text = sql.replace(token, (match, ...groups: unknown[]) => {
    const name = groups[7];
    return typeof name === 'string' ? placeholder(name) : match;
  });
  return { text, values: order.map((name) => parameters[name] ?? null) };
}
