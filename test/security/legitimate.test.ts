import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startTestServer } from '../../src/testing/test-server.ts';
import { encodedBody, requestsFor, typedInputs } from './typed-inputs.ts';

describe('legitimate inputs are never blocked', () => {
  it('shared list and our own list, on every input route', async (t) => {
    const { inputs, sharedListPresent } = typedInputs();
    if (!sharedListPresent) console.log('skipping ../shared/data/security/legitimate-inputs.txt (absent); using our own list only');
    const server = await startTestServer({ config: { RATE_LIMIT_PER_MINUTE: 100_000 } });
    t.after(() => server.close());
    const blocked: string[] = [];
    for (const text of inputs) {
      for (const r of requestsFor(text)) {
        const { body, contentType } = encodedBody(r);
        const response = r.method === 'GET' ? await server.get(r.path) : await server.post(r.path, body, { headers: { 'content-type': contentType! } });
        await response.arrayBuffer();
        if (response.status === 403) blocked.push(`${r.method} ${r.path.split('?')[0]}: ${text}`);
      }
    }
    console.log(`legitimate inputs: ${inputs.length} × ${requestsFor('x').length} routes, blocked ${blocked.length}`);
    assert.deepEqual(blocked, []);
  });
});
