import { rmSync } from 'node:fs';
import type { EmbeddedHandle } from '../../src/db/embedded';

export default async function globalTeardown(): Promise<void> {
  const e = (globalThis as Record<string, unknown>).__EMBEDDED_PG__ as { pg: EmbeddedHandle; dir: string } | undefined;
  if (e) {
    await e.pg.stop();
    rmSync(e.dir, { recursive: true, force: true });
  }
}
