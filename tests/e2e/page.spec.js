// The calculator page, driven as a user would, through the contract's hooks.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const fixture = (name) => path.join(__dirname, '..', 'fixtures', name);

test('typing numbers gives the KPI values, formatted for the language', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.type({ cost: '5000', leads: '200', converted: '10', revenue: '20000' });
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
  await expect(ui.card('conversion_rate')).toHaveAttribute('data-value', '5');
  await expect(ui.card('roi')).toHaveAttribute('data-value', '300');
  await expect(ui.card('cost_per_lead').locator('.value')).toHaveText('€25.00');
  await expect(ui.card('cost_per_lead')).toContainText('€5,000.00 ÷ 200 leads = €25.00');
  await expect(ui.card('response_rate')).toHaveAttribute('data-value', '');
  await expect(ui.card('response_rate')).toContainText('Enter the number of responses.');

  await ui.open('?lang=fr');
  await ui.type({ cost: '1 234,5', leads: '100' });
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '12.345');
  await expect(ui.card('cost_per_lead').locator('.value')).toHaveText(/^12,35\s€$/);
});

test('an invalid entry is flagged beside its field and kept', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.type({ leads: '-3' });
  await expect(ui.field('leads')).toHaveValue('-3');
  await expect(ui.field('leads')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.field.invalid .field-error')).toHaveText('Cannot be negative.');
  await ui.type({ cost: '100', leads: '0' });
  await expect(ui.card('cost_per_lead')).toContainText('—');
  await expect(ui.card('cost_per_lead')).toContainText('nothing to divide by');
});

test('pasting a CSV gives rows, pooled totals and errors on the right lines', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste([
    'Campaign\tCost\tLeads\tCustomers\tRevenue',
    'Spring\t5000\t200\t10\t20000',
    '"Two',
    'lines"\t1000\t50\t5\t5000',
    'Broken\tn/a\t10\t1\t100',
    'Total\t6000\t250\t15\t24000',
  ].join('\n'));
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.row('Spring'), 'cost_per_lead')).toHaveAttribute('data-value', '25');
  await expect(ui.cell(ui.total(), 'cost_per_lead')).toHaveAttribute('data-value', '24');
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', '6');
  await expect(ui.errors()).toHaveCount(1);
  await expect(ui.errors().first()).toHaveAttribute('data-line', '5');
  await expect(ui.errors().first()).toContainText('n/a');
  await expect(ui.warnings().first()).toHaveAttribute('data-line', '6');
  await expect(page.locator('.summary')).toHaveText('Pasted campaigns: 2 campaigns from 4 rows; 2 rows left out.');
  // Best and worst are marked; sorting orders the rows.
  await expect(ui.cell(ui.row('Spring'), 'roi')).toHaveClass(/worst/);
  await page.getByRole('button', { name: 'Return on investment (ROI)' }).click();
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', 'Two\nlines');
  // A campaign opens in the calculator.
  await ui.row('Spring').getByRole('button', { name: 'Open' }).click();
  await expect(ui.field('leads')).toHaveValue('200');
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
});

test('uploading a CRM export, then entering each campaign cost', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('leads_hubspot.csv'));
  await expect(ui.rows()).toHaveCount(3);
  await expect(ui.cell(ui.row('spring'), 'conversion_rate')).toHaveAttribute('data-value', '50');
  await expect(ui.cell(ui.row('spring'), 'sales_cycle_median_days')).toHaveAttribute('data-value', '15');
  await expect(ui.cell(ui.row('spring'), 'cost_per_lead')).toHaveAttribute('data-value', '');
  await ui.row('spring').locator('[data-testid=campaign-cost]').fill('1 000');
  await expect(ui.cell(ui.row('spring'), 'cost_per_lead')).toHaveAttribute('data-value', '250');
  await expect(ui.cell(ui.row('spring'), 'roi')).toHaveAttribute('data-value', '200');
  await expect(ui.errors().first()).toHaveAttribute('data-line', '10');
  // A Windows-1252 file from French Excel keeps its accents.
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('aggregate_fr_cp1252.csv'));
  await expect(ui.row('Été prospection')).toBeVisible();
});

