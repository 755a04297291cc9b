import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { evaluateFilter, evaluateRules, replayAudience } from '../../src/core/servicebus/rules';

describe('subscription rules for replay', () => {
  const facts = { subject: 'LOGIN', correlationId: 'c1', contentType: 'application/json', applicationProperties: { route: 'beta', n: 7, when: new Date(0) } };

  test('true, false (also as SQL 1=1 / 1=0) and other SQL', () => {
    assert.equal(evaluateFilter({ kind: 'true' }, facts), 'matches');
    assert.equal(evaluateFilter({ kind: 'sql', expression: ' 1 = 1 ' }, facts), 'matches');
    assert.equal(evaluateFilter({ kind: 'sql', expression: '1=0' }, facts), 'no');
    assert.equal(evaluateFilter({ kind: 'sql', expression: "route = 'beta'" }, facts), 'may');
  });

  test('correlation filters need every named property to be equal', () => {
    assert.equal(evaluateFilter({ kind: 'correlation', subject: 'LOGIN', applicationProperties: { route: 'beta', n: 7 } }, facts), 'matches');
    assert.equal(evaluateFilter({ kind: 'correlation', subject: 'login' }, facts), 'no');
    assert.equal(evaluateFilter({ kind: 'correlation', applicationProperties: { when: new Date(0) } }, facts), 'matches');
    assert.equal(evaluateFilter({ kind: 'correlation', applicationProperties: { n: '7' } }, facts), 'no');
    assert.equal(evaluateFilter({ kind: 'correlation', correlationId: 'c1', to: 'x' }, facts), 'no');
  });

  test('any matching rule wins over a SQL rule; the audience counts each', () => {
    const sql = { name: 's', filter: { kind: 'sql' as const, expression: 'x > 1' } };
    const none = { name: 'n', filter: { kind: 'correlation' as const, subject: 'OTHER' } };
    assert.equal(evaluateRules([sql, { name: 't', filter: { kind: 'true' } }], facts), 'matches');
    assert.equal(evaluateRules([sql, none], facts), 'may');
    assert.equal(evaluateRules([none], facts), 'no');
    const audience = replayAudience([{ subscription: 'a', rules: [none] }, { subscription: 'b', rules: [sql] }], [facts, facts]);
    assert.deepEqual(audience.map((a) => a.summary), ['receives none', 'may receive 2 (SQL filter, decided by Service Bus)']);
  });
});
