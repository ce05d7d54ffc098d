import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { startApi } from '../support/apps';
import { oidcConfig, OidcIssuer } from '../support/oidc-issuer';
import { call, KASSEL, PEINE, SecurityHarness, startSecurityHarness } from './support';

/**
 * OpenID Connect bearer tokens against a real issuer on loopback: the api finds the JWKS by
 * discovery, verifies signature, issuer, audience, expiry and not-before, and maps `sub` and the
 * organisation claim to an active user of app_user. Everything that is not a valid token of a
 * known, active user is a 401 with WWW-Authenticate, never a 500.
 */
describe('authentication: OpenID Connect bearer tokens', () => {
  let h: SecurityHarness;
  let api: NestFastifyApplication;
  let issuer: OidcIssuer;
  const ME = '/api/v1/organisation';

  beforeAll(async () => {
    h = await startSecurityHarness('security-oidc');
    ({ api, issuer } = h);
    await h.ds.query(`UPDATE app_user SET active = false WHERE subject = 'rechnungspruefung' AND organisation_id = (SELECT id FROM organisation WHERE slug = $1)`, [KASSEL]);
  });

  afterAll(async () => {
    await h?.close();
  });

  const withToken = (token: string) => call(api, 'GET', ME, { authorization: `Bearer ${token}` });

  async function expectRefused(token: string, description: RegExp): Promise<void> {
    const res = await api.inject({ method: 'GET', url: ME, headers: { authorization: `Bearer ${token}` } });
    expect({ status: res.statusCode, body: res.json() }).toEqual({
      status: 401,
      body: { statusCode: 401, error: 'unauthorized', message: expect.stringMatching(description), requestId: expect.any(String) },
    });
    expect(res.headers['www-authenticate']).toMatch(new RegExp(`^Bearer realm="foerderwerk", error="invalid_token", error_description="${description.source.replace(/^\^|\$$/g, '').replace(/"/g, "'")}"$`));
  }

  it('accepts a valid token and acts as the user of app_user it names (organisation and roles from PostgreSQL)', async () => {
    const res = await call(api, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt'));
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ slug: PEINE });
    const kassel = await call(api, 'GET', ME, await issuer.bearer(KASSEL, 'jugendamt'));
    expect(kassel.json()).toMatchObject({ slug: KASSEL });
    // the JWKS location came from the discovery document, fetched once
    expect(issuer.requests.get('/realms/test/.well-known/openid-configuration')).toBe(1);
    expect(issuer.jwksFetches).toBeGreaterThanOrEqual(1);
  });

  it('refuses a request without a token: 401 with a Bearer challenge', async () => {
    const res = await api.inject({ method: 'GET', url: ME });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toBe('Bearer realm="foerderwerk"');
    expect(res.json()).toMatchObject({ error: 'unauthorized', message: 'Authorization: Bearer <token> missing' });
  });

  it('ignores the development login in oidc mode', async () => {
    const res = await api.inject({ method: 'GET', url: ME, headers: { 'x-dev-user': `${PEINE}/jugendamt` } });
    expect(res.statusCode).toBe(401);
  });

  it.each([
    ['another issuer', { iss: 'http://127.0.0.1:1/realms/other' }, /^the token's "iss" claim is not accepted$/],
    ['another audience', { aud: 'some-other-api' }, /^the token's "aud" claim is not accepted$/],
    ['expired (beyond the 30 s tolerance)', { exp: Math.floor(Date.now() / 1000) - 60 }, /^the token has expired$/],
    ['not valid yet (beyond the 30 s tolerance)', { nbf: Math.floor(Date.now() / 1000) + 120 }, /^the token is not valid yet$/],
    ['no organisation claim', { organisation: undefined }, /^the token names no organisation \(claim "organisation"\)$/],
    ['no expiry', { exp: undefined }, /^the token's "exp" claim is not accepted$/],
  ])('refuses a token with %s', async (_what, claims, message) => {
    await expectRefused(await issuer.token(PEINE, 'jugendamt', { claims }), message);
  });

  it('accepts a token that expired within the clock tolerance', async () => {
    const res = await withToken(await issuer.token(PEINE, 'jugendamt', { claims: { exp: Math.floor(Date.now() / 1000) - 5 } }));
    expect(res.status).toBe(200);
  });

  it('refuses a token signed by a key the issuer never published, under an unknown or a known kid', async () => {
    const stranger = await OidcIssuer.generateKey();
    await expectRefused(await issuer.token(PEINE, 'jugendamt', { key: stranger }), /^the token is signed with an unknown key$/);
    const current = JSON.parse(new TextDecoder().decode(base64url.decode((await issuer.token(PEINE, 'jugendamt')).split('.')[0]))).kid;
    await expectRefused(await issuer.token(PEINE, 'jugendamt', { key: stranger, kid: current }), /^the token signature is invalid$/);
  });

  it('refuses alg "none", a shared-secret HS256 token and a tampered payload', async () => {
    const claims = { iss: issuer.issuer, aud: issuer.audience, sub: 'jugendamt', organisation: PEINE };
    const unsigned = new UnsecuredJWT(claims).setIssuedAt().setExpirationTime('5m').encode();
    await expectRefused(unsigned, /^the token is signed with an algorithm that is not accepted$/);
    const hs256 = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('5m').sign(new TextEncoder().encode('a shared secret of 32 bytes at least!'));
    await expectRefused(hs256, /^the token is signed with an algorithm that is not accepted$/);
    const [header, , signature] = (await issuer.token(PEINE, 'jugendamt')).split('.');
    const forged = base64url.encode(JSON.stringify({ ...claims, sub: 'admin', exp: Math.floor(Date.now() / 1000) + 300 }));
    await expectRefused(`${header}.${forged}.${signature}`, /^the token signature is invalid$/);
  });

  it('refuses a token of an unknown user, of a user in another organisation, and of an inactive user', async () => {
    await expectRefused(await issuer.token(PEINE, 'niemand'), /^unknown or inactive user$/);
    await expectRefused(await issuer.token('landkreis-nirgendwo', 'jugendamt'), /^unknown or inactive user$/);
    await expectRefused(await issuer.token(KASSEL, 'rechnungspruefung'), /^unknown or inactive user$/);
    expect((await call(api, 'GET', ME, await issuer.bearer(PEINE, 'rechnungspruefung'))).status).toBe(200);
  });

  it('answers 401, never a 500, for malformed Authorization headers and garbage tokens', async () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Basic dXNlcjpwYXNz', 'bearer x.y.z', 'Bearer a.b', 'Bearer ....', 'Bearer a.b.c', 'Bearer eyJhbGciOiJSUzI1NiJ9.e30.AAAA', `Bearer ${'A'.repeat(30_000)}.B.C`]) {
      const res = await api.inject({ method: 'GET', url: ME, headers: { authorization } });
      expect({ authorization: authorization.slice(0, 40), status: res.statusCode }).toEqual({ authorization: authorization.slice(0, 40), status: 401 });
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="foerderwerk"/);
    }
  });

  it('follows a key rotation: a token under the new kid makes the api fetch the JWKS again', async () => {
    expect((await call(api, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt'))).status).toBe(200);
    const fetchesBefore = issuer.jwksFetches;
    await issuer.rotate();
    expect((await call(api, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt'))).status).toBe(200);
    expect(issuer.jwksFetches).toBe(fetchesBefore + 1);
    // the previous key is still published for a while: its tokens still count
    expect((await call(api, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt', { key: 'previous' }))).status).toBe(200);
    // once the issuer drops it (and the api has fetched the new set), they do not
    await issuer.rotate({ dropOld: true, alg: 'ES256' });
    expect((await call(api, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt'))).status).toBe(200);
    await expectRefused(await issuer.token(PEINE, 'jugendamt', { key: 'previous' }), /^the token is signed with an unknown key$/);
  });

  it('answers 503 (not 401, not 500) while the issuer cannot be reached, with a configured JWKS URI as well', async () => {
    const down = await OidcIssuer.start();
    const downConfig = oidcConfig(h.config, down);
    await down.close();
    const unreachable = await startApi(downConfig, h.env);
    const jwksDown = await startApi(oidcConfig(h.config, issuer, { OIDC_JWKS_URI: `${down.jwksUri}` }), h.env);
    try {
      for (const app of [unreachable, jwksDown]) {
        const res = await call(app, 'GET', ME, await issuer.bearer(PEINE, 'jugendamt'));
        expect({ status: res.status, body: res.json() }).toMatchObject({
          status: 503,
          body: { error: 'unavailable', message: 'the identity provider cannot be reached; try again later' },
        });
      }
    } finally {
      await unreachable.close();
      await jwksDown.close();
    }
  });
});
