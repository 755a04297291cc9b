// Untrusted text made safe to show on one line beside other text (the CLI's output, the timeline's
// labels). No Node-only APIs: the CLI and the webview share it.
/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts sequences that
 * clear the screen or retitle the window, CR rewrites the line, LF forges a new line), DEL, and the
 * Unicode bidi and line-separator controls that reorder or break what is shown (in a terminal, and
 * in a browser too: a right-to-left override in a name reverses the UserId shown after it). Also
 * the invisible ones that carry no meaning in a name (soft hyphen, zero-width space, word joiner
 * and invisible operators, deprecated format controls, byte-order mark), which could make a name
 * look blank or like another; the zero-width joiner and non-joiner stay, as scripts need them.
 */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Message text (names, courses, event types, reasons) as it may be printed to a terminal or shown
 * in a label: every control character is shown escaped (`\x1b`, `\r`, `\u202e`), so a learner name
 * can never move the cursor, clear the screen, fake an output line or reorder the text around it.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return NAMED_ESCAPES[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
