#!/usr/bin/env node
// Real-browser checks of a site built by Plainly.
//
//   node tests/browser/run.mjs SITE_DIR [--expect-violations RULE,RULE,...] [--json FILE]
//
// Serves SITE_DIR on 127.0.0.1 and, in Debian's headless Chromium (through
// playwright-core), checks every *.html page at 320 and 1280 CSS px with
// axe-core (WCAG 2.2 A/AA plus a few best-practice rules), for requests to
// other hosts and for cookies; tests the skip link with the keyboard and the
// pages with JavaScript off; and validates all pages with the Nu HTML Checker
// (vnu.jar, needs `java`). Needs the packages of scripts/browser-deps.
//
// Exit code: 0 when there is no violation, 1 otherwise. With
// --expect-violations, 0 only when every listed rule id was found (used to
// prove that planted faults are caught). 2 for a usage error.

import { spawn } from 'node:child_process';
import { createReadStream, promises as fsp } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WIDTHS = [320, 1280];
const HEIGHTS = { 320: 640, 1280: 800 };
const PAGE_TIMEOUT_MS = 30_000;
// Pages checked at once (BROWSER_TEST_JOBS). The work is CPU-bound in
// Chromium: on two cores a second tab helps a little, more only adds contention.
const JOBS = Math.max(1, Number(process.env.BROWSER_TEST_JOBS) || 2);

// Each page is loaded once at the first width and resized for the next (a
// third faster than loading it again); BROWSER_TEST_RELOAD=1 loads it anew.
const RELOAD_PER_WIDTH = process.env.BROWSER_TEST_RELOAD === '1';

// Tab stops allowed before the main content (BROWSER_TEST_MAX_TAB_STOPS): the skip
// link, the site's name, the main navigation and the breadcrumbs.
const MAX_TAB_STOPS = Number(process.env.BROWSER_TEST_MAX_TAB_STOPS) || 8;
// Default font sizes a reader may choose (browser settings), checked at 320 CSS px.
const LARGE_FONTS = [24, 32];
// An A4 page (210 mm) less the 10 mm margins Chromium prints with, at 96 px per inch.
const PRINT_WIDTH = Math.floor(((210 - 2 * 10) / 25.4) * 96);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const AXE_EXTRA_RULES = ['heading-order', 'page-has-heading-one', 'landmark-one-main', 'region', 'landmark-unique'];

// ---------------------------------------------------------------- arguments

function usage(message) {
  if (message) console.error(`run.mjs: ${message}`);
  console.error('usage: node tests/browser/run.mjs SITE_DIR [--expect-violations RULE,RULE,...] [--json FILE]');
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { siteDir: null, expect: null, json: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (name) => {
      const eq = arg.indexOf('=');
      if (eq !== -1) return arg.slice(eq + 1);
      if (i + 1 >= argv.length) usage(`${name} needs a value`);
      return argv[++i];
    };
    if (arg === '-h' || arg === '--help') usage();
    else if (arg === '--expect-violations' || arg.startsWith('--expect-violations=')) {
      opts.expect = value('--expect-violations').split(',').map((s) => s.trim()).filter(Boolean);
      if (opts.expect.length === 0) usage('--expect-violations needs at least one rule id');
    } else if (arg === '--json' || arg.startsWith('--json=')) opts.json = value('--json');
    else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
    else if (opts.siteDir === null) opts.siteDir = arg;
    else usage(`unexpected argument ${arg}`);
  }
  if (opts.siteDir === null) usage('SITE_DIR is missing');
  return opts;
}

// ---------------------------------------------------------------- the site

async function findHtmlFiles(root) {
  const found = [];
  async function walk(dir) {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html')) found.push(path.relative(root, full));
    }
  }
  await walk(root);
  return found;
}

// The address a reader uses for a file: /a/b/index.html is /a/b/.
function urlPathOf(relFile) {
  const posix = relFile.split(path.sep).join('/');
  const url = '/' + posix.split('/').map(encodeURIComponent).join('/');
  return url.endsWith('/index.html') ? url.slice(0, -'index.html'.length) : url;
}

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
};

// A tiny static server: SITE_DIR at the root, /dir/ → /dir/index.html,
// /dir → 301 /dir/, anything missing → 404.html with status 404.
// `extra` maps URL paths to [content type, Buffer] served besides the site.
function startServer(root, extra = {}) {
  const rootResolved = path.resolve(root);
  async function statOrNull(p) {
    try { return await fsp.stat(p); } catch { return null; }
  }
  async function send(res, req, file, status, size) {
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(status, { 'Content-Type': type, 'Content-Length': size, 'Cache-Control': 'no-store' });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  }
  async function notFound(req, res) {
    const page = path.join(rootResolved, '404.html');
    const st = await statOrNull(page);
    if (st && st.isFile()) return send(res, req, page, 404, st.size);
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Not found\n');
  }
  const server = http.createServer(async (req, res) => {
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { Allow: 'GET, HEAD' });
        return res.end();
      }
      const { pathname } = new URL(req.url, 'http://127.0.0.1');
      if (Object.hasOwn(extra, pathname)) {
        const [type, body] = extra[pathname];
        res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'max-age=3600' });
        return res.end(req.method === 'HEAD' ? undefined : body);
      }
      let decoded;
      try { decoded = decodeURIComponent(pathname); } catch { return notFound(req, res); }
      if (decoded.includes('\0')) return notFound(req, res);
      let file = path.resolve(rootResolved, '.' + path.posix.normalize(decoded));
      if (file !== rootResolved && !file.startsWith(rootResolved + path.sep)) return notFound(req, res);
      let st = await statOrNull(file);
      if (st && st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: pathname + '/' });
          return res.end();
        }
        file = path.join(file, 'index.html');
        st = await statOrNull(file);
      }
      if (!st || !st.isFile()) return notFound(req, res);
      return send(res, req, file, 200, st.size);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---------------------------------------------------------------- helpers

