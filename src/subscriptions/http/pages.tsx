import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { AppError, type FieldError } from '../../errors/catalogue.ts';
import { maskEmail } from '../../observability/logger.ts';
import type { App, AppDeps } from '../../web/context.ts';
import { Layout } from '../../web/layout.tsx';
import type { SubscriptionService } from '../service.ts';
import { SignUpBody, signUpMessage } from './api.ts';
import { clientAddress } from '../../web/client-address.ts';
import { publicBaseUrl } from './request-info.ts';
import { SignUpForm } from './sign-up-form.tsx';

const html = (node: unknown) => `<!doctype html>${String(node)}`;

const invalidLink = () =>
  new AppError('gone', 'This link is not valid any more: it may have been used already, or the address was erased.');

/** Tokens arrive in the query (links) or the form body (buttons); RFC 8058 one-click POSTs keep the query. */
async function tokenFrom(c: Context): Promise<string> {
  let token = c.req.query('token');
  if (!token && c.req.method === 'POST') {
    const body = await c.req.parseBody();
    token = typeof body.token === 'string' ? body.token : undefined;
  }
  if (!token || token.length > 128) throw invalidLink();
  return token;
}

/** Sign-up (the no-JavaScript form), confirmation, unsubscribe and unsubscribe-and-erase pages. */
export function registerSubscriptionPages(app: App, { config, kb }: AppDeps, service: SubscriptionService): void {
  const page = (title: string, children: Child) => html(<Layout title={title} crisisLines={kb.content.crisisLines}>{children}</Layout>);

  app.post('/subscriptions', async (c) => {
    const form = await c.req.parseBody({ all: true });
    const topics = form.topics === undefined ? undefined : ([] as unknown[]).concat(form.topics);
    const parsed = SignUpBody.safeParse({
      email: typeof form.email === 'string' ? form.email : undefined,
      topics,
      consent: form.consent === 'yes',
      consentVersion: typeof form.consentVersion === 'string' ? form.consentVersion : undefined,
    });
    if (!parsed.success) {
      const errors: FieldError[] = parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.'), message: i.message }));
      const email = typeof form.email === 'string' ? form.email.slice(0, 254) : '';
      return c.html(page('Sign up for updates', <><h1>Sign up for updates</h1><SignUpForm email={email} errors={errors} /></>), 400);
    }
    const { emailSent } = await service.signUp(Object.assign({}, parsed.data, { client: clientAddress(c), baseUrl: publicBaseUrl(c, config) }));
    return c.html(
      page(
        emailSent ? 'Check your email' : 'Email not sent',
        <>
          <h1>{emailSent ? 'Check your email' : 'We could not send the email'}</h1>
          <p>{signUpMessage(emailSent)}</p>
          <p>
            <a href="/guides/baclofen">Back to the guide</a>
          </p>
        </>,
      ),
    );
  });

  app.get('/subscriptions/confirm', async (c) => {
    const token = await tokenFrom(c);
    const outcome = await service.confirm(token);
    if (outcome === 'expired') {
      throw new AppError('gone', 'This confirmation link has expired. Sign up again from the guide page to get a new one.');
    }
    if (outcome === 'unknown') throw invalidLink();
    return c.html(
      page(
        'Sign-up confirmed',
        <>
          <h1>Sign-up confirmed</h1>
          <p>Thank you. We will email you when the baclofen guide changes. Every email has a one-click unsubscribe link.</p>
        </>,
      ),
    );
  });

  // GET only shows buttons: mail scanners follow links, and must not unsubscribe anyone.
  app.get('/subscriptions/unsubscribe', async (c) => {
    const token = await tokenFrom(c);
    const found = await service.store.findByUnsubscribeToken(token);
    if (!found) throw invalidLink();
    return c.html(
      page(
        'Unsubscribe',
        <>
          <h1>Unsubscribe</h1>
          <p>This stops all rxsafety email to {maskEmail(found.email)}.</p>
          <form method="post" action="/subscriptions/unsubscribe">
            <input type="hidden" name="token" value={token} />
            <button type="submit">Unsubscribe</button>
          </form>
          <h2>Erase my address</h2>
          <p>This also deletes your address, topics and consent record. It cannot be undone.</p>
          <form method="post" action="/subscriptions/erase">
            <input type="hidden" name="token" value={token} />
            <button type="submit">Unsubscribe and erase my address</button>
          </form>
        </>,
      ),
    );
  });

  app.post('/subscriptions/unsubscribe', async (c) => {
    const token = await tokenFrom(c);
    if (!(await service.unsubscribe(token))) throw invalidLink();
    return c.html(page('Unsubscribed', <><h1>You are unsubscribed</h1><p>We will not email you again.</p></>));
  });

  app.post('/subscriptions/erase', async (c) => {
    const token = await tokenFrom(c);
    if (!(await service.store.eraseByUnsubscribeToken(token))) throw invalidLink();
    return c.html(page('Address erased', <><h1>Your address is erased</h1><p>We hold nothing about you any more.</p></>));
  });
}
