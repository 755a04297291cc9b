// How each event type is drawn: a distinct shape and a theme colour (VS Code's chart colours),
// so types differ by shape as well as colour (readable in high contrast and for colour-blind
// users). Colours are read from the --vscode-* variables each time the theme changes.
export type Shape = 'circle' | 'triangle' | 'diamond' | 'square' | 'cross';

export interface MarkStyle {
  type: string;
  label: string;
  shape: Shape;
  colourVariable: string;
  fallback: string;
}

export const MARK_STYLES: MarkStyle[] = [
  { type: 'LOGIN', label: 'Login', shape: 'circle', colourVariable: '--vscode-charts-blue', fallback: '#3794ff' },
  { type: 'COURSE_START', label: 'Course start', shape: 'triangle', colourVariable: '--vscode-charts-green', fallback: '#89d185' },
  { type: 'MODULE_COMPLETION', label: 'Module completion', shape: 'diamond', colourVariable: '--vscode-charts-orange', fallback: '#d18616' },
  { type: 'COURSE_COMPLETION', label: 'Course completion', shape: 'square', colourVariable: '--vscode-charts-purple', fallback: '#b180d7' },
  { type: 'UNKNOWN', label: 'Unknown type', shape: 'cross', colourVariable: '--vscode-charts-foreground', fallback: '#cccccc' },
];

export function markStyleOf(eventType: string): MarkStyle {
  return MARK_STYLES.find((s) => s.type === eventType) ?? (MARK_STYLES[MARK_STYLES.length - 1] as MarkStyle);
}

/** Adds one mark of the shape, centred on (x, y), radius r, to a path. */
export function addShape(path: Path2D, shape: Shape, x: number, y: number, r: number): void {
  switch (shape) {
    case 'circle':
      path.moveTo(x + r, y);
      path.arc(x, y, r, 0, Math.PI * 2);
      break;
    case 'triangle':
      path.moveTo(x, y - r);
      path.lineTo(x + r, y + r * 0.8);
      path.lineTo(x - r, y + r * 0.8);
      path.closePath();
      break;
    case 'diamond':
      path.moveTo(x, y - r);
      path.lineTo(x + r, y);
      path.lineTo(x, y + r);
      path.lineTo(x - r, y);
      path.closePath();
      break;
    case 'square':
      path.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6);
      break;
    case 'cross':
      path.rect(x - r, y - r * 0.3, r * 2, r * 0.6);
      path.rect(x - r * 0.3, y - r, r * 0.6, r * 2);
      break;
  }
}

/** A theme colour by variable name, from the page's computed style. */
export function themeColour(variable: string, fallback: string): string {
  const value = getComputedStyle(document.documentElement).getPropertyValue(variable).trim() || getComputedStyle(document.body).getPropertyValue(variable).trim();
  return value || fallback;
}