function decodeEntities(text) {
  const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1].toLowerCase() === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return named[e.toLowerCase()] ?? m;
  });
}

function short(text, max = 160) {
  const one = String(text ?? '').replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runPool(items, jobs, worker) {
  let next = 0;
  const runners = Array.from({ length: Math.min(jobs, items.length) }, async (_, runner) => {
    while (next < items.length) {
      const item = items[next++];
      await worker(item, runner);
    }
  });
  await Promise.all(runners);
}

// ---------------------------------------------------------------- Nu HTML Checker

function runVnu(siteDir) {
  const started = Date.now();
  return new Promise((resolve) => {
    let jar;
    try { jar = String(require('vnu-jar')); } catch {
      jar = path.join(REPO_ROOT, 'node_modules/vnu-jar/build/dist/vnu.jar');
    }
    // -Xss: the checker needs a big thread stack; C1 only: a short run
    // spends less CPU compiling than it would gain (halves its CPU time).
    const args = ['-Xss4m', '-XX:TieredStopAtLevel=1', '-jar', jar, '--errors-only', '--format', 'json', '--skip-non-html', siteDir];
    let out = '';
    let err = '';
    let child;
    try {
      child = spawn(process.env.JAVA || 'java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      return resolve({ violations: [toolFailure(`cannot start java: ${e.message}`)], seconds: 0 });
    }
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', (e) => resolve({ violations: [toolFailure(`cannot start java: ${e.message}`)], seconds: 0 }));
    child.on('close', (code) => {
      const seconds = (Date.now() - started) / 1000;
      // vnu writes its JSON report to stderr (to stdout with --stdout).
      const text = [err, out].map((s) => s.trim()).find((s) => s.startsWith('{'));
      let report;
      try {
        // With --errors-only and nothing to report, some versions print nothing.
        report = text === undefined && code === 0 && !err.trim() && !out.trim() ? { messages: [] } : JSON.parse(text);
      } catch {
        return resolve({ violations: [toolFailure(`vnu exited ${code} without a JSON report: ${short(err || out, 400)}`)], seconds });
      }
      const root = path.resolve(siteDir);
      const violations = (report.messages || [])
        .filter((m) => m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal')
        .map((m) => {
          let file = m.url || '';
          try { file = path.relative(root, fileURLToPath(m.url)); } catch { /* keep the URL */ }
          return {
            rule: 'html-validation',
            page: file,
            width: null,
            impact: m.type === 'error' ? 'error' : m.type,
            help: m.message,
            nodes: [{ target: m.lastLine ? `line ${m.lastLine}${m.firstColumn ? `, col ${m.firstColumn}` : ''}` : '', html: short(m.extract, 120) }],
            line: m.lastLine ?? null,
          };
        });
      resolve({ violations, seconds });
    });
  });

  function toolFailure(message) {
    return { rule: 'html-validation', page: siteDir, width: null, impact: 'tool-error', help: message, nodes: [] };
  }
}

// ---------------------------------------------------------------- browser checks

// URL path at which the local server hands out axe-core. Loading it by URL
// (not as inline content) lets Chromium reuse its compiled code from page to page.
const AXE_URL_PATH = '/__plainly-browser-test__/axe.min.js';

// One browser context and tab per worker, reused from page to page: the
// listeners report against whatever page and width are being checked now.
class AxeWorker {
  constructor(browser, base, violations, site) {
    this.browser = browser;
    this.base = base;
    this.violations = violations;
    // What the other pages are (language and title, by URL path), and what this worker
    // read of each page's heading levels, for the checks across pages.
    this.site = site;
    this.cdp = null;
    this.context = null;
    this.page = null;
    this.current = { url: '', width: null, axeRunning: false };
  }

  async open() {
    const { base, violations, current } = this;
    this.context = await this.browser.newContext({
      bypassCSP: true,
      viewport: { width: WIDTHS[0], height: HEIGHTS[WIDTHS[0]] },
      deviceScaleFactor: 1,
    });
    // Nothing may leave this machine: requests to other hosts are answered
    // with an error instead of being sent (and reported below).
    await this.context.route((u) => u.origin !== base, (route) => route.abort('blockedbyclient'));
    const page = await this.context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    const seen = new Set();
    page.on('request', (request) => {
      const target = request.url();
      if (/^(data|blob|about):/.test(target)) return;
      let origin;
      try { origin = new URL(target).origin; } catch { origin = target; }
      if (origin === base) return;
      // axe itself fetches cross-origin stylesheets (already reported) to read their rules.
      if (current.axeRunning && ['xhr', 'fetch'].includes(request.resourceType())) return;
      const key = `${current.url} ${target}`;
      if (seen.has(key)) return;
      seen.add(key);
      violations.push({
        rule: 'third-party-request', page: current.url, width: current.width, impact: 'serious',
        help: `Request to another host: ${short(target, 200)}`,
        nodes: [{ target: request.resourceType(), html: '' }],
      });
    });
    page.on('response', (response) => {
      const status = response.status();
      if (status < 400 || !response.url().startsWith(base + '/')) return;
      if (response.request().isNavigationRequest()) return; // reported by check()
      violations.push({
        rule: 'broken-resource', page: current.url, width: current.width, impact: 'serious',
        help: `HTTP ${status} for ${short(response.url().slice(base.length), 200)}`,
        nodes: [{ target: response.request().resourceType(), html: '' }],
      });
    });
    page.on('pageerror', (error) => {
      violations.push({
        rule: 'page-error', page: current.url, width: current.width, impact: 'serious',
        help: `JavaScript error: ${short(error.message, 200)}`, nodes: [],
      });
    });
    this.page = page;
    this.cdp = await this.context.newCDPSession(page);
  }

  async close() {
    const context = this.context;
    this.context = null;
    this.page = null;
    this.cdp = null;
    if (context) await context.close().catch(() => {});
  }

  async check(file) {
    if (!this.page) await this.open();
    const { page, base, violations, current } = this;
    const url = urlPathOf(file);
    current.url = url;
    for (const [i, w] of WIDTHS.entries()) {
      current.width = w;
      const size = page.viewportSize();
      if (!size || size.width !== w) await page.setViewportSize({ width: w, height: HEIGHTS[w] });
      if (i === 0 || RELOAD_PER_WIDTH) {
        const response = await page.goto(base + url, { waitUntil: 'load' });
        const status = response ? response.status() : 0;
        const expected = file === '404.html' ? [200, 404] : [200];
        if (!expected.includes(status)) {
          violations.push({ rule: 'page-error', page: url, width: w, impact: 'serious', help: `HTTP status ${status}`, nodes: [] });
        }
        await page.addScriptTag({ url: base + AXE_URL_PATH });
      } else {
        // Resized in place, like a reader widening the window: the media
        // queries apply anew; one frame lets resize handlers run.
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
      }
      current.axeRunning = true;
      const result = await page.evaluate(async ({ tags, extra }) => {
        const rules = Object.fromEntries(extra.map((id) => [id, { enabled: true }]));
        const r = await window.axe.run(document, {
          runOnly: { type: 'tag', values: tags },
          rules,
          resultTypes: ['violations'],
        });
        return r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
        }));
      }, { tags: AXE_TAGS, extra: AXE_EXTRA_RULES }).finally(() => { current.axeRunning = false; });
      for (const v of result) {
        violations.push({
          rule: v.id, page: url, width: w, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target, html: short(n.html, 160), summary: short(n.summary, 300) })),
          axe: true,
        });
      }
      const found = [...await checkScrollRegions(page, w === WIDTHS[0])];
      if (w === WIDTHS[0]) {
        found.push(...await checkReflow(page), ...await checkLargeFonts(page, this.cdp));
      }
      for (const v of found) violations.push({ ...v, page: url, width: w });
    }
    // At the last width: what a screen reader's headings list reads, the keyboard's way
    // to the content, other languages' titles, forced colours, then print.
    const w = WIDTHS[WIDTHS.length - 1];
    const pageLang = this.site.pages.get(decodeURI(url))?.lang ?? '';
    const found = [
      ...await checkHeadingNames(page, this.cdp),
      ...await checkTabStops(page, this.site.walked),
      ...await checkLangOfParts(page, this.site.otherLanguages(pageLang)),
      ...await checkForcedColours(page),
    ];
    this.site.levels.set(url, await readHeadingLevels(page));
    for (const v of found) violations.push({ ...v, page: url, width: w });
    for (const v of await checkPrint(page)) violations.push({ ...v, page: url, width: null });
    const cookies = await this.context.cookies();
    for (const c of cookies) {
      violations.push({
        rule: 'cookie', page: url, width: null, impact: 'serious',
        help: `Cookie set: ${c.name} (domain ${c.domain}, path ${c.path})`, nodes: [],
      });
    }
    if (cookies.length) await this.context.clearCookies();
  }
}

