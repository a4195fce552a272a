// Hostile content, garbage state, failing storage, accessibility and the keyboard.
const { test, expect } = require('./fixtures');
const AxeBuilder = require('@axe-core/playwright').default;
const path = require('path');
const { KpiPage } = require('./page');

const HOSTILE = [
  'campaign,channel,leads,converted,cost,revenue',
  '"<img src=x onerror=""window.__pwned=1"">",<b>bold</b>,100,5,500,2000',
  '"</script><script>window.__pwned=2</script>",javascript:window.__pwned=3,50,5,100,900',
  '"<svg onload=""window.__pwned=4""></svg>",x,10,1,10,50',
].join('\n');

test('names holding HTML and script are shown as text and run nothing', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste(HOSTILE);
  await expect(ui.rows()).toHaveCount(3);
  await expect(page.locator('.results-table tbody th').first()).toContainText('<img src=x onerror="window.__pwned=1">');
  await expect(page.locator('.results-table img, .results-table script, .results-table svg[onload]')).toHaveCount(0);
  await expect(page.locator('.results-table a')).toHaveCount(0);
  // Charts, comparison and export carry the names too.
  await page.locator('[data-chart-control=kpi-bars]').selectOption('conversion_rate');
  await expect(page.locator('[data-chart=kpi-bars]')).toContainText('</script>');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  // And in the embed, with hostile options.
  await page.goto('index.html?embed=1&kpis=<script>alert(1)</script>&cost="><img src=x onerror=window.__pwned=5>&leads=10');
  await expect(page.locator('[data-testid=kpi-card]').first()).toBeVisible();
  await expect(page.locator('[data-input=cost]')).toHaveValue('"><img src=x onerror=window.__pwned=5>');
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test('garbage or oversized URL state is ignored with a notice', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(`?lang=en&cur=XXX&wat=1&cost=${'9'.repeat(200)}&leads=12`);
  await expect(page.locator('.note')).toContainText('not understood and are ignored');
  await expect(ui.field('cost')).toHaveValue('');
  await expect(ui.field('leads')).toHaveValue('12');
  // A query over 8 KB is ignored whole, its language too.
  await ui.open(`?${'a=b&'.repeat(3000)}lang=fr`);
  await expect(page.locator('.note')).toContainText('not understood and are ignored');
  await expect(ui.card('roi')).toBeVisible();
});

test('corrupt or stale kept data: the page works and says so', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.evaluate(() => localStorage.setItem('prospect-kpi:data', '{"v":1,"garbage":'));
  await page.reload();
  await expect(page.locator('.note')).toContainText('could not be read; they were cleared');
  expect(await page.evaluate(() => localStorage.getItem('prospect-kpi:data'))).toBeNull();
  await ui.paste('campaign,leads,converted\nA,10,1\n');
  await expect(ui.rows()).toHaveCount(1);
});

for (const lang of ['en', 'fr']) {
  for (const scheme of ['light', 'dark']) {
    test(`no accessibility violation: full page and embed, ${lang}, ${scheme}, with data`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: scheme });
      const ui = new KpiPage(page);
      await ui.open(`?lang=${lang}&cost=5000&leads=200&contacted=150&converted=10&revenue=20000&messages_sent=100&responses=4`);
      await page.locator('[data-testid=csv-file]').setInputFiles(path.join(__dirname, '..', 'fixtures', 'aggregate_en.csv'));
      await expect(ui.rows()).toHaveCount(4);
      await page.locator('[data-testid=embed-dialog] summary').click();
      const full = await new AxeBuilder({ page }).exclude('[data-embed=preview]').analyze();
      expect(full.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0].target}`)).toEqual([]);
      await page.goto(`index.html?embed=1&lang=${lang}&whatif=1&explain=1&cost=5000&leads=200&converted=10&revenue=20000`);
      await expect(page.locator('[data-testid=kpi-card]').first()).toBeVisible();
      const embed = await new AxeBuilder({ page }).analyze();
      expect(embed.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0].target}`)).toEqual([]);
    });
  }
}

test('the main flows work with the keyboard alone', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  // The first control is the language switch; Enter switches.
  await page.keyboard.press('Tab');
  await expect(page.locator('[data-testid=lang-switch]')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  // Tab to the cost field and type.
  for (let i = 0; i < 20 && !(await ui.field('cost').evaluate((e) => e === document.activeElement)); i++) {
    await page.keyboard.press('Tab');
  }
  await expect(ui.field('cost')).toBeFocused();
  await page.keyboard.type('5000');
  await page.keyboard.press('Tab');
  await expect(ui.field('leads')).toBeFocused();
  await page.keyboard.type('200');
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
  // An explanation opens from the keyboard.
  await ui.card('cost_per_lead').locator('summary').focus();
  await page.keyboard.press('Enter');
  await expect(ui.card('cost_per_lead').locator('details')).toHaveAttribute('open', '');
  // Paste, then sort the table with the keyboard.
  await page.locator('[data-testid=csv-input]').focus();
  await page.keyboard.insertText('campaign,leads,converted\nA,100,5\nB,100,9\n');
  await expect(ui.rows()).toHaveCount(2);
  await page.getByRole('button', { name: 'Lead conversion rate' }).focus();
  await page.keyboard.press('Enter');
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', 'B');
  await page.keyboard.press('Enter');
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', 'A');
});
