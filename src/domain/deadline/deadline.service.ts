import type { Deadline } from '../../entities';
import type { Result } from '../shared/result';
import type { Scope } from '../shared/scope';
import type { CloseDeadlineErrorCode, ExtendDeadlineErrorCode, IssueDeadlineErrorCode } from '../../generated/enums';
import { type IssueDeadlineInput, type IssuedDeadline, issueDeadline } from './commands/issue-deadline';
import { type ExtendDeadlineInput, extendDeadline } from './commands/extend-deadline';
import { type CloseDeadlineInput, closeDeadline } from './commands/close-deadline';

export type { FieldPrefix, IssueChecks, IssueDeadlineInput, IssuedDeadline } from './commands/issue-deadline';
export type { ExtendDeadlineInput } from './commands/extend-deadline';
export type { CloseDeadlineInput } from './commands/close-deadline';

/**
 * The deadline mutations, one file each under commands/ (issue-deadline.ts, extend-deadline.ts, close-deadline.ts).
 * This class only hands them to the resolvers; another operation that issues a deadline for a citizen it locked (NS-1,
 * the import) calls issueDeadlineForLockedCitizen, and the preview issueChecks, from the command file itself.
 */
export class DeadlineService {
  issueDeadline(scope: Scope, input: IssueDeadlineInput): Promise<Result<IssuedDeadline, IssueDeadlineErrorCode>> {
    return issueDeadline(scope, input);
  }

  extendDeadline(scope: Scope, input: ExtendDeadlineInput): Promise<Result<{ deadline: Deadline }, ExtendDeadlineErrorCode>> {
    return extendDeadline(scope, input);
  }

  closeDeadline(scope: Scope, input: CloseDeadlineInput): Promise<Result<{ deadline: Deadline }, CloseDeadlineErrorCode>> {
    return closeDeadline(scope, input);
  }
}
