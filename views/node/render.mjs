// Renders Vega-Lite specs to SVG (vega-lite compiles to Vega, vega's headless view draws the SVG) and the SVG to
// PNG (@resvg/resvg-js). Called by Transports.Report.ReportRenderer; see docs/REPORT.md.
//
// Usage: node render.mjs JOB.json
//   JOB.json: { "outputDirectory": "/abs/charts", "scale": 2, "fontFamily": "DejaVu Sans",
//               "charts": [ { "name": "goodput", "spec": { ...Vega-Lite... } } ] }
// Writes <outputDirectory>/<name>.svg and <name>.png for every chart, then prints one JSON line on stdout:
//   { "charts": [ { "name", "svgWidth", "svgHeight", "pngWidth", "pngHeight", "warnings": [..] } ] }
// Exit code 0 on success; 1 with a one-line reason on stderr on any error (bad job, bad spec, write failure).
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as vega from 'vega';
import * as vl from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';
import opentype from 'opentype.js';

// Text is measured and drawn with the same font files: without a canvas, vega only estimates text widths
// (0.8 em per character), which leaves wide empty margins and misplaced labels. The charts ask for
// "DejaVu Sans" first (Debian's fonts-dejavu-core, installed by scripts/bootstrap.d/20-report-node.sh).
const FONT_DIRECTORIES = [
  '/usr/share/fonts/truetype/dejavu', // Debian, Ubuntu
  '/usr/share/fonts/dejavu-sans-fonts', // Fedora
  '/usr/share/fonts/TTF', // Arch
  '/usr/local/share/fonts',
];

/** The regular and bold DejaVu Sans files, or null when they are not installed. */
function findFonts() {
  for (const dir of FONT_DIRECTORIES) {
    const regular = path.join(dir, 'DejaVuSans.ttf');
    const bold = path.join(dir, 'DejaVuSans-Bold.ttf');
    if (existsSync(regular) && existsSync(bold)) return { regular, bold };
  }
  return null;
}

/** Replaces vega's width estimate with advance widths (plus kerning) from the font files resvg draws with. */
function measureTextWith(files) {
  const parse = (file) => { const b = readFileSync(file); return opentype.parse(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); };
  const regular = parse(files.regular);
  const bold = parse(files.bold);
  vega.textMetrics.width = (item, text) => {
    const size = item.fontSize != null ? +item.fontSize || 0 : 11;
    const line = text == null ? '' : String(text).trim();
    if (size <= 0 || !line) return 0;
    const weight = item.fontWeight;
    const font = weight === 'bold' || weight === 'bolder' || +weight >= 600 ? bold : regular;
    let units = 0;
    let previous = null;
    for (const ch of line) {
      const glyph = font.charToGlyph(ch);
      units += glyph.advanceWidth || 0;
      if (previous) units += font.getKerningValue(previous, glyph);
      previous = glyph;
    }
    return (units * size) / font.unitsPerEm;
  };
}

/** Collects vega / vega-lite warnings instead of printing them, so the caller can report or assert on them. */
function collectingLogger(warnings) {
  let level = vega.Warn;
  const logger = {
    level(l) { if (l === undefined) return level; level = l; return logger; },
    error(...args) { throw new Error(args.join(' ')); },
    warn(...args) { warnings.push(args.join(' ')); return logger; },
    info() { return logger; },
    debug() { return logger; },
  };
  return logger;
}

/** A loader that refuses every URL: charts are pure functions of inline data and must not touch the network or disk. */
const noLoader = vega.loader({ mode: 'file' });
noLoader.load = async (uri) => { throw new Error(`chart specs must use inline data, refused to load ${uri}`); };

async function renderChart(chart, outputDirectory, scale, fontFamily, fonts) {
  if (!chart || typeof chart.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(chart.name)) {
    throw new Error(`invalid chart name ${JSON.stringify(chart && chart.name)} (lowercase letters, digits and '-')`);
  }
  const warnings = [];
  const logger = collectingLogger(warnings);
  const vgSpec = vl.compile(chart.spec, { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', loader: noLoader, logger });
  const svg = await view.toSVG();
  view.finalize();

  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
    font: fonts
      ? { loadSystemFonts: false, fontFiles: [fonts.regular, fonts.bold], defaultFontFamily: fontFamily, sansSerifFamily: fontFamily }
      : { loadSystemFonts: true, defaultFontFamily: fontFamily, sansSerifFamily: fontFamily },
  });
  const png = resvg.render();
  const svgPath = path.join(outputDirectory, `${chart.name}.svg`);
  const pngPath = path.join(outputDirectory, `${chart.name}.png`);
  await writeFile(svgPath, svg, 'utf8');
  await writeFile(pngPath, png.asPng());
  return {
    name: chart.name,
    svgWidth: resvg.width,
    svgHeight: resvg.height,
    pngWidth: png.width,
    pngHeight: png.height,
    warnings,
  };
}

async function main() {
  const jobPath = process.argv[2];
  if (!jobPath) throw new Error('usage: node render.mjs JOB.json');
  const job = JSON.parse(await readFile(jobPath, 'utf8'));
  if (typeof job.outputDirectory !== 'string' || !path.isAbsolute(job.outputDirectory)) {
    throw new Error('job.outputDirectory must be an absolute path');
  }
  if (!Array.isArray(job.charts)) throw new Error('job.charts must be an array');
  const scale = Number.isFinite(job.scale) && job.scale > 0 && job.scale <= 8 ? job.scale : 2;
  const fontFamily = typeof job.fontFamily === 'string' && job.fontFamily ? job.fontFamily : 'DejaVu Sans';
  const fonts = findFonts();
  if (fonts) measureTextWith(fonts);
  const charts = [];
  for (const chart of job.charts) {
    try {
      const rendered = await renderChart(chart, job.outputDirectory, scale, fontFamily, fonts);
      if (!fonts) rendered.warnings.push('DejaVu Sans not found: text widths are estimated (install fonts-dejavu-core)');
      charts.push(rendered);
    } catch (e) {
      throw new Error(`chart ${chart && chart.name}: ${e.message}`);
    }
  }
  process.stdout.write(JSON.stringify({ charts }) + '\n');
}

main().catch((e) => {
  process.stderr.write(`render.mjs: ${String(e && e.message ? e.message : e).split('\n')[0]}\n`);
  process.exit(1);
});
