import DataLoader from 'dataloader';
import { clearLoaders, freshReadsAfterWrites } from '../../src/loaders/fresh-after-write';

describe('issue 11 item 3: DataLoaders are cleared after every write (pure)', () => {
  function counting() {
    let calls = 0;
    const loader = new DataLoader<string, number>(async (keys) => keys.map(() => ++calls));
    return { loader, calls: () => calls };
  }

  it('MT-1/DL-4: clearLoaders forgets what every loader cached, nested groups included', async () => {
    const a = counting();
    const b = counting();
    const loaders = { a: a.loader, lifecycle: { b: b.loader }, notALoader: 3 };
    await a.loader.load('x');
    await b.loader.load('y');
    expect(await a.loader.load('x')).toBe(1); // cached
    clearLoaders(loaders);
    expect(await a.loader.load('x')).toBe(2);
    expect(await b.loader.load('y')).toBe(2);
  });

  it('DL-4: every Mutation field clears the request\'s loaders once it has finished, also when it throws; queries are left as they are', async () => {
    const a = counting();
    const ctx = { loaders: { a: a.loader } } as never;
    const query = () => 'q';
    const wrapped = freshReadsAfterWrites({
      Query: { q: query },
      Mutation: { ok: async () => 'done', fails: async () => { throw new Error('boom'); } },
    });
    expect(wrapped.Query!.q).toBe(query);
    await a.loader.load('x');
    await (wrapped.Mutation!.ok as (...args: unknown[]) => Promise<unknown>)(null, {}, ctx, {});
    expect(await a.loader.load('x')).toBe(2);
    await expect((wrapped.Mutation!.fails as (...args: unknown[]) => Promise<unknown>)(null, {}, ctx, {})).rejects.toThrow('boom');
    expect(await a.loader.load('x')).toBe(3);
  });
});
