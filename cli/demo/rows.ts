/**
 * The demo's look at the models table: the columns LiteMaaS users see. A stand-in for a `models`
 * command: when the CLI has one, the demo should call it instead of this file.
 */
import pg from 'pg';

const ROWS = `SELECT id, availability, provider, context_length, input_cost_per_token::text AS input_cost,
  output_cost_per_token::text AS output_cost, restricted_access FROM models ORDER BY id`;

/** The models rows as a small table, one line each. */
export async function formatModelRows(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, string | number | boolean | null>>(ROWS);
    const header = ['model', 'availability', 'provider', 'context', 'input $/token', 'output $/token', 'restricted'];
    const cells = rows.map((row) => [
      String(row.id),
      String(row.availability),
      String(row.provider ?? ''),
      String(row.context_length ?? ''),
      String(row.input_cost ?? ''),
      String(row.output_cost ?? ''),
      row.restricted_access === true ? 'yes' : 'no',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]?.length ?? 0)));
    return [header, ...cells].map((line) => line.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
  } finally {
    await client.end();
  }
}
