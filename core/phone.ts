import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** E.164 for a phone number as typed or as a provider sends it; null when it is not one. */
export function toE164(raw: string | undefined | null, defaultCountry: string): string | null {
  if (!raw) return null;
  const parsed = parsePhoneNumberFromString(raw.trim(), defaultCountry as CountryCode);
  return parsed?.isValid() ? parsed.number : null;
}
