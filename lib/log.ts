/**
 * Structured logging: one JSON object per line, so a log drain can index it.
 * The only module that writes to the console (STYLE: no console.log as logging).
 */
type TLevel = "info" | "warn" | "error";
export type TLogFields = Record<string, unknown>;

function write(level: TLevel, event: string, fields: TLogFields): void {
  const line = JSON.stringify({ level, event, at: new Date().toISOString(), ...fields }, replaceErrors);
  if (level === "info") console.info(line);
  else console.error(line);
}

// Errors serialise to {} by default; keep what a person needs to act on.
function replaceErrors(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = "code" in value ? value.code : undefined;
    return { name: value.name, message: value.message, code };
  }
  return value;
}

export const log = {
  info: (event: string, fields: TLogFields = {}) => write("info", event, fields),
  warn: (event: string, fields: TLogFields = {}) => write("warn", event, fields),
  error: (event: string, fields: TLogFields = {}) => write("error", event, fields),
};
