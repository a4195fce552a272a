// Where the page spends its time: a CPU profile of one scenario, summed by function
// (self time), on a build that keeps the wasm's function names (`make profile-browser`
// builds it into target/profdist). Usage: node profile.js sort|regroup|refilter|keystroke|paste|import
// Environment: PROFILE_FILE=path the file the import scenario reads; WORKERS=n import workers (0: none); TOP=n lines; LAST_MS=n only the last n ms;
// AFTER_MS=n sample n ms more after the scenario; TASKS=n list each busy stretch (each task, with TRACE=1) over n ms
// with its top TASK_TOP=n functions; TRACE=1 the browser's own
// work by trace event (style, layout, paint); STACKS=1 what forced a layout; INCLUSIVE=1
// each function's time with its callees.
const { chromium } = require('playwright-core');
const fs = require('fs');
const http = require('http');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const dist = process.env.PROFILE_DIST || path.join(root, 'target', 'profdist');
const data = process.env.PROFILE_FILE ? path.resolve(process.env.PROFILE_FILE) : path.join(root, 'target', 'bench-data', 'leads-1000000.csv');
const scenario = process.argv[2] || 'sort';
const PORT = 4181;

const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  const file = path.join(dist, url.pathname === '/' ? 'index.html' : url.pathname);
  fs.readFile(file, (err, body) => {
    if (err) { res.writeHead(404); return res.end(); }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    res.end(body);
  });
});

function campaigns(n) {
  let csv = 'campaign,channel,owner,period,cost,leads,contacted,meetings,qualified,converted,abandoned,revenue\n';
  for (let i = 0; i < n; i++) {
    const leads = 100 + ((i * 37) % 900);
    const month = String(1 + (i % 12)).padStart(2, '0');
    csv += `Campaign ${i},channel ${i % 10},rep ${i % 25},2025-${month},${1000 + i * 7},${leads},${leads - 10},${(leads / 4) | 0},${(leads / 5) | 0},${(leads / 20) | 0},${(leads / 10) | 0},${leads * 90}\n`;
  }
  return csv;
}

