import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeReview, lastChangedOn } from './review-status.ts';

test('a record last changed when it was reviewed, or, unreviewed, when it was compiled', () => {
  assert.equal(lastChangedOn({ status: 'unreviewed', compiledOn: '2026-11-26' }), '2026-11-26');
  const reviewed = {
    status: 'reviewed' as const,
    compiledOn: '2026-10-01',
    reviewer: { name: 'A. Reviewer', credentials: 'PharmD' },
    reviewedOn: '2026-11-20',
    nextReviewDue: '2027-11-20',
  };
  assert.equal(lastChangedOn(reviewed), '2026-11-20');
  assert.match(describeReview(reviewed, '2026-12-01').statement, /^Reviewed by A\. Reviewer, PharmD, on 2026-11-20\./);
});