// WCAG 1.4.10 Reflow and 1.4.12 Text spacing: at 320 CSS px the page must not scroll
// sideways, as it is and with the text spacing readers may apply (line height 1.5,
// letter spacing 0.12em, word spacing 0.16em, paragraph spacing 2em). Content inside
// its own scrolling region (a wide table) is allowed to scroll there.
async function checkReflow(page) {
  const found = await page.evaluate(() => {
    const doc = document.documentElement;
    const offenders = () => {
      const out = [];
      for (const el of document.body.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.right <= doc.clientWidth + 1) continue;
        let scrolled = false;
        for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
          const o = getComputedStyle(p).overflowX;
          if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
        }
        if (!scrolled && !el.closest('.visually-hidden, .skip-link')) out.push(el.outerHTML.slice(0, 160));
        if (out.length >= 3) break;
      }
      return out;
    };
    const plain = doc.scrollWidth > doc.clientWidth + 1 ? offenders() : [];
    const style = document.createElement('style');
    style.textContent = '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';
    document.head.appendChild(style);
    const spaced = doc.scrollWidth > doc.clientWidth + 1 ? offenders() : [];
    style.remove();
    return { plain, spaced, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth };
  });
  const out = [];
  const node = (html) => ({ target: '', html });
  if (found.plain.length) {
    out.push({
      rule: 'reflow', impact: 'serious',
      help: `The page scrolls sideways at 320 CSS px (${found.scrollWidth} px wide in ${found.clientWidth} px): WCAG 1.4.10`,
      nodes: found.plain.map(node),
    });
  }
  if (found.spaced.length) {
    out.push({
      rule: 'text-spacing', impact: 'serious',
      help: 'With WCAG 1.4.12 text spacing applied, the page scrolls sideways at 320 CSS px',
      nodes: found.spaced.map(node),
    });
  }
  return out;
}

