// Effective values when appsettings.json is overlaid by appsettings.{Environment}.json, and the
// editor help (hover, completion) in each file shape.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completionsAt, effectiveSettings, environmentOf, hoverAt, overlaidBasePath, readSettings } from '../../src/core/settings';
import { fixture } from './settings-helpers';

describe('environment overlays', () => {
  it('names the environment and the base file', () => {
    assert.equal(environmentOf('/app/appsettings.Staging.json'), 'Staging');
    assert.equal(environmentOf('/app/appsettings.json'), undefined);
    assert.equal(overlaidBasePath('/app/appsettings.Staging.json'), '/app/appsettings.json');
    assert.equal(overlaidBasePath('C:\\app\\appsettings.Development.json'), 'C:\\app\\appsettings.json');
    assert.equal(overlaidBasePath('/app/local.settings.json'), undefined);
  });

  it('gives each setting the value of the last file that sets it', () => {
    const base = { name: 'appsettings.json', entries: readSettings(fixture('overlay/appsettings.json')).entries };
    const staging = { name: 'appsettings.Staging.json', entries: readSettings(fixture('overlay/appsettings.Staging.json')).entries };
    assert.deepEqual(effectiveSettings([base, staging]).map((s) => [s.setting, s.value, s.from]), [
      ['ServiceBusNamespaceFQDN', 'contoso-learning.servicebus.windows.net', 'appsettings.json'],
      ['Features:Events:Login', 'on', 'appsettings.json'],
      ['Features:Events:CourseStart', 'on', 'appsettings.Staging.json'],
      ['Features:Events:ModuleCompletion', 'off (not a boolean)', 'appsettings.Staging.json'],
      ['Features:Events:CourseCompletion', 'not set (off)', undefined],
    ]);
  });

  it('never repeats a connection string as an effective value', () => {
    const file = { name: 'appsettings.json', entries: readSettings(fixture('appsettings.connection-string.json')).entries };
    assert.equal(effectiveSettings([file])[0].value, 'not a bare host name');
  });
});

describe('hover and completion', () => {
  it('hovers a known key in nested, flat, Functions and portal shapes, and nothing on others', () => {
    const nested = '{ "Features": { "Events": { "Login": true } } }';
    assert.match(hoverAt(nested, nested.indexOf('Login'))?.markdown ?? '', /LOGIN/);
    const flat = '{ "features__events__coursestart": "True" }';
    assert.match(hoverAt(flat, 5)?.markdown ?? '', /COURSE_START/);
    const functions = fixture('local.settings.json');
    assert.match(hoverAt(functions, functions.indexOf('ModuleCompletion'), 'local.settings.json')?.markdown ?? '', /MODULE_COMPLETION/);
    const portal = fixture('portal-advanced-edit.json');
    assert.match(hoverAt(portal, portal.indexOf('contoso-learning'))?.markdown ?? '', /host name/);
    assert.equal(hoverAt('{ "AllowEmbedDomains": "x" }', 4), undefined);
  });

  it('completes event names under Features:Events and boolean values', () => {
    const nested = '{ "Features": { "Events": {  } } }';
    const names = completionsAt(nested, nested.indexOf('{  }') + 2);
    assert.deepEqual(names.map((c) => c.insertText), ['"Login": true', '"CourseStart": true', '"ModuleCompletion": true', '"CourseCompletion": true']);
    const typing = '{ "Features": { "Events": { "Cou" } } }';
    const partial = completionsAt(typing, typing.indexOf('Cou') + 3);
    assert.deepEqual(partial[1], { label: 'CourseStart', insertText: '"CourseStart"', kind: 'property', documentation: partial[1].documentation, replace: { offset: typing.indexOf('"Cou'), length: 5 } });
    const portal = '[{ "name": "Features__Events__Login", "value":  }]';
    assert.deepEqual(completionsAt(portal, portal.indexOf(':  }') + 2).map((c) => c.insertText), ['"True"', '"False"']);
    const top = completionsAt('{  }', 2);
    assert.ok(top.some((c) => c.label === 'Features:Events:Login' && c.insertText === '"Features:Events:Login": "True"'));
  });
});
