// Drive the official Paragon Connect SDK (@useparagon/connect, pinned in package.json) under Node
// with jsdom, against pytest-paragon's server mode, and print ONE JSON line with what it returned.
//
// Input: a JSON document on stdin (or in the file named by the first argument):
//   {
//     "overrides": {ZEUS_PUBLIC_URL, HERMES_PUBLIC_URL, WORKER_PROXY_PUBLIC_URL,
//                   API_TRIGGER_KIT_PUBLIC_URL},   // paragon_server.sdk_overrides()
//     "projectId": "...", "token": "<user JWT>",
//     "authenticate": {"metadata": {...}},        // optional third argument of authenticate()
//     "headless": true,                            // paragon.setHeadless (default true)
//     "scenario": "bootstrap",                     // a named scenario below, or:
//     "steps": [ ...steps... ],
//     "host": "paragon.test", "origin": "http://app.test",  // configureGlobal host, page origin
//     "routeTo": "http://127.0.0.1:PORT",          // instead of overrides: let the SDK derive
//                  https://<service>.<host> itself and send those requests to this base URL
//     "settleMs": 50                               // pause before exit, once no fetch is pending
//   }
// Steps:
//   {"call": "<paragon method>", "args": [...], "label": "...", "timeoutMs": 30000}
//                                                       awaits paragon[call](...args)
//   {"installFlow": "<integration type>", "startOptions": {...},
//    "respond": {"accountType": "<id>", "preOptions": {...}, "postOptions": {...}},
//    "timeoutMs": 20000}                                           runs paragon.installFlow
//   {"sleep": <ms>}
// Output (stdout, one line):
//   {"authenticate": <result>, "steps": [<result>...], "popups": [...], "console": [...],
//    "unhandled": [...], "sent": [...], "elapsedMs": n}
// `sent` is every request the SDK (and its popup) sent, as the SDK addressed it:
// {method, url, headers: {lower-case name: value}, body: text or null}.
// `popups` has one entry per window.open: {features, closed, pages: [{url, status, contentType,
// posted: [messages the page posted to its opener]}]}; `console` is what the SDK logged
// ({kind, text}); `unhandled` the promise rejections nobody handled.
// where a result is {"ok": true, "value"?: ...} (no "value" when the SDK returned undefined) or
// {"ok": false, "error": {"name", "message", "response"?}}. A driver failure exits 1 with
// {"fatal": ...}. Everything the SDK logs goes to "console" (and stderr), never to stdout.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { JSDOM } from 'jsdom';

const started = Date.now();
const consoleLines = [];
const unhandled = [];
const popups = [];
const realConsole = { ...console };

function plain(value, ancestors = []) {
  // JSON-safe copy: functions dropped, Dates as ISO strings, only true cycles cut (the SDK's
  // state shares objects between places, which JSON simply repeats).
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (ancestors.includes(value)) return '[Circular]';
  const inner = [...ancestors, value];
  if (Array.isArray(value)) return value.map((item) => plain(item, inner) ?? null);
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    const copy = plain(item, inner);
    if (copy !== undefined) out[key] = copy;
  }
  return out;
}

function describeError(error) {
  if (error === null || typeof error !== 'object') {
    return { name: typeof error, message: String(error) };
  }
  const described = { name: error.name ?? error.constructor?.name, message: error.message };
  if ('response' in error && !(error.response instanceof Response)) {
    described.response = plain(error.response);
  }
  if (error.code !== undefined) described.code = error.code;
  return described;
}

function capture(kind) {
  return (...args) => {
    const text = args
      .map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : typeof a === 'string' ? a : JSON.stringify(plain(a))))
      .join(' ');
    consoleLines.push({ kind, text });
    realConsole.error(`[sdk ${kind}] ${text}`);
  };
}

function emit(document, code = 0) {
  process.stdout.write(`${JSON.stringify({ ...document, elapsedMs: Date.now() - started })}\n`);
  process.exit(code);
}

function readInput() {
  const source = process.argv[2] ? readFileSync(process.argv[2], 'utf8') : readFileSync(0, 'utf8');
  return JSON.parse(source);
}

// --- the browser the SDK needs -----------------------------------------------------------------