// Code the checks below run in the page: whether an element is hidden from sight (the
// visually-hidden pattern, aria-hidden, display none), and the text a reader sees.
const IN_PAGE_HELPERS = `
  window.__plainly = {
    hidden(el) {
      for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
        if (e.getAttribute('aria-hidden') === 'true') return true;
        const s = getComputedStyle(e);
        if (s.display === 'none' || s.visibility === 'hidden') return true;
        const r = e.getBoundingClientRect();
        if (r.width <= 1 && r.height <= 1 && s.overflow !== 'visible') return true;
      }
      return false;
    },
    visibleText(el) {
      let out = '';
      const walk = (node) => {
        if (node.nodeType === 3) { out += node.textContent; return; }
        if (node.nodeType !== 1 || window.__plainly.hidden(node)) return;
        if (node.tagName === 'IMG') { out += ' ' + (node.getAttribute('alt') || '') + ' '; return; }
        const block = getComputedStyle(node).display !== 'inline';
        if (block) out += ' ';
        for (const child of node.childNodes) walk(child);
        if (block) out += ' ';
      };
      walk(el);
      return out.replace(/\\s+/g, ' ').trim();
    },
  };
`;

async function inPage(page, fn, arg) {
  const ready = await page.evaluate(() => !!window.__plainly);
  if (!ready) await page.addScriptTag({ content: IN_PAGE_HELPERS });
  return page.evaluate(fn, arg);
}

// Every region that scrolls (code, a wide table) must be reachable by keyboard (itself
// a tab stop: WCAG 2.1.1) and named (4.1.2); at the narrowest width, an element made a
// tab stop (tabindex="0") to scroll must actually scroll there, or it is a needless stop.
async function checkScrollRegions(page, narrowest) {
  const found = await inPage(page, (narrow) => {
    const interactive = 'a[href], button, input, select, textarea, summary, iframe, audio[controls], video[controls]';
    const scrolling = [];
    const needless = [];
    for (const el of document.body.querySelectorAll('*')) {
      const s = getComputedStyle(el);
      const scrollable = (o) => o === 'auto' || o === 'scroll';
      const scrolls = (scrollable(s.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (scrollable(s.overflowY) && el.scrollHeight > el.clientHeight + 1);
      const stop = el.hasAttribute('tabindex') && el.tabIndex >= 0 && !el.matches(interactive);
      if (!scrolls) {
        if (narrow && stop && !window.__plainly.hidden(el)) needless.push(el.outerHTML.slice(0, 160));
        continue;
      }
      const labelled = (el.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
        .map((id) => document.getElementById(id)?.textContent || '').join(' ');
      const name = (el.getAttribute('aria-label') || labelled).trim();
      const problems = [];
      if (!(el.hasAttribute('tabindex') && el.tabIndex >= 0)) problems.push('not focusable');
      if (!name) problems.push('has no name');
      if (problems.length) scrolling.push({ html: el.outerHTML.slice(0, 160), problems: problems.join(' and ') });
    }
    return { scrolling, needless };
  }, narrowest);
  const out = [];
  for (const r of found.scrolling) {
    out.push({
      rule: 'scrollable-region', impact: 'serious',
      help: `A region that scrolls is ${r.problems}: keyboard users cannot scroll it, or cannot tell what it is (WCAG 2.1.1, 4.1.2)`,
      nodes: [{ target: '', html: r.html }],
    });
  }
  if (found.needless.length) {
    out.push({
      rule: 'needless-tab-stop', impact: 'moderate',
      help: 'An element is a tab stop (tabindex="0") so that it can be scrolled, but it does not scroll at 320 CSS px',
      nodes: found.needless.map((html) => ({ target: '', html })),
    });
  }
  return out;
}

// WCAG 1.4.4 and 1.4.10 with a reader's own default font size (24 and 32 px, set as the
// browser's setting, not by the page): at 320 CSS px the page still does not scroll sideways.
async function checkLargeFonts(page, cdp) {
  const out = [];
  try {
    for (const px of LARGE_FONTS) {
      await cdp.send('Page.setFontSizes', { fontSizes: { standard: px, fixed: Math.round(px * 13 / 16) } });
      const found = await inPage(page, () => {
        const doc = document.documentElement;
        if (doc.scrollWidth <= doc.clientWidth + 1) return null;
        const offenders = [];
        for (const el of document.body.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.right <= doc.clientWidth + 1 || window.__plainly.hidden(el)) continue;
          let scrolled = false;
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            const o = getComputedStyle(p).overflowX;
            if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
          }
          if (!scrolled) offenders.push(el.outerHTML.slice(0, 160));
          if (offenders.length >= 3) break;
        }
        return offenders.length ? { offenders, scrollWidth: doc.scrollWidth, clientWidth: doc.clientWidth } : null;
      });
      if (found) {
        out.push({
          rule: 'reflow-large-font', impact: 'serious',
          help: `With a ${px} px default font, the page scrolls sideways at 320 CSS px (${found.scrollWidth} px wide in ${found.clientWidth} px): WCAG 1.4.4, 1.4.10`,
          nodes: found.offenders.map((html) => ({ target: '', html })),
        });
      }
    }
  } finally {
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 16, fixed: 13 } });
  }
  return out;
}

