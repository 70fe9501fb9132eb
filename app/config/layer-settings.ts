import { proxyEnvFrom, type LayerSettings } from '../probes/layer-types.js';
import type { SettingName, Settings } from './schema.js';

/**
 * The settings behind layerSettingsFrom: every command that runs a full diagnosis (check, monitor, serve)
 * accepts them as flags, so DESIGN §4's flag > environment > file holds for them too.
 */
export const LAYER_SETTING_NAMES: readonly SettingName[] = [
  'dnsNames',
  'referenceResolvers',
  'portalUrls',
  'tlsTarget',
  'tlsName',
];

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
