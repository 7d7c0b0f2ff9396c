// Everything the S3 backend loads at run time, behind one dynamic import: the go handshake is
// answered before it loads (it is ~1.4 MB of code), a build served locally never loads it, and
// the SDK and the direct request path share one chunk, so their common modules load once.
export * as sdk from '@aws-sdk/client-s3';
export { SignedObjectClient } from './signed-object-client.js';