// A screen reader's list of headings, from Chromium's accessibility tree: each heading's
// name must be the text a sighted reader sees in it (a link inside a heading, such as
// "Link to this section", would add its words to the name).
async function checkHeadingNames(page, cdp) {
  // The page's headings in document order, as a reader sees them.
  const shown = await inPage(page, () => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
    .filter((h) => getComputedStyle(h).display !== 'none' && h.getAttribute('aria-hidden') !== 'true')
    .map((h) => [window.__plainly.visibleText(h), h.outerHTML.slice(0, 160), window.__plainly.hidden(h)]));
  const { nodes } = await cdp.send('Accessibility.getFullAXTree');
  const headings = nodes.filter((n) => !n.ignored && n.role?.value === 'heading' && n.backendDOMNodeId !== undefined);
  // A name that is some heading's text on screen passes (each text once); any other
  // heading is looked up by its node to report what it shows.
  const texts = new Map();
  for (const [text, , hidden] of shown) if (!hidden) texts.set(text, (texts.get(text) || 0) + 1);
  const out = [];
  for (const node of headings) {
    const name = String(node.name?.value ?? '').replace(/\s+/g, ' ').trim();
    if (texts.get(name) > 0) {
      texts.set(name, texts.get(name) - 1);
      continue;
    }
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function () { return [window.__plainly.visibleText(this), this.outerHTML.slice(0, 160), window.__plainly.hidden(this)]; }',
      returnByValue: true,
    });
    await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
    const [text, html, hidden] = result.value;
    // A heading only screen readers get (visually hidden on purpose) has no text on screen.
    if (!hidden && name !== text) {
      out.push({
        rule: 'heading-name', impact: 'serious',
        help: `A heading is named "${short(name, 80)}" in the headings list but reads "${short(text, 80)}" on screen (WCAG 1.3.1, 2.4.6)`,
        nodes: [{ target: '', html }],
      });
    }
  }
  return out;
}

// The keyboard's way to the content: Tab from the top of the page, counting the stops
// before the first one in <main> (WCAG 2.4.1; a long way there tires keyboard users).
async function checkTabStops(page, walked) {
  // Pages whose every element before <main> is the same (most pages of a site) take the
  // same way there: it is walked once.
  const before = await page.evaluate(() => {
    const main = document.querySelector('main');
    if (!main) return '';
    const range = document.createRange();
    range.setStart(document.body, 0);
    range.setEndBefore(main);
    const box = document.createElement('div');
    box.appendChild(range.cloneContents());
    return box.innerHTML;
  });
  if (!walked.has(before)) walked.set(before, walkToMain(page));
  return walked.get(before);
}

async function walkToMain(page) {
  await page.evaluate(() => {
    window.scrollTo(0, 0);
    const b = document.body;
    b.tabIndex = -1;
    b.focus();
    b.removeAttribute('tabindex');
  });
  const stops = [];
  for (let i = 0; i <= MAX_TAB_STOPS + 12; i++) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => {
      const el = document.activeElement;
      const main = document.querySelector('main');
      if (!el || el === document.body || !main) return { done: true };
      const after = main === el || main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      return { done: after, html: el.outerHTML.slice(0, 100) };
    });
    if (at.done) break;
    stops.push(at.html);
  }
  if (stops.length <= MAX_TAB_STOPS) return [];
  return [{
    rule: 'tab-stops', impact: 'moderate',
    help: `${stops.length} tab stops before the main content (at most ${MAX_TAB_STOPS})`,
    nodes: stops.map((html) => ({ target: '', html })),
  }];
}

// WCAG 3.1.2 Language of Parts: where a link names a page in another language by its
// title, that title carries the page's lang.
async function checkLangOfParts(page, others) {
  if (Object.keys(others).length === 0) return [];
  const found = await inPage(page, (pages) => {
    const norm = (t) => t.replace(/\s+/g, ' ').trim();
    const primary = (l) => (l || '').toLowerCase().split('-')[0];
    const out = [];
    for (const a of document.querySelectorAll('a[href]')) {
      let u;
      try { u = new URL(a.href); } catch { continue; }
      if (u.origin !== location.origin) continue;
      const target = pages[decodeURI(u.pathname)];
      if (!target || !target.title || !norm(a.textContent).includes(target.title)) continue;
      let holder = a;
      for (const el of a.querySelectorAll('*')) if (norm(el.textContent).includes(target.title)) holder = el;
      const lang = holder.closest('[lang]')?.getAttribute('lang');
      if (primary(lang) !== primary(target.lang)) {
        out.push({ html: a.outerHTML.slice(0, 160), lang: lang || '', want: target.lang, title: target.title });
      }
    }
    return out;
  }, others);
  return found.map((f) => ({
    rule: 'lang-of-parts', impact: 'serious',
    help: `"${short(f.title, 60)}" is the title of a page in lang="${f.want}" but is shown in lang="${f.lang}" (WCAG 3.1.2)`,
    nodes: [{ target: '', html: f.html }],
  }));
}

// Forced colours (Windows contrast themes) drop background colours: a box drawn by its
// background alone vanishes. Each such box must keep an edge (a border).
async function checkForcedColours(page) {
  const marked = await inPage(page, () => {
    const colour = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/);
      if (!m) return null;
      const [r, g, b, a = '1'] = m[1].split(/[ ,/]+/).filter(Boolean);
      return Number(a) === 0 ? null : `${r},${g},${b}`;
    };
    const background = (el) => {
      for (let e = el; e; e = e.parentElement) {
        const c = colour(getComputedStyle(e).backgroundColor);
        if (c) return c;
      }
      return '255,255,255';
    };
    let n = 0;
    for (const el of document.body.querySelectorAll('*')) {
      // Images and other replaced elements keep their own colours.
      if (el.matches('img, svg, svg *, video, canvas, iframe, object, embed, input, select, textarea, button')) continue;
      const own = colour(getComputedStyle(el).backgroundColor);
      if (!own || own === background(el.parentElement)) continue;
      const r = el.getBoundingClientRect();
      if (r.width < 24 || r.height < 16 || r.right <= 0 || r.bottom <= 0 || window.__plainly.hidden(el)) continue;
      el.setAttribute('data-plainly-panel', String(n++));
    }
    return n;
  });
  if (marked === 0) return [];
  await page.emulateMedia({ forcedColors: 'active' });
  let found;
  try {
    found = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('[data-plainly-panel]')) {
        const s = getComputedStyle(el);
        const edge = ['Top', 'Right', 'Bottom', 'Left'].some((side) => parseFloat(s[`border${side}Width`]) > 0
          && !['none', 'hidden'].includes(s[`border${side}Style`]))
          || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0);
        el.removeAttribute('data-plainly-panel');
        if (!edge) out.push(el.outerHTML.slice(0, 160));
      }
      return out;
    });
  } finally {
    await page.emulateMedia({ forcedColors: 'none' });
  }
  if (found.length === 0) return [];
  return [{
    rule: 'forced-colours', impact: 'serious',
    help: 'In forced colours mode a box drawn only by its background colour vanishes: give it a border (transparent is enough)',
    nodes: found.map((html) => ({ target: '', html })),
  }];
}

