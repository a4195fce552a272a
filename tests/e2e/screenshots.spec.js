// Screenshots of the page with data, in French and English, narrow and wide, light
// and dark: saved under tests/e2e/screenshots/ to be looked at.
const { test, expect } = require('./fixtures');
const path = require('path');
const { KpiPage } = require('./page');

const CSV = [
  'Campagne;Canal;Coût total;Leads générés;Contactés;RDV;Leads qualifiés;Clients convertis;Perdus;Messages envoyés;Réponses;CA;Durée du cycle',
  'Printemps;email;5 000;200;150;40;30;10;20;1 000;45;20 000;30',
  'LinkedIn;social;2 500;100;90;25;20;5;10;400;80;12 000;45',
  'Salon;événement;4 000;60;55;30;12;6;8;;;18 000;21',
  'Appels;téléphone;oops;40;40;12;9;3;4;;;6 000;20',
].join('\n');

for (const lang of ['fr', 'en']) {
  for (const width of [375, 1280]) {
    for (const scheme of ['light', 'dark']) {
      test(`screenshot ${lang} ${width}px ${scheme}`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.setViewportSize({ width, height: 900 });
        const ui = new KpiPage(page);
        await ui.open(`?lang=${lang}&cost=5000&leads=200&contacted=150&converted=10&revenue=20000&messages_sent=1000&responses=45`);
        await ui.paste(CSV);
        await expect(ui.rows()).toHaveCount(3);
        // Nothing sticks out sideways, from phones to wide screens.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(overflow).toBeLessThanOrEqual(width);
        const shot = (name) => path.join(__dirname, 'screenshots', `${name}-${lang}-${width}-${scheme}.png`);
        await page.screenshot({ path: shot('page'), fullPage: true });
        await page.locator('section.results').screenshot({ path: shot('results') });
        await page.locator('[data-testid=kpi-card][data-kpi=cost_per_lead]').screenshot({ path: shot('card') });
        await page.locator('[data-testid=whatif]').screenshot({ path: shot('whatif') });
        await page.locator('[data-testid=goal-seek]').screenshot({ path: shot('goal-seek') });
        await page.locator('section.charts').screenshot({ path: shot('charts') });
      });
    }
  }
}
