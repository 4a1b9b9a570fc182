/**
 * Shell forms that try to change AWS from a shell cell (the ones issue 9 found and more). Each cell first
 * exports ITEM (a DynamoDB item whose key is unique to the form and the run), then tries to put it into
 * the seeded `bbws-tenants` table in af-south-1 in its own way; the test then asks moto whether the item
 * is there. `$CMD` stands for `aws dynamodb put-item --region af-south-1 --table-name bbws-tenants --item "$ITEM"`.
 *
 * expect:
 *   kernel  the call reaches the kernel through the shim: refused without confirmation, made with it
 *   closed  the call goes around the kernel (or is ambiguous) and fails closed: no change either way,
 *           and the output says why (`message`)
 *   either  an interpreter that may put its own `aws` first on PATH (pyenv does): through the kernel,
 *           or failing closed; never a change without confirmation
 */
export interface ShellForm {
  name: string;
  cell: string;
  expect: 'kernel' | 'closed' | 'either';
  message?: RegExp;
  /** What the form changes: a DynamoDB item (default), or an S3 bucket (`$BUCKET`) through the AWS CLI fallback. */
  kind?: 'item' | 'bucket';
}

export const PUT = 'aws dynamodb put-item --region af-south-1 --table-name bbws-tenants --item "$ITEM"';
const ARGS = 'dynamodb put-item --region af-south-1 --table-name bbws-tenants --item "$ITEM"';
const NO_CREDENTIALS = /no AWS credentials: in a runbook cell every AWS call goes through the `aws` command/;

