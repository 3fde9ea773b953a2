import { InitialSchema1700000000000 } from './1700000000000-initial-schema';
import { AccessLog1700000600000 } from './1700000600000-access-log';
import { Lifecycle1700000840400 } from './1700000840400-lifecycle';
import { FundFeedIndex1700000950000 } from './1700000950000-fund-feed-index';
import { NoSlotsMessageOnce1700001000000 } from './1700001000000-no-slots-message-once';
import { MeetingSlotIndex1700001100000 } from './1700001100000-meeting-slot-index';
import { MeetingNoOverlap1700004000000 } from './1700004000000-meeting-no-overlap';
import { MeetingFirstContact1700004000001 } from './1700004000001-meeting-first-contact';
import { Webhooks1700010000000 } from './1700010000000-webhooks';

/** Listed explicitly so the compiled server and the tests run the same migrations. */
export const migrations = [InitialSchema1700000000000, AccessLog1700000600000, Lifecycle1700000840400, FundFeedIndex1700000950000, NoSlotsMessageOnce1700001000000, MeetingSlotIndex1700001100000, MeetingNoOverlap1700004000000, MeetingFirstContact1700004000001, Webhooks1700010000000];
