// Certificate authorities and server certificates made at test time with the openssl CLI (argv arrays,
// never a shell), so no key material lives in the repository and validity dates can be anything.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

async function openssl(args: readonly string[]): Promise<void> {
  try {
    await run('openssl', [...args]);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`openssl ${args[0] ?? ''} failed: ${stderr.trim() || String(error)}`);
  }
}

export interface TestCa {
  readonly commonName: string;
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
}

export interface IssuedCertificate {
  readonly certPath: string;
  readonly keyPath: string;
  readonly certPem: string;
  readonly keyPem: string;
}

export interface CertificateOptions {
  /** Put in the subject CN and the subjectAltName. */
  readonly dnsName: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

const DAY_MS = 86_400_000;

/** A scratch directory of authorities and certificates; remove() deletes it. */
export class CertificateWorkshop {
  readonly dir = mkdtempSync(join(tmpdir(), 'icn-certs-'));
  private count = 0;

  /** A self-signed authority valid from a day ago for ten years. */
  async createCa(commonName: string, organization = 'Lab'): Promise<TestCa> {
    const stem = join(this.dir, `ca-${++this.count}`);
    await openssl([
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${stem}.key`,
      '-out',
      `${stem}.pem`,
      '-days',
      '3650',
      '-subj',
      `/CN=${commonName}/O=${organization}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    return {
      commonName,
      certPath: `${stem}.pem`,
      keyPath: `${stem}.key`,
      certPem: readFileSync(`${stem}.pem`, 'utf8'),
    };
  }

  /**
   * A server certificate signed by `ca` with exactly the given validity (`openssl ca` is the one
   * OpenSSL 3.0 command that takes a start date, so a certificate can be valid only in the future).
   */
  async issue(ca: TestCa, options: CertificateOptions): Promise<IssuedCertificate> {
    const stem = join(this.dir, `leaf-${++this.count}`);
    const database = `${stem}.index`;
    writeFileSync(database, '');
    writeFileSync(`${database}.attr`, 'unique_subject = no\n');
    // A random serial: two certificates from one authority with one serial would confuse a client cache.
    writeFileSync(`${stem}.serial`, `${randomBytes(8).toString('hex')}\n`);
    writeFileSync(
      `${stem}.cnf`,
      [
        '[ca]',
        'default_ca = test_ca',
        '[test_ca]',
        `database = ${database}`,
        `serial = ${stem}.serial`,
        `new_certs_dir = ${this.dir}`,
        'default_md = sha256',
        'policy = any_name',
        '[any_name]',
        'commonName = supplied',
        '[leaf]',
        `subjectAltName = DNS:${options.dnsName}`,
        'basicConstraints = CA:FALSE',
        'keyUsage = critical,digitalSignature',
        'extendedKeyUsage = serverAuth',
        '',
      ].join('\n'),
    );
    await openssl([
      'req',
      '-new',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      `${stem}.key`,
      '-out',
      `${stem}.csr`,
      '-subj',
      `/CN=${options.dnsName}`,
    ]);
    await openssl([
      'ca',
      '-batch',
      '-notext',
      '-config',
      `${stem}.cnf`,
      '-extensions',
      'leaf',
      '-cert',
      ca.certPath,
      '-keyfile',
      ca.keyPath,
      '-in',
      `${stem}.csr`,
      '-out',
      `${stem}.pem`,
      '-startdate',
      asn1Time(options.notBefore),
      '-enddate',
      asn1Time(options.notAfter),
    ]);
    return {
      certPath: `${stem}.pem`,
      keyPath: `${stem}.key`,
      certPem: readFileSync(`${stem}.pem`, 'utf8'),
      keyPem: readFileSync(`${stem}.key`, 'utf8'),
    };
  }

  /** Valid from a day ago for 30 days. */
  issueCurrent(ca: TestCa, dnsName: string): Promise<IssuedCertificate> {
    const now = Date.now();
    return this.issue(ca, {
      dnsName,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + 30 * DAY_MS),
    });
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `20260314150926Z`: the GeneralizedTime form `openssl ca -startdate` takes. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

export const ONE_DAY_MS = DAY_MS;
