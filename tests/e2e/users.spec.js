// What new users hit (issue 15): a what-if over the whole outreach funnel, goal seek
// that waits for numbers, links that carry the scenario and the data, in both
// languages.
const { test, expect } = require('./fixtures');
const { KpiPage } = require('./page');

const FUNNEL = 'cost=2000&messages_sent=1000&responses=50&leads=20&meetings=10&qualified=5&converted=2&revenue=6000';

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';

  test(`${lang}: "what if my reply rate doubles?" flows to customers, revenue, CPL, CAC and ROI`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&${FUNNEL}`);
    const whatif = page.locator('[data-testid=whatif]');
    const scenario = (key) => whatif.locator(`[data-outcome=${key}] td.scenario`);
    // The baseline's rates come from the user's numbers, shown in the language's form.
    await expect(whatif.locator('[data-driver-field=reply_rate]')).toHaveValue('5');
    await expect(whatif.locator('[data-driver-field=win_rate]')).toHaveValue('40');
    await expect(whatif.locator('[data-driver-field=deal_value]')).toHaveValue('3000');
    await expect(whatif.locator('label[for=whatif-reply_rate]')).toHaveText(fr ? 'Réponses, en % des messages envoyés' : 'Replies, % of messages sent');
    await expect(scenario('roi')).toHaveAttribute('data-value', '200');
    // Double the reply rate: twice the replies, leads, … customers.
    await whatif.locator('[data-driver-field=reply_rate]').fill('10');
    await expect(scenario('responses')).toHaveAttribute('data-value', '100');
    await expect(scenario('leads')).toHaveAttribute('data-value', '40');
    await expect(scenario('customers')).toHaveAttribute('data-value', '4');
    await expect(scenario('revenue')).toHaveAttribute('data-value', '12000');
    await expect(scenario('cpl')).toHaveAttribute('data-value', '50');
    await expect(scenario('cost_per_customer')).toHaveAttribute('data-value', '500');
    await expect(scenario('roi')).toHaveAttribute('data-value', '500');
    await expect(whatif.locator('[data-outcome=customers] td.diff')).toHaveText('+2');
    // Sliders snap: a tenth of a point for rates, round steps for money.
    await expect(whatif.locator('[data-driver=reply_rate]')).toHaveAttribute('step', '0.1');
    await expect(whatif.locator('[data-driver=cost]')).toHaveAttribute('step', '1');
    // The slider writes the field in the language's form.
    await whatif.locator('[data-driver=win_rate]').fill('37.5');
    await expect(whatif.locator('[data-driver-field=win_rate]')).toHaveValue(fr ? '37,5' : '37.5');
    // No fractional customers unless asked.
    await expect(whatif.locator('[data-outcome=customers] td.scenario')).toHaveText('4');
    await expect(scenario('customers')).toHaveAttribute('data-value', '3.75');
    await whatif.getByLabel(fr ? 'Afficher les fractions de personnes' : 'Show fractions of people').check();
    await expect(whatif.locator('[data-outcome=customers] td.scenario')).toHaveText(fr ? '3,75' : '3.75');
  });

  test(`${lang}: a field shows a rate the user can read (no 3.75 in French, no 7364.39348…)`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&cost=5000&leads=200&meetings=40&qualified=30&converted=10&revenue=73643.9348219674`);
    const whatif = page.locator('[data-testid=whatif]');
    await expect(whatif.locator('[data-driver-field=win_rate]')).toHaveValue(fr ? '33,33' : '33.33');
    await expect(whatif.locator('[data-driver-field=deal_value]')).toHaveValue(fr ? '7364,39' : '7364.39');
    const goal = page.locator('[data-testid=goal-seek]');
    await expect(goal.locator('[data-goal=conversion_rate]')).toHaveValue('5');
    await expect(goal.locator('[data-goal=deal_value]')).toHaveValue(fr ? '7364,39' : '7364.39');
    // A French decimal comma typed in the what-if is a decimal, not thousands.
    await whatif.locator('[data-driver-field=deal_value]').fill(fr ? '1500,5' : '1500.5');
    await expect(whatif.locator('[data-outcome=revenue] td.scenario')).toHaveAttribute('data-value', '15005');
  });

  test(`${lang}: goal seek waits for numbers; its answers are not called "Réponses"`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    const goal = page.locator('[data-testid=goal-seek]');
    await expect(goal.locator('.result')).toHaveClass(/pending/);
    await expect(goal.locator('[role=alert]')).toHaveCount(0);
    await expect(goal.locator('h3')).toHaveText(fr ? 'En pratique' : 'In practice');
    await goal.locator('[data-goal=conversion_rate]').fill('5');
    await goal.locator('[data-goal=deal_value]').fill('2000');
    await expect(goal.locator('.result')).toHaveAttribute('data-solved', 'cpl');
  });

  test(`${lang}: the link keeps the what-if scenario`, async ({ page, browser }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&${FUNNEL}`);
    const whatif = page.locator('[data-testid=whatif]');
    await whatif.locator('[data-driver-field=reply_rate]').fill('10');
    await expect(page).toHaveURL(/scenario=reply_rate:10/);
    const other = await browser.newContext();
    const p = await other.newPage();
    await p.goto(page.url());
    const w = p.locator('[data-testid=whatif]');
    await expect(w.locator('[data-driver-field=reply_rate]')).toHaveValue('10');
    await expect(w.locator('[data-outcome=customers] td.scenario')).toHaveAttribute('data-value', '4');
    // Back to the campaign drops it from the link.
    await w.getByRole('button', { name: fr ? 'Revenir à la campagne' : 'Back to the campaign' }).click();
    await expect(p).not.toHaveURL(/scenario=/);
    await other.close();
  });

  test(`${lang}: "share with data" puts the table in the link's fragment; a fresh tab shows the same table`, async ({ page, context, browser }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await ui.paste('campaign;cost;leads;converted;revenue\nPrintemps;5000;200;10;20000\nÉté;3000;100;2;3000\n');
    await expect(ui.rows()).toHaveCount(2);
    await page.locator('[data-testid=share-with-data]').click();
    await expect(page.locator('.note')).toContainText(fr ? 'avec vos données dedans' : 'with your data inside');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/#data=z[A-Za-z0-9_-]+$/);
    expect(copied.length).toBeLessThan(32000);
    const other = await browser.newContext();
    const p = await other.newPage();
    await p.goto(copied);
    const again = new KpiPage(p);
    await expect(again.rows()).toHaveCount(2);
    await expect(again.cell(again.row('Été'), 'roi')).toHaveAttribute('data-value', '0');
    await expect(again.cell(again.total(), 'cost_per_lead')).toHaveAttribute('data-value', String(8000 / 300));
    await expect(p.locator('.note')).toContainText(fr ? 'le tableau ci-dessous est celui qui a été partagé' : 'the table below is the one that was shared');
    // The fragment is gone from the address once read.
    await expect(p).not.toHaveURL(/#data=/);
    // A damaged link says so.
    const broken = await other.newPage();
    await broken.goto(copied.slice(0, copied.length - 40) + '!!');
    await expect(broken.locator('.note')).toContainText(fr ? 'illisibles' : 'could not be read');
    await other.close();
  });

  test(`${lang}: data too large for a link get a clear message`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    // Random-looking names do not compress: about 200 KB of text.
    let text = 'campaign,leads,converted\n';
    let x = 12345;
    for (let i = 0; i < 6000; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      text += `c${x.toString(36)}${(x * 7).toString(36)},${100 + (x % 50)},${x % 10}\n`;
    }
    await page.locator('[data-testid=csv-file]').setInputFiles({ name: 'contacts.csv', mimeType: 'text/csv', buffer: Buffer.from(text) });
    await expect(ui.total()).toBeVisible();
    await page.locator('[data-testid=share-with-data]').click();
    await expect(page.locator('.note')).toContainText(fr ? 'trop volumineuses pour tenir dans un lien' : 'too large to share in a link');
  });
}

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';
  test(`${lang}: the embed dialog only builds working calculators`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    const dialog = page.locator('[data-testid=embed-dialog]');
    await dialog.locator('summary').click();
    // Light by default, "auto" explained; the language's usual currency.
    await expect(dialog.locator('[data-embed=theme]')).toHaveValue('light');
    await expect(dialog.locator('[data-testid=theme-help]')).toContainText(fr ? 'en mode sombre' : 'dark mode');
    await expect(dialog.locator('[data-embed=currency]')).toHaveValue(fr ? 'EUR' : 'USD');
    await expect(dialog.locator('[data-embed=snippet]')).toHaveValue(/data-theme="light"/);
    // Switching the embed's language moves the currency along, until one is chosen.
    await dialog.locator('[data-embed=lang]').selectOption(fr ? 'en' : 'fr');
    await expect(dialog.locator('[data-embed=currency]')).toHaveValue(fr ? 'USD' : 'EUR');
    await dialog.locator('[data-embed=currency]').selectOption('GBP');
    await dialog.locator('[data-embed=lang]').selectOption(lang);
    await expect(dialog.locator('[data-embed=currency]')).toHaveValue('GBP');
    // Only ROI chosen, then the what-if panel: it brings the fields it needs.
    for (const k of ['cost_per_lead', 'conversion_rate']) await dialog.locator(`[data-embed-kpi=${k}]`).uncheck();
    await dialog.locator('[data-embed=whatif]').check();
    const preview = page.frameLocator('[data-embed=preview]');
    await expect(preview.locator('[data-testid=whatif]')).toBeVisible();
    for (const k of ['cost', 'leads', 'converted', 'revenue']) await expect(preview.locator(`[data-input=${k}]`)).toBeVisible();
    await preview.locator('[data-input=cost]').fill('5000');
    await preview.locator('[data-input=leads]').fill('200');
    await preview.locator('[data-input=converted]').fill('10');
    await preview.locator('[data-input=revenue]').fill('20000');
    await expect(preview.locator('[data-testid=whatif] [data-outcome=roi] td.scenario')).toHaveAttribute('data-value', '300');
    // The plain iframe is tall enough for the what-if.
    const plainHeight = async () => Number((await dialog.locator('[data-embed=iframe]').inputValue()).match(/height="(\d+)"/)[1]);
    await expect.poll(plainHeight).toBeGreaterThan(1000);
  });
}

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';
  test(`${lang}: the total says which rows its money KPIs cover; warnings name fields, never keys`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await ui.paste('campaign,cost,leads,qualified,converted,revenue\nA,1000,100,9,12,5000\nB,,50,,5,2000\nC,2000,80,,4,\n');
    await expect(ui.rows()).toHaveCount(3);
    const notes = page.locator('[data-testid=total-coverage]');
    await expect(notes.first()).toBeVisible();
    const text = (await notes.allTextContents()).join(' ');
    if (fr) {
      expect(text).toContain('Coût par lead (CPL)');
      expect(text).toContain('sur les 2 lignes sur 3');
    } else {
      expect(text).toContain('Cost per lead (CPL)');
      expect(text).toContain('pooled over the 2 rows of 3');
    }
    // "converted > qualified" names both fields in the language, not their keys.
    const warning = page.locator('[data-testid=import-warning]').filter({ hasText: fr ? 'dépasse' : 'is more than' });
    await expect(warning).toContainText(fr ? 'Clients gagnés (12) dépasse Qualifiés (SQL) (9)' : 'Customers won (12) is more than Qualified (SQL) (9)');
    await expect(warning).not.toContainText('converted');
  });

  test(`${lang}: an interval is written like its value, and says what it means`, async ({ page }) => {
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&leads=1000&converted=35`);
    const interval = ui.card('conversion_rate').locator('.interval');
    await expect(interval).toContainText(fr ? /2,5\d\s%\s–\s4,8\d\s%/ : /2\.5\d%\s–\s4\.8\d%/);
    await expect(interval.locator('.label')).toContainText(fr ? 'Intervalle à 95 % :' : '95% interval:');
    await expect(interval.locator('.interval-meaning')).toContainText(fr ? '95 fois sur 100' : '95 times in 100');
  });
}

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';
  test(`${lang}: the .xlsx export opens back as the same campaigns`, async ({ page }) => {
    const fs = require('fs');
    const path = require('path');
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await ui.paste('campaign,cost,leads,converted,revenue\n=HYPERLINK("http://x"),100,10,1,500\nB,200,20,1,150\n');
    await expect(ui.rows()).toHaveCount(2);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-testid=export-xlsx]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('prospect-kpi.xlsx');
    const file = path.join(__dirname, 'test-results', `export-${lang}.xlsx`);
    await download.saveAs(file);
    expect(fs.readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    // The page reads workbooks: the export, opened again, gives the same numbers
    // (typed cells, the formula left as text, the total row skipped).
    await page.locator('[data-testid=csv-file]').setInputFiles(file);
    await expect(ui.rows()).toHaveCount(2);
    await expect(ui.rows().filter({ hasText: '=HYPERLINK("http://x")' })).toHaveCount(1);
    await expect(ui.cell(ui.row('B'), 'cost_per_lead')).toHaveAttribute('data-value', '10');
    await expect(ui.cell(ui.total(), 'roi')).toHaveAttribute('data-value', String((650 - 300) / 300 * 100));
    await expect(page.locator('.results-head')).toContainText(fr ? 'Résultats' : 'Results');
  });
}

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';
  test(`${lang}: without a clipboard API (plain http) the links are shown to copy, and the page lives on`, async ({ page }) => {
    await page.addInitScript(() => {
      Object.defineProperty(Navigator.prototype, 'clipboard', { get() { return undefined; } });
    });
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&cost=5000&leads=200`);
    await page.locator('[data-testid=share-link]').click();
    await expect(page.locator('.note')).toContainText(fr ? 'Copiez ce lien' : 'Copy this link');
    await expect(page.locator('.note .share-url')).toHaveValue(/cost=5000/);
    await ui.paste('campaign,leads,converted\nA,100,5\n');
    await page.locator('[data-testid=share-with-data]').click();
    await expect(page.locator('.note .share-url')).toHaveValue(/#data=z/);
    // Still alive: a typed number still gives its KPI.
    await ui.type({ leads: '100' });
    await expect(ui.card('cost_per_lead')).toHaveAttribute('data-value', '50');
  });
}

test('a shared link does not replace the data kept in this browser', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  await ui.paste('campaign,leads,converted\nShared,100,5\n');
  await expect(ui.rows()).toHaveCount(1);
  await page.locator('[data-testid=share-with-data]').click();
  await expect(page.locator('.note')).toContainText('with your data inside');
  const link = await page.evaluate(() => navigator.clipboard.readText());
  // The user's own table, kept in this browser.
  await ui.paste('campaign,leads,converted\nMine,10,1\nOther,20,2\n');
  await expect(ui.rows()).toHaveCount(2);
  const p = await context.newPage();
  await p.goto(link);
  const other = new KpiPage(p);
  await expect(other.row('Shared')).toHaveCount(1);
  await expect(p.locator('.storage')).toContainText('Opened from a shared link');
  await p.reload();
  await expect(other.rows()).toHaveCount(2);
  await expect(other.row('Mine')).toHaveCount(1);
});
