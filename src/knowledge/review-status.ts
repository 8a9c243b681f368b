import type { Review } from './schema.ts';

export interface ReviewState {
  statement: string;
  overdue: boolean;
}

/**
 * What a drug's review status means, in the words every page and the API use. Content that no
 * clinician has reviewed says so plainly; a reviewed record whose next review date has passed is
 * flagged as overdue.
 */
export function describeReview(review: Review, today: string = new Date().toISOString().slice(0, 10)): ReviewState {
  if (review.status === 'unreviewed') {
    return {
      statement: `Compiled on ${review.compiledOn} from the cited sources, not yet reviewed by a clinician.`,
      overdue: false,
    };
  }
  const overdue = review.nextReviewDue < today;
  return {
    statement:
      `Reviewed by ${review.reviewer.name}, ${review.reviewer.credentials}, on ${review.reviewedOn}.` +
      (overdue ? ` The next review was due on ${review.nextReviewDue} and is overdue.` : ` Next review due ${review.nextReviewDue}.`),
    overdue,
  };
}

/** The day a record last changed, as far as its review says: reviewed on, or else compiled on. */
export function lastChangedOn(review: Review): string {
  return review.status === 'reviewed' ? review.reviewedOn : review.compiledOn;
}
