// Workbooks in the page (contract §3, issue "the files users really have"): read by a
// worker loaded only when one is opened, typed cells as values, errors naming their
// cell, and a sheet picker.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const fixture = (name) => path.join(__dirname, '..', 'fixtures', 'workbooks', name);

test('an .xlsx opens on its first sheet with a header, and another sheet can be picked', async ({ page }) => {
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  // The first load does not fetch the workbook reader.
  expect(requests.filter((u) => u.includes('prospect-kpi-workbook'))).toEqual([]);
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('campaigns.xlsx'));
  await expect(ui.rows()).toHaveCount(3);
  expect(requests.some((u) => u.includes('prospect-kpi-workbook'))).toBe(true);
  // Number cells whatever their format; two months of "Printemps" pooled.
  await expect(ui.cell(ui.row('Printemps'), 'cost_per_lead')).toHaveAttribute('data-value', /^25\.71/);
  await expect(ui.errors().first()).toContainText('Campagnes!D6');
  await expect(ui.warnings().first()).toContainText('Campagnes, line 7');
  // The months of the date cells are periods.
  await page.locator('[data-testid=group-by]').selectOption('period');
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', '2025-03');
  const sheet = page.locator('[data-testid=sheet]');
  await expect(sheet).toHaveValue('Campagnes');
  await sheet.selectOption('Notes');
  await expect(page.locator('.fatal')).toContainText('No recognisable header');
  await page.locator('[data-testid=sheet]').selectOption('Campagnes');
  await expect(ui.rows()).toHaveCount(2);
});

test('LibreOffice and old Excel workbooks, French', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('leads.ods'));
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.row('Printemps'), 'sales_cycle_days')).toHaveAttribute('data-value', '10');
  await expect(page.locator('.summary')).toContainText('Fichier de leads');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('campaigns.xls'));
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.total(), 'cost_per_lead')).toHaveAttribute('data-value', '10');
  await page.locator('section.results').screenshot({ path: path.join(__dirname, 'screenshots', 'workbook-fr.png') });
});

test('hostile workbooks get one clear message and the page keeps working', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const hostile = (name) => path.join(__dirname, '..', 'fixtures', 'workbooks', 'hostile', name);
  for (const [name, says] of [['bomb.xlsx', 'too large'], ['protected.xlsx', 'password'], ['malformed.xlsx', 'cannot be opened'],
    ['cyclic-chain.xls', 'damaged'], ['parser-panic.xls', 'damaged']]) {
    await page.locator('[data-testid=csv-file]').setInputFiles(hostile(name));
    await expect(page.locator('.fatal')).toContainText(says);
  }
  // Cells at both corners of a sheet, and a CSV named .xlsx.
  await page.locator('[data-testid=csv-file]').setInputFiles(hostile('corners.xlsx'));
  await expect(ui.rows()).toHaveCount(1);
  await page.locator('[data-testid=csv-file]').setInputFiles(hostile('really-a-csv.xlsx'));
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', '5');
  await ui.type({ cost: '100', leads: '4' });
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
});

// Salesforce's "Excel Format .xls" is an HTML table (Windows-1252 here), a title row
// above its header and a footer table below it: read as a sheet, in both languages.
for (const [lang, width] of [['en', 1280], ['fr', 375]]) {
  test(`a Salesforce report exported as .xls (an HTML table) opens as a sheet (${lang}, ${width}px)`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await page.locator('[data-testid=csv-file]').setInputFiles(fixture('salesforce-report.xls'));
    // Grouped by its lead source (no campaign column): Web, Phone Inquiry.
    await expect(ui.rows()).toHaveCount(2);
    const rate = await ui.cell(ui.total(), 'conversion_rate').getAttribute('data-value');
    expect(Number(rate)).toBeCloseTo(200 / 3, 6);
    await expect(ui.errors()).toHaveCount(1);
    await expect(ui.errors().first()).toHaveAttribute('data-line', '5');
    await expect(ui.errors().first()).toContainText('Amount');
    await expect(page.locator('[data-testid=sheet]')).toHaveCount(0);
    await page.locator('[data-testid=group-by]').selectOption('owner');
    await expect(ui.row('Chloé Petit')).toHaveCount(1);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(width);
    await page.locator('section.results').screenshot({ path: path.join(__dirname, 'screenshots', `salesforce-xls-${lang}-${width}.png`) });
  });
}
