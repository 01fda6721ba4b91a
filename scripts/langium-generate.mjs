// Runs langium-cli's generator on Node 20: chevrotain (under langium) calls Object.groupBy,
// which Node 20 lacks, so the same polyfill the entry points use is installed first.
import '../server/polyfill.mjs';
const { generate } = await import('langium-cli');
const ok = await generate({ file: 'langium-config.json' });
process.exit(ok ? 0 : 2);
