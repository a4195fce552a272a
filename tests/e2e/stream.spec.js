// A large file streams in with progress, and Cancel leaves the previous results.
const { test, expect } = require('./fixtures');
const fs = require('fs');
const path = require('path');
const { KpiPage } = require('./page');

/**
 * Writes a generated file whole, once: tests run side by side may make the same one,
 * and a browser reading a file that is being written, or replaced, reads it short.
 * The file appears whole (a link to a finished copy) and is never replaced.
 */
function writeWhole(file, text) {
  const part = `${file}.${process.pid}.part`;
  fs.writeFileSync(part, text);
  try {
    fs.linkSync(part, file);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
  } finally {
    fs.unlinkSync(part);
  }
}

function bigLeadFile(rows) {
  const file = path.join(__dirname, 'test-results', `leads-${rows}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = ['Record ID,UTM Campaign,Lifecycle Stage,Create Date,Became a Customer Date,Amount'];
    for (let i = 0; i < rows; i++) {
      const won = i % 10 === 0;
      lines.push(`${i},campaign-${i % 50},${won ? 'customer' : 'lead'},2025-01-0${1 + (i % 9)},${won ? '2025-02-01' : ''},${won ? 100 : ''}`);
    }
    writeWhole(file, lines.join('\n') + '\n');
  }
  return file;
}

test('a large CRM export streams in with progress and finishes', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const file = bigLeadFile(400_000);
  await page.locator('[data-testid=csv-file]').setInputFiles(file);
  const progress = page.locator('[data-testid=import-progress]');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  expect(await progress.getAttribute('value')).toBe(await progress.getAttribute('max'));
  await expect(progress).toHaveAttribute('data-rows', '400000');
  await expect(page.locator('.progress-text')).toContainText('400,000 rows');
  await expect(ui.rows()).toHaveCount(50);
  await expect(ui.cell(ui.row('campaign-0'), 'conversion_rate')).toHaveAttribute('data-value', '100');
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', '10');
  // Too large to keep as text: the page says it will not be remembered.
  await expect(page.locator('.storage')).toContainText('too large to be remembered');
});

test('cancel stops an import and keeps the previous results', async ({ page }) => {
  const ui = new KpiPage(page);
  // The page's own streaming, whose reads are slowed below (Web Workers read the
  // file apart, and fast enough to end before the click).
  await page.addInitScript(() => { window.__prospectKpiWorkers = 0; });
  await ui.open('?lang=en');
  await ui.paste('campaign,leads,converted\nKept,100,5\n');
  await expect(ui.rows()).toHaveCount(1);
  // Slow the reads down so that Cancel comes in the middle.
  await page.evaluate(() => {
    const read = ReadableStreamBYOBReader.prototype.read;
    ReadableStreamBYOBReader.prototype.read = function (...a) {
      return new Promise((r) => setTimeout(() => r(read.apply(this, a)), 150));
    };
  });
  await page.locator('[data-testid=csv-file]').setInputFiles(bigLeadFile(400_000));
  await page.locator('[data-testid=import-cancel]').click();
  await expect(page.locator('[data-testid=import-progress]')).toHaveCount(0);
  await expect(ui.rows()).toHaveCount(1);
  await expect(ui.row('Kept')).toBeVisible();
});

test('a file that ends early while it is read is an error, never a shorter import', async ({ page }) => {
  const ui = new KpiPage(page);
  await page.addInitScript(() => { window.__prospectKpiWorkers = 0; });
  await ui.open('?lang=en');
  // The stream says it has ended a few reads in (as when the file changes on disk
  // after it was chosen).
  await page.evaluate(() => {
    const read = ReadableStreamBYOBReader.prototype.read;
    let calls = 0;
    ReadableStreamBYOBReader.prototype.read = function (view, ...rest) {
      calls += 1;
      if (calls === 3) {
        return Promise.resolve({ done: true, value: new Uint8Array(view.buffer, view.byteOffset, 0) });
      }
      return read.call(this, view, ...rest);
    };
  });
  await page.locator('[data-testid=csv-file]').setInputFiles(bigLeadFile(400_000));
  await expect(page.locator('[data-testid=import-progress]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(page.locator('.results .fatal')).toBeVisible();
  await expect(ui.rows()).toHaveCount(0);
});

// While a file streams, what the user does next wins: a paste or Clear stops the
// import, which never lands afterwards.
for (const next of ['paste', 'clear']) {
  test(`a ${next} while a file streams wins over the file`, async ({ page }) => {
    const ui = new KpiPage(page);
    await page.addInitScript(() => { window.__prospectKpiWorkers = 0; });
    await ui.open('?lang=en');
    await page.evaluate(() => {
      const read = ReadableStreamBYOBReader.prototype.read;
      ReadableStreamBYOBReader.prototype.read = function (...a) {
        return new Promise((r) => setTimeout(() => r(read.apply(this, a)), 100));
      };
    });
    if (next === 'clear') {
      await ui.paste('campaign,leads,converted\nOld,100,5\n');
      await expect(ui.rows()).toHaveCount(1);
    }
    await page.locator('[data-testid=csv-file]').setInputFiles(bigLeadFile(400_000));
    await expect(page.locator('[data-testid=import-progress]')).toBeVisible();
    if (next === 'paste') {
      await ui.paste('campaign,leads,converted\nPasted,100,5\n');
      await expect(ui.row('Pasted')).toBeVisible();
    } else {
      await page.getByRole('button', { name: 'Clear the data' }).click();
      await expect(ui.rows()).toHaveCount(0);
    }
    await expect(page.locator('[data-testid=import-progress]')).toHaveCount(0);
    // Long enough for the whole file to have streamed in, had it not been stopped.
    await page.waitForTimeout(3000);
    await expect(ui.rows()).toHaveCount(next === 'paste' ? 1 : 0);
  });
}

// A large lead file is cut in parts read by Web Workers at once and merged: the
// numbers are those of the page reading it alone, with quoted line breaks, lost
// reasons, bad rows and several dimensions.
function partsFile() {
  const file = path.join(__dirname, 'test-results', 'leads-parts.csv');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = ['Deal ID,Campaign,Source,Owner,Created,Won date,Stage,Lost reason,Amount,Notes'];
    for (let i = 0; i < 120_000; i++) {
      const stage = ['won', 'lost', 'new', 'contacted'][i % 4];
      const note = i % 97 === 0 ? '"a note\non two lines"' : (i % 89 === 0 ? '"a, b"' : '');
      const amount = i % 1001 === 0 ? 'oops' : `${i % 700}.25`;
      lines.push(`${i},C${i % 23},src${i % 4},rep ${i % 7},2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')},${stage === 'won' ? '2025-12-20' : ''},${stage},${['Price', '', 'Timing'][i % 3]},${amount},${note}`);
    }
    writeWhole(file, lines.join('\n') + '\n');
  }
  return file;
}