/** `realAws`: the absolute path of the installed AWS CLI. */
export function shellForms(realAws: string): ShellForm[] {
  const kernel = (name: string, cell: string): ShellForm => ({ name, cell, expect: 'kernel' });
  const forms: ShellForm[] = [
    kernel('plain', '$CMD'),
    kernel('if/then', 'if $CMD; then echo switched; fi'),
    kernel('if negated', 'if ! $CMD; then echo failed; fi'),
    kernel('braces', '{ $CMD; }'),
    kernel('case', 'case go in go) $CMD;; esac'),
    kernel('function', 'switch() { $CMD; }\nswitch'),
    kernel('exported function in bash -c', 'switch() { $CMD; }\nexport -f switch\nbash -c switch'),
    kernel('timeout', 'timeout 60 $CMD'),
    kernel('nice', 'nice $CMD'),
    kernel('time -p', 'time -p $CMD'),
    kernel('/usr/bin/env aws', '/usr/bin/env $CMD'),
    kernel('env aws', 'env $CMD'),
    kernel('env -i with PATH', 'env -i PATH="$PATH" ITEM="$ITEM" $CMD'),
    kernel('eval', "eval '$CMD'"),
    kernel('bash -c', "bash -c '$CMD'"),
    kernel('sh -c', "sh -c '$CMD'"),
    kernel('xargs -n1', `printf '%s\\n' "$ITEM" | xargs -d '\\n' -n1 aws dynamodb put-item --region af-south-1 --table-name bbws-tenants --item`),
    kernel('xargs -I sh -c', "echo go | xargs -I{} sh -c '$CMD'"),
    kernel('xargs names the command', `echo aws | xargs sh -c '"$0" ${ARGS}'`),
    kernel('A=aws; $A', `A=aws; $A ${ARGS}`),
    kernel('printf -v', `printf -v c '%s' aws; $c ${ARGS}`),
    kernel('"$(which aws)"', `"$(which aws)" ${ARGS}`),
    kernel('"$(command -v aws)"', `"$(command -v aws)" ${ARGS}`),
    kernel('| sh', "echo '$CMD' | sh"),
    kernel('| bash', "printf '%s\\n' '$CMD' | bash"),
    kernel('sourced script', "printf '%s\\n' '$CMD' > sourced-$$.sh\n. ./sourced-$$.sh\nrm -f sourced-$$.sh"),
    kernel('script file in the runbook folder (bash FILE)', 'bash ./form-script.sh'),
    kernel('executable script in the runbook folder (./FILE)', './form-script.sh'),
    kernel('exec', '$CMD; exit $?'.replace('$CMD', 'exec $CMD')),
    kernel('command aws', 'command $CMD'),
    kernel('builtin command aws', 'builtin command $CMD'),
    kernel('backslash (alias bypass)', `\\aws ${ARGS}`),
    kernel('quoted command word', `'aws' ${ARGS}`),
    kernel('split quotes', `a"w"s ${ARGS}`),
    kernel('ANSI-C quoting', `$'\\x61ws' ${ARGS}`),
    kernel('alias', `shopt -s expand_aliases\nalias x=aws\nx ${ARGS}`),
    kernel('array', `args=(aws ${ARGS})\n"\${args[@]}"`),
    kernel('here-doc', "bash <<'EOF'\n$CMD\nEOF"),
    kernel('here-string', "bash <<< '$CMD'"),
    kernel('process substitution', "source <(echo '$CMD')"),
    kernel('background &', '$CMD &\nwait'),
    kernel('subshell', '( $CMD )'),
    kernel('nohup', 'nohup $CMD'),
    kernel('stdbuf', 'stdbuf -oL $CMD'),
    kernel('setsid -w', 'setsid -w $CMD'),
    kernel('pipeline', '$CMD | cat'),
    kernel('command substitution', 'out=$($CMD)\necho "$out"'),
    kernel('backticks', 'out=`$CMD`\necho "$out"'),
    kernel('while read', 'echo x | while read l; do $CMD; done'),
    kernel('for loop', 'for r in af-south-1; do aws dynamodb put-item --region $r --table-name bbws-tenants --item "$ITEM"; done'),
    kernel('until', 'n=0; until [ $n -ge 1 ]; do $CMD; n=1; done'),
    kernel('&&', 'true && $CMD'),
    kernel('||', 'false || $CMD'),
    kernel('trap EXIT', "trap '$CMD' EXIT\necho leaving"),
    kernel('coproc', 'coproc $CMD\nwait'),
    kernel('find -exec', `find . -maxdepth 0 -exec aws ${ARGS} \\;`),
    kernel('awk system()', `awk 'BEGIN { system("aws ${ARGS.replace(/"/g, '\\"')}") }'`),
    kernel('perl system()', `perl -e 'system("aws", "dynamodb", "put-item", "--region", "af-south-1", "--table-name", "bbws-tenants", "--item", $ENV{ITEM})'`),
    kernel('node child_process', `node -e 'require("child_process").execFileSync("aws", ["dynamodb", "put-item", "--region", "af-south-1", "--table-name", "bbws-tenants", "--item", process.env.ITEM], { stdio: "inherit" })'`),
    kernel('fd juggling', 'exec 3>&1\n$CMD >&3'),
    kernel('global option before the service', `aws --region af-south-1 dynamodb put-item --table-name bbws-tenants --item "$ITEM"`),
    kernel('--region=VALUE before the service', `aws --region=af-south-1 dynamodb put-item --table-name bbws-tenants --item "$ITEM"`),
    kernel('region from AWS_REGION', 'AWS_REGION=af-south-1 aws dynamodb put-item --table-name bbws-tenants --item "$ITEM"'),
    kernel('region from export AWS_DEFAULT_REGION', 'export AWS_DEFAULT_REGION=af-south-1\naws dynamodb put-item --table-name bbws-tenants --item "$ITEM"'),
    kernel('item from stdin', 'echo "$ITEM" | aws dynamodb put-item --region af-south-1 --table-name bbws-tenants --item file:///dev/stdin'),
    kernel('--cli-input-json', `aws dynamodb put-item --region af-south-1 --cli-input-json "{\\"TableName\\":\\"bbws-tenants\\",\\"Item\\":$ITEM}"`),
    { name: 's3 mb (AWS CLI fallback)', cell: 'aws s3 mb "s3://$BUCKET" --region af-south-1', expect: 'kernel', kind: 'bucket' },
    { name: 's3 mb in bash -c (AWS CLI fallback)', cell: `bash -c 'aws s3 mb "s3://$BUCKET" --region af-south-1'`, expect: 'kernel', kind: 'bucket' },
    { name: 'python3 subprocess', cell: `python3 -c 'import os, subprocess; subprocess.run(["aws", "dynamodb", "put-item", "--region", "af-south-1", "--table-name", "bbws-tenants", "--item", os.environ["ITEM"]], check=True)'`, expect: 'either', message: NO_CREDENTIALS },
    { name: 'abbreviated global option before the service', cell: 'aws --reg af-south-1 dynamodb put-item --table-name bbws-tenants --item "$ITEM"', expect: 'closed', message: /--reg is not an option: write it in full \(--region\)/ },
    { name: 'abbreviated global option after the operation', cell: 'aws dynamodb put-item --table-name bbws-tenants --item "$ITEM" --reg af-south-1', expect: 'closed', message: /--reg is not an option: write it in full/ },
    { name: 'abbreviated --endpoint', cell: `${PUT} --endpoint http://127.0.0.1:1`, expect: 'closed', message: /--endpoint is not an option: write it in full \(--endpoint-url\)/ },
    { name: 'absolute path to the real AWS CLI', cell: `${realAws} ${ARGS}`, expect: 'closed', message: NO_CREDENTIALS },
    { name: 'hash -p to the real AWS CLI', cell: `hash -p ${realAws} aws\n${PUT}`, expect: 'closed', message: NO_CREDENTIALS },
    { name: 'function named aws calling the real CLI', cell: `aws() { ${realAws} "$@"; }\n${PUT}`, expect: 'closed', message: NO_CREDENTIALS },
    { name: 'PATH set so the real AWS CLI comes first', cell: `PATH="${realAws.slice(0, realAws.lastIndexOf('/'))}:$PATH" ${PUT}`, expect: 'closed', message: NO_CREDENTIALS },
    { name: 'env -i and the real AWS CLI', cell: `env -i ITEM="$ITEM" ${realAws} ${ARGS}`, expect: 'closed', message: /credentials/i },
    { name: 'python3 boto3 directly', cell: `python3 -c 'import os, json, boto3; boto3.client("dynamodb", region_name="af-south-1").put_item(TableName="bbws-tenants", Item=json.loads(os.environ["ITEM"]))'`, expect: 'closed', message: NO_CREDENTIALS },
    { name: 'curl with SigV4 to AWS_ENDPOINT_URL', cell: `curl -sS --max-time 5 --aws-sigv4 "aws:amz:af-south-1:dynamodb" --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY" -H 'X-Amz-Target: DynamoDB_20120810.PutItem' -H 'Content-Type: application/x-amz-json-1.0' -d "{\\"TableName\\":\\"bbws-tenants\\",\\"Item\\":$ITEM}" "$AWS_ENDPOINT_URL"`, expect: 'closed', message: /aws-calls-go-through-the-aws-command-of-the-runbook\.invalid/ },
  ];
  return forms.map((f) => ({ ...f, cell: f.cell.replaceAll('$CMD', PUT) }));
}
