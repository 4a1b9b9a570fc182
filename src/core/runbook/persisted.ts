import { type CellOutput, MIME } from './model';

/** The MIME types only an AWS result carries (src/core/kernel/awsResult.ts): an output holding one is an AWS result. */
const AWS_ALTERNATIVES = new Set<string>([MIME.awsText, MIME.awsTable, MIME.awsYaml]);

export function isAwsResult(output: CellOutput): boolean {
  return output.items.some((i) => AWS_ALTERNATIVES.has(i.mime));
}

/**
 * What a file (and the journal) keeps of an output: an AWS result's first rendering, the one asked for; anything
 * else whole. The editor still holds every rendering until the file is reopened.
 */
export function persistedOutput(output: CellOutput): CellOutput {
  return isAwsResult(output) && output.items.length > 1 ? { items: [output.items[0]] } : output;
}

export function persistedOutputs(outputs: readonly CellOutput[]): CellOutput[] {
  return outputs.map(persistedOutput);
}
