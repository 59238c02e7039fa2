/** The `charset` parameter of a `Content-Type` header value, or null. */
export function charsetOfContentType(contentType: string | null | undefined): string | null {
  if (!contentType) return null;
  const m = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType);
  return m?.[1] ?? null;
}