// Print and "save as PDF", at the width of an A4 page: nothing wider than the page or
// cut off by a scrolling box, and headings h4 to h6 no smaller than the text.
async function checkPrint(page) {
  const before = page.viewportSize();
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: PRINT_WIDTH, height: 1123 });
  try {
    const found = await inPage(page, () => {
      const doc = document.documentElement;
      const wide = [];
      const clipped = [];
      const small = [];
      const body = parseFloat(getComputedStyle(document.body).fontSize);
      for (const el of document.body.querySelectorAll('*')) {
        const s = getComputedStyle(el);
        if (s.display === 'none' || window.__plainly.hidden(el)) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > doc.clientWidth + 1 && wide.length < 3) wide.push(el.outerHTML.slice(0, 160));
        const clips = (o) => o !== 'visible';
        if ((clips(s.overflowX) && el.scrollWidth > el.clientWidth + 1) && clipped.length < 3) clipped.push(el.outerHTML.slice(0, 160));
        if (el.matches('h4, h5, h6, [role="heading"]') && parseFloat(s.fontSize) + 0.01 < body && small.length < 3) {
          small.push(`${el.outerHTML.slice(0, 120)} (${s.fontSize} under ${body}px)`);
        }
      }
      return { wide, clipped, small };
    });
    const out = [];
    const node = (html) => ({ target: '', html });
    if (found.wide.length) out.push({ rule: 'print', impact: 'serious', help: `Printed on A4, content is wider than the page (${PRINT_WIDTH} px) and is cut off`, nodes: found.wide.map(node) });
    if (found.clipped.length) out.push({ rule: 'print', impact: 'serious', help: 'Printed, a box that scrolls on screen cuts off what does not fit', nodes: found.clipped.map(node) });
    if (found.small.length) out.push({ rule: 'print', impact: 'moderate', help: 'Printed, a heading is smaller than the text under it', nodes: found.small.map(node) });
    return out;
  } finally {
    await page.emulateMedia({ media: null });
    if (before) await page.setViewportSize(before);
  }
}

// Heading levels as a page shows them (aria-level where it is given), for the check that
// a publication's single-page view keeps each chapter's structure.
async function readHeadingLevels(page) {
  return inPage(page, () => {
    const sel = 'h1, h2, h3, h4, h5, h6, [role="heading"]';
    const level = (h) => Number(h.getAttribute('aria-level') || h.tagName.slice(1));
    const title = (h) => {
      if (!h) return '';
      const copy = h.cloneNode(true);
      for (const n of copy.querySelectorAll('.heading-number')) n.remove();
      return copy.textContent.replace(/\s+/g, ' ').trim();
    };
    const content = document.querySelector('main .content');
    return {
      title: title(document.querySelector('main h1')),
      levels: content && !content.closest('.single-chapter') ? [...content.querySelectorAll(sel)].map(level) : [],
      chapters: [...document.querySelectorAll('.single-chapter')].map((section) => ({
        title: title(section.querySelector(sel)),
        levels: [...section.querySelectorAll(sel.split(', ').map((h) => `.content ${h}`).join(', '))].map(level),
      })),
    };
  });
}

// Each chapter of a single-page view has the structure of the chapter's own page, one
// level down: no two levels merged.
function compareSinglePages(levels) {
  const byTitle = new Map();
  for (const [url, l] of levels) if (l.title && l.chapters.length === 0) byTitle.set(l.title, byTitle.has(l.title) ? null : { url, levels: l.levels });
  const out = [];
  for (const [url, l] of levels) {
    for (const chapter of l.chapters) {
      const own = byTitle.get(chapter.title);
      if (!own) continue;
      const want = own.levels.map((n) => n + 1);
      if (want.join() !== chapter.levels.join()) {
        out.push({
          rule: 'heading-levels', page: url, width: null, impact: 'serious',
          help: `The chapter "${short(chapter.title, 60)}" has heading levels ${chapter.levels.join(',')} here but ${own.levels.join(',')} on ${own.url}: each should be one level down (WCAG 1.3.1)`,
          nodes: [],
        });
      }
    }
  }
  return out;
}

