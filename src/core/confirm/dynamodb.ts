/** DynamoDB item writes: the item after put-item, delete-item, or a simple update-item (SET/REMOVE). */

type Item = Record<string, unknown>;

export interface ItemAfter {
  item: Item | null;
  /** Why the after side is only the request (an update expression beyond simple SET/REMOVE). */
  note?: string;
}

const PATH = /^(#?[A-Za-z_][A-Za-z0-9_]*)$/;

function attributeName(path: string, names: Record<string, string>): string | undefined {
  const m = PATH.exec(path.trim());
  if (!m) {
    return undefined;
  }
  return m[1].startsWith('#') ? names[m[1]] : m[1];
}

/** SET a = :v, #b = :w and REMOVE c, d; undefined for anything else (functions, arithmetic, ADD, DELETE, nested paths). */
export function parseUpdateExpression(expr: string, names: Record<string, string>): { set: [string, string][]; remove: string[] } | undefined {
  const parts = expr.split(/\b(SET|REMOVE|ADD|DELETE)\b/i).map((p) => p.trim());
  const set: [string, string][] = [];
  const remove: string[] = [];
  if (parts[0] !== '' || /[()+\-[\]]/.test(expr)) {
    return undefined;
  }
  for (let i = 1; i < parts.length; i += 2) {
    const keyword = parts[i].toUpperCase();
    const items = parts[i + 1].split(',').map((s) => s.trim());
    for (const item of items) {
      if (keyword === 'SET') {
        const [lhs, rhs, extra] = item.split('=').map((s) => s.trim());
        const name = attributeName(lhs ?? '', names);
        if (!name || extra !== undefined || !/^:[A-Za-z0-9_]+$/.test(rhs ?? '')) {
          return undefined;
        }
        set.push([name, rhs]);
      } else if (keyword === 'REMOVE') {
        const name = attributeName(item, names);
        if (!name) {
          return undefined;
        }
        remove.push(name);
      } else {
        return undefined;
      }
    }
  }
  return { set, remove };
}

/** The item after the write, computed from the item now and the request. */
export function itemAfter(operation: string, input: Record<string, unknown>, now: Item | null): ItemAfter {
  if (operation === 'put-item') {
    return { item: (input.Item as Item | undefined) ?? null };
  }
  if (operation === 'delete-item') {
    return { item: null };
  }
  const expr = input.UpdateExpression;
  const names = (input.ExpressionAttributeNames as Record<string, string> | undefined) ?? {};
  const values = (input.ExpressionAttributeValues as Record<string, unknown> | undefined) ?? {};
  const parsed = typeof expr === 'string' ? parseUpdateExpression(expr, names) : undefined;
  if (!parsed || parsed.set.some(([, v]) => !(v in values))) {
    return { item: now, note: 'The update is not a simple SET/REMOVE expression: the after side is the item now; the request says what changes.' };
  }
  const item: Item = { ...(now ?? (input.Key as Item | undefined) ?? {}) };
  parsed.set.forEach(([name, v]) => (item[name] = values[v]));
  parsed.remove.forEach((name) => delete item[name]);
  return { item };
}
