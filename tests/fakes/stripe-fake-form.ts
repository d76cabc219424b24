/**
 * Stripe's request encoding, as stripe-node sends it: `application/x-www-form-urlencoded` with
 * nested keys (`metadata[session_id]=…`, `line_items[0][price_data][unit_amount]=…`, `expand[0]=…`
 * or `expand[]=…`). Decoded into plain objects and arrays of strings (Stripe itself types them later).
 */
export type TFormValue = string | TFormValue[] | { [key: string]: TFormValue };
export type TForm = { [key: string]: TFormValue };

export function decodeStripeForm(body: string): TForm {
  const root: TForm = {};
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(rawKey);
    if (!match) throw new Error(`Invalid parameter name: ${rawKey}`);
    const path = [match[1]!, ...[...(match[2] ?? "").matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)];
    assign(root, path, value);
  }
  return root;
}

function assign(container: TForm | TFormValue[], path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const isArray = Array.isArray(container);
  const key = isArray && (head === "" || /^\d+$/.test(head)) ? (head === "" ? container.length : Number(head)) : head;
  if (rest.length === 0) {
    (container as Record<string | number, TFormValue>)[key] = value;
    return;
  }
  const holder = container as Record<string | number, TFormValue>;
  let next = holder[key];
  if (next === undefined || typeof next === "string") {
    next = rest[0] === "" || /^\d+$/.test(rest[0]!) ? [] : {};
    holder[key] = next;
  }
  assign(next as TForm | TFormValue[], rest, value);
}

/** A stable fingerprint of a request's parameters (idempotency: same key, same parameters). */
export function paramsFingerprint(form: TForm): string {
  const canonical = (value: TFormValue): unknown =>
    typeof value === "string"
      ? value
      : Array.isArray(value)
        ? value.map(canonical)
        : Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((key) => [key, canonical(value[key]!)]),
          );
  return JSON.stringify(canonical(form));
}

export function formString(form: TForm, key: string): string | undefined {
  const value = form[key];
  return typeof value === "string" ? value : undefined;
}

export function formObject(form: TForm, key: string): TForm | undefined {
  const value = form[key];
  return value && typeof value === "object" && !Array.isArray(value) ? value : undefined;
}

export function formStrings(form: TForm, key: string): string[] {
  const value = form[key];
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((entry): entry is string => typeof entry === "string");
  return [];
}

/** metadata[...]: strings only, as Stripe stores them. */
export function formMetadata(form: TForm): Record<string, string> {
  const metadata = formObject(form, "metadata") ?? {};
  return Object.fromEntries(Object.entries(metadata).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}
