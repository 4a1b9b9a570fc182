/**
 * One output per AWS call: the result in every rendering (JSON, the CLI's text and table, a markdown table) as the
 * items of a single output, the `--output` asked for first. The editor shows the first and switches between them
 * ("Change Presentation"); a saved file keeps only the first (persistedOutput), so no result is stored twice.
 */
import { type CellOutput, MIME, type OutputItem } from '../runbook/model';
import type { AwsCommand, AwsOutputFormat } from '../aws/command';
import { formatAwsOutput } from '../aws/output';
import { toMarkdown } from './markdownTable';

const ASKED_MIME: Record<string, string> = {
  json: MIME.json,
  text: MIME.awsText,
  table: MIME.awsTable,
  yaml: MIME.awsYaml,
  'yaml-stream': MIME.awsYaml,
};

function parsedJson(json: string): unknown {
  try {
    return json.trim() === '' ? undefined : JSON.parse(json);
  } catch {
    return json;
  }
}

/** What the renderings read of a command: its SDK command (the table's title), `--query` and `--output`. */
export type AwsResultOf = Pick<AwsCommand, 'commandName'> & { globals: Pick<AwsCommand['globals'], 'query' | 'output'> };

/** Every rendering of one result, from one (already redacted, when redaction applies) result object. */
export function awsResultOutput(cmd: AwsResultOf, result: { data: unknown; pageResults?: unknown[] }, renderings: 'all' | 'asked' = 'all'): CellOutput {
  const { data, pageResults } = result;
  const query = cmd.globals.query;
  const title = cmd.commandName.replace(/Command$/, '');
  const render = (output: AwsOutputFormat): string => formatAwsOutput(data, { output, query, title, pageResults });
  if (renderings === 'asked') {
    // The item a file and the journal keep (persistedOutput), alone: nothing renders what no one reads.
    const asked = cmd.globals.output ?? 'json';
    return { items: [{ mime: ASKED_MIME[asked] ?? MIME.json, data: render(ASKED_MIME[asked] ? asked : 'json') }] };
  }
  const json = render('json');
  const items: OutputItem[] = [
    { mime: MIME.json, data: json },
    { mime: MIME.awsText, data: render('text') },
    { mime: MIME.awsTable, data: render('table') },
    { mime: MIME.markdown, data: toMarkdown(parsedJson(json)) },
  ];
  const asked = cmd.globals.output ?? 'json';
  const mime = ASKED_MIME[asked] ?? MIME.json;
  if (mime === MIME.awsYaml) {
    items.unshift({ mime, data: render(asked) });
  }
  const first = items.findIndex((i) => i.mime === mime);
  return { items: [items[first], ...items.filter((_, i) => i !== first)] };
}
