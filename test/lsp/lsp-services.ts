// The language services the LSP feature tests share: in memory, with a fixed date so review
// diagnostics do not depend on the day the tests run.
import { EmptyFileSystem } from 'langium';
import { createTmServices } from '../../server/language/tm-module.js';

export const services = createTmServices(EmptyFileSystem).Tm;
services.settings.update({ today: '2026-11-01' });
