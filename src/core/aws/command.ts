/**
 * A translated `aws SERVICE OPERATION [ARGS]`: the one command type that the translator produces and
 * the invoker, the paginator, the confirmation, the kernel and the engine consume. Types only, so any
 * module may import it without loading the translator or the SDK.
 */
import type { AwsServiceName } from './sdkModules';

export type AwsOutputFormat = 'json' | 'text' | 'table' | 'yaml';

export interface AwsGlobals {
  region?: string;
  profile?: string;
  output: AwsOutputFormat;
  query?: string;
  endpointUrl?: string;
  noPaginate: boolean;
  dryRun?: boolean;
  maxItems?: number;
  pageSize?: number;
  startingToken?: string;
  /** s3api get-object's positional outfile (resolved against cwd). */
  outfile?: string;
}

export interface AwsCommand {
  /** CLI service name (`s3api`, `elbv2`, ...). */
  service: AwsServiceName;
  /** CLI operation name (`describe-clusters`). */
  operation: string;
  /** SDK command class (`DescribeClustersCommand`). */
  commandName: string;
  input: Record<string, unknown>;
  /** The input as shown for confirmation or a dry run: members the model marks sensitive redacted. */
  shownInput: Record<string, unknown>;
  globals: AwsGlobals;
  readOnly: boolean;
}
