import { readFileSync } from 'node:fs';
import type http from 'node:http';
import path from 'node:path';

/**
 * The offline explorer (issue 14 item 5; docs/explorer.md): GET / serves GraphiQL from the npm packages' own prebuilt
 * browser files (graphiql's UMD bundle and React 18's UMD builds, resolved in node_modules at start), so `npm ci` is
 * all it needs and the browser fetches nothing but this server. Development (and sandbox) only: server.ts mounts it
 * when `development` is set, which NODE_ENV=production never is.
 */

/** Demo ids of src/db/seed-demo.ts (fixed, so the saved operations work against a fresh demo database). */
const DEMO_CITIZEN = '00000000-0000-4000-8000-0000000c0001';
const DEMO_JOBCENTER = '00000000-0000-4000-8000-00000000a001';
const DEMO_FUND = '00000000-0000-4000-8000-00000000f001';

/** Saved example operations, one tab per role, each with its x-dev-actor header (README: A quick tour). */
const EXPLORER_TABS = [
  {
    title: 'Citizen: my obligations',
    headers: { 'x-dev-actor': `citizen:${DEMO_CITIZEN}` },
    query: `# The citizen Anne Jensen (demo): what she must do now, and the times she may book.
query MyObligations {
  myObligations {
    citizen { name }
    activeDeadline { status availableFrom bookBy latestInterviewDate }
    immediateBookingRequired
    plannedMeetings { type form startsAt status }
    bookableSlots(first: 3) { noSlotsAvailable slots { id startsAt form } }
  }
}
`,
  },
  {
    title: 'Caseworker: citizens',
    headers: { 'x-dev-actor': `caseworker:${DEMO_JOBCENTER}` },
    query: `# A caseworker of Jobcenter København (demo): the jobcenter's citizens, by name.
query Citizens {
  citizens(jobcenterId: "${DEMO_JOBCENTER}", first: 20) {
    nodes { id name targetGroup registered activeDeadline { status bookBy } }
    pageInfo { endCursor hasNextPage }
  }
}
`,
  },
  {
    title: 'A-kasse: event feed',
    headers: { 'x-dev-actor': `unemployment-fund:${DEMO_FUND}` },
    query: `# Metalarbejdernes A-kasse (demo): the events of its members (EV-2); page on with after: endCursor.
query FundEvents {
  unemploymentFundEvents(first: 20) {
    nodes { id type occurredAt citizen { name } }
    pageInfo { endCursor hasNextPage }
  }
}
`,
  },
];

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Selvbook API explorer</title>
<link rel="stylesheet" href="/explorer/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer…</div>
<script src="/explorer/react.js"></script>
<script src="/explorer/react-dom.js"></script>
<script src="/explorer/graphiql.js"></script>
<script src="/explorer/explorer.js"></script>
</body>
</html>
`;

/** Boots GraphiQL with one saved tab per role; the tabs' headers carry the dev actor. */
const BOOT = `'use strict';
(function () {
  var tabs = ${JSON.stringify(EXPLORER_TABS.map((t) => ({ query: t.query, headers: JSON.stringify(t.headers, null, 2) })))};
  var send = GraphiQL.createFetcher({ url: new URL('/graphql', location.href).toString() });
  // GraphiQL 4 can keep the previous tab's operationName after a tab switch (the request then fails with "Unknown
  // operation named …"): drop a name that names no operation of the document being sent.
  var fetcher = function (params, opts) {
    var name = params && params.operationName;
    if (name && !new RegExp('\\\\b(query|mutation|subscription)\\\\s+' + name + '\\\\b').test(params.query || '')) {
      params = Object.assign({}, params, { operationName: undefined });
    }
    return send(params, opts);
  };
  ReactDOM.createRoot(document.getElementById('graphiql')).render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultTabs: tabs,
    // GraphiQL 4 fills the first (active) tab's headers from these props, not from defaultTabs: without them the
    // first tab opened with an empty headers editor and ran unauthenticated until the user switched tabs.
    query: tabs[0].query,
    headers: tabs[0].headers,
    defaultEditorToolsVisibility: 'headers',
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false
  }));
})();
`;

function packageFile(pkg: string, file: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);
}

interface Asset { type: string; body: Buffer | string }

let assets: Map<string, Asset> | undefined;

/** The files, read once on first use (about 1.6 MB; only in development). */
function loadAssets(): Map<string, Asset> {
  if (assets) return assets;
  const js = 'text/javascript; charset=utf-8';
  assets = new Map<string, Asset>([
    ['/', { type: 'text/html; charset=utf-8', body: PAGE }],
    ['/explorer/explorer.js', { type: js, body: BOOT }],
    ['/explorer/react.js', { type: js, body: readFileSync(packageFile('react', 'umd/react.production.min.js')) }],
    ['/explorer/react-dom.js', { type: js, body: readFileSync(packageFile('react-dom', 'umd/react-dom.production.min.js')) }],
    ['/explorer/graphiql.js', { type: js, body: readFileSync(packageFile('graphiql', 'graphiql.min.js')) }],
    ['/explorer/graphiql.css', { type: 'text/css; charset=utf-8', body: readFileSync(packageFile('graphiql', 'graphiql.min.css')) }],
  ]);
  return assets;
}

/** Whether the path is the explorer's (GET / and /explorer/*). */
export function isExplorerPath(pathname: string): boolean {
  return pathname === '/' || pathname.startsWith('/explorer/');
}

/**
 * Serves the page and its files. The Content-Security-Policy allows this origin only (scripts, styles, the
 * GraphQL calls), so the page cannot reach the internet even by mistake; GraphiQL's inline styles and data: fonts
 * are the two exceptions it needs.
 */
export function serveExplorer(req: http.IncomingMessage, res: http.ServerResponse, pathname: string): void {
  const asset = loadAssets().get(pathname);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  if (!asset) {
    res.statusCode = 404;
    res.end(JSON.stringify({ errors: [{ message: 'not found: the API is at /graphql', extensions: { code: 'NOT_FOUND' } }] }));
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.statusCode = 405;
    res.setHeader('allow', 'GET, HEAD');
    res.end(JSON.stringify({ errors: [{ message: 'use GET', extensions: { code: 'METHOD_NOT_ALLOWED' } }] }));
    return;
  }
  res.statusCode = 200;
  res.setHeader('content-type', asset.type);
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('content-security-policy',
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; font-src 'self' data:; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
  res.end(req.method === 'HEAD' ? undefined : asset.body);
}
