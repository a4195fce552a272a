// Every CRM fixture (tests/fixtures/crm/) uploaded in the page gives the KPIs of the
// command line's golden report (tests/golden/crm/), row by row and in total, through
// the contract's hooks; French files in French, the others in English.
const { test, expect } = require('./fixtures');
const fs = require('fs');
const path = require('path');
const { KpiPage } = require('./page');

const root = path.join(__dirname, '..');
const FIXTURES = fs.readdirSync(path.join(root, 'fixtures', 'crm')).filter((f) => f.endsWith('.csv'));
const KPIS = ['conversion_rate', 'qualification_rate', 'contact_rate', 'meeting_rate', 'abandonment_rate', 'sales_cycle_days', 'average_deal_value'];

const expectValue = async (cell, expected) => {
  const raw = await cell.getAttribute('data-value');
  if (expected === null) expect(raw).toBe('');
  else expect(Number(raw)).toBeCloseTo(expected, 9);
};

for (const name of FIXTURES) {
  const lang = /_fr\./.test(name) ? 'fr' : 'en';
  test(`${name} in the page equals its golden report (${lang})`, async ({ page }) => {
    const golden = JSON.parse(fs.readFileSync(path.join(root, 'golden', 'crm', `${name}.${lang}.json`), 'utf8'));
    const rows = golden.campaigns || golden.groups;
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await page.locator('[data-testid=csv-file]').setInputFiles(path.join(root, 'fixtures', 'crm', name));
    await expect(ui.rows()).toHaveCount(rows.length);
    await expect(page.locator('[data-testid=group-by]')).toHaveValue(golden.by);
    for (const kpi of KPIS) {
      await expectValue(ui.cell(ui.total(), kpi), golden.total.kpis[kpi]);
    }
    for (const row of rows) {
      const value = row.campaign || row.group;
      // The page's row for "(none)" keeps that key whatever the language.
      const key = value === '(aucun)' ? '(none)' : value;
      for (const kpi of KPIS) await expectValue(ui.cell(ui.row(key), kpi), row.kpis[kpi]);
    }
  });
}
