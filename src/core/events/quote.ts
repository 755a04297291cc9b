// How problem texts show the value they complain about. A wrong value is often a right value in
// the wrong field (a contact in ContactType, a name and e-mail in UserId), and problem texts go
// to places that masking does not reach (peek --json, logs of CI runs), so a value that holds an
// e-mail address or looks like a phone number is described instead of shown, and any value is
// cut to 40 characters.

const EMAIL = /@/;
/** Seven or more digits with a plus, spaces or parentheses, and nothing else (a bare number, such as epoch milliseconds, is shown). */
const PHONE = /^\+?[\d\s().-]{7,}$/;
const PHONE_MARKS = /[\s()+]/;

/** `"value"` (at most 40 characters), or a description when the value may be a contact. */
export function quoteValue(text: string): string {
  if (EMAIL.test(text)) {
    return `(${text.length} characters holding an e-mail address, not shown)`;
  }
  const trimmed = text.trim();
  if (PHONE.test(trimmed) && PHONE_MARKS.test(trimmed)) {
    return `(${text.length} characters that look like a phone number, not shown)`;
  }
  return `"${text.length > 40 ? `${text.slice(0, 40)}…` : text}"`;
}
