import assert from 'node:assert/strict';
import { it } from 'node:test';
import { inheritedEnvironment } from '../../src/action/start-job-server.js';

it("a process that outlives the step inherits our settings, AWS, Google ADC, paths, proxies and CAs, and none of the runner's tokens", () => {
  const kept = {
    GOBUILDCACHE_CACHE_DIR: '/c',
    GOBUILDCACHE_DEBUG: 'true',
    AWS_ACCESS_KEY_ID: 'k',
    AWS_CA_BUNDLE: '/ca.pem',
    AWS_WEB_IDENTITY_TOKEN_FILE: '/t',
    GOOGLE_APPLICATION_CREDENTIALS: '/gha-creds.json',
    CLOUDSDK_CONFIG: '/gcloud',
    STORAGE_EMULATOR_HOST: 'http://127.0.0.1:4443',
    GCE_METADATA_HOST: '169.254.169.254',
    HOME: '/home/runner',
    PATH: '/usr/bin',
    TMPDIR: '/tmp',
    TMP: '/tmp',
    TEMP: '/tmp',
    RUNNER_TEMP: '/rt',
    HTTP_PROXY: 'http://p:3128',
    HTTPS_PROXY: 'http://p:3128',
    NO_PROXY: 'localhost',
    http_proxy: 'http://p',
    https_proxy: 'http://p',
    no_proxy: 'x',
    NODE_EXTRA_CA_CERTS: '/ca.pem',
    SSL_CERT_FILE: '/ca.pem',
    SSL_CERT_DIR: '/certs',
  };
  const dropped = {
    ACTIONS_RUNTIME_TOKEN: 's',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 's',
    ACTIONS_ID_TOKEN_REQUEST_URL: 'u',
    ACTIONS_CACHE_URL: 'u',
    ACTIONS_RESULTS_URL: 'u',
    GITHUB_TOKEN: 's',
    INPUT_TOKEN: 's',
    STATE_X: 'y',
    GOCACHEPROG: 'x',
    MY_SECRET: 's',
    GOOGLE_GHA_CREDS_PATH: '/gha-creds.json',
  };
  assert.deepEqual(inheritedEnvironment({ ...kept, ...dropped }), kept);
});
