// The only module that touches @vscode/webview-ui-toolkit: it registers just the components the
// timeline uses. The toolkit is deprecated upstream; keeping it behind this one module means a
// move to another component library changes this file and the tag names below, nothing else.
import { provideVSCodeDesignSystem, vsCodeButton, vsCodeProgressRing } from '@vscode/webview-ui-toolkit';

export const BUTTON_TAG = 'vscode-button';
export const PROGRESS_RING_TAG = 'vscode-progress-ring';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeProgressRing());
}
