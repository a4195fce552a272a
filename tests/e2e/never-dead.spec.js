// A user must never lose the page (issue "never dead"): a wasm trap shows a message
// and a reload that restores the calculator from the URL; a file with a distinct
// campaign on every row imports, shows pages of rows, and the calculator keeps
// working after it.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

for (const kind of ['panic', 'memory']) {
  test(`a trap (${kind}) says so, and reloading restores the calculator`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open('?lang=fr');
    await ui.type({ cost: '5000', leads: '200' });
    await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
    // The URL is written once typing pauses (a timer): waited for, not for a time.
    await expect(page).toHaveURL(/cost=5000/);
    await expect(page).toHaveURL(/leads=200/);
    // The test-only switch, called from a task so that the trap goes uncaught.
    await page.evaluate((k) => setTimeout(() => window.wasmBindings.test_trap(k)), kind);
    const crash = page.locator('[data-testid=crash]');
    await expect(crash).toBeVisible();
    await expect(crash).toContainText('Vos chiffres sont dans le lien');
    await crash.screenshot({ path: path.join(__dirname, 'screenshots', `crash-${kind}-fr.png`) });
    await page.locator('[data-testid=crash-reload]').click();
    await expect(page.locator('[data-testid=crash]')).toHaveCount(0);
    await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '25');
    await ui.type({ leads: '100' });
    await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '50');
  });
}

test('a lead file with a distinct campaign on every row imports in pages, and the calculator still works', async ({ page }) => {
  test.setTimeout(180_000);
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  // Generated here, not committed: 200,000 leads, each its own "campaign" (a contact
  // list whose Name was taken as the campaign).
  const rows = ['Name,Email,Lifecycle Stage,Create Date,Original Source'];
  const stages = ['lead', 'customer', 'opportunity', 'subscriber', 'closedlost'];
  for (let i = 0; i < 200000; i++) {
    rows.push(`Contact ${i},c${i}@example.com,${stages[i % 5]},2025-${String(1 + (i % 12)).padStart(2, '0')}-01,src${i % 7}`);
  }
  await page.locator('[data-testid=csv-file]').setInputFiles({
    name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')),
  });
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', '20', { timeout: 120_000 });
  // Pages of 25 rows, never every row.
  await expect(ui.rows()).toHaveCount(25);
  await expect(page.locator('[data-testid=page-info]')).toContainText('200,000');
  await page.locator('[data-testid=page-next]').click();
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', 'Contact 25');
  // The column looks like a name, not a campaign: a warning says so.
  await expect(ui.warnings().filter({ hasText: 'nearly one per row' })).toHaveCount(1);
  await expect(ui.warnings().filter({ hasText: 'has 200,000 different values' })).toHaveCount(1);
  // The KPI chart draws the 30 best and says how many it leaves out.
  const bars = page.locator('[data-testid=chart][data-chart=kpi-bars]');
  await expect(bars.locator('figcaption')).toContainText('of 200,000 campaigns, best first');
  await expect(bars.locator('.more')).toHaveText('and 199,970 more');
  // The trend draws the total and the five groups with most leads, and says so.
  await expect(page.locator('[data-chart=trend] .legend-row .more')).toHaveText('and 199,995 more');
  await page.locator('section.charts').screenshot({ path: path.join(__dirname, 'screenshots', 'many-groups-charts-en.png') });
  await page.locator('section.manager-charts').screenshot({ path: path.join(__dirname, 'screenshots', 'many-groups-manager-en.png') });
  // The pickers offer some rows and say the others are there.
  await expect(page.locator('[data-chart-control=funnel] option[disabled]')).toHaveText('and 199,800 more');
  await expect(page.locator('[data-compare=A] option')).toHaveCount(200);
  await expect(page.locator('[data-testid=compare-first-listed]')).toBeVisible();
  await page.locator('[data-testid=compare]').screenshot({ path: path.join(__dirname, 'screenshots', 'many-groups-compare-en.png') });
  // Typed key by key: the note goes at "Contact 1999" (111 matches) and the field
  // keeps the keys after it.
  const search = page.locator('[data-testid=compare-search]');
  await search.pressSequentially('Contact 1999');
  await expect(page.locator('[data-compare=B] option')).toHaveCount(112);
  await expect(page.locator('[data-testid=compare-first-listed]')).toHaveCount(0);
  await search.pressSequentially('9');
  await expect(search).toHaveValue('Contact 19999');
  await expect(page.locator('[data-compare=B] option')).toHaveCount(12);
  // Sorting every group, then regrouping by channel.
  await page.getByRole('button', { name: /^Lead conversion rate/ }).click();
  await expect(ui.cell(ui.rows().first(), 'conversion_rate')).toHaveAttribute('data-value', '100');
  await page.locator('[data-testid=group-by]').selectOption('channel');
  await expect(ui.rows()).toHaveCount(7);
  // The comparison lists are searched, not every campaign.
  const options = await page.locator('[data-compare=A] option').count();
  expect(options).toBeLessThanOrEqual(201);
  await expect(page.locator('[data-testid=crash]')).toHaveCount(0);
  await ui.type({ cost: '1000', leads: '10' });
  await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '100');
});
