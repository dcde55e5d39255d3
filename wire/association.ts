// Consumer-association portal: the limits the portal page and the server share. Imports nothing.

/** A signed mandate's file: a scan of a few signed pages is often 1–5 MB. */
export const MANDATE_MAX_BYTES = 5 * 1024 * 1024;
/** Its base64 text: 4 characters for every 3 bytes. */
export const MANDATE_MAX_BASE64 = Math.ceil(MANDATE_MAX_BYTES / 3) * 4;
/**
 * The case request's own body limit: the mandate's base64 (≈ 6.7 MB) plus the case's text
 * fields (≤ 41 KB), with room to spare; every other API body keeps the 1 MB limit.
 */
export const CASE_BODY_MAX_BYTES = 8 * 1024 * 1024;

export const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;
