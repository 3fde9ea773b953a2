import { loadConfig } from '../../src/config';
import { corsAllowedHeaders, parseCorsOrigins } from '../../src/http/cors';

describe('#11.10 CORS_ORIGINS', () => {
  it('#11.10: exact origins, comma-separated, spaces and repeats tolerated; empty means none', () => {
    expect(parseCorsOrigins(undefined)).toEqual([]);
    expect(parseCorsOrigins('')).toEqual([]);
    expect(parseCorsOrigins(' https://app.example , http://localhost:5173,https://app.example ')).toEqual(['https://app.example', 'http://localhost:5173']);
    expect(loadConfig({ CORS_ORIGINS: 'http://127.0.0.1:8080' }).corsOrigins).toEqual(['http://127.0.0.1:8080']);
  });

  it('#11.10: a wildcard, null, a path, a trailing slash, another scheme or a default port written out is refused, naming the variable', () => {
    for (const bad of ['*', 'null', 'https://app.example/', 'https://app.example/app', 'ftp://app.example', 'app.example', 'https://*.example', 'https://app.example:443', 'HTTPS://APP.EXAMPLE']) {
      expect(() => parseCorsOrigins(bad)).toThrow(`CORS_ORIGINS must list exact origins such as https://app.example or http://localhost:5173 (scheme, host and port; no path, no trailing slash, no wildcard), got '${bad}'`);
    }
    expect(() => loadConfig({ CORS_ORIGINS: 'https://ok.example,*' })).toThrow(/CORS_ORIGINS .* got '\*'/);
  });

  it('#11.10: the browser may send the headers the API reads; x-dev-actor only with dev auth', () => {
    expect(corsAllowedHeaders(false)).toEqual(['content-type', 'authorization', 'x-purpose', 'x-request-id', 'apollo-require-preflight', 'x-apollo-operation-name']);
    expect(corsAllowedHeaders(true)).toContain('x-dev-actor');
  });
});
