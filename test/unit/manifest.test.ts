// Manifest hygiene: package.json and the extension's sources agree about commands, every command
// has a category, and commands that need a tree node are hidden from the Command Palette.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const root = join(__dirname, '..', '..');

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}

interface Manifest {
  activationEvents?: string[];
  contributes: {
    commands?: { command: string; title: string; category?: string }[];
    menus?: Record<string, MenuEntry[]>;
    views?: Record<string, { id: string }[]>;
    viewsContainers?: { activitybar?: { id: string }[] };
    viewsWelcome?: { view: string; contents: string; when?: string }[];
  };
}

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
const contributed = (manifest.contributes.commands ?? []).map((c) => c.command);
const menus = manifest.contributes.menus ?? {};

function sourceFiles(): string[] {
  const dir = join(root, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/** Ids passed to registerCommand (vscode.commands.registerCommand or the wrapper), as literals or UPPER_CASE constants. */
function registeredCommands(): string[] {
  const sources = sourceFiles();
  const constants = new Map<string, string>();
  for (const source of sources) {
    for (const match of source.matchAll(/const\s+([A-Z][A-Z0-9_]*)\s*=\s*['"]([\w.-]+)['"]/g)) {
      constants.set(match[1], match[2]);
    }
  }
  const ids: string[] = [];
  for (const source of sources) {
    for (const match of source.matchAll(/registerCommand\(\s*(?:[\w.]+\s*,\s*)*(?:['"`]([\w.-]+)['"`]|([A-Z][A-Z0-9_]*))\s*,/g)) {
      const id = match[1] ?? constants.get(match[2]);
      assert.ok(id, `registerCommand(${match[2]}, ...) uses a constant whose value the test cannot find`);
      ids.push(id);
    }
  }
  return ids;
}

describe('package.json commands', () => {
  const registered = registeredCommands();

  it('contributes commands and finds registrations', () => {
    assert.ok(contributed.length > 0);
    assert.ok(registered.length > 0);
  });

  it('registers every contributed command', () => {
    const missing = contributed.filter((id) => !registered.includes(id));
    assert.deepEqual(missing, [], `contributed but never registered: ${missing.join(', ')}`);
  });

  it('contributes every registered command', () => {
    const missing = registered.filter((id) => !contributed.includes(id));
    assert.deepEqual(missing, [], `registered but not in package.json: ${missing.join(', ')}`);
  });

  it('registers each command once', () => {
    const twice = registered.filter((id, i) => registered.indexOf(id) !== i);
    assert.deepEqual(twice, []);
  });

  it('gives every command a category', () => {
    const without = (manifest.contributes.commands ?? []).filter((c) => !c.category).map((c) => c.command);
    assert.deepEqual(without, []);
  });

  it('refers only to contributed commands in menus and welcome views', () => {
    const inMenus = Object.values(menus).flatMap((entries) => entries.map((e) => e.command));
    const inWelcome = (manifest.contributes.viewsWelcome ?? []).flatMap((w) => [...w.contents.matchAll(/\(command:([\w.-]+)\)/g)].map((m) => m[1]));
    const unknown = [...inMenus, ...inWelcome].filter((id) => !contributed.includes(id));
    assert.deepEqual(unknown, []);
  });

  it('hides commands that need a tree node from the Command Palette', () => {
    const usableWithoutNode = new Set([
      ...(menus['view/title'] ?? []).map((e) => e.command),
      ...(manifest.contributes.viewsWelcome ?? []).flatMap((w) => [...w.contents.matchAll(/\(command:([\w.-]+)\)/g)].map((m) => m[1])),
    ]);
    const needNode = [...new Set((menus['view/item/context'] ?? []).map((e) => e.command))].filter((id) => !usableWithoutNode.has(id));
    assert.ok(needNode.length > 0);
    const palette = menus.commandPalette ?? [];
    const shown = needNode.filter((id) => !palette.some((e) => e.command === id && e.when !== undefined && e.when.trim() !== ''));
    assert.deepEqual(shown, [], `need a node but show in the Command Palette: ${shown.join(', ')}`);
  });
});

describe('package.json views', () => {
  it('puts the explorer in the CT Events activity-bar container and activates on it', () => {
    assert.ok(manifest.contributes.viewsContainers?.activitybar?.some((c) => c.id === 'ctEvents'));
    assert.ok(manifest.contributes.views?.ctEvents?.some((v) => v.id === 'ctEvents.explorer'));
    assert.ok(manifest.activationEvents?.includes('onView:ctEvents.explorer'));
    assert.ok(manifest.activationEvents?.includes('onWebviewPanel:ctEvents.timeline'));
  });

  it('shows the welcome view only while nothing is configured, with the three ways in', () => {
    const welcome = manifest.contributes.viewsWelcome?.find((w) => w.view === 'ctEvents.explorer' && w.when === '!ctEvents.hasConnections');
    assert.ok(welcome);
    for (const id of ['ctEvents.addNamespace', 'ctEvents.addConnectionString', 'ctEvents.startSandbox']) {
      assert.ok(welcome.contents.includes(`(command:${id})`), id);
    }
  });

  it('offers the namespaces of the app settings in the welcome view only while nothing is configured', () => {
    const found = manifest.contributes.viewsWelcome?.find((w) => w.view === 'ctEvents.explorer' && w.when?.includes('ctEvents.foundNamespaces'));
    assert.ok(found);
    assert.equal(found.when, '!ctEvents.hasConnections && ctEvents.foundNamespaces');
    assert.ok(found.contents.includes('(command:ctEvents.addNamespace)'));
  });
});
