import { formatEndpoint, type Endpoint } from '../probes/types.js';

/** A setting's value as a person writes it: endpoints as `1.1.1.1:443`, lists comma-separated. */
export function formatSettingValue(value: unknown): string {
  if (value === null || value === undefined) return 'none';
  if (Array.isArray(value)) return value.map(formatSettingValue).join(',');
  if (isEndpoint(value)) return formatEndpoint(value);
  return String(value);
}

function isEndpoint(value: unknown): value is Endpoint {
  return (
    typeof value === 'object' && value !== null && 'host' in value && 'port' in value && 'family' in value
  );
}
