import type { Resolvers } from './__generated__/types';

/** CZ-8: letters as documents; the PDF is served at pdfPath (src/http/letter-pdf.ts). */
export const letterResolvers: Resolvers = {
  Query: {
    letter: (_p, { id }, ctx) => ctx.services.letters.letter(ctx.scope, id),
  },
  Citizen: {
    letters: (c, { first, after }, ctx) => ctx.services.letters.lettersOf(ctx.scope, c, first ?? 20, after ?? null),
  },
  Letter: {
    pdfPath: (l) => `/letters/${l.id}.pdf`,
  },
};
