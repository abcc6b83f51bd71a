// Normalisation shared by indexing and lookup, so both sides agree on what a
// term is: lowercase ASCII, accents folded, punctuation dropped.

export type TermKind = "name" | "email" | "phone" | "handle" | "pair";
export interface SearchTerm {
  term: string;
  kind: TermKind;
}

/** "Zoë Ångström" → "zoe angstrom" */
export function fold(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/ß/g, "ss")
    .replace(/[æ]/g, "ae")
    .replace(/[ø]/g, "o")
    .replace(/[łŁ]/g, "l")
    .toLowerCase();
}

export function digitsOnly(value: string): string {
  return value.replace(/\D/g, "");
}

/** Each word of a name, plus hyphenated or apostrophised words joined ("o'brien" → o, brien, obrien). */
export function nameTerms(name: string): string[] {
  const out = new Set<string>();
  for (const word of fold(name).split(/\s+/)) {
    const parts = word.split(/[^a-z0-9]+/).filter(Boolean);
    for (const part of parts) out.add(part);
    if (parts.length > 1) out.add(parts.join(""));
  }
  return [...out];
}

/**
 * Marks a pair term (namePairTerms). It sorts after every character a typed
 * token can begin with, so no prefix typed reaches a pair by accident.
 */
export const PAIR_MARK = "~";
/** Name words paired at most: a name of more words than this pairs only its first ones. */
const PAIRED_WORDS = 6;

/**
 * "~alicia fernandez" and "~fernandez alicia": every ordered pair of a
 * customer's name words, so a lookup of two name words ("ali fern") reads
 * only the customers with both, not everyone whose name begins like either
 * (lib/customer-search.ts, findByNamePairs).
 */
export function namePairTerms(words: readonly string[]): string[] {
  const paired = words.slice(0, PAIRED_WORDS);
  return paired.flatMap((a) => paired.filter((b) => b !== a).map((b) => `${PAIR_MARK}${a} ${b}`));
}

export function normaliseHandle(handle: string): string {
  return fold(handle.trim()).replace(/^@+/, "").replace(/[^a-z0-9_.]/g, "");
}

export function normaliseEmail(email: string): string {
  return fold(email.trim());
}

/** National number without the country code, for "+1 (212) 555-0143" → 2125550143. */
export function nationalDigits(e164: string): string {
  const digits = digitsOnly(e164);
  return e164.startsWith("+1") && digits.length === 11 ? digits.slice(1) : digits.replace(/^(44|33|49|39|34|61)/, "");
}

export function customerSearchTerms(customer: {
  firstName: string;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  handles?: readonly string[];
}): SearchTerm[] {
  const terms = new Map<string, TermKind>();
  const add = (term: string, kind: TermKind) => {
    if (term && !terms.has(term)) terms.set(term, kind);
  };
  const names = nameTerms(`${customer.firstName} ${customer.lastName}`);
  for (const term of names) add(term, "name");
  for (const term of namePairTerms(names)) add(term, "pair");
  if (customer.email) {
    const email = normaliseEmail(customer.email);
    add(email, "email");
    add(email.split("@")[0] ?? "", "email");
  }
  if (customer.phone) {
    const digits = digitsOnly(customer.phone);
    add(digits, "phone");
    add(nationalDigits(customer.phone), "phone");
    // Last four digits: "what are the last four of your number?"
    if (digits.length > 4) add(digits.slice(-4), "phone");
  }
  for (const handle of customer.handles ?? []) add(normaliseHandle(handle), "handle");
  return [...terms].map(([term, kind]) => ({ term, kind }));
}

export interface ParsedQuery {
  mode: "phone" | "text";
  /** Every token must prefix-match one of the customer's terms. */
  tokens: string[];
}

const PHONE_QUERY = /^\+?[\d\s().\-/]+$/;

/** Turns what the associate typed into prefix tokens, or null if there is nothing to search. */
export function parseQuery(raw: string): ParsedQuery | null {
  // Control characters (a pasted tab, a forged NUL) separate words like spaces.
  const query = raw.replace(/[\u0000-\u001f\u007f]/g, " ").trim().slice(0, 100);
  if (!query) return null;
  if (PHONE_QUERY.test(query)) {
    const digits = digitsOnly(query);
    return digits.length >= 3 ? { mode: "phone", tokens: [digits] } : null;
  }
  const tokens = new Set<string>();
  for (const word of fold(query).split(/[\s,;]+/)) {
    if (word.includes("@") && !word.startsWith("@")) {
      tokens.add(word);
      continue;
    }
    const token = word
      .replace(/^@+/, "")
      .replace(/[^a-z0-9_.]/g, "")
      .replace(/^[._]+|[._]+$/g, "");
    if (token) tokens.add(token);
  }
  // A token that is a prefix of another adds nothing but work.
  const list = [...tokens].filter((t) => ![...tokens].some((o) => o !== t && o.startsWith(t)));
  return list.length ? { mode: "text", tokens: list.slice(0, 4) } : null;
}

/** Upper bound for a prefix range scan: every term starting with `prefix` sorts below it. */
export function prefixUpperBound(prefix: string): string {
  return `${prefix}\uffff`;
}

// --- Typo fallback -----------------------------------------------------------
// The vocabulary (search_word_trigrams) holds every distinct name word split
// into trigrams the way pg_trgm does it, so a word typed wrong can be matched
// to the known words sharing most of them.

/** The name words a customer brings to the vocabulary: the name terms of customerSearchTerms. */
export function vocabularyWords(name: { firstName: string; lastName: string }): string[] {
  return nameTerms(`${name.firstName} ${name.lastName}`);
}

/** "ali" → ["  a", " al", "ali", "li "]: the word padded with two spaces before and one after, every three characters (as pg_trgm). */
export function wordTrigrams(word: string): string[] {
  const padded = [..."  ", ...word, " "];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3).join(""));
  return [...out];
}

/** Rows of search_word_trigrams for these words. */
export function vocabularyRows(words: Iterable<string>): Array<{ trigram: string; word: string }> {
  const rows: Array<{ trigram: string; word: string }> = [];
  for (const word of new Set(words)) for (const trigram of wordTrigrams(word)) rows.push({ trigram, word });
  return rows;
}

/** pg_trgm's similarity: shared trigrams ÷ trigrams of either word (|a ∩ b| ÷ |a ∪ b|). */
export function trigramSimilarity(shared: number, a: number, b: number): number {
  const union = a + b - shared;
  return union > 0 ? shared / union : 0;
}
