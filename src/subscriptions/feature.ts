import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { AppError } from '../errors/catalogue.ts';
import type { Feature } from '../web/context.ts';
import { registerSubscriptionsApi } from './http/api.ts';
import { registerSubscriptionPages } from './http/pages.tsx';
import { createSmtpMailer, type Mailer } from './mailer.ts';
import { SubscriptionService, defaultPolicy, type SubscriptionPolicy } from './service.ts';
import { SubscriptionStore } from './store.ts';

/** A sign-up is an address, a topic and a tick: anything bigger is not a sign-up. */
export const MAX_BODY_BYTES = 4 * 1024;
const PURGE_EVERY_MS = 60 * 60 * 1000;

export interface SubscriptionsOptions {
  /** The clock (tests move it to expire links). */
  now?: () => Date;
  policy?: Partial<SubscriptionPolicy>;
}

/**
 * A refused sign-up also says when to try again in the Retry-After header (RFC 9110 §10.2.3), which
 * clients and proxies read without parsing the problem body. The app's error handler has already
 * turned the thrown error into the response; this adds the header from the same number.
 */
const retryAfterHeader: MiddlewareHandler = async (c, next) => {
  await next();
  const seconds = c.error instanceof AppError && c.error.code === 'rate-limited' ? c.error.extensions.retryAfterSeconds : undefined;
  if (c.res.status === 429 && typeof seconds === 'number') c.res.headers.set('Retry-After', String(seconds));
};

/** Sign-up with consent, double opt-in, unsubscribe, erasure and the administrator API. */
export function createSubscriptionsFeature(options: SubscriptionsOptions = {}): Feature {
  const running: { timer: NodeJS.Timeout; mailer?: Mailer }[] = [];
  return {
    name: 'subscriptions',
    register(app, deps) {
      const { config, logger } = deps;
      const mailer = config.SMTP_URL ? createSmtpMailer(config.SMTP_URL, config.MAIL_FROM) : undefined;
      if (!mailer) logger.info('SMTP_URL is not set: sign-up confirmation links are written to this log instead of emailed');
      const service = new SubscriptionService(
        new SubscriptionStore(deps.database.db),
        mailer,
        logger,
        options.now,
        Object.assign({}, defaultPolicy, options.policy),
      );

      const limit = bodyLimit({
        maxSize: MAX_BODY_BYTES,
        onError: () => {
          throw new AppError('payload-too-large', `A sign-up request is at most ${MAX_BODY_BYTES} bytes.`);
        },
      });
      for (const path of ['/api/v1/subscriptions', '/api/v1/admin/subscriptions/*', '/subscriptions', '/subscriptions/*']) {
        app.use(path, limit);
      }
      for (const path of ['/api/v1/subscriptions', '/subscriptions']) app.use(path, retryAfterHeader);
      registerSubscriptionsApi(app, deps, service);
      registerSubscriptionPages(app, deps, service);

      const purge = () =>
        service.purgeUnconfirmed().then(
          (purged) => purged > 0 && logger.info('purged unconfirmed sign-ups', { purged }),
          (error: unknown) => logger.error('purging unconfirmed sign-ups failed', { error }),
        );
      const timer = setInterval(purge, PURGE_EVERY_MS);
      timer.unref();
      running.push({ timer, mailer });
    },
    close() {
      for (const { timer, mailer } of running.splice(0)) {
        clearInterval(timer);
        mailer?.close();
      }
    },
  };
}

export const subscriptionsFeature: Feature = createSubscriptionsFeature();
