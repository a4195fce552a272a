// Phone-sized and finger-sized (issue 15, part 5), in both languages: tables fit or
// say they scroll, chart labels are at least 11 px, tap targets at least 24 × 24 px,
// and the results table shows what a user reads first, its header kept aligned.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const CAMPAIGN = 'cost=5000&leads=200&contacted=150&meetings=40&qualified=30&converted=10&revenue=20000&messages_sent=1000&responses=45';
const CSV = [
  'campaign;channel;cost;leads;contacted;meetings;qualified;converted;revenue',
  'Printemps;email;5000;200;150;40;30;10;20000',
  'LinkedIn;social;2500;100;90;25;20;5;12000',
  'Salon;event;4000;60;55;30;12;6;18000',
].join('\n');

/** Every visible control smaller than 24 × 24 px (WCAG 2.2 target size). */
async function smallTargets(page, scope = 'body') {
  return page.evaluate((scope) => {
    const out = [];
    for (const el of document.querySelector(scope).querySelectorAll('button, input, select, textarea, summary')) {
      const r = el.getBoundingClientRect();
      const style = getComputedStyle(el);
      // Hidden ones, and the file input drawn as its label, are not targets.
      if (r.width <= 1 || r.height <= 1 || style.visibility === 'hidden' || el.closest('.visually-hidden')) continue;
      if (r.width < 24 || r.height < 24) out.push(`${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ''} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`);
    }
    return out;
  }, scope);
}

/** The smallest chart label as drawn, in CSS pixels. */
async function smallestChartLabel(page) {
  return page.evaluate(() => {
    let min = Infinity;
    for (const svg of document.querySelectorAll('[data-testid=chart] svg')) {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      if (!scale) continue;
      for (const t of svg.querySelectorAll('text')) {
        min = Math.min(min, parseFloat(getComputedStyle(t).fontSize) * scale);
      }
    }
    return min;
  });
}

for (const lang of ['en', 'fr']) {
  const fr = lang === 'fr';

  test(`${lang} 375 px: tables fit or say they scroll, labels ≥ 11 px, targets ≥ 24 px`, async ({ page }) => {
    await page.setViewportSize({ width: 375, height: 800 });
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}&${CAMPAIGN}`);
    await ui.paste(CSV);
    await expect(ui.rows()).toHaveCount(3);
    await expect(page.locator('.charts [data-testid=chart]').first()).toBeVisible();
    // The what-if table fits the screen.
    const fits = await page.locator('.whatif .table-wrap').evaluate((w) => w.scrollWidth <= w.clientWidth);
    expect(fits).toBe(true);
    // The sensitivity grid does not, and says so.
    const sens = page.locator('[data-testid=sensitivity]');
    const overflows = await sens.locator('.table-wrap').evaluate((w) => w.scrollWidth > w.clientWidth);
    if (overflows) await expect(sens.locator('[data-testid=scroll-hint]')).toBeVisible();
    await expect(sens.locator('[data-testid=scroll-hint]')).toContainText(fr ? 'faites-le glisser' : 'swipe it sideways');
    expect(await smallestChartLabel(page)).toBeGreaterThanOrEqual(11);
    const shot = (name) => path.join(__dirname, 'screenshots', `fit-${name}-${lang}-375.png`);
    await page.locator('section.charts').screenshot({ path: shot('charts') });
    await page.locator('.whatif').screenshot({ path: shot('whatif') });
    expect(await smallTargets(page)).toEqual([]);
    // The embed dialog's rows and checkboxes too.
    await page.locator('[data-testid=embed-dialog] > summary, [data-testid=embed-dialog]').first().click();
    await expect(page.locator('.embed-panel')).toBeVisible();
    expect(await smallTargets(page, '.embed-panel')).toEqual([]);
    await page.locator('.embed-panel').screenshot({ path: shot('embed') });
  });

  test(`${lang} 1280 px: the KPIs with values fit without sideways scrolling; the rest fold`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 });
    const ui = new KpiPage(page);
    await ui.open(`?lang=${lang}`);
    await ui.paste(CSV);
    await expect(ui.rows()).toHaveCount(3);
    const wrap = page.locator('.results-wrap');
    expect(await wrap.evaluate((w) => w.scrollWidth <= w.clientWidth)).toBe(true);
    // A KPI no row can tell is folded, its cells kept for the contract's hooks.
    const satisfaction = ui.cell(ui.row('Salon'), 'satisfaction_rate');
    await expect(satisfaction).toBeHidden();
    await expect(satisfaction).toHaveAttribute('data-value', '');
    await expect(ui.cell(ui.row('Salon'), 'roi')).toBeVisible();
    const toggle = page.locator('[data-testid=show-all-kpis]');
    await expect(toggle).toContainText(fr ? 'Afficher tous les KPI' : 'Show all KPIs');
    await toggle.click();
    await expect(satisfaction).toBeVisible();
    await page.locator('section.results').screenshot({ path: path.join(__dirname, 'screenshots', `results-all-kpis-${lang}-1280.png`) });
    // Scrolled both ways, the header stays on top and in line with its column.
    await wrap.evaluate((w) => { w.scrollLeft = 300; });
    const head = await page.locator('.results-table thead th[data-kpi], .results-table thead th').nth(6).boundingBox();
    const cell = await ui.row('Salon').locator('td, th').nth(6).boundingBox();
    expect(Math.abs(head.x - cell.x)).toBeLessThan(1);
    expect(Math.abs(head.width - cell.width)).toBeLessThan(1);
    const corner = await page.locator('.results-table thead th').first().boundingBox();
    const rowHead = await ui.row('Salon').locator('th').boundingBox();
    expect(Math.abs(corner.x - rowHead.x)).toBeLessThan(1);
    await toggle.click();
    await expect(satisfaction).toBeHidden();
  });
}

test('the sticky header stays on top when a long table scrolls', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 700 });
  const ui = new KpiPage(page);
  await ui.open('?lang=en');
  const rows = ['campaign,leads,converted,cost,revenue'];
  for (let i = 0; i < 60; i++) rows.push(`c${i},${100 + i},${i % 9},${1000 + i},${5000 + i * 10}`);
  await ui.paste(rows.join('\n'));
  await expect(ui.rows()).toHaveCount(60);
  const wrap = page.locator('.results-wrap');
  await wrap.evaluate((w) => { w.scrollTop = 600; });
  const top = (await wrap.boundingBox()).y;
  const head = await page.locator('.results-table thead th').nth(2).boundingBox();
  expect(Math.abs(head.y - top)).toBeLessThan(2);
});