(async () => {
  await new Promise((r) => server.listen(PORT, '127.0.0.1', r));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage();
  // WORKERS=n: the page may use n import workers (0: it imports on its own thread,
  // which this profile sees; a worker's time is not in it).
  if (process.env.WORKERS !== undefined) await page.addInitScript((n) => { window.__prospectKpiWorkers = n; }, Number(process.env.WORKERS));
  await page.goto(`http://127.0.0.1:${PORT}/index.html?lang=en&cost=5000&leads=200`);
  await page.waitForSelector('[data-testid=kpi-card]');
  if (scenario !== 'import' && scenario !== 'paste') {
    await page.locator('[data-testid=csv-input]').fill(campaigns(1000));
    await page.waitForFunction(() => document.querySelector('.show-all') && document.querySelector('[data-testid=compare]'));
  }
  const tracing = process.env.TRACE === '1';
  if (tracing) await browser.startTracing(page, { categories: ['toplevel', 'devtools.timeline', 'blink', 'blink.user_timing', 'v8.execute', 'disabled-by-default-devtools.timeline.stack'] });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  if (scenario === 'sort') {
    await page.evaluate(async () => {
      const next = () => new Promise((r) => setTimeout(r, 0));
      for (let i = 0; i < 20; i++) {
        document.querySelectorAll('.results-table thead button.sort')[1 + (i % 5)].click();
        await next();
      }
    });
  } else if (scenario === 'regroup' || scenario === 'refilter') {
    await page.evaluate(async (refilter) => {
      // As the bench measures it, from a settled page: the change, its DOM (Yew
      // renders in a microtask), the layout forced, marked for the trace; then the
      // later tasks, apart.
      const observer = new MutationObserver(() => {});
      const change = async (el, value) => {
        await new Promise((r) => setTimeout(r, 100));
        el.value = value;
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        performance.mark('regroup');
        el.dispatchEvent(new Event('change', { bubbles: true }));
        for (let seen = 0, n = -1; !(seen && !n);) {
          await Promise.resolve();
          n = observer.takeRecords().length;
          seen += n;
        }
        void document.body.offsetHeight;
        performance.mark('regrouped');
        observer.disconnect();
      };
      for (let i = 0; i < 20; i++) {
        if (refilter) {
          await change(document.querySelector('[data-testid=filter][data-dim=channel]'), i % 2 ? '' : `channel ${i % 10}`);
        } else {
          await change(document.querySelector('[data-testid=group-by]'), ['channel', 'campaign', 'owner', 'campaign'][i % 4]);
        }
      }
      await new Promise((r) => setTimeout(r, 100));
    }, scenario === 'refilter');
  } else if (scenario === 'keystroke') {
    await page.evaluate(async () => {
      const next = () => new Promise((r) => setTimeout(r, 0));
      const input = document.querySelector('[data-input=cost]');
      for (let i = 0; i < 60; i++) {
        input.value = String(5000 + i);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await next();
      }
    });
  } else if (scenario === 'paste') {
    // One input event, as a real paste makes (Playwright's fill makes one per line).
    await page.evaluate((csv) => {
      const t = document.querySelector('[data-testid=csv-input]');
      t.value = csv;
      t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
    }, campaigns(1000));
    await page.waitForFunction(() => document.querySelector('.show-all'));
  } else {
    await page.setInputFiles('[data-testid=csv-file]', data);
    await page.waitForSelector('[data-testid=import-progress][data-done=true]', { timeout: 120000 });
  }
  const wall = Date.now() - t0;
  // AFTER_MS=n: go on sampling n ms after the scenario's end (the results' later tasks).
  if (process.env.AFTER_MS) await page.waitForTimeout(Number(process.env.AFTER_MS));
  const { profile } = await cdp.send('Profiler.stop');
  if (tracing) {
    // Time by trace event (complete events on the renderer's main thread, nested
    // events counted in their parents too): how much is script, style, layout, paint.
    const events = JSON.parse(await browser.stopTracing()).traceEvents;
    const main = events.find((e) => e.name === 'thread_name' && e.args.name === 'CrRendererMain');
    const sums = new Map();
    for (const e of events) {
      if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
      sums.set(e.name, (sums.get(e.name) || 0) + e.dur / 1000);
    }
    // The regroup scenario marks each change and the end of its measure (as the
    // bench measures it): the browser's work inside those windows, per change.
    const starts = events.filter((e) => e.name === 'regroup' && e.cat.includes('user_timing')).map((e) => e.ts).sort((a, b) => a - b);
    const ends = events.filter((e) => e.name === 'regrouped' && e.cat.includes('user_timing')).map((e) => e.ts).sort((a, b) => a - b);
    if (starts.length && starts.length === ends.length) {
      const inWindow = new Map();
      let wall = 0;
      starts.forEach((t0, i) => {
        wall += (ends[i] - t0) / 1000;
        for (const e of events) {
          if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== 'X' || !e.dur) continue;
          if (e.ts >= t0 && e.ts + e.dur <= ends[i]) inWindow.set(e.name, (inWindow.get(e.name) || 0) + e.dur / 1000);
        }
      });
      console.log(`measured windows: ${starts.length}, ${(wall / starts.length).toFixed(1)} ms each on average; per window:`);
      [...inWindow.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)
        .forEach(([n, t]) => console.log(`${(t / starts.length).toFixed(2).padStart(8)} ms  ${n}`));
    }
    if (process.env.STACKS) {
      const why = new Map();
      for (const e of events) {
        if (e.name !== 'Layout') continue;
        if (!e.args || !e.args.beginData || !e.args.beginData.stackTrace) continue;
        const k = e.args.beginData.stackTrace.slice(0, 3).map((f) => f.functionName).join(' < ');
        why.set(k, (why.get(k) || 0) + (e.dur || 0) / 1000);
      }
      console.log('layouts forced by:', [...why.entries()]);
      console.log('layouts (ms dirty/total objects):', events.filter((e) => e.name === 'Layout' && e.dur > 500)
        .map((e) => `${(e.dur / 1000).toFixed(1)} ${e.args?.beginData?.dirtyObjects}/${e.args?.beginData?.totalObjects}`).join(', '));
    }
    // TASKS=n with TRACE=1: the main thread's tasks over n ms, by the trace.
    if (process.env.TASKS) {
      global.longTasks = events.filter((e) => main && e.pid === main.pid && e.tid === main.tid
        && /RunTask/.test(e.name) && e.dur >= Number(process.env.TASKS) * 1000);
      console.log('tasks over', process.env.TASKS, 'ms:', global.longTasks.map((e) => `${e.name} ${(e.dur / 1000).toFixed(1)}`).join(', '));
    }
    [...sums.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)
      .forEach(([n, t]) => console.log(`${t.toFixed(1).padStart(9)} ms  ${n}`));
  }
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas;
  let total = 0;
  // LAST_MS=n: only the samples of the last n ms (what the import's end costs).
  let ts = profile.startTime;
  const stamps = dt.map((d) => (ts += d));
  const from = process.env.LAST_MS ? profile.endTime - Number(process.env.LAST_MS) * 1000 : -Infinity;
  // INCLUSIVE=1: each function's time with what it calls (once per sample, however
  // deep the recursion): where a spread-out cost comes from.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const nameOf = (f) => `${f.functionName || '(anonymous)'} ${f.url ? path.basename(f.url) : ''}`;
  // A sample's function, or with INCLUSIVE every function on its stack.
  const names = (id) => {
    if (!process.env.INCLUSIVE) return [nameOf(byId.get(id).callFrame)];
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) seen.add(nameOf(byId.get(n).callFrame));
    return seen;
  };
  // TASKS=n: each stretch of busy samples (between idle ones) longer than n ms, with
  // its own top functions: what a long task is made of.
  if (process.env.TASKS) {
    const min = Number(process.env.TASKS);
    let run = null;
    const matched = new Map();
    const matchedTasks = [];
    const flush = () => {
      // TASK_MATCH=re: only the tasks where a function matches (with INCLUSIVE, a
      // caller too), summed at the end.
      const match = process.env.TASK_MATCH && new RegExp(process.env.TASK_MATCH);
      if (run && run.ms >= min && (!match || [...run.self.keys()].some((n) => match.test(n)))) {
        if (match) for (const [n, t] of run.self) matched.set(n, (matched.get(n) || 0) + t);
        matchedTasks.push(run.ms);
        const top = [...run.self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TASK_TOP || 8))
          .map(([n, t]) => `      ${t.toFixed(1).padStart(6)} ms  ${n.slice(0, 110)}`).join('\n');
        console.log(`busy ${run.ms.toFixed(1)} ms at ${((run.start - profile.startTime) / 1000).toFixed(0)} ms:\n${top}`);
      }
      run = null;
    };
    // With the trace, a stretch is one task of the trace's; else busy samples
    // between idle ones.
    const tasks = global.longTasks || [];
    const taskOf = (ts) => tasks.find((e) => ts >= e.ts && ts < e.ts + e.dur);
    let current = null;
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const t = (dt[i] || 0) / 1000;
      if (global.longTasks) {
        const task = taskOf(stamps[i]);
        if (task !== current) { flush(); current = task; }
        if (!task) return;
      } else if (f.functionName === '(idle)') return flush();
      run = run || { start: stamps[i], ms: 0, self: new Map() };
      run.ms += t;
      for (const name of names(id)) run.self.set(name, (run.self.get(name) || 0) + t);
    });
    flush();
    if (process.env.TASK_MATCH) {
      console.log(`${matchedTasks.length} tasks matched, median ${[...matchedTasks].sort((a, b) => a - b)[matchedTasks.length >> 1]?.toFixed(1)} ms; per task:`);
      [...matched.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 45))
        .forEach(([n, t]) => console.log(`${(t / matchedTasks.length).toFixed(2).padStart(8)} ms  ${n.slice(0, 110)}`));
    }
  }
  profile.samples.forEach((id, i) => {
    if (stamps[i] < from) return;
    const t = (dt[i] || 0) / 1000;
    total += t;
    for (const name of names(id)) self.set(name, (self.get(name) || 0) + t);
  });
  console.log(`${scenario}: ${wall} ms wall, ${total.toFixed(0)} ms sampled`);
  [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP || 45))
    .forEach(([name, t]) => console.log(`${t.toFixed(1).padStart(9)} ms  ${(100 * t / total).toFixed(1).padStart(5)} %  ${name.slice(0, 110)}`));
  await browser.close();
  server.close();
})();
