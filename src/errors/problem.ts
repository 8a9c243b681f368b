import { AppError, errorCatalogue, type ErrorCode, type ProblemExtensions } from './catalogue.ts';

/** An RFC 9457 problem document. */
export interface Problem extends ProblemExtensions {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  instance?: string;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Builds the problem document for any thrown value; unknown errors never leak their message. */
export function toProblem(error: unknown, instance?: string): Problem {
  if (error instanceof AppError) {
    // The standard members are written last so an extension can never replace them.
    return Object.assign({}, error.extensions, {
      type: `https://rxsafety.org/problems/${error.code}`,
      title: error.title,
      status: error.status,
      detail: error.detail,
      code: error.code,
      ...(instance ? { instance } : {}),
    });
  }
  const entry = errorCatalogue.internal;
  return {
    type: 'https://rxsafety.org/problems/internal',
    title: entry.title,
    status: entry.status,
    detail: 'The server could not complete this request. Please try again; if it keeps happening, tell us.',
    code: 'internal',
    ...(instance ? { instance } : {}),
  };
}