function installBrowser(origin) {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    url: `${origin}/`,
    pretendToBeVisual: true,
  });
  const { window } = dom;
  const define = (name, value) =>
    Object.defineProperty(globalThis, name, { value, configurable: true, writable: true });
  define('window', window);
  define('document', window.document);
  define('localStorage', window.localStorage);
  define('navigator', window.navigator);
  define('location', window.location);
  // fetch, Response, Headers, URL, AbortController stay Node's own (the SDK looks `fetch` up at
  // call time and checks `instanceof Response` on proxy answers).
  window.open = openPopup(window);
  return dom;
}

// The OAuth popup. The SDK opens E15 (oauth-nonce) with window.open, waits for that page to post
// {type: "oauth-nonce-loaded"} to its opener, then navigates the popup to E16's redirectUrl (the
// provider's consent page; the fake's own page under /__paragon/). The stub performs each
// navigation with fetch and runs the HTML it gets in a jsdom window whose `opener` forwards
// postMessage to the app window and whose close() closes the stub, so the SDK sees exactly the
// messages the server's pages post. Each navigation is recorded in `popups[].pages`.
function openPopup(window) {
  return (url, target, features) => {
    const record = {
      features: features ?? null,
      pages: [],
      get closed() {
        return popup.closed;
      },
    };
    popups.push(record);
    let current = url;
    const popup = {
      closed: false,
      get opener() {
        return popup.closed ? null : window; // a closed popup has no opener, as in browsers
      },
      close() {
        popup.closed = true;
      },
      postMessage() {},
      location: {
        get href() {
          return current;
        },
        set href(next) {
          navigate(next);
        },
      },
    };
    const opener = {
      postMessage(data, targetOrigin) {
        record.pages.at(-1).posted.push(plain(data));
        window.postMessage(data, targetOrigin ?? '*');
      },
    };
    function navigate(next) {
      current = next;
      const page = { url: next, status: null, contentType: null, posted: [] };
      record.pages.push(page);
      fetch(next)
        .then(async (response) => {
          page.status = response.status;
          page.contentType = response.headers.get('content-type');
          const html = await response.text();
          if (!(page.contentType ?? '').includes('text/html')) return;
          new JSDOM(html, {
            url: next,
            runScripts: 'dangerously',
            beforeParse(popupWindow) {
              Object.defineProperty(popupWindow, 'opener', { value: opener, configurable: true });
              popupWindow.close = () => popup.close();
            },
          });
        })
        .catch((error) => {
          page.error = describeError(error);
        });
    }
    navigate(url);
    return popup;
  };
}

// --- steps -------------------------------------------------------------------------------------

const SCENARIOS = {
  bootstrap: [
    { call: 'getUser' },
    { call: 'getIntegrationMetadata' },
  ],
};

async function settle(promise) {
  try {
    const value = await promise;
    return value === undefined ? { ok: true } : { ok: true, value: plain(value) };
  } catch (error) {
    return { ok: false, error: describeError(error) };
  }
}

function runInstallFlow(paragon, step) {
  const respond = step.respond ?? {};
  const stages = [];
  return new Promise((resolve) => {
    let finished = false;
    const finish = (outcome) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve({ ok: true, value: { stages, ...outcome } });
    };
    const timer = setTimeout(
      () => finish({ complete: null, error: { name: 'DriverTimeout', message: 'installFlow did not finish' } }),
      step.timeoutMs ?? 20000,
    );
    const act = (stage) => {
      const flow = paragon.installFlow;
      const actions = {
        accountType: () => flow.setAccountType(respond.accountType),
        preOptions: () => flow.setPreOptions(respond.preOptions),
        postOptions: () => flow.setPostOptions(respond.postOptions),
        instruction: () => stage.finish.onClick(),
      };
      const action = actions[stage.stage];
      if (action && (stage.stage === 'instruction' || respond[stage.stage] !== undefined)) {
        Promise.resolve(action()).catch((error) => finish({ complete: null, error: describeError(error) }));
      } else if (action) {
        finish({ complete: null, error: { name: 'DriverStop', message: `no answer for stage ${stage.stage}` } });
      }
    };
    try {
      paragon.installFlow.start(step.installFlow, {
        ...(step.startOptions ?? {}),
        onNext: (stage) => {
          stages.push(plain(stage));
          act(stage);
        },
        onComplete: (event) => finish({ complete: plain(event), error: null }),
        onError: (error, context) =>
          finish({ complete: null, error: { ...describeError(error), context: plain(context) } }),
      });
    } catch (error) {
      finish({ complete: null, error: describeError(error) });
    }
  });
}

