import { z } from "zod";

// How a phone number or an email is stored, whichever door it came in by (the
// customer import, Segment's identify calls, a customer made from a mention):
// the same person typed two ways must match the same customer.

/** Countries whose national numbers (written without a country code) can be read. Both are NANP: +1. */
export type PhoneCountry = "US" | "CA";

// What follows the number as an extension: "x5", "ext. 12", "extension 3", "#4", ";ext=5".
const EXTENSION = /[\s,]*(?:;\s*ext=|ext(?:ension)?\.?|x|#)\s*\d+$/i;
// Digits and the punctuation people write numbers with; anything else (letters, a second number after "or") is not one number.
const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;
// Area code and exchange both start with 2–9.
const NANP = /^[2-9]\d{2}[2-9]\d{6}$/;
// A country code never starts with 0; E.164 allows at most 15 digits, and no real number has fewer than 7.
const INTERNATIONAL = /^[2-9]\d{6,14}$/;

const nanp = (tenDigits: string) => (NANP.test(tenDigits) ? `+1${tenDigits}` : null);

/**
 * To E.164, or null if it cannot be a phone number. A number without a country
 * code is read as one of `defaultCountry`'s: "(212) 555-0143" → "+12125550143".
 * Others need "+" or "00" and their country code: "+44 20 7946 0958",
 * "0044 20 7946 0958". Extensions are dropped: a customer is matched and texted
 * on the line itself.
 */
export function normalisePhone(raw: string, defaultCountry: PhoneCountry = "US"): string | null {
  // Shopify writes '+1212… so spreadsheets keep it as text; "+44 (0)20" is the UK way of writing the trunk 0.
  const value = raw.trim().replace(/^'\s*/, "").replace(EXTENSION, "").replace(/\(0\)/g, "").trim();
  if (!PHONE_SHAPE.test(value)) return null;
  const digits = value.replace(/\D/g, "");
  if (value.startsWith("+") || value.startsWith("00")) {
    const international = value.startsWith("+") ? digits : digits.slice(2);
    if (international.startsWith("1")) return international.length === 11 ? nanp(international.slice(1)) : null;
    return INTERNATIONAL.test(international) ? `+${international}` : null;
  }
  switch (defaultCountry) {
    case "US":
    case "CA":
      if (digits.length === 10) return nanp(digits);
      if (digits.length === 11 && digits.startsWith("1")) return nanp(digits.slice(1));
      return null;
  }
}

const EMAIL = z.email();

/** Trimmed and lowercased, or null if it is not an email address. */
export function normaliseEmail(raw: string): string | null {
  const email = raw.trim().toLowerCase();
  return email.length <= 254 && EMAIL.safeParse(email).success ? email : null;
}
