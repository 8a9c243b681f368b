import type { FC } from 'hono/jsx';
import type { CrisisLine } from '../knowledge/schema.ts';
import { Layout, telHref } from '../web/layout.tsx';

export interface BlockDetails {
  referenceId: string;
  /** ISO time of the block. */
  time: string;
  clientAddress: string;
}

/**
 * The page a person sees when the guard blocks a request. Plain words, what to do next and a way to
 * help now; the reference id lets support find the log line. Never what rule fired or why.
 */
export const BlockPage: FC<BlockDetails & { crisisLines: readonly CrisisLine[] }> = ({ referenceId, time, clientAddress, crisisLines }) => {
  const samhsa = crisisLines.find((line) => /samhsa/i.test(line.name));
  return (
    <Layout title="Request blocked" crisisLines={crisisLines}>
      <h1>We could not accept this request</h1>
      <p>
        Something in what was sent looked like an attempt to attack this website, so it was stopped for safety. This can
        happen by accident, for example when text is pasted from another program.
      </p>
      <h2>What you can do</h2>
      <ul>
        <li>
          <a href="/">Go back to the home page</a> and try again.
        </li>
        <li>Rephrase what you typed, in plain words, and send it again.</li>
        <li>
          If you need help now, call the SAMHSA National Helpline
          {samhsa ? (
            <>
              {' '}at <a href={telHref(samhsa.phone)}>{samhsa.phone}</a>
            </>
          ) : (
            <> at <a href="tel:+18006624357">1-800-662-4357</a></>
          )}{' '}
          (free, confidential, 24 hours a day). In an emergency call 911.
        </li>
      </ul>
      <h2>If you need to tell us</h2>
      <p>Quote these details; they help us find what happened without you sending what you typed.</p>
      <dl class="block-details">
        <dt>Reference</dt>
        <dd>
          <code>{referenceId}</code>
        </dd>
        <dt>Time</dt>
        <dd>
          <time datetime={time}>{time}</time>
        </dd>
        <dt>Your address</dt>
        <dd>{clientAddress}</dd>
      </dl>
    </Layout>
  );
};

/** Too many requests: say how long to wait, and keep the way to help one click away. */
export const RateLimitedPage: FC<{ retryAfterSeconds: number; crisisLines: readonly CrisisLine[] }> = ({ retryAfterSeconds, crisisLines }) => (
  <Layout title="Too many requests" crisisLines={crisisLines}>
    <h1>Please wait a moment</h1>
    <p>
      We received many requests from your address in a short time. Wait {retryAfterSeconds} seconds, then try again. The
      help numbers on this page work at any time.
    </p>
  </Layout>
);
