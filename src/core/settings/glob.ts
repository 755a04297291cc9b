// Glob patterns as VS Code settings write them (`**`, `*`, `?`, `{a,b}`), matched against
// `/`-separated relative paths. Pure, so the CLI and the extension agree on what a glob selects.

export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inGroup = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') {
      source += '[^/]*';
    } else if (c === '?') {
      source += '[^/]';
    } else if (c === '{') {
      inGroup = true;
      source += '(?:';
    } else if (c === '}' && inGroup) {
      inGroup = false;
      source += ')';
    } else if (c === ',' && inGroup) {
      source += '|';
    } else {
      source += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

/** The folder part of a glob before its first wildcard, where a walk for it can start. */
export function globRoot(glob: string): string {
  const wildcard = glob.search(/[*?{]/);
  if (wildcard < 0) {
    return glob;
  }
  const cut = glob.lastIndexOf('/', wildcard);
  return cut < 0 ? '' : glob.slice(0, cut);
}

export const DEFAULT_SETTINGS_GLOBS: readonly string[] = ['**/appsettings*.json', '**/local.settings.json'];

/** Folders that hold build output or dependencies, never the settings a person edits. */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '.git', 'bin', 'obj']);
