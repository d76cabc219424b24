/** postgres.js hands timestamptz back as Date; a string from elsewhere is parsed the same way. */
export function formatIso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
