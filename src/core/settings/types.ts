// The linter's vocabulary: diagnostics and fixes are plain offsets into the file's text, so the
// language server, the workspace command and the CLI each convert them to their own positions.

export type Severity = 'error' | 'warning' | 'info';

/** Where the user is told to host the linter's settings; decides how `:` in names is judged. */
export type AppServiceOs = 'linux' | 'windows' | 'unknown';

export interface TextSpan {
  offset: number;
  length: number;
}

export interface TextEdit extends TextSpan {
  newText: string;
}

export interface SettingsFix {
  title: string;
  edits: TextEdit[];
  /** The fix a user most likely wants (VS Code offers it first and on "fix all"). */
  preferred?: boolean;
}

export interface SettingsDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  span: TextSpan;
  fixes: SettingsFix[];
}
