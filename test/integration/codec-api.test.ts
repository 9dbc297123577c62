import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { defaultPayloadConverter } from '@temporalio/common';
import { ENCRYPTED_ENCODING } from '../../src/temporal/payload-codec.js';
import { startApiWithoutTemporal } from '../support/app.js';
import { bearer, OPERATOR, tokenOf } from '../support/tokens.js';
import { aDelivery, uniqueId } from '../support/fixtures.js';
import { addPerson, signIn } from '../support/people.js';

const UI_ORIGIN = 'http://127.0.0.1:8233';
const b64 = (text: string) => Buffer.from(text).toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** A payload as proto3 JSON, the way the Temporal UI sends it. */
const asJson = (value: unknown) => {
  const payload = defaultPayloadConverter.toPayload(value)!;
  return {
    metadata: Object.fromEntries(Object.entries(payload.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
    data: Buffer.from(payload.data!).toString('base64'),
  };
};

// The remote codec protocol the Temporal UI and CLI speak, on the real application with the development key.
describe('POST /codec/encode and /codec/decode', () => {
  let app: NestExpressApplication;
  let base: string;
  const delivery = aDelivery();

  before(async () => {
    ({ app, base } = await startApiWithoutTemporal());
  });
  after(async () => {
    await app?.close();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...bearer(OPERATOR), ...headers },
      body: JSON.stringify(body),
    });

  it('encodes payloads with the current key and decodes them back', async () => {
    const encoded = await post('/codec/encode', { payloads: [asJson(delivery), asJson('plain words')] });
    assert.equal(encoded.status, 200);
    const { payloads } = (await encoded.json()) as { payloads: { metadata: Record<string, string>; data: string }[] };
    assert.equal(payloads.length, 2);
    for (const payload of payloads) {
      assert.equal(unb64(payload.metadata.encoding!), ENCRYPTED_ENCODING);
      assert.equal(unb64(payload.metadata['encryption-key-id']!), 'dev');
      assert.ok(!unb64(payload.data).includes(delivery.buyer.phone));
    }
    const decoded = await post('/codec/decode', { payloads });
    assert.equal(decoded.status, 200);
    assert.deepEqual(await decoded.json(), { payloads: [asJson(delivery), asJson('plain words')] });
  });

  it('returns payloads that were never encrypted as they are', async () => {
    const payloads = [asJson(delivery), { metadata: { encoding: b64('binary/null') } }];
    const res = await post('/codec/decode', { payloads });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { payloads: [asJson(delivery), { metadata: { encoding: b64('binary/null') }, data: '' }] });
  });

  it('takes absent or null metadata and data as empty, as proto3 JSON does', async () => {
    const res = await post('/codec/decode', { payloads: [{}, { metadata: null, data: null }] });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { payloads: [{ metadata: {}, data: '' }, { metadata: {}, data: '' }] });
  });

  it('answers 422 naming the payload it cannot decode', async () => {
    const { payloads } = (await (await post('/codec/encode', { payloads: [asJson(1), asJson(2)] })).json()) as {
      payloads: { metadata: Record<string, string>; data: string }[];
    };
    const altered = Buffer.from(payloads[1]!.data, 'base64');
    altered[altered.length - 1]! ^= 1;
    const res = await post('/codec/decode', { payloads: [payloads[0], { ...payloads[1], data: altered.toString('base64') }] });
    assert.equal(res.status, 422);
    assert.match(((await res.json()) as { message: string }).message, /^payloads\.1: .*failed authentication/);

    const unnamed = { metadata: { encoding: b64(ENCRYPTED_ENCODING) }, data: '' };
    const res1 = await post('/codec/decode', { payloads: [{ metadata: null, data: null }, unnamed] });
    assert.equal(res1.status, 422);
    assert.match(((await res1.json()) as { message: string }).message, /payloads\.1: encrypted payload has no encryption-key-id/);

    const unknown = { ...payloads[0], metadata: { ...payloads[0]!.metadata, 'encryption-key-id': b64('2019-01') } };
    const res2 = await post('/codec/decode', { payloads: [unknown] });
    assert.equal(res2.status, 422);
    assert.match(((await res2.json()) as { message: string }).message, /payloads\.0: .*key id "2019-01", which is not configured/);
  });

  it('answers 400 naming each malformed field', async () => {
    const cases: [unknown, RegExp][] = [
      [{}, /payloads/],
      [{ payloads: 'x' }, /payloads/],
      [{ payloads: [{ data: 'not base64!' }] }, /payloads\.0\.data/],
      [{ payloads: [{ metadata: { encoding: 'json/plain' } }] }, /payloads\.0\.metadata/],
      [{ payloads: [{ metadata: ['x'] }] }, /payloads\.0\.metadata/],
      [{ payloads: [], extra: 1 }, /extra/],
      [{ payloads: [null] }, /payloads/],
      [{ payloads: [1] }, /payloads/],
      [{ payloads: [{ metadata: { encoding: 1 } }] }, /payloads\.0\.metadata/],
      [{ payloads: [{ data: 'AAAA', externalPayloads: [] }] }, /externalPayloads/],
    ];
    for (const [body, field] of cases) {
      const res = await post('/codec/decode', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(((await res.json()) as { message: string }).message, field);
    }
  });

  it('answers the browser preflight from the Temporal UI origin, with credentials allowed', async () => {
    const res = await fetch(`${base}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-namespace' },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(res.headers.get('access-control-allow-credentials'), 'true');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Content-Type.*X-Namespace.*Authorization/);
    const decode = await post('/codec/decode', { payloads: [] }, { origin: UI_ORIGIN });
    assert.equal(decode.headers.get('access-control-allow-origin'), UI_ORIGIN);
  });

  it('decodes for an operator signed in through the sign-in page\'s POST /auth/login, by the session cookie alone', async () => {
    const page = await fetch(`${base}/codec/sign-in`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /text\/html/);
    const html = await page.text();
    assert.match(html, /fetch\('\/auth\/login'/);
    assert.match(html, /Include cross-origin credentials/);
    assert.match(html, /http:\/\/127\.0\.0\.1:8233/);

    const operator = uniqueId('ops');
    const agent = uniqueId('agent');
    await addPerson(base, { id: operator, roles: ['operator'] }, 'operator password');
    await addPerson(base, { id: agent, roles: ['agent'] }, 'agent password!');
    const { cookie } = await signIn(base, operator, 'operator password');
    const { payloads } = (await (await post('/codec/encode', { payloads: [asJson(delivery)] })).json()) as { payloads: unknown[] };
    // What the Temporal UI sends with "Include cross-origin credentials": the cookie, from its origin, no CSRF header.
    const fromUi = (who: string) =>
      fetch(`${base}/codec/decode`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-namespace': 'default', origin: UI_ORIGIN, cookie: who },
        body: JSON.stringify({ payloads }),
      });
    const decoded = await fromUi(cookie);
    assert.equal(decoded.status, 200);
    assert.equal(decoded.headers.get('access-control-allow-origin'), UI_ORIGIN);
    assert.equal(decoded.headers.get('access-control-allow-credentials'), 'true');
    assert.deepEqual(await decoded.json(), { payloads: [asJson(delivery)] });
    assert.equal((await fromUi((await signIn(base, agent, 'agent password!')).cookie)).status, 403);
    assert.equal((await fromUi('aftercare_session=forged')).status, 401);
    // The old cookie of the codec's own session is gone: it opens nothing.
    assert.equal((await fromUi(`aftercare_codec_token=${tokenOf(OPERATOR)}`)).status, 401);
  });

  it('lets no other origin read its answers', async () => {
    const preflight = await fetch(`${base}/codec/encode`, {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'POST' },
    });
    assert.equal(preflight.headers.get('access-control-allow-origin'), null);
    const res = await post('/codec/decode', { payloads: [] }, { origin: 'http://evil.example' });
    assert.equal(res.headers.get('access-control-allow-origin'), null);
    // Other routes keep no CORS at all.
    const other = await fetch(`${base}/docs/openapi.json`, { headers: { origin: UI_ORIGIN } });
    assert.equal(other.headers.get('access-control-allow-origin'), null);
  });
});
