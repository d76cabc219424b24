const BIO_EXCERPT_CHARS = 180;

/** The start of a bio for a card: whitespace flattened, cut at a word, with an ellipsis when cut. */
export function bioExcerpt(text: string, max = BIO_EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s.,;:!?-]+$/, "")}…`;
}
