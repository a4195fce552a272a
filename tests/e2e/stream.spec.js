// A large file streams in with progress, and Cancel leaves the previous results.
const { test, expect } = require('./fixtures');
const fs = require('fs');
const path = require('path');
const { KpiPage } = require('./page');

function bigLeadFile(rows) {
  const file = path.join(__dirname, 'test-results', `leads-${rows}.csv`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lines = ['Record ID,UTM Campaign,Lifecycle Stage,Create Date,Became a Customer Date,Amount'];
    for (let i = 0; i < rows; i++) {
      const won = i % 10 === 0;
      lines.push(`${i},campaign-${i % 50},${won ? 'customer' : 'lead'},2025-01-0${1 + (i % 9)},${won ? '2025-02-01' : ''},${won ? 100 : ''}`);
    }
    fs.writeFileSync(file, lines.join('\n') + '\n');
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

// While a file streams, what the user does next wins: a paste or Clear stops the
// import, which never lands afterwards.
for (const next of ['paste', 'clear']) {
  test(`a ${next} while a file streams wins over the file`, async ({ page }) => {
    const ui = new KpiPage(page);
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