// Tab once → the skip link; Enter → focus on <main id="main">.
async function checkKeyboard(browser, base, file, width, violations) {
  const url = urlPathOf(file);
  const context = await browser.newContext({ viewport: { width, height: HEIGHTS[width] } });
  const fail = (help, html = '') => violations.push({
    rule: 'keyboard-skip-link', page: url, width, impact: 'serious', help, nodes: html ? [{ target: '', html: short(html, 160) }] : [],
  });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await context.route((u) => u.origin !== base, (route) => route.abort('blockedbyclient'));
    await page.goto(base + url, { waitUntil: 'load' });
    await page.keyboard.press('Tab');
    const first = await page.evaluate(() => {
      const el = document.activeElement;
      const r = el ? el.getBoundingClientRect() : null;
      return el && {
        tag: el.tagName.toLowerCase(), href: el.getAttribute('href'), html: el.outerHTML,
        onScreen: !!r && r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth,
      };
    });
    if (!first || first.href !== '#main') {
      fail(`First Tab focuses ${first ? `<${first.tag}>` : 'nothing'}, not the skip link (an <a href="#main">)`, first?.html);
      return;
    }
    if (!first.onScreen) fail('The skip link is focused but not visible on screen when focused', first.html);
    await page.keyboard.press('Enter');
    const after = await page.evaluate(() => {
      const el = document.activeElement;
      return { isMain: !!el && el.tagName === 'MAIN' && el.id === 'main', html: el ? el.outerHTML.slice(0, 120) : '' };
    });
    if (!after.isMain) fail('Enter on the skip link does not move focus to <main id="main">', after.html);
  } finally {
    await context.close().catch(() => {});
  }
}

// With JavaScript off: a visible <main> with real text and a <nav> with a link.
async function checkNoJs(browser, base, file, violations) {
  const url = urlPathOf(file);
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 800 } });
  const fail = (help) => violations.push({ rule: 'no-javascript', page: url, width: 1280, impact: 'serious', help, nodes: [] });
  try {
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await context.route((u) => u.origin !== base, (route) => route.abort('blockedbyclient'));
    await page.goto(base + url, { waitUntil: 'load' });
    const main = page.locator('main').first();
    if ((await page.locator('main').count()) === 0) fail('No <main> element');
    else {
      if (!(await main.isVisible())) fail('<main> is not visible');
      const text = (await main.innerText()).replace(/\s+/g, ' ').trim();
      if (text.length <= 100) fail(`<main> has only ${text.length} characters of visible text: "${short(text, 80)}"`);
    }
    const navLinks = await page.locator('nav a[href]').count();
    if (navLinks === 0) fail('No <nav> element with a link');
  } finally {
    await context.close().catch(() => {});
  }
}

// ---------------------------------------------------------------- report

function formatWidth(v) {
  return v.widths ? `${v.widths.join('+')} px` : v.width ? `${v.width} px` : '';
}

// The same axe finding at both widths prints once, as "320+1280 px".
function mergeWidths(violations) {
  const merged = [];
  const byKey = new Map();
  for (const v of violations) {
    if (v.width == null) { merged.push(v); continue; }
    const key = JSON.stringify([v.rule, v.page, v.help, v.nodes.map((n) => n.target + n.html)]);
    const seen = byKey.get(key);
    if (seen) { if (!seen.widths.includes(v.width)) seen.widths.push(v.width); continue; }
    const copy = { ...v, widths: [v.width] };
    byKey.set(key, copy);
    merged.push(copy);
  }
  for (const v of merged) if (v.widths) v.widths.sort((a, b) => a - b);
  return merged;
}

