import type { ExtensionDeps } from '../deps';

/** Registers the notebook serializer for both runbook notebook types (filled in by the serializer work). */
export function registerNotebook(_deps: ExtensionDeps): void {}
