// What-if, goal seek, sensitivity, charts, statistics and export, end to end.
const { test, expect } = require('./fixtures');
const fs = require('fs');
const path = require('path');
const { KpiPage } = require('./page');

const CAMPAIGN = '?lang=en&cost=5000&leads=200&contacted=150&meetings=40&qualified=30&converted=10&revenue=20000';

test('what-if sliders and fields move the scenario; reset returns to the campaign', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(CAMPAIGN);
  const whatif = page.locator('[data-testid=whatif]');
  const scenario = (key) => whatif.locator(`[data-outcome=${key}] td.scenario`);
  await expect(scenario('roi')).toHaveAttribute('data-value', '300');
  await expect(scenario('cpl')).toHaveAttribute('data-value', '25');
  // The slider: halve the cost.
  await whatif.locator('[data-driver=cost]').fill('2500');
  await expect(scenario('cpl')).toHaveAttribute('data-value', '12.5');
  await expect(scenario('roi')).toHaveAttribute('data-value', '700');
  await expect(whatif.locator('[data-driver-field=cost]')).toHaveValue('2500');
  await expect(whatif.locator('[data-outcome=roi] td.diff')).toContainText('+400');
  // The paired field: twice the meetings per lead flows down to the customers.
  await whatif.locator('[data-driver-field=meeting_rate]').fill('40');
  await expect(scenario('meetings')).toHaveAttribute('data-value', '80');
  await expect(scenario('customers')).toHaveAttribute('data-value', '20');
  await expect(scenario('revenue')).toHaveAttribute('data-value', '40000');
  await expect(scenario('cost_per_customer')).toHaveAttribute('data-value', '125');
  await whatif.getByRole('button', { name: 'Back to the campaign' }).click();
  await expect(scenario('roi')).toHaveAttribute('data-value', '300');
  await expect(whatif.locator('[data-driver-field=cost]')).toHaveValue('5000');
});

test('goal seek answers "what CPL keeps my ROI at 200 %?" and every other direction', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(CAMPAIGN);
  const goal = page.locator('[data-testid=goal-seek]');
  const result = goal.locator('.result');
  await expect(result).toHaveAttribute('data-solved', 'cpl');
  expect(Number(await result.getAttribute('data-value'))).toBeCloseTo(100 / 3, 9);
  await expect(result).toContainText('$33.33'.replace('$', '€'));
  await expect(goal.locator('.formula')).toHaveText('CPL = conversion × deal value ÷ (1 + ROI)');
  await expect(goal.locator('.answers')).toContainText('To keep an ROI of 200%, a lead may cost at most €33.33.');
  await expect(goal.locator('.answers')).toContainText('Break-even (ROI 0 %): a cost per lead of €100.00');
  await expect(goal.locator('.answers')).toContainText('A budget of €5,000.00 buys 200 leads at €25.00 each.');
  // Solve for the conversion rate instead.
  await goal.locator('[data-goal=unknown]').selectOption('conversion_rate');
  await expect(result).toHaveAttribute('data-solved', 'conversion_rate');
  expect(Number(await result.getAttribute('data-value'))).toBeCloseTo(3.75, 9);
  // And for the ROI, from the three others.
  await goal.locator('[data-goal=unknown]').selectOption('roi');
  await expect(result).toHaveAttribute('data-value', '300');
  // An impossible target says so.
  await goal.locator('[data-goal=unknown]').selectOption('conversion_rate');
  await goal.locator('[data-goal=roi]').fill('100000');
  await expect(result).toHaveClass(/impossible/);
  await expect(result).toContainText('Impossible target');
});

test('the sensitivity table colours ROI around the current values and marks them', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(CAMPAIGN);
  const table = page.locator('[data-testid=sensitivity]');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table.locator('td.current')).toHaveCount(1);
  await expect(table.locator('td.current')).toHaveAttribute('data-value', '300');
  await expect(table.locator('td.current')).toHaveAttribute('aria-current', 'true');
  await expect(table.locator('tbody tr').first().locator('td').first()).toHaveClass(/shade-gain/);
  await expect(table.locator('tbody tr').last().locator('td').first()).toHaveClass(/shade-(gain|loss)/);
});

test('cards show intervals, small samples and reference ranges', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en&leads=10&converted=2&messages_sent=1000&responses=35');
  const conv = ui.card('conversion_rate').locator('.interval');
  expect(Number(await conv.getAttribute('data-low'))).toBeCloseTo(5.67, 2);
  expect(Number(await conv.getAttribute('data-high'))).toBeCloseTo(50.98, 2);
  await expect(conv.locator('.small-sample')).toHaveText('small sample');
  await expect(ui.card('response_rate').locator('.small-sample')).toHaveCount(0);
  await expect(ui.card('response_rate').locator('.reference')).toContainText('Instantly');
  await expect(ui.card('response_rate').locator('.reference')).toContainText('Indicative');
  // Every KPI with a published source: the connect rate (and which denominator it
  // uses), and the sales cycle per deal size.
  await expect(ui.card('contact_rate').locator('.reference')).toContainText('Gong Labs');
  await expect(ui.card('contact_rate').locator('.reference')).toContainText('calls answered ÷ dials');
  await expect(ui.card('response_rate').locator('.reference')).toContainText('replies ÷ e-mails opened');
  await expect(ui.card('sales_cycle_days').locator('.reference')).toHaveCount(3);
  await expect(ui.card('sales_cycle_days').locator('.reference').last()).toContainText('90–180');
});