function printViolation(v) {
  const where = [v.page, formatWidth(v)].filter(Boolean).join(' @ ');
  const impact = v.impact ? ` [${v.impact}]` : '';
  console.log(`✗ ${v.rule}${impact} ${where} — ${v.help}`);
  const shown = v.nodes.slice(0, 3).map((n) => [n.target, n.html].filter(Boolean).join('  ')).filter(Boolean);
  if (shown.length) {
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    console.log(`    ${shown.join('  |  ')}${more}`);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const started = Date.now();
  const opts = parseArgs(process.argv.slice(2));
  const siteDir = path.resolve(opts.siteDir);
  const st = await fsp.stat(siteDir).catch(() => null);
  if (!st || !st.isDirectory()) usage(`${opts.siteDir} is not a folder`);

  const files = (await findHtmlFiles(siteDir)).sort((a, b) => urlPathOf(a).localeCompare(urlPathOf(b)));
  if (files.length === 0) usage(`no .html files in ${opts.siteDir}`);

  // The Nu HTML Checker runs alongside the browser.
  const vnuPromise = runVnu(siteDir);

  const { chromium } = require('playwright-core');
  const axeSource = await fsp.readFile(require.resolve('axe-core/axe.min.js'));

  const violations = [];
  let server;
  let browser;
  const homeFile = files.find((f) => f === 'index.html');
  let chapterFile = null;
  for (const f of files) {
    if (f === 'index.html' || f === '404.html') continue;
    const html = await fsp.readFile(path.join(siteDir, f), 'utf8');
    if (/class\s*=\s*["'](?:[^"']*\s)?pagination(?:\s[^"']*)?["']/.test(html)) { chapterFile = f; break; }
  }
  // Each page's language and title (its h1), for the checks across pages.
  const site = { pages: new Map(), levels: new Map(), walked: new Map() };
  for (const f of files) {
    const html = await fsp.readFile(path.join(siteDir, f), 'utf8');
    const lang = (html.match(/<html[^>]*\slang="([^"]*)"/) || [])[1] || '';
    const h1 = (html.match(/<h1[^>]*>([\s\S]*?)<\/h1>/) || [])[1] || '';
    site.pages.set(urlPathOf(f), { lang, title: decodeEntities(h1.replace(/<[^>]*>/g, '')).replace(/\s+/g, ' ').trim() });
  }
  site.otherLanguages = (lang) => {
    const primary = (l) => l.toLowerCase().split('-')[0];
    return Object.fromEntries([...site.pages].filter(([, p]) => p.lang && primary(p.lang) !== primary(lang)));
  };
  const otherFile = chapterFile || files.find((f) => f !== 'index.html' && f !== '404.html');
  const keyboardFiles = [homeFile, otherFile].filter(Boolean);
  const noJsFiles = [homeFile, chapterFile].filter(Boolean);
  if (!homeFile) {
    violations.push({ rule: 'keyboard-skip-link', page: '/', width: null, impact: 'serious', help: 'No index.html in the site', nodes: [] });
    violations.push({ rule: 'no-javascript', page: '/', width: null, impact: 'serious', help: 'No index.html in the site', nodes: [] });
  }

  let browserSeconds = 0;
  let workers = [];
  try {
    server = await startServer(siteDir, { [AXE_URL_PATH]: ['text/javascript; charset=utf-8', axeSource] });
    const base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    const browserStarted = Date.now();

    const tasks = [
      ...files.map((f) => ({ name: `${urlPathOf(f)} (axe)`, page: urlPathOf(f), rule: 'page-error', axeFile: f })),
      ...keyboardFiles.flatMap((f) => WIDTHS.map((w) => ({ name: `${urlPathOf(f)} (keyboard, ${w} px)`, page: urlPathOf(f), rule: 'keyboard-skip-link', run: () => checkKeyboard(browser, base, f, w, violations) }))),
      ...noJsFiles.map((f) => ({ name: `${urlPathOf(f)} (no JavaScript)`, page: urlPathOf(f), rule: 'no-javascript', run: () => checkNoJs(browser, base, f, violations) })),
    ];
    workers = Array.from({ length: JOBS }, () => new AxeWorker(browser, base, violations, site));
    await runPool(tasks, JOBS, async (task, runner) => {
      const worker = workers[runner];
      try {
        const work = task.axeFile ? worker.check(task.axeFile) : task.run();
        await withTimeout(work, PAGE_TIMEOUT_MS, task.name);
      } catch (err) {
        violations.push({ rule: task.rule, page: task.page, width: null, impact: 'serious', help: `Check failed: ${short(err.message, 300)}`, nodes: [] });
        // A tab that failed or hung is not trusted with the next page.
        if (task.axeFile) await worker.close();
      }
    });
    await Promise.all(workers.map((w) => w.close()));
    violations.push(...compareSinglePages(site.levels));
    browserSeconds = (Date.now() - browserStarted) / 1000;
  } finally {
    if (browser) await browser.close().catch(() => {});
    if (server) {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    }
  }

  const vnu = await vnuPromise;
  violations.push(...vnu.violations);

  // ------------------------------------------------------------ report
  const order = (v) => [v.rule === 'html-validation' ? 1 : 0, v.page, v.rule, v.width ?? 0];
  const printed = mergeWidths(violations).sort((a, b) => {
    const x = order(a); const y = order(b);
    for (let i = 0; i < x.length; i++) { if (x[i] < y[i]) return -1; if (x[i] > y[i]) return 1; }
    return (a.line ?? 0) - (b.line ?? 0);
  });
  for (const v of printed) printViolation(v);
  if (printed.length) console.log('');

  const count = (pred) => printed.filter(pred).length;
  const axeCount = count((v) => v.axe);
  const htmlCount = count((v) => v.rule === 'html-validation');
  const kbCount = count((v) => v.rule === 'keyboard-skip-link');
  const noJsCount = count((v) => v.rule === 'no-javascript');
  const otherCount = printed.length - axeCount - htmlCount - kbCount - noJsCount;
  const seconds = (Date.now() - started) / 1000;
  const parts = [
    `${axeCount} axe violation${axeCount === 1 ? '' : 's'}`,
    `${htmlCount} HTML error${htmlCount === 1 ? '' : 's'}`,
    kbCount ? `keyboard: ${kbCount} failure${kbCount === 1 ? '' : 's'}` : 'keyboard ok',
    noJsCount ? `no-JS: ${noJsCount} failure${noJsCount === 1 ? '' : 's'}` : 'no-JS ok',
  ];
  if (otherCount) parts.push(`${otherCount} other (requests, cookies, page errors)`);
  console.log(`Checked ${files.length} page${files.length === 1 ? '' : 's'} at ${WIDTHS.join(' and ')} px: ${parts.join(', ')} — `
    + `${seconds.toFixed(1)} s (${(seconds / files.length).toFixed(2)} s per page)`);
  console.log(`  (browser ${browserSeconds.toFixed(1)} s with ${JOBS} tab${JOBS === 1 ? '' : 's'}, Nu HTML Checker ${vnu.seconds.toFixed(1)} s alongside)`);

  if (opts.json) {
    await fsp.writeFile(opts.json, JSON.stringify({ site: siteDir, pages: files.map(urlPathOf), seconds, violations }, null, 2) + '\n');
  }

  if (opts.expect) {
    const found = new Set(violations.map((v) => v.rule));
    const hit = opts.expect.filter((r) => found.has(r));
    const missed = opts.expect.filter((r) => !found.has(r));
    console.log(`Expected violations found: ${hit.length ? hit.join(', ') : 'none'}`);
    if (missed.length) {
      console.log(`Expected violations NOT found: ${missed.join(', ')}`);
      return 1;
    }
    return 0;
  }
  return violations.length === 0 ? 0 : 1;
}

export { startServer, urlPathOf };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then(
    (code) => { process.exitCode = code; },
    (err) => { console.error(`run.mjs: ${err && err.stack ? err.stack : err}`); process.exitCode = 1; },
  );
}
