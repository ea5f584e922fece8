// ls-driver.js URL N OUT.json [SHOT_PREFIX]: opens tasks 0..N-1 of the export served at URL in
// Label Studio's editor (headless Debian Chromium), and writes for each task the regions the
// editor built (labels, text, offsets, attached choices and notes) and every annotation as
// Label Studio serialises it when it saves.
// SPDX-License-Identifier: GPL-3.0-or-later
const puppeteer = require('puppeteer-core');
const fs = require('fs');

const [url, count, outPath, shot] = process.argv.slice(2);

(async () => {
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: 'new',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });
  const tasks = [];
  for (let i = 0; i < +count; i++) {
    const page = await browser.newPage();
    await page.setViewport({ width: 1400, height: 1000 });
    const errors = [];
    page.on('pageerror', e => errors.push(String(e).slice(0, 500)));
    await page.goto(`${url}/ls-page.html?i=${i}`, { waitUntil: 'load' });
    await page.waitForFunction(() => window.__state && (window.__state.loaded || window.__state.error),
                               { timeout: 60000 });
    const result = await page.evaluate(async () => {
      const out = { error: window.__state.error || null, annotations: [] };
      const LS = window.__LS;
      if (!LS)
        return out;
      const store = LS.annotationStore;
      for (const a of store.annotations) {
        store.selectAnnotation(a.id);
        await new Promise(r => setTimeout(r, 800));
        // MobX arrays (choices, notes) reach node as {"0": …}: hand them over as arrays
        const plain = v => (v && typeof v === 'object' && typeof v.length === 'number') ? Array.from(v) : v;
        const regions = a.regionStore.regions.map(r => {
          const o = { id: r.id, pid: r.pid, type: r.type };
          try { o.labels = r.labeling ? r.labeling.selectedLabels.map(l => l.value) : []; } catch (e) { o.labels = []; }
          try { o.start = r.globalOffsets ? r.globalOffsets.start : null; o.end = r.globalOffsets ? r.globalOffsets.end : null; } catch (e) {}
          try { o.text = r.text; } catch (e) {}
          try {
            o.results = r.results.map(x => ({ type: x.type, from_name: x.from_name && x.from_name.name,
                                             value: plain(x.mainValue) }));
          } catch (e) { o.results = []; }
          return o;
        });
        let saved = null;
        try { saved = a.serializeAnnotation(); } catch (e) { saved = { error: String(e) }; }
        out.annotations.push({ id: a.id, pk: a.pk, regions, saved });
      }
      return out;
    });
    result.page_errors = errors;
    if (shot)
      await page.screenshot({ path: `${shot}${i}.png` });
    tasks.push(result);
    await page.close();
  }
  fs.writeFileSync(outPath, JSON.stringify(tasks, null, 1));
  await browser.close();
})().catch(e => { console.error(e); process.exit(1); });
