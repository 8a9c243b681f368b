import type { App, AppDeps } from '../../web/context.ts';
import type { InteractionChecker } from '../engine.ts';

export async function registerCdsHooks(_app: App, _deps: AppDeps, _checker: InteractionChecker): Promise<void> {}