test('typing a campaign cost far down a long lead table keeps the field and its caret', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const lines = ['campaign,created,stage'];
  for (let i = 0; i < 30; i++) lines.push(`C${i},2025-01-0${1 + (i % 9)},won`, `C${i},2025-02-0${1 + (i % 9)},lost`);
  await ui.paste(lines.join('\n'));
  await expect(ui.rows()).toHaveCount(30);
  const field = ui.row('C20').locator('[data-testid=campaign-cost]');
  await field.click();
  // Key by key, as a person types: each one is a new import of the costs.
  await field.pressSequentially('1500', { delay: 30 });
  await expect(field).toHaveValue('1500');
  await expect(field).toBeFocused();
  await expect(ui.cell(ui.row('C20'), 'cost_per_lead')).toHaveAttribute('data-value', '750');
});

test('dropping a file on the drop zone imports it', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const text = require('fs').readFileSync(fixture('aggregate_en.csv'), 'latin1');
  const dataTransfer = await page.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'campaigns.csv', { type: 'text/csv' }));
    return dt;
  }, text);
  await page.dispatchEvent('.drop', 'drop', { dataTransfer });
  await expect(ui.rows()).toHaveCount(4);
  await expect(page.locator('.file-name')).toContainText('campaigns.csv');
  await expect(ui.errors().first()).toHaveAttribute('data-line', '5');
});

test('remapping a column that was not recognised', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste([
    // `Deal - Won time` would be recognised (contract §2, entity prefixes): these
    // headers are not.
    'Deal title,Campaign tag,Won on,Deal amount',
    'Acme,spring,2025-03-02,1000',
    'Globex,spring,,',
    'Initech,autumn,2025-04-01,500',
  ].join('\n'));
  await expect(page.locator('.fatal')).toContainText('No recognisable header');
  const map = (column) => page.locator(`[data-testid=column-map][data-column="${column}"]`);
  await map('Won on').selectOption('converted');
  await expect(ui.rows()).toHaveCount(1);
  await map('Campaign tag').selectOption('campaign');
  await map('Deal amount').selectOption('revenue');
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.row('spring'), 'conversion_rate')).toHaveAttribute('data-value', '50');
  await expect(ui.cell(ui.row('spring'), 'average_deal_value')).toHaveAttribute('data-value', '1000');
  // Ignoring a column updates the results at once.
  await map('Deal amount').selectOption('');
  await expect(ui.cell(ui.row('spring'), 'average_deal_value')).toHaveAttribute('data-value', '');
});

for (const lang of ['en', 'fr']) {
  test(`a wrong column choice is said once per column and can be undone (${lang})`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    const lines = ['campaign,Last Name,leads,converted'];
    for (let i = 0; i < 40; i++) lines.push(`C${i},Dupont ${i},100,${i % 7}`);
    // Pasted in French, a file in English: both ways of reading again.
    if (lang === 'fr') {
      // The example table is in French, with headers the import reads.
      await expect(page.locator('[data-testid=csv-input]')).toHaveAttribute('placeholder', /^campagne;coût;leads;convertis/);
      await ui.paste(lines.join('\n'));
      await expect(page.locator('.summary')).toContainText('Campagnes collées : 40 campagnes sur 40 lignes');
    } else {
      await page.locator('[data-testid=csv-file]').setInputFiles({
        name: 'campaigns.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')),
      });
    }
    await expect(ui.rows()).toHaveCount(40);
    await page.locator('[data-testid=column-map][data-column="Last Name"]').selectOption('leads');
    const group = page.locator('[data-testid=import-error-group]');
    await expect(group).toHaveCount(1);
    await expect(group).toHaveAttribute('data-column', 'Last Name');
    await expect(group).toHaveAttribute('data-rows', '40');
    await expect(group).toContainText(lang === 'en'
      ? '40 rows left out: column “Last Name” is not a number (first: line 2, “Dupont 0”).'
      : '40 lignes écartées : colonne « Last Name » n\'est pas un nombre (première : ligne 2, « Dupont 0 »).');
    // The rows one by one stay in the page, folded.
    await expect(ui.errors()).toHaveCount(40);
    await expect(ui.errors().first()).toBeHidden();
    // The whole page: an element shot of the messages came out blank after a file.
    await page.screenshot({ path: require('path').join(__dirname, 'screenshots', `grouped-errors-${lang}.png`), fullPage: true });
    await expect(page.locator('[data-testid=undo-mapping]')).toContainText(lang === 'en' ? '“Last Name”' : '« Last Name »');
    await page.locator('[data-testid=undo-mapping]').click();
    await expect(ui.rows()).toHaveCount(40);
    await expect(group).toHaveCount(0);
    await expect(ui.errors()).toHaveCount(0);
  });
}