async function runStep(paragon, step) {
  if (step.sleep !== undefined) {
    await new Promise((resolve) => setTimeout(resolve, step.sleep));
    return { ok: true };
  }
  if (step.installFlow !== undefined) return runInstallFlow(paragon, step);
  if (typeof paragon[step.call] !== 'function') {
    return { ok: false, error: { name: 'DriverError', message: `paragon.${step.call} is not a function` } };
  }
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`paragon.${step.call} did not settle`), { name: 'DriverTimeout' })),
      step.timeoutMs ?? 30000,
    );
  });
  const call = (async () => paragon[step.call](...(step.args ?? [])))();
  return settle(Promise.race([call, timeout])).finally(() => clearTimeout(timer));
}

// Every fetch (the SDK's and the popup's) is tracked, so that the driver exits only once the
// SDK's own follow-ups (E18 after polling, popup navigations) have been answered; each is kept in
// `sent` as the SDK addressed it, and with `routeTo` a derived Paragon host is sent there.
const inflight = new Set();
const sent = [];
const nodeFetch = globalThis.fetch;
const routing = { host: null, to: null };

function record(input, init) {
  const request = typeof input === 'string' || input instanceof URL ? null : input;
  const url = request ? request.url : String(input);
  const method = String(init?.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = {};
  new Headers(init?.headers ?? request?.headers ?? undefined).forEach((value, name) => {
    headers[name] = value;
  });
  const body = typeof init?.body === 'string' ? init.body : null;
  sent.push({ method, url, headers, body });
  if (!routing.to) return input;
  const parsed = new URL(url);
  if (!parsed.hostname.endsWith(`.${routing.host}`)) return input;
  return `${routing.to}${parsed.pathname}${parsed.search}`;
}

globalThis.fetch = (input, init) => {
  const pending = nodeFetch(record(input, init), init);
  inflight.add(pending);
  pending.then(
    () => inflight.delete(pending),
    () => inflight.delete(pending),
  );
  return pending;
};

async function quiesce(settleMs, capMs = 10000) {
  const deadline = Date.now() + capMs;
  do {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await Promise.allSettled([...inflight]);
  } while (inflight.size > 0 && Date.now() < deadline);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
}

// --- main --------------------------------------------------------------------------------------

async function main() {
  const input = readInput();
  process.on('unhandledRejection', (reason) => unhandled.push(describeError(reason)));
  for (const kind of ['log', 'info', 'warn', 'error', 'debug']) console[kind] = capture(kind);

  const dom = installBrowser(input.origin ?? 'http://app.test');
  // Import the SDK once the page has loaded, as an app would: its constructor then creates the
  // Connect Portal iframe at once (while the document is still loading it defers that to
  // DOMContentLoaded, and configureGlobal logs "Root element not defined").
  if (dom.window.document.readyState === 'loading') {
    await new Promise((resolve) => dom.window.document.addEventListener('DOMContentLoaded', resolve));
  }
  const require = createRequire(import.meta.url);
  const { paragon } = require(input.package ?? '@useparagon/connect'); // or the 2.0.6 alias

  if (input.routeTo) Object.assign(routing, { host: input.host ?? 'paragon.test', to: input.routeTo });
  paragon.configureGlobal({ host: input.host ?? 'paragon.test' }, input.routeTo ? undefined : input.overrides);
  if (input.headless !== false) paragon.setHeadless(true);
  const authenticate = await settle(
    paragon.authenticate(input.projectId, input.token, input.authenticate ?? undefined),
  );
  const steps = input.scenario ? SCENARIOS[input.scenario] : input.steps ?? [];
  if (!steps) throw new Error(`unknown scenario ${input.scenario}; known: ${Object.keys(SCENARIOS)}`);
  const results = [];
  for (const step of steps) {
    const result = await runStep(paragon, step);
    results.push(step.label ? { label: step.label, ...result } : result);
  }
  await quiesce(input.settleMs ?? 50);
  emit({ authenticate, steps: results, popups, console: consoleLines, unhandled, sent });
}

main().catch((error) => emit({ fatal: describeError(error), popups, console: consoleLines, unhandled }, 1));
