import { randomUUID } from 'node:crypto';
import type { Bundle } from '@medplum/fhirtypes';
import type { Context } from 'hono';
import { z } from 'zod';
import { validationError } from '../../errors/catalogue.ts';
import type { App, AppDeps } from '../../web/context.ts';
import type { InteractionChecker } from '../engine.ts';
import { DatabaseJtiStore, parseTrustedIssuers, verifyCdsClientToken, type VerifiedClient } from './auth.ts';
import { AnswerCache } from '../../web/answer-cache.ts';
import { answerJson } from '../../web/frozen-json.ts';
import { cardCase, cardsFor, SERVICE_ID } from './service.ts';

const SIGN_SERVICE_ID = `${SERVICE_ID}-sign`;
const PREFETCH_KEY = 'activeMedications';
const FHIR_FETCH_TIMEOUT_MS = 3000;

const discovery = {
  services: [
    { hook: 'order-select', id: SERVICE_ID },
    { hook: 'order-sign', id: SIGN_SERVICE_ID },
  ].map(({ hook, id }) => ({
    hook,
    id,
    title: 'rxsafety drug interaction check',
    description:
      'Checks draft medication orders against each other and against the active MedicationRequests, with cited rules (RxNorm codes or text). Information for clinicians; it does not replace clinical judgement.',
    prefetch: { [PREFETCH_KEY]: 'MedicationRequest?patient={{context.patientId}}&status=active' },
    usageRequirements: 'Send MedicationRequests coded in RxNorm (or with a medication text). Sign requests with a JWT (ES384 or RS384) from an issuer on the service allow-list.',
  })),
};

const bundleSchema = z.looseObject({ resourceType: z.literal('Bundle'), entry: z.array(z.looseObject({})).optional() });
const HookRequest = z.object({
  hook: z.enum(['order-select', 'order-sign']),
  hookInstance: z.string().min(1),
  fhirServer: z.url().optional(),
  fhirAuthorization: z
    .looseObject({ access_token: z.string().min(1), token_type: z.string().optional() })
    .nullable()
    .optional(),
  context: z.looseObject({
    userId: z.string().optional(),
    patientId: z.string().min(1),
    selections: z.array(z.string()).optional(),
    draftOrders: bundleSchema,
  }),
  prefetch: z.record(z.string(), z.unknown().nullable()).optional(),
});

const FeedbackRequest = z.object({
  feedback: z
    .array(
      z.object({
        card: z.string().min(1).max(64),
        outcome: z.enum(['accepted', 'overridden']),
        acceptedSuggestions: z.array(z.object({ id: z.string() })).optional(),
        overrideReason: z
          .object({
            reason: z.object({ code: z.string().max(80), system: z.string().max(300).optional(), display: z.string().optional() }).optional(),
            userComment: z.string().max(2000).optional(),
          })
          .optional(),
        outcomeTimestamp: z.string().min(10).max(40),
      }),
    )
    .min(1)
    .max(100),
});

async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
  let json: unknown;
  try {
    json = await c.req.json();
  } catch {
    throw validationError([{ field: '(body)', message: 'send a JSON body with Content-Type: application/json' }]);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message })));
  return parsed.data;
}

/** Reads the patient's active MedicationRequests from the EHR's FHIR server with the token it gave us. */
async function fetchActiveMedications(fhirServer: string, token: string, patientId: string): Promise<Bundle> {
  const url = `${fhirServer.replace(/\/$/, '')}/MedicationRequest?patient=${encodeURIComponent(patientId)}&status=active`;
  const res = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/fhir+json' },
    signal: AbortSignal.timeout(FHIR_FETCH_TIMEOUT_MS),
  });
  if (!res.ok) throw new Error(`FHIR server answered ${res.status}`);
  const body = (await res.json()) as Bundle;
  if (body?.resourceType !== 'Bundle') throw new Error('FHIR server did not return a Bundle');
  return body;
}

