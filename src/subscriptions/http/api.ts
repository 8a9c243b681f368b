import { createRoute, z } from '@hono/zod-openapi';
import type { App, AppDeps } from '../../web/context.ts';
import { TOPICS } from '../consent.ts';
import { EmailSchema } from '../email-address.ts';
import type { SubscriptionService } from '../service.ts';
import { requireAdminToken } from '../../web/admin-token.ts';
import { clientAddress } from '../../web/client-address.ts';
import { publicBaseUrl } from './request-info.ts';

const problem = { content: { 'application/problem+json': { schema: z.object({ code: z.string(), detail: z.string() }).passthrough() } } };

export const SignUpBody = z
  .object({
    email: EmailSchema.openapi({ example: 'someone@example.org' }),
    topics: z
      .array(z.enum(TOPICS, { error: `a topic is one of: ${TOPICS.join(', ')}` }))
      .min(1, 'choose at least one topic')
      .max(TOPICS.length)
      .default([...TOPICS]),
    consent: z.literal(true, { error: 'consent is required: tick the box to agree to receive emails' }),
    consentVersion: z.string().max(64).optional(),
  })
  .openapi('SubscriptionRequest');

const signUp = createRoute({
  method: 'post',
  path: '/api/v1/subscriptions',
  tags: ['Subscriptions'],
  summary: 'Ask for email updates (double opt-in: a confirmation link is emailed)',
  request: { body: { required: true, content: { 'application/json': { schema: SignUpBody } } } },
  responses: {
    202: {
      description: 'Accepted: the sign-up waits for confirmation',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('pending-confirmation'), emailSent: z.boolean(), message: z.string() }),
        },
      },
    },
    400: { description: 'Invalid input', ...problem },
    413: { description: 'Body too large', ...problem },
    429: { description: 'Too many confirmation emails', ...problem },
  },
});

const SubscriptionDto = z.object({
  email: z.string(),
  topics: z.array(z.string()),
  consentVersion: z.string(),
  consentText: z.string(),
  consentedAt: z.string(),
  requestedAt: z.string(),
  confirmedAt: z.string().nullable(),
  unsubscribedAt: z.string().nullable(),
});

const adminResponses = { 401: { description: 'Missing or wrong token', ...problem }, 403: { description: 'Administrator API disabled', ...problem } };

const adminList = createRoute({
  method: 'get',
  path: '/api/v1/admin/subscriptions',
  tags: ['Administration'],
  summary: 'Export every subscription (Authorization: Bearer ADMIN_TOKEN)',
  security: [{ bearerAuth: [] }],
  responses: { 200: { description: 'All subscriptions', content: { 'application/json': { schema: z.object({ subscriptions: z.array(SubscriptionDto) }) } } }, ...adminResponses },
});

const adminErase = createRoute({
  method: 'post',
  path: '/api/v1/admin/subscriptions/erase',
  tags: ['Administration'],
  summary: 'Erase everything held about one address (the address travels in the body, never the URL)',
  security: [{ bearerAuth: [] }],
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ email: EmailSchema }) } } } },
  responses: { 200: { description: 'Rows deleted', content: { 'application/json': { schema: z.object({ erased: z.number() }) } } }, ...adminResponses },
});

const adminPurge = createRoute({
  method: 'post',
  path: '/api/v1/admin/subscriptions/purge',
  tags: ['Administration'],
  summary: 'Delete sign-ups left unconfirmed for 7 days now (it also runs hourly)',
  security: [{ bearerAuth: [] }],
  responses: { 200: { description: 'Rows deleted', content: { 'application/json': { schema: z.object({ purged: z.number() }) } } }, ...adminResponses },
});

export function signUpMessage(emailSent: boolean): string {
  return emailSent
    ? 'Check your inbox: we sent a link to confirm. Nothing more is sent unless you use it.'
    : 'We could not send the confirmation email right now, so nothing will be sent to you. Please try again later.';
}

export function registerSubscriptionsApi(app: App, { config }: AppDeps, service: SubscriptionService): void {
  // Authentication runs before body validation, so a caller without the token learns nothing.
  for (const path of ['/api/v1/admin/subscriptions', '/api/v1/admin/subscriptions/*']) {
    app.use(path, async (c, next) => {
      requireAdminToken(config.ADMIN_TOKEN, c.req.header('authorization'));
      await next();
    });
  }

  app.openapi(signUp, async (c) => {
    const body = c.req.valid('json');
    const { emailSent } = await service.signUp({
      email: body.email,
      topics: body.topics,
      consentVersion: body.consentVersion,
      client: clientAddress(c),
      baseUrl: publicBaseUrl(c, config),
    });
    return c.json({ status: 'pending-confirmation' as const, emailSent, message: signUpMessage(emailSent) }, 202);
  });

  app.openapi(adminList, async (c) => {
    return c.json({ subscriptions: await service.store.list() }, 200);
  });

  app.openapi(adminErase, async (c) => {
    return c.json({ erased: await service.store.erase(c.req.valid('json').email) }, 200);
  });

  app.openapi(adminPurge, async (c) => {
    return c.json({ purged: await service.purgeUnconfirmed() }, 200);
  });
}