async function importWith(page, workers) {
  await page.addInitScript((n) => { window.__prospectKpiWorkers = n; }, workers);
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.locator('[data-testid=csv-file]').setInputFiles(partsFile());
  await expect(page.locator('[data-testid=import-progress]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(ui.rows()).toHaveCount(23);
  // The lost-reasons chart draws a few tasks after the table (the comparison last).
  await expect(page.locator('[data-testid=compare]')).toBeAttached();
  await expect(page.locator('[data-testid=chart][data-chart=lost-reasons]')).toBeAttached();
  // Every cell of every row, the total's, the row errors and the lost reasons.
  return page.evaluate(() => ({
    cells: [...document.querySelectorAll('[data-testid=campaign-row], [data-testid=total-row]')]
      .map((r) => [...r.querySelectorAll('[data-kpi]')].map((c) => `${c.dataset.kpi}=${c.dataset.value}`).join(' ')),
    errors: document.querySelector('[data-testid=import-error]')?.textContent ?? '',
    reasons: document.querySelector('[data-testid=chart][data-chart=lost-reasons]')?.textContent ?? '',
    workers: (window.__prospectKpiImportWorkers || []).length,
  }));
}

test('a large lead file is read by Web Workers in parts, with the numbers of one reading', async ({ browser }) => {
  const alone = await importWith(await browser.newPage(), 0);
  const parts = await importWith(await browser.newPage(), 3);
  expect(alone.workers).toBe(0);
  expect(parts.workers).toBe(3);
  expect(alone.cells.length).toBe(24);
  expect(alone.errors).toContain('oops');
  expect(parts.cells).toEqual(alone.cells);
  expect(parts.errors).toEqual(alone.errors);
  expect(parts.reasons).toEqual(alone.reasons);
  expect(alone.reasons).toContain('Price');
});

test('heading for the file picker warms the import workers and this thread (not before, not for a paste), and a warm import reads as a cold one', async ({ browser }) => {
  const page = await browser.newPage();
  await page.addInitScript(() => { window.__prospectKpiWorkers = 2; });
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  // Nothing is warmed for a user who only types numbers, or pastes (never by workers).
  await page.locator('[data-testid=csv-input]').focus();
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => [window.__prospectKpiWarm, window.__prospectKpiWarmHere])).toEqual([undefined, undefined]);
  await page.hover('section.import .drop');
  await page.waitForFunction(() => window.__prospectKpiWarm === true && window.__prospectKpiWarmHere === true, null, { timeout: 20_000 });
  // The page's own import is untouched by this thread's made-up ones.
  await expect(ui.rows()).toHaveCount(0);
  await page.locator('[data-testid=csv-file]').setInputFiles(partsFile());
  await expect(page.locator('[data-testid=import-progress]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(ui.rows()).toHaveCount(23);
  await expect(page.locator('[data-testid=compare]')).toBeAttached();
  const warm = await page.evaluate(() => ({
    cells: [...document.querySelectorAll('[data-testid=campaign-row], [data-testid=total-row]')]
      .map((r) => [...r.querySelectorAll('[data-kpi]')].map((c) => `${c.dataset.kpi}=${c.dataset.value}`).join(' ')),
    workers: (window.__prospectKpiImportWorkers || []).length,
  }));
  expect(warm.workers).toBe(2);
  const alone = await importWith(await browser.newPage(), 0);
  expect(warm.cells).toEqual(alone.cells);
  // The import took the workers made ready; heading for the picker again readies
  // others, and the next import reads the same.
  expect(await page.evaluate(() => window.__prospectKpiWorkersReady)).toBe(0);
  await page.mouse.move(0, 0);
  await page.hover('section.import .drop');
  await page.waitForFunction(() => window.__prospectKpiWorkersReady === 2, null, { timeout: 20_000 });
  await page.evaluate(() => { window.__prospectKpiImportWorkers = undefined; });
  await page.locator('[data-testid=csv-file]').setInputFiles(partsFile());
  await page.waitForFunction(() => (window.__prospectKpiImportWorkers || []).length === 2, null, { timeout: 60_000 });
  await expect(page.locator('[data-testid=import-progress]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(ui.rows()).toHaveCount(23);
  const again = await page.evaluate(() => [...document.querySelectorAll('[data-testid=campaign-row], [data-testid=total-row]')]
    .map((r) => [...r.querySelectorAll('[data-kpi]')].map((c) => `${c.dataset.kpi}=${c.dataset.value}`).join(' ')));
  expect(again).toEqual(alone.cells);
});

test('a large file that is not read in parts (an aggregate file) leaves the workers made ready for the next one', async ({ page }) => {
  const file = path.join(__dirname, 'test-results', 'aggregate-large.csv');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = ['campaign,cost,leads,converted,revenue'];
    for (let i = 0; i < 100_000; i++) lines.push(`Campaign ${i % 50},${100 + (i % 7)},${10 + (i % 5)},${i % 3},${(i % 11) * 100}`);
    writeWhole(file, `${lines.join('\n')}\n`);
  }
  expect(fs.statSync(file).size).toBeGreaterThan(2 << 20);
  await page.addInitScript(() => { window.__prospectKpiWorkers = 2; });
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.hover('section.import .drop');
  await page.waitForFunction(() => window.__prospectKpiWarm === true && window.__prospectKpiWorkersReady === 2, null, { timeout: 20_000 });
  await page.locator('[data-testid=csv-file]').setInputFiles(file);
  await expect(page.locator('[data-testid=import-progress]')).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
  await expect(ui.rows()).toHaveCount(50);
  expect(await page.evaluate(() => [window.__prospectKpiImportWorkers, window.__prospectKpiWorkersReady])).toEqual([undefined, 2]);
  // The lead file that follows takes them.
  await page.locator('[data-testid=csv-file]').setInputFiles(partsFile());
  await page.waitForFunction(() => (window.__prospectKpiImportWorkers || []).length === 2, null, { timeout: 60_000 });
  expect(await page.evaluate(() => window.__prospectKpiWorkersReady)).toBe(0);
});
