// The only module that touches @vscode/webview-ui-toolkit: it registers just the components the
// timeline uses. The toolkit is deprecated upstream; keeping it behind this one module means a
// move to another component library changes this file and the tag names below, nothing else.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';

export const BUTTON_TAG = 'vscode-button';
export const CHECKBOX_TAG = 'vscode-checkbox';
export const DROPDOWN_TAG = 'vscode-dropdown';
export const OPTION_TAG = 'vscode-option';
export const PROGRESS_RING_TAG = 'vscode-progress-ring';
export const TEXT_FIELD_TAG = 'vscode-text-field';

export function registerToolkit(): void {
  provideVSCodeDesignSystem().register(vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeTextField());
}

/** A toolkit control's current value (text field, dropdown). */
export function controlValue(element: HTMLElement): string {
  return (element as HTMLInputElement).value ?? '';
}

export function controlChecked(element: HTMLElement): boolean {
  return (element as HTMLInputElement).checked === true;
}

export function setControlValue(element: HTMLElement, value: string): void {
  (element as HTMLInputElement).value = value;
}

export function setControlChecked(element: HTMLElement, checked: boolean): void {
  (element as HTMLInputElement).checked = checked;
  element.toggleAttribute('checked', checked);
}

/**
 * Marks a text field's value as invalid (or not) for assistive technology. The toolkit's field
 * draws its own <input> in a shadow root, which is what a screen reader meets, so the state goes
 * there as well as on the element (aria-invalid="true": an empty value reads as not invalid).
 */
export function setControlInvalid(element: HTMLElement, invalid: boolean): void {
  for (const target of [element, element.shadowRoot?.querySelector('input')]) {
    if (invalid) {
      target?.setAttribute('aria-invalid', 'true');
    } else {
      target?.removeAttribute('aria-invalid');
    }
  }
}
