import { RunbookError } from '../errors';
import { redactItem } from '../incident/redact';
import { MIME, type CellOutput } from '../runbook/model';
import { isAwsResult } from '../runbook/persisted';

export interface ErrorData {
  name: string;
  message: string;
  stack?: string;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  Code?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string; extendedRequestId?: string };
  $response?: { statusCode?: number };
}

/** AWS error code, message, HTTP status and request id as one readable error; other errors as they are. */
export function describeError(e: unknown): ErrorData {
  if (RunbookError.is(e)) {
    const code = e.details?.code;
    return { name: typeof code === 'string' && code ? code : e.reason, message: e.message };
  }
  if (e !== null && typeof e === 'object') {
    const err = e as SdkErrorShape;
    const code = err.Code ?? err.name ?? err.code ?? 'Error';
    const status = err.$metadata?.httpStatusCode ?? err.$response?.statusCode;
    const requestId = err.$metadata?.requestId;
    const extras = [status ? `HTTP ${status}` : '', requestId ? `request id ${requestId}` : ''].filter(Boolean);
    const message = `${code}: ${err.message ?? ''}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`;
    return { name: code, message };
  }
  return { name: 'Error', message: String(e) };
}

export function errorOutput(data: ErrorData): CellOutput {
  return { items: [{ mime: MIME.error, data: JSON.stringify(data) }] };
}

export function textOutput(mime: string, text: string): CellOutput {
  return { items: [{ mime, data: text }] };
}

/** Runs every item of every output through the redactor (JSON and error items: also every string inside). */
export function redactOutputs(outputs: CellOutput[], redact: (text: string) => string): CellOutput[] {
  return outputs.map((o) => ({ items: o.items.map((i) => ({ mime: i.mime, data: redactItem(i.mime, i.data, redact) })) }));
}

/** Whether a terminal prints an output: an AWS result, or anything but a markdown rendering with no text beside it. */
export function printsOnTerminal(output: CellOutput): boolean {
  return isAwsResult(output) || !output.items.some((i) => i.mime === MIME.markdown) || output.items.some((i) => i.mime === MIME.text || i.mime === MIME.json);
}

/**
 * The text a person reads for an output: an AWS result's first rendering (the `--output` asked for), the text/plain,
 * JSON or stream item, else markdown, else the error message.
 */
export function outputText(output: CellOutput): string {
  if (isAwsResult(output)) {
    return output.items[0].data;
  }
  const pick = (mime: string) => output.items.find((i) => i.mime === mime)?.data;
  const text = pick(MIME.text) ?? pick(MIME.json) ?? pick(MIME.stdout) ?? pick(MIME.stderr) ?? pick(MIME.markdown);
  if (text !== undefined) {
    return text;
  }
  const err = pick(MIME.error);
  if (err !== undefined) {
    try {
      const data = JSON.parse(err) as ErrorData;
      return `${data.name}: ${data.message}`;
    } catch {
      return err;
    }
  }
  return output.items[0]?.data ?? '';
}