test('charts carry a title, a description and their data', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(CAMPAIGN);
  const calcFunnel = page.locator('.calculator [data-testid=chart][data-chart=funnel]');
  await expect(calcFunnel.locator('figcaption .desc')).toContainText('200 leads → 150 contacted (75% of leads)');
  await expect(calcFunnel.locator('svg rect')).toHaveCount(5);
  await expect(calcFunnel.locator('table tbody tr')).toHaveCount(5);
  await page.locator('[data-testid=csv-file]').setInputFiles(path.join(__dirname, '..', 'fixtures', 'leads_hubspot.csv'));
  await expect(ui.rows()).toHaveCount(3);
  const charts = page.locator('.charts');
  for (const kind of ['funnel', 'kpi-bars', 'cycle-days']) {
    const chart = charts.locator(`[data-testid=chart][data-chart=${kind}]`);
    await expect(chart).toBeVisible();
    await expect(chart.locator('figcaption strong')).not.toBeEmpty();
    await expect(chart.locator('figcaption .desc')).not.toBeEmpty();
    await expect(chart.locator('[role=img]')).toHaveAttribute('aria-labelledby', /title .*desc/);
    expect(await chart.locator('table tbody tr').count()).toBeGreaterThan(0);
  }
  await expect(charts.locator('[data-chart=cycle-days] .desc')).toContainText('3 conversions; mean 10.3 days, median 10 days');
  // The funnel of one campaign, and the bars of another KPI.
  await charts.locator('[data-chart-control=funnel]').selectOption({ label: 'spring' });
  await expect(charts.locator('[data-chart=funnel] figcaption strong')).toContainText('spring');
  await charts.locator('[data-chart-control=kpi-bars]').selectOption('abandonment_rate');
  await expect(charts.locator('[data-chart=kpi-bars] figcaption strong')).toContainText('Prospect abandonment rate');
});

test('comparing two campaigns says whether the difference is real', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste('campaign,leads,converted\nA,1000,30\nB,1000,60\nC,40,2\n');
  const compare = page.locator('[data-testid=compare]');
  await expect(compare.locator('.verdict')).toHaveClass(/significant/);
  await expect(compare.locator('.verdict')).toContainText('“B” converts better than “A”');
  await compare.locator('select').nth(1).selectOption({ label: 'C' });
  await expect(compare.locator('.verdict')).toContainText('No significant difference between “A” and “C”');
});

test('export downloads the results as CSV, formulas neutralised', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste('campaign,cost,leads,converted\n=HYPERLINK("http://x"),100,10,1\nB,200,20,1\n');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=export-csv]').click(),
  ]);
  expect(download.suggestedFilename()).toBe('prospect-kpi.csv');
  const file = path.join(__dirname, 'test-results', 'export.csv');
  await download.saveAs(file);
  const csv = fs.readFileSync(file, 'utf8').trim().split('\n');
  expect(csv).toHaveLength(4);
  expect(csv[0]).toMatch(/^campaign,channel,cost,leads/);
  expect(csv[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",/);
  expect(csv[3]).toMatch(/^Total,,300,30/);
  // In French, the form French Excel opens: ";", a decimal comma, a BOM, French
  // headers, rounded numbers; the formula guard stays.
  await page.locator('[data-testid=lang-switch]').click();
  const [fr] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('[data-testid=export-csv]').click(),
  ]);
  const frFile = path.join(__dirname, 'test-results', 'export-fr.csv');
  await fr.saveAs(frFile);
  expect([...fs.readFileSync(frFile).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const frCsv = fs.readFileSync(frFile, 'utf8').trim().split('\n');
  expect(frCsv[0]).toMatch(/^Campagne;Canal;Coût;Leads/);
  expect(frCsv[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)";/);
  expect(frCsv[3]).toMatch(/^Total;;300,00;30;/);
});

test('the print view is a report: results and charts, no controls', async ({ page }) => {
  const ui = new KpiPage(page);
  await ui.open(CAMPAIGN);
  await page.locator('[data-testid=csv-file]').setInputFiles(path.join(__dirname, '..', 'fixtures', 'aggregate_en.csv'));
  await expect(ui.rows()).toHaveCount(4);
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('[data-testid=csv-input]')).toBeHidden();
  await expect(page.locator('[data-testid=whatif]')).toBeHidden();
  await expect(page.locator('[data-testid=export-csv]')).toBeHidden();
  await expect(page.locator('.results-table')).toBeVisible();
  await expect(page.locator('.charts [data-chart=kpi-bars]')).toBeVisible();
  await expect(ui.card('roi')).toBeVisible();
  await page.screenshot({ path: path.join(__dirname, 'screenshots', 'print-en.png'), fullPage: true });
});
