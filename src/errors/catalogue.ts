/**
 * The one catalogue of errors rxsafety reports. Each code is stable (clients and tests rely on it),
 * has one HTTP status, and a title a person can read. Add new codes here, never ad hoc elsewhere.
 */
export const errorCatalogue = {
  'bad-request': { status: 400, title: 'The request is not valid' },
  'validation-failed': { status: 400, title: 'Some input is not valid' },
  'unsupported-media-type': { status: 415, title: 'Unsupported content type' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unauthorized': { status: 401, title: 'Authentication required' },
  'forbidden': { status: 403, title: 'Not allowed' },
  'request-blocked': { status: 403, title: 'The request was blocked' },
  'not-found': { status: 404, title: 'Not found' },
  'drug-not-found': { status: 404, title: 'No drug matches that name' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'conflict': { status: 409, title: 'Conflict' },
  'gone': { status: 410, title: 'No longer available' },
  'unprocessable': { status: 422, title: 'The request cannot be carried out safely' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'internal': { status: 500, title: 'Something went wrong on our side' },
  'unavailable': { status: 503, title: 'Temporarily unavailable' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

/** Extra members of an RFC 9457 problem document (e.g. `errors`, `suggestions`, `sources`). */
export type ProblemExtensions = Record<string, unknown>;

/**
 * The error every layer throws. Domain code throws it with a code; the web layer turns it into
 * problem+json, the CLI into a readable message and an exit status.
 */
export class AppError extends Error {
  readonly status: number;
  readonly title: string;

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly extensions: ProblemExtensions = {},
  ) {
    super(detail);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
    this.title = errorCatalogue[code].title;
  }
}

/** One invalid field, as listed in a `validation-failed` problem. */
export interface FieldError {
  field: string;
  message: string;
}

/** A schema's issues as the fields a client must fix: the path to each, or `(body)` for the whole. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldError[] {
  return issues.map((issue) => ({ field: issue.path.map(String).join('.') || '(body)', message: issue.message }));
}

export function validationError(errors: FieldError[]): AppError {
  const detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
  return new AppError('validation-failed', detail, { errors });
}