/** CDS Hooks 2.0: discovery, the interaction service (order-select and order-sign) and feedback. */
export async function registerCdsHooks(app: App, deps: AppDeps, checker: InteractionChecker): Promise<void> {
  const { config, logger, kb, database } = deps;
  const authOn = config.CDS_HOOKS_AUTH === 'on';
  const issuers = parseTrustedIssuers(config.CDS_HOOKS_ISSUERS);
  const replay = new DatabaseJtiStore(database.db);
  if (!authOn) {
    logger.warn('!!! CDS HOOKS AUTHENTICATION IS OFF (CDS_HOOKS_AUTH=off): any caller can use /cds-services. Local development only; never in production. !!!');
  } else if (issuers.count === 0) {
    logger.warn('CDS Hooks: no trusted issuers configured (CDS_HOOKS_ISSUERS), so every CDS service call will be refused with 401');
  }

  const baseUrl = (c: Context) => config.PUBLIC_URL?.replace(/\/$/, '') ?? new URL(c.req.url).origin;
  const authenticate = async (c: Context, serviceId: string): Promise<VerifiedClient | undefined> => {
    if (!authOn) return undefined;
    return verifyCdsClientToken(c.req.header('authorization'), { issuers, audience: `${baseUrl(c)}/cds-services/${serviceId}`, replay });
  };

  app.get('/cds-services', (c) => c.json(discovery));
  // EHRs call order-select again at every change of selection, mostly with the same medications.
  const answers = new AnswerCache({ maxBytes: 16 * 2 ** 20 });

  for (const serviceId of [SERVICE_ID, SIGN_SERVICE_ID]) {
    app.post(`/cds-services/${serviceId}`, async (c) => {
      await authenticate(c, serviceId);
      const request = await parseBody(c, HookRequest);
      const prefetched = request.prefetch?.[PREFETCH_KEY];
      let active: Bundle | undefined = prefetched && (prefetched as Bundle).resourceType === 'Bundle' ? (prefetched as Bundle) : undefined;
      let reason: string | undefined;
      if (!active) {
        if (request.fhirServer && request.fhirAuthorization?.access_token) {
          try {
            active = await fetchActiveMedications(request.fhirServer, request.fhirAuthorization.access_token, request.context.patientId);
          } catch (error) {
            reason = 'the FHIR server could not be read';
            logger.warn('CDS Hooks: could not read active medications from the FHIR server', { error: String((error as Error).message) });
          }
        } else {
          reason = 'no prefetch and no FHIR server access token were sent';
        }
      }
      const orders = cardCase(kb, {
        draftOrders: request.context.draftOrders as unknown as Bundle,
        selections: request.hook === 'order-select' ? (request.context.selections ?? []) : [],
        active,
        ...(reason ? { activeUnavailableReason: reason } : {}),
        baseUrl: baseUrl(c),
      });
      return answers.json(c, JSON.stringify(orders), () => ({ cards: cardsFor(kb, checker, orders) }), answerJson);
    });

    app.post(`/cds-services/${serviceId}/feedback`, async (c) => {
      const client = await authenticate(c, serviceId);
      const { feedback } = await parseBody(c, FeedbackRequest);
      const receivedAt = new Date().toISOString();
      await database.db
        .insertInto('cds_feedback')
        .values(
          feedback.map((f) => ({
            id: randomUUID(),
            service_id: serviceId,
            card_uuid: f.card,
            outcome: f.outcome,
            override_reason_code: f.overrideReason?.reason?.code ?? null,
            override_reason_system: f.overrideReason?.reason?.system ?? null,
            override_comment: f.overrideReason?.userComment ?? null,
            accepted_suggestions: f.acceptedSuggestions ? JSON.stringify(f.acceptedSuggestions.map((s) => s.id)) : null,
            outcome_at: f.outcomeTimestamp,
            received_at: receivedAt,
            client_issuer: client?.iss ?? null,
          })),
        )
        .execute();
      return c.json({ stored: feedback.length });
    });
  }
}
