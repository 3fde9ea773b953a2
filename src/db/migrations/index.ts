import { InitialSchema1700000000000 } from './1700000000000-initial-schema';

/** Listed explicitly so the compiled server and the tests run the same migrations. */
export const migrations = [InitialSchema1700000000000];
