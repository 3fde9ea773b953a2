import type { Temporal } from 'temporal-polyfill';
import type { Citizen, Deadline } from '../../entities';
import type { Result } from '../shared/result';
import type { Scope } from '../shared/scope';
import type { CloseDeadlineErrorCode, ExtendDeadlineErrorCode, IssueDeadlineErrorCode } from '../../generated/enums';
import {
  type FieldPrefix, type IssueChecks, type IssueDeadlineInput, type IssuedDeadline, issueChecks, issueDeadline, issueDeadlineForLockedCitizen,
} from './commands/issue-deadline';
import { type ExtendDeadlineInput, extendDeadline } from './commands/extend-deadline';
import { type CloseDeadlineInput, closeDeadline } from './commands/close-deadline';

export type { FieldPrefix, IssueChecks, IssueDeadlineInput, IssuedDeadline } from './commands/issue-deadline';
export type { ExtendDeadlineInput } from './commands/extend-deadline';
export type { CloseDeadlineInput } from './commands/close-deadline';

/**
 * The deadline mutations, one file each under commands/ (issue-deadline.ts, extend-deadline.ts, close-deadline.ts).
 * This class only hands them to the resolvers and to the services that still take it as a dependency (the meeting
 * service's NS-1 issue, the import, the preview).
 */
export class DeadlineService {
  issueDeadline(scope: Scope, input: IssueDeadlineInput): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    return issueDeadline(scope, input);
  }

  /** issueDeadline's body for an already locked citizen (commands/issue-deadline.ts); NS-1 in the meeting service. */
  issueFor(
    scope: Scope, citizen: Citizen, input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate }, opts: FieldPrefix = {},
  ): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    return issueDeadlineForLockedCitizen(scope, citizen, input, opts);
  }

  issueChecks(
    scope: Scope, citizen: Citizen, input: { availableFrom?: Temporal.PlainDate | null; bookBy: Temporal.PlainDate }, opts: FieldPrefix = {},
  ): Promise<IssueChecks> {
    return issueChecks(scope, citizen, input, opts);
  }

  extendDeadline(scope: Scope, input: ExtendDeadlineInput): Promise<Result<{ deadline: Deadline }, ExtendDeadlineErrorCode>> {
    return extendDeadline(scope, input);
  }

  closeDeadline(scope: Scope, input: CloseDeadlineInput): Promise<Result<{ deadline: Deadline }, CloseDeadlineErrorCode>> {
    return closeDeadline(scope, input);
  }
}
