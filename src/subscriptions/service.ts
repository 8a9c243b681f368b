import { AppError } from '../errors/catalogue.ts';
import { maskEmail, type Logger } from '../observability/logger.ts';
import { CONSENT } from './consent.ts';
import type { Mailer, OutgoingEmail } from './mailer.ts';
import { alreadySubscribedEmail, confirmationEmail } from './messages.ts';
import { SlidingWindowLimiter } from './rate-limit.ts';
import type { ConfirmOutcome, SubscriptionStore } from './store.ts';

const HOUR_MS = 60 * 60 * 1000;

export interface SubscriptionPolicy {
  /** How long a confirmation link works. */
  confirmationTtlMs: number;
  /** Confirmation emails an address may be sent an hour. */
  emailsPerAddressPerHour: number;
  /** Sign-ups one client (IP address) may make an hour. */
  signUpsPerClientPerHour: number;
}

export const defaultPolicy: SubscriptionPolicy = {
  confirmationTtlMs: 48 * HOUR_MS,
  emailsPerAddressPerHour: 3,
  signUpsPerClientPerHour: 10,
};

export interface SignUpInput {
  /** Already normalised. */
  email: string;
  topics: readonly string[];
  /** The consent version the form showed; a stale form must show the current words again. */
  consentVersion?: string;
  /** Who asked (the client IP address), for the per-client limit. */
  client: string;
  /** The site's public origin, for the links in the email. */
  baseUrl: string;
}

export interface SignUpResult {
  /** False when no SMTP server is configured or sending failed: the page says so. */
  emailSent: boolean;
}

/** The sign-up rules: consent, limits, double opt-in, and what is emailed or logged. */
export class SubscriptionService {
  private readonly perAddress: SlidingWindowLimiter;
  private readonly perClient: SlidingWindowLimiter;

  constructor(
    readonly store: SubscriptionStore,
    private readonly mailer: Mailer | undefined,
    private readonly logger: Logger,
    private readonly now: () => Date = () => new Date(),
    private readonly policy: SubscriptionPolicy = defaultPolicy,
  ) {
    this.perAddress = new SlidingWindowLimiter(policy.emailsPerAddressPerHour, HOUR_MS);
    this.perClient = new SlidingWindowLimiter(policy.signUpsPerClientPerHour, HOUR_MS);
  }

  async signUp(input: SignUpInput): Promise<SignUpResult> {
    if (input.consentVersion !== undefined && input.consentVersion !== CONSENT.version) {
      throw new AppError('validation-failed', 'consentVersion: the consent wording has changed; read the current wording and agree again.', {
        errors: [{ field: 'consentVersion', message: `the current consent version is ${CONSENT.version}` }],
      });
    }
    const nowMs = this.now().getTime();
    const waitMs = Math.max(this.perAddress.retryAfterMs(input.email, nowMs), this.perClient.retryAfterMs(input.client, nowMs));
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new AppError(
        'rate-limited',
        `Too many sign-up emails for this address or from this connection. Try again in about ${Math.ceil(retryAfterSeconds / 60)} minutes.`,
        { retryAfterSeconds },
      );
    }
    this.perAddress.record(input.email, nowMs);
    this.perClient.record(input.client, nowMs);

    const outcome = await this.store.signUp({
      email: input.email,
      topics: input.topics,
      consent: CONSENT,
      now: this.now(),
      confirmationTtlMs: this.policy.confirmationTtlMs,
    });
    const unsubscribeUrl = `${input.baseUrl}/subscriptions/unsubscribe?token=${outcome.unsubscribeToken}`;
    if (outcome.kind === 'already-subscribed') {
      return { emailSent: await this.deliver(alreadySubscribedEmail(input.email, unsubscribeUrl), undefined) };
    }
    const confirmUrl = `${input.baseUrl}/subscriptions/confirm?token=${outcome.confirmToken}`;
    return { emailSent: await this.deliver(confirmationEmail(input.email, { confirmUrl, unsubscribeUrl }, outcome.expiresAt), confirmUrl) };
  }

  confirm(token: string): Promise<ConfirmOutcome> {
    return this.store.confirm(token, this.now());
  }

  unsubscribe(token: string): Promise<boolean> {
    return this.store.unsubscribe(token, this.now());
  }

  purgeUnconfirmed(): Promise<number> {
    return this.store.purgeUnconfirmed(this.now());
  }

  /** Sends, or (with no SMTP configured) logs the link for a developer. Never logs the full address. */
  private async deliver(email: OutgoingEmail, confirmUrl: string | undefined): Promise<boolean> {
    const to = maskEmail(email.to);
    if (!this.mailer) {
      this.logger.info('SMTP_URL is not set: email not sent; use this link to test the flow', { to, subject: email.subject, confirmUrl });
      return false;
    }
    try {
      await this.mailer.send(email);
      this.logger.info('subscription email sent', { to, subject: email.subject });
      return true;
    } catch (error) {
      // The SMTP error can echo the recipient; log only its code.
      this.logger.warn('subscription email could not be sent', { to, code: (error as { code?: string }).code ?? 'unknown' });
      return false;
    }
  }
}
