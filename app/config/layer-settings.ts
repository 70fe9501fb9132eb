import { proxyEnvFrom, type LayerSettings } from '../probes/layer-types.js';
import type { Settings } from './schema.js';

/** The part of the settings the DNS, web, TLS and quality layers read, plus the proxy variables. */
export function layerSettingsFrom(
  settings: Settings,
  env: Readonly<Record<string, string | undefined>>,
): LayerSettings {
  return {
    dnsNames: settings.dnsNames,
    referenceResolvers: settings.referenceResolvers,
    portalUrls: settings.portalUrls,
    tlsTarget: settings.tlsTarget,
    tlsName: settings.tlsName,
    proxyEnv: proxyEnvFrom(env),
  };
}
