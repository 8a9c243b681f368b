import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../errors/catalogue.ts';
import { requireAdminToken, secretsMatch } from './admin-token.ts';

const TOKEN = 'a-long-administrator-token-0123456789';

test('the administrator API is off without ADMIN_TOKEN, refuses a wrong or missing token, accepts the right one', () => {
  const code = (fn: () => void) => {
    try {
      fn();
      return 'ok';
    } catch (error) {
      assert.ok(error instanceof AppError);
      return error.code;
    }
  };
  assert.equal(code(() => requireAdminToken(undefined, `Bearer ${TOKEN}`)), 'forbidden');
  assert.equal(code(() => requireAdminToken(TOKEN, undefined)), 'unauthorized');
  assert.equal(code(() => requireAdminToken(TOKEN, `Bearer ${TOKEN}x`)), 'unauthorized');
  assert.equal(code(() => requireAdminToken(TOKEN, TOKEN)), 'unauthorized', 'the Bearer scheme is required');
  assert.equal(code(() => requireAdminToken(TOKEN, `Bearer ${TOKEN}`)), 'ok');
});

test('secrets of different lengths compare without throwing', () => {
  assert.equal(secretsMatch('short', TOKEN), false);
  assert.equal(secretsMatch(TOKEN, TOKEN), true);
});
