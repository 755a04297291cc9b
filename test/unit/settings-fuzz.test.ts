// Thousands of truncated and randomly mutated variants of every fixture: the linter never
// throws, every span and fix edit lies inside the text, and every code is in the rules table.
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { RULES, SettingsDiagnostic, lintSettings } from '../../src/core/settings';
import { FIXTURES, applyFix, fixture } from './settings-helpers';

const CODES = new Set(RULES.map((r) => r.code));
const SEVERITIES = new Set(['error', 'warning', 'info']);
const PALETTE = ['{', '}', '[', ']', '"', ':', ',', '\\', '/', '*', '\n', ' ', 't', 'True', '0', '-', '_', '.', '__', '\uFEFF', 'é', '\u0000', 'null', '//', '/*', 'Features:Events:', 'ServiceBusNamespaceFQDN'];

function fixtureNames(dir = FIXTURES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      return fixtureNames(path);
    }
    return name.endsWith('.json') ? [relative(FIXTURES, path)] : [];
  });
}

/** A small deterministic generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mutate(text: string, next: () => number): string {
  let result = text;
  const steps = 1 + Math.floor(next() * 4);
  for (let i = 0; i < steps; i++) {
    const at = Math.floor(next() * (result.length + 1));
    const choice = next();
    if (choice < 0.4) {
      result = result.slice(0, at) + result.slice(at + 1 + Math.floor(next() * 3));
    } else {
      const piece = PALETTE[Math.floor(next() * PALETTE.length)];
      result = result.slice(0, at) + piece + result.slice(choice < 0.7 ? at : at + 1);
    }
  }
  return result;
}

function checkBounds(text: string, diagnostics: SettingsDiagnostic[], label: string): void {
  assert.ok(diagnostics.length <= text.length + 1, `${label}: too many diagnostics`);
  for (const d of diagnostics) {
    assert.ok(CODES.has(d.code), `${label}: unknown code ${d.code}`);
    assert.ok(SEVERITIES.has(d.severity), label);
    assert.ok(d.message.length > 0, label);
    assert.ok(d.span.offset >= 0 && d.span.length >= 0 && d.span.offset + d.span.length <= text.length, `${label}: span out of bounds`);
    for (const fix of d.fixes) {
      for (const edit of fix.edits) {
        assert.ok(edit.offset >= 0 && edit.offset + edit.length <= text.length, `${label}: fix out of bounds`);
      }
    }
  }
}

function lintChecked(text: string, fileName: string, label: string): SettingsDiagnostic[] {
  let diagnostics: SettingsDiagnostic[] = [];
  assert.doesNotThrow(() => {
    diagnostics = lintSettings(text, { fileName, os: 'linux' });
  }, label);
  checkBounds(text, diagnostics, label);
  return diagnostics;
}

describe('fuzz', () => {
  const names = fixtureNames();

  it('every truncation of every fixture', () => {
    let count = 0;
    for (const name of names) {
      const text = fixture(name);
      for (let end = 0; end <= text.length; end++) {
        const diagnostics = lintChecked(text.slice(0, end), name, `${name}[0:${end}]`);
        if (end < text.trimEnd().length - 1) {
          assert.ok(diagnostics.length > 0, `${name}[0:${end}] is cut short yet silent`);
        }
        count++;
      }
    }
    assert.ok(count > 1000);
  });

  it('5,000 random mutations, and every fix of each applied', () => {
    const next = random(20240601);
    for (let i = 0; i < 5000; i++) {
      const name = names[i % names.length];
      const text = mutate(fixture(name), next);
      const label = `${name} variant ${i}`;
      for (const d of lintChecked(text, name, label)) {
        for (const fix of d.fixes) {
          lintChecked(applyFix(text, fix), name, `${label} after "${fix.title}"`);
        }
      }
    }
  });

  it('deep nesting and huge values stay within bounds', () => {
    const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    lintChecked(deep, 'appsettings.json', 'deep');
    const long = `{ "ServiceBusNamespaceFQDN": "${'x'.repeat(100000)}" }`;
    lintChecked(long, 'appsettings.json', 'long');
  });
});
