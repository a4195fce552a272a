// The manager's view (contract §4 and §5): a real CRM export grouped by rep, channel
// and month, filtered, kept in the URL, with the trend, lost-reasons and ranking
// charts. Screenshots in French and English, narrow and wide.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const fixture = (name) => path.join(__dirname, '..', 'fixtures', 'crm', name);

test('a Pipedrive export by rep, by month and filtered, kept in the URL', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('pipedrive_deals_en.csv'));
  // By campaign first (the file has one), with the tool named.
  await expect(ui.rows()).toHaveCount(3);
  await expect(page.locator('.summary')).toContainText('Pipedrive deals export');
  const groupBy = page.locator('[data-testid=group-by]');
  await expect(groupBy.locator('option')).toHaveText(['Campaign', 'Channel', 'Owner', 'Period']);
  const values = await groupBy.locator('option').evaluateAll((os) => os.map((o) => o.value));
  expect(values).toEqual(['campaign', 'channel', 'owner', 'period']);

  await groupBy.selectOption('owner');
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.row('Alice Martin'), 'conversion_rate')).toHaveAttribute('data-value', '50');
  await expect(ui.cell(ui.row('Bruno Petit'), 'conversion_rate')).toHaveAttribute('data-value', '0');
  // The total does not depend on the grouping.
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', /^28\.57/);
  await expect(page).toHaveURL(/by=owner/);

  // A filter keeps only a channel's deals, for the rows and the total alike.
  await page.locator('[data-testid=filter][data-dim=channel]').selectOption('Email marketing');
  await expect(ui.cell(ui.total(), 'conversion_rate')).toHaveAttribute('data-value', /^33\.33/);
  await expect(page).toHaveURL(/where=channel:Email\+marketing/);

  // Months, every one from the first to the last, in time order.
  await page.locator('[data-testid=filter][data-dim=channel]').selectOption('');
  await groupBy.selectOption('period');
  await expect(ui.rows()).toHaveCount(3);
  await expect(ui.rows().first()).toHaveAttribute('data-campaign', '2025-01');
  await expect(page.locator('[data-testid=chart][data-chart=trend]')).toBeVisible();
  await expect(page.locator('[data-testid=chart][data-chart=trend] .chart-data')).toContainText('+16.67 pts');
  const lost = page.locator('[data-testid=chart][data-chart=lost-reasons]');
  await expect(lost).toBeVisible();
  await expect(lost.locator('figcaption')).toContainText('Price 2');

  // A fresh tab with the link shows the same view of the kept data.
  await page.locator('[data-testid=filter][data-dim=owner]').selectOption('Alice Martin');
  // The URL is written once the changes pause (a timer, later on a loaded machine):
  // waited for, not for a time, or the link would be an earlier view's.
  await expect(page).toHaveURL(/by=period/);
  await expect(page).toHaveURL(/where=owner:Alice\+Martin/);
  const url = page.url();
  const again = await page.context().newPage();
  await again.goto(url);
  const ui2 = new KpiPage(again);
  await expect(ui2.rows()).toHaveCount(3);
  await expect(again.locator('[data-testid=group-by]')).toHaveValue('period');
  await expect(again.locator('[data-testid=filter][data-dim=owner]')).toHaveValue('Alice Martin');
  await expect(ui2.cell(ui2.total(), 'conversion_rate')).toHaveAttribute('data-value', '50');
  await again.close();
});

test('a HubSpot export without a campaign is grouped by channel, ranked with intervals', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('hubspot_contacts_en.csv'));
  await expect(page.locator('[data-testid=group-by]')).toHaveValue('channel');
  await expect(ui.rows()).toHaveCount(5);
  // No meeting value in a lifecycle stage: the meeting rate is unknown, not 0 %.
  await expect(ui.cell(ui.total(), 'meeting_rate')).toHaveAttribute('data-value', '');
  const ranking = page.locator('[data-testid=chart][data-chart=ranking]');
  await expect(ranking).toBeVisible();
  await expect(ranking.locator('figcaption')).toContainText('95 %');
});

for (const lang of ['fr', 'en']) {
  for (const width of [375, 1280]) {
    test(`manager's view screenshot ${lang} ${width}px`, async ({ page }) => {
      await page.setViewportSize({ width, height: 900 });
      const ui = new KpiPage(page);
      await ui.open(`?lang=${lang}&by=owner`);
      await page.locator('[data-testid=csv-file]').setInputFiles(fixture('pipedrive_deals_en.csv'));
      await expect(ui.rows()).toHaveCount(2);
      await expect(page.locator('[data-testid=chart][data-chart=trend]')).toBeVisible();
      // Grouped by owner, the charts and the comparison speak of owners.
      const en = lang === 'en';
      await expect(page.locator('[data-chart=kpi-bars] figcaption strong')).toContainText(en ? 'By owner' : 'Par responsable');
      await expect(page.locator('[data-chart=kpi-bars] figcaption .desc')).toContainText(en ? 'of 2 owners, best first' : 'de 2 responsables, le meilleur d\'abord');
      await expect(page.locator('[data-chart=trend] .legend-row .more')).toHaveCount(0);
      await expect(page.locator('#compare-title')).toHaveText(en ? 'Is one owner really better?' : 'Un responsable est-il vraiment meilleur ?');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(overflow).toBeLessThanOrEqual(width);
      const shot = (name) => path.join(__dirname, 'screenshots', `${name}-${lang}-${width}.png`);
      await page.locator('section.results').screenshot({ path: shot('dimensions-results') });
      await page.locator('section.manager-charts').screenshot({ path: shot('dimensions-charts') });
    });
  }
}

test('le fichier Pipedrive français par responsable et par mois, en français', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=fr');
  await page.locator('[data-testid=csv-file]').setInputFiles(fixture('pipedrive_deals_fr.csv'));
  // No campaign column: by channel first.
  await expect(page.locator('[data-testid=group-by]')).toHaveValue('channel');
  await expect(page.locator('[data-testid=group-by] option')).toHaveText(['Canal', 'Responsable', 'Période']);
  await expect(page.locator('.summary')).toContainText("export d'affaires Pipedrive");
  await page.locator('[data-testid=group-by]').selectOption('owner');
  await expect(ui.rows()).toHaveCount(2);
  await expect(ui.cell(ui.row('Camille Roux'), 'conversion_rate')).toHaveAttribute('data-value', /^33\.33/);
  await page.locator('[data-testid=filter][data-dim=channel]').selectOption('Salon');
  await expect(ui.rows()).toHaveCount(1);
  await page.locator('[data-testid=filter][data-dim=channel]').selectOption('');
  await page.locator('[data-testid=group-by]').selectOption('period');
  await expect(ui.rows()).toHaveCount(2);
  const trend = page.locator('[data-testid=chart][data-chart=trend]');
  await expect(trend.locator('figcaption')).toContainText('Évolution par période');
  await expect(trend.locator('.chart-data')).toContainText('pts');
  const lost = page.locator('[data-testid=chart][data-chart=lost-reasons]');
  await expect(lost.locator('figcaption')).toContainText('Prix trop élevé 1');
  // The sections above lay out as they come into view: settle before the shot.
  const section = page.locator('section.manager-charts');
  await section.scrollIntoViewIfNeeded();
  await page.waitForTimeout(300);
  await section.scrollIntoViewIfNeeded();
  await section.screenshot({ path: path.join(__dirname, 'screenshots', 'dimensions-fr-periods.png') });
});
