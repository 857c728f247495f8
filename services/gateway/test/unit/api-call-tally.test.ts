import { testLogger } from '@sightline/testing';
import { describe, expect, it } from 'vitest';
import { type ApiCallCount, ApiCallTally } from '../../src/store/api-call-tally.js';

const JAN_31 = Date.UTC(2026, 0, 31, 23, 59, 59);
const FEB_1 = Date.UTC(2026, 1, 1, 0, 0, 0);

describe('ApiCallTally', () => {
  it('counts per organization and calendar month, and reports each count once', async () => {
    const reports: ApiCallCount[][] = [];
    const tally = new ApiCallTally(async (counts) => {
      reports.push(counts);
    }, testLogger());
    tally.count('org_a', JAN_31);
    tally.count('org_a', JAN_31);
    tally.count('org_b', JAN_31);
    tally.count('org_a', FEB_1);
    await tally.flush();
    await tally.flush();
    await tally.close();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toEqual(
      expect.arrayContaining([
        { organizationId: 'org_a', month: '2026-01', calls: 2 },
        { organizationId: 'org_b', month: '2026-01', calls: 1 },
        { organizationId: 'org_a', month: '2026-02', calls: 1 },
      ]),
    );
  });

  it('keeps counts a failed report carried for the next one, added to newer ones', async () => {
    let fail = true;
    const reports: ApiCallCount[][] = [];
    const tally = new ApiCallTally(async (counts) => {
      if (fail) throw new Error('identity unavailable');
      reports.push(counts);
    }, testLogger());
    tally.count('org_a', FEB_1);
    await tally.flush();
    tally.count('org_a', FEB_1);
    fail = false;
    await tally.close();
    expect(reports).toEqual([[{ organizationId: 'org_a', month: '2026-02', calls: 2 }]]);
  });
});