test('French and English, by URL, by switch and from the browser', async ({ page, browser }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await expect(ui.card('conversion_rate')).toContainText('Taux de conversion des leads');
  await page.locator('[data-testid=lang-switch]').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(ui.card('conversion_rate')).toContainText('Lead conversion rate');
  await expect(page).toHaveURL(/lang=en/);
  const french = await browser.newContext({ locale: 'fr-FR' });
  const p = await french.newPage();
  await p.goto('index.html');
  await expect(p.locator('html')).toHaveAttribute('lang', 'fr');
  await french.close();
});

test('a copied link restores the calculator, language and currency', async ({ page, context, browser }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await page.locator('select').first().selectOption('USD');
  await ui.type({ cost: '5000', leads: '200', converted: '10', revenue: '20000' });
  await page.locator('[data-testid=share-link]').click();
  await expect(page.locator('.note')).toContainText('Lien copié');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(page.url());
  const other = await browser.newContext();
  const p = await other.newPage();
  await p.goto(copied);
  const again = new KpiPage(p);
  await expect(again.field('cost')).toHaveValue('5000');
  await expect(again.card('roi')).toHaveAttribute('data-value', '300');
  await expect(again.card('cost_per_lead').locator('.value')).toHaveText(/^25,00\s\$US$/);
  await expect(p.locator('html')).toHaveAttribute('lang', 'fr');
  await other.close();
});

test('imported data survive a reload until cleared', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste('campaign,leads,converted\nA,100,5\nB,50,5\n');
  await expect(ui.rows()).toHaveCount(2);
  // Kept once the page has drawn them (an effect after the drawing; on a loaded
  // machine, a reload at once could come first).
  await page.waitForFunction(() => localStorage.getItem('prospect-kpi:data') !== null);
  await page.reload();
  await expect(ui.rows()).toHaveCount(2);
  await expect(page.locator('[data-testid=csv-input]')).toHaveValue(/A,100,5/);
  await page.getByRole('button', { name: 'Clear the data' }).click();
  await expect(ui.rows()).toHaveCount(0);
  await page.reload();
  await expect(ui.rows()).toHaveCount(0);
});

test('data too large to keep: the page says so and still works', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = function () {
      throw new DOMException('full', 'QuotaExceededError');
    };
  });
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await ui.paste('campagne;leads;convertis\nA;100;5\n');
  await expect(ui.cell(ui.row('A'), 'conversion_rate')).toHaveAttribute('data-value', '5');
  await expect(page.locator('.storage')).toContainText('trop volumineuses');
});

test('without storage the page still works and says it cannot remember', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', { get() { throw new Error('denied'); } });
  });
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste('campaign,leads,converted\nA,100,5\n');
  await expect(ui.cell(ui.row('A'), 'conversion_rate')).toHaveAttribute('data-value', '5');
  await expect(page.locator('.storage')).toContainText('does not let the page remember');
});

test('a long table shows 25 rows until "show all"; after a sort each row is still whole', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const lines = ['campaign,leads,converted'];
  for (let i = 0; i < 120; i++) lines.push(`C${i},100,${i % 50}`);
  await ui.paste(lines.join('\n'));
  await expect(ui.rows()).toHaveCount(25);
  const showAll = page.locator('.show-all');
  await expect(showAll).toHaveText('Show all campaigns (120)');
  // Rows are patched in place on a sort: every row's cells must still be its own.
  const rows = () => ui.rows().evaluateAll((trs) => trs.map((tr) => [
    tr.dataset.campaign,
    tr.querySelector('[data-kpi=conversion_rate]').dataset.value,
    tr.querySelector('th').textContent,
  ]));
  const sort = page.getByRole('button', { name: /^Lead conversion rate/ });
  for (const direction of ['descending', 'ascending']) {
    await sort.click();
    await expect(page.locator('th[aria-sort]:not([aria-sort=none])')).toHaveAttribute('aria-sort', direction);
    // The first rows come at once, the others a task later.
    await expect(page.locator('.results-table tbody.settling')).toHaveCount(0);
    const shown = await rows();
    expect(shown).toHaveLength(25);
    for (const [campaign, value, name] of shown) {
      expect(name).toBe(campaign);
      expect(value).toBe(String(Number(campaign.slice(1)) % 50));
    }
    const values = shown.map(([, v]) => Number(v));
    const ordered = [...values].sort((a, b) => (direction === 'descending' ? b - a : a - b));
    expect(values).toEqual(ordered);
    expect(values[0]).toBe(direction === 'descending' ? 49 : 0);
  }
  await page.locator('section.results').screenshot({ path: path.join(__dirname, 'screenshots', 'long-table-en.png') });
  await showAll.click();
  await expect(ui.rows()).toHaveCount(120);
});
