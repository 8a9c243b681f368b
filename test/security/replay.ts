import { connect } from 'node:net';
import { connect as connectTls } from 'node:tls';

/**
 * Sends one raw HTTP/1.1 request (methods and headers exactly as given) and returns the status, or 0
 * if the server hung up. With `tls`, over TLS to that server name (a test certificate: not verified).
 */
export function rawRequest(port: number, method: string, uri: string, headers: Record<string, string>, body: string | null, tls?: { servername: string }): Promise<number> {
  return new Promise((resolve) => {
    const socket = tls ? connectTls({ port, host: '127.0.0.1', servername: tls.servername, rejectUnauthorized: false }) : connect(port, '127.0.0.1');
    let received = '';
    const done = (status: number) => {
      socket.destroy();
      resolve(status);
    };
    socket.setTimeout(5000, () => done(0));
    socket.on('error', () => done(0));
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      if (match) done(Number(match[1]));
    });
    socket.on('end', () => done(0));
    const lines = [`${method} ${uri.startsWith('/') || uri === '*' ? uri : `/${uri}`} HTTP/1.1`];
    const names = new Set(Object.keys(headers).map((k) => k.toLowerCase()));
    for (const [name, value] of Object.entries(headers)) if (name.toLowerCase() !== 'connection') lines.push(`${name}: ${value}`);
    const payload = body === null ? undefined : Buffer.from(body, 'latin1');
    if (payload && !names.has('content-length') && !names.has('transfer-encoding')) lines.push(`Content-Length: ${payload.length}`);
    lines.push('Connection: close');
    socket.write(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
    if (payload) socket.write(payload);
  });
}
