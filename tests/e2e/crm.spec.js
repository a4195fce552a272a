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

// A Salesforce report as exported: a title above the header, a "Total" row under the
// owner column, the footer's lines. Pasted, the leads are the report's three; each
// line left out is said with its line, in either language; looked at narrow and wide.
const REPORT = [
  'Opportunities by Owner',
  '',
  'Opportunity Owner,Stage,Amount,Created Date,Lead Source',
  'Alice Martin,Closed Won,"12,000.00","3/14/2025, 10:22 AM",Web',
  'Alice Martin,Prospecting,,3/20/2025,Web',
  'Bob Stone,Closed Lost,"3,000.00",3/2/2025,Phone Inquiry',
  '',
  'Total,,"15,000.00",,',
  '',
  '"Confidential Information - Do Not Distribute"',
  '"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."',
].join('\n');

for (const lang of ['en', 'fr']) {
  for (const width of [375, 1280]) {
    test(`a report's title, total and footer are said, not counted (${lang}, ${width}px)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const ui = new KpiPage(page);
      await ui.open(`?lang=${lang}`);
      await ui.paste(REPORT);
      await expect(ui.rows()).toHaveCount(2);
      await expectValue(ui.cell(ui.total(), 'conversion_rate'), 100 / 3);
      const said = page.locator('[data-testid=import-warning]');
      for (const line of ['1', '8', '10', '11']) {
        await expect(said.and(page.locator(`[data-line="${line}"]`))).toHaveCount(1);
      }
      await expect(said.and(page.locator('[data-line="10"]'))).toContainText(
        lang === 'fr' ? 'pas une ligne du tableau' : 'not a row of the table',
      );
      await expect(page.locator('[data-testid=import-error]')).toHaveCount(0);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(width);
      await page.locator('.messages').screenshot({ path: path.join(__dirname, 'screenshots', `report-footer-${lang}-${width}.png`) });
    });
  }
}
