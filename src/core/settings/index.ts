// The public face of core/settings for the language server, the workspace command and the CLI.
export * from './types';
export { RULES } from './codes';
export type { RuleInfo } from './codes';
export { lintSettings, lintDocument } from './lint';
export type { LintOptions } from './lint';
export { readSettings } from './read';
export type { SettingsDocument, SettingEntry, SettingsShape } from './read';
export { LineIndex } from './positions';
export type { Position } from './positions';
export { environmentOf, overlaidBasePath, effectiveSettings } from './effective';
export type { EffectiveSetting, OverlayFile } from './effective';
export { hoverAt, completionsAt } from './assist';
export type { Hover, Completion } from './assist';
export { globToRegExp, globRoot, DEFAULT_SETTINGS_GLOBS, SKIPPED_FOLDERS } from './glob';
export { toFindings, toSarif } from './report';
export type { Finding, FileResult } from './report';
