import type { FC } from 'hono/jsx';
import type { FieldError } from '../../errors/catalogue.ts';
import { CONSENT, TOPICS } from '../consent.ts';

export interface SignUpFormProps {
  email?: string;
  errors?: readonly FieldError[];
}

/**
 * The sign-up form (plain HTML, no JavaScript). The consent box starts unticked and its label is
 * the exact, versioned wording that is stored with the sign-up.
 */
export const SignUpForm: FC<SignUpFormProps> = ({ email = '', errors = [] }) => {
  const errorFor = (field: string) => errors.find((e) => e.field === field)?.message;
  const emailError = errorFor('email');
  const consentError = errorFor('consent') ?? errorFor('consentVersion');
  return (
    <form method="post" action="/subscriptions" class="sign-up" novalidate>
      {errors.length > 0 ? (
        <div class="notice danger" role="alert">
          <p>
            <strong>Please fix:</strong>
          </p>
          <ul>
            {errors.map((e) => (
              <li>{e.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <fieldset>
        <legend>Email me when the guide changes (optional)</legend>
        <p>You do not need to sign up to read or download the guide.</p>
        <p>
          <label for="sign-up-email">Email address</label>
          <br />
          <input
            id="sign-up-email"
            name="email"
            type="email"
            autocomplete="email"
            required
            maxlength={254}
            value={email}
            aria-invalid={emailError ? 'true' : undefined}
            aria-describedby={emailError ? 'sign-up-email-error' : undefined}
          />
          {emailError ? (
            <span id="sign-up-email-error" class="field-error">
              {' '}
              Error: {emailError}
            </span>
          ) : null}
        </p>
        {TOPICS.map((topic) => (
          <input type="hidden" name="topics" value={topic} />
        ))}
        <input type="hidden" name="consentVersion" value={CONSENT.version} />
        <p>
          <input
            id="sign-up-consent"
            name="consent"
            type="checkbox"
            value="yes"
            required
            aria-invalid={consentError ? 'true' : undefined}
            aria-describedby={consentError ? 'sign-up-consent-error' : undefined}
          />{' '}
          <label for="sign-up-consent">{CONSENT.text}</label>
          {consentError ? (
            <span id="sign-up-consent-error" class="field-error">
              {' '}
              Error: {consentError}
            </span>
          ) : null}
        </p>
        <p>
          <button type="submit">Sign up</button>
        </p>
      </fieldset>
    </form>
  );
};
